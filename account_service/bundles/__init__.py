"""Offline bundles (issue 4): records carried on a removable drive from a hall whose
network is down, imported with ``account-service import-bundle``."""
