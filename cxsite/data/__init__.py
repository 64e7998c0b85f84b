"""The data engine: reading sources, checking their rows and holding the canonical dataset."""
