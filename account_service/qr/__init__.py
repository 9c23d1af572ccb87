"""QR login (扫码登录, R-QR-1) and QR verification as a second factor (扫码验证, R-QR-2)."""
