"""Screens more than one journey shows."""
