"""The forgot password journey: its steps' screens and its driver wiring."""
