"""One package per journey: its map of steps to screens (journey.py) and its screens."""
