"""Application use cases: plain functions that apply the rules, move choices, queue mail and commit."""
