"""python -m service ... is the `turfbook` command."""

import sys

from service.cli import main

sys.exit(main())
