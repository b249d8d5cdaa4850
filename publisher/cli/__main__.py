"""``python -m publisher.cli``."""

import sys

from . import main

if __name__ == "__main__":  # not when a spawned process imports the main module
    sys.exit(main())
