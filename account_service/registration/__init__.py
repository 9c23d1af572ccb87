"""Natural-person registration at the kiosk (R-ID-1..6, R-RN-1/4, R-PH-2, R-PW-2, R-UN-1)."""
