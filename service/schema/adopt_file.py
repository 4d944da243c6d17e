"""The stored adoption's file name in DATA_DIR (`turfbook sheets adopt`): its own module, so that a job on a
workbook never adopted learns there is none without importing the adoption's modules (adopt_read and ~25 more)."""

ADOPTION_FILE = "adoption.yaml"
