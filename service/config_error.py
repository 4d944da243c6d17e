"""ConfigError on its own, so the CLI can catch it without importing the config and its settings."""


class ConfigError(ValueError):
    """A config problem; the message names the file and key path."""
