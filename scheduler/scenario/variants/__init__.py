"""Variants: small edits to a scenario, read from a file or options, and applied."""
