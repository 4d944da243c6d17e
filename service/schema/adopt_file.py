"""Where a workbook's adoption is kept: DATA_DIR/adoption.yaml (`turfbook sheets adopt`). Its own module so
that finding whether there is one (adopt_view.stored_layout, every job's start) imports none of the adoption's
modules: a workbook that is Turfbook's own never loads them (issue 22, the CLI's imports)."""

ADOPTION_FILE = "adoption.yaml"
