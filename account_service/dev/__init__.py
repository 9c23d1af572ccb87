"""Development-only routes (mounted when the development SMS gateway is on)."""
