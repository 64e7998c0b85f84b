"""Phase 1: what the user writes: config, journey, content and the YAML they are read from."""
