"""Learners, the common application, and September Guarantee tracking."""
