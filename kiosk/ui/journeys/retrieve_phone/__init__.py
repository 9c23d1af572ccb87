"""The retrieve phone journey: its steps' screens and its driver wiring."""
