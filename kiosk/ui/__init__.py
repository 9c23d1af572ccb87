"""PySide6 screens and widgets: the only kiosk package (with app.py) that imports Qt."""
