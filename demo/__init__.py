"""`make demo`: the offline demo on the bundled emulator (the emulator-aware part lives here, not in service/)."""
