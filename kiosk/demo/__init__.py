"""The demo configuration of the kiosk: the embedded account service with the README's demo
world, mock devices, the walkthrough, the challenge actor and the tax-app simulator strip.

It may import anything; nothing of the product imports it (an import-linter contract).
"""
