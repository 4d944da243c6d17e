"""python -m turfbook ... is the `turfbook` command."""

import sys

from turfbook.cli import main

sys.exit(main())
