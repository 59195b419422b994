"""``python -m crawler`` is ``ogi``."""

import sys

from crawler.cli import main

sys.exit(main())
