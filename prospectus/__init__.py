"""The area-wide prospectus: areas, providers, entry years and courses."""
