"""Account self-service (issue 7): forgot password, retrieve phone, the account center."""
