#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (Ubuntu base image).
set -euo pipefail

apt-get update
apt-get install -y python3 python3-venv python3-pip

# symcheck gets a virtual environment of its own: Gradescope's harness runs on the system
# python3, which should stay as the image has it.
python3 -m venv /opt/symcheck
/opt/symcheck/bin/pip install --upgrade pip
/opt/symcheck/bin/pip install /autograder/source/symcheck-*.whl   # the wheel shipped in autograder.zip
/opt/symcheck/bin/symcheck --version
