"""The staff journey: its steps' screens and its driver wiring."""
