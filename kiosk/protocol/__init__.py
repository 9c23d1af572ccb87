"""The wire between the kiosk and the account service (``/v1``, docs/protocol.md): the
request and answer models both sides use. The service's routes are typed with them and
the kiosk's client validates every answer against them, so the contract is written once.

Answers are validated leniently on the kiosk (unknown fields ignored) so that a newer
service can add a field without breaking older terminals.
"""
