"""The certificate journey: its steps' screens and its driver wiring."""
