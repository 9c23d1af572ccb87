"""Shared by every journey: the one journey driver, the worker, the live face check,
shared screens and widgets."""
