"""Turfbook: Google Sheets as the organizing team's contact and conversation log."""

__version__ = "0.1.0"
