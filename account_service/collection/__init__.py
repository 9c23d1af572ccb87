"""In-hall real-name collection records arriving from terminals (issue 4, R-HA-1, R-RN-1)."""
