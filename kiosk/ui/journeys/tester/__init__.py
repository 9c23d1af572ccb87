"""The tester journey: its steps' screens and its driver wiring."""
