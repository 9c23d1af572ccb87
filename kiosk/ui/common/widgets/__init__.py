"""Reusable kiosk widgets: the screen frame, big buttons, keypad, banners, fields."""
