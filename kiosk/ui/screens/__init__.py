"""One module per screen; each is a ``ScreenFrame`` that renders one step of a journey."""
