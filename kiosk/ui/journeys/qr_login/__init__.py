"""The qr login journey: its steps' screens and its driver wiring."""
