"""企业业务 by the enterprise's tax digital certificate (R-EN-1, seed 002 11)."""
