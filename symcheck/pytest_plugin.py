"""pytest plugin (registered as a `pytest11` entry point): collects claim files as test items."""
