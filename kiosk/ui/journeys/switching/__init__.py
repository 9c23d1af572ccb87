"""身份切换 (R-SW-1): its screens and its driver wiring."""
