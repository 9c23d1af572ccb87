"""The account center journey: its steps' screens and its driver wiring."""
