"""Delivering collection records to the account service (issue 4): state machine, worker,
error classes, purge, freeze limits. Import the submodules directly."""
