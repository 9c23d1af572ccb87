"""The agent journey: its steps' screens and its driver wiring."""
