"""The quick-login check (per account and per terminal), shared by person and staff logins."""
