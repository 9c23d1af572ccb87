"""Tax agents (涉税专业服务): agencies, their agent persons, certificates on record, client
agreements (R-AG-1) and the agent certificate login (R-AG-2)."""
