"""Prospectus use cases: plain functions that apply the rules, write the audit log and commit."""
