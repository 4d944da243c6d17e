"""Media metadata: what a file really is (sniff) and when it was captured (capture)."""
