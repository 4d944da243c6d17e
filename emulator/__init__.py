"""A local Google Workspace emulator: Sheets v4, Drive v3 and Gmail v1 on one loopback port.

The real google-auth, gspread and googleapiclient talk to it exactly as to Google; see
emulator/README section in the project README and ../shared/GOOGLE_NOTES.md.
"""
