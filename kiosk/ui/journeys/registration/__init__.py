"""The registration journey: its steps' screens and its driver wiring."""
