"""Whoosh search over published courses: schema, indexing and queries. No request code lives here."""
