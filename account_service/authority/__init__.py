"""The identity authority registration checks people against (R-ID-1, R-RN-4)."""
