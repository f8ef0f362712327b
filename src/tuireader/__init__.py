"""tuireader: a keyboard-driven terminal reader for a local archive of news articles."""

__version__ = "0.1.0"
