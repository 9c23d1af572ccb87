"""The logged in journey: its steps' screens and its driver wiring."""
