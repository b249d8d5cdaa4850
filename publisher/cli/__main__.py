"""``python -m publisher.cli``."""

import sys

from . import main

sys.exit(main())
