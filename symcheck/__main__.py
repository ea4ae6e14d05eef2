"""`python -m symcheck` is the `symcheck` command."""
import sys

from .cli import main

sys.exit(main())
