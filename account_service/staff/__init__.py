"""Hall staff accounts: login for in-hall real-name collection (R-HA-1), lockout R-LK-1."""
