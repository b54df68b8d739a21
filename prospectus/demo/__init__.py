"""Demo data for `flask seed demo`: Oxfordshire's real providers with generated courses that read as real ones."""
