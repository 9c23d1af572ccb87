"""A still live preview for the walkthrough's shots, driven from outside the product.

A live screen is shot in two languages and two sizes; for the shots to match, no new
picture may reach the kiosk meanwhile. The walkthrough closes the mock camera: the
camera feed reads on and gets "no frame yet" (no fault), so the preview and its overlay
keep the last analysed picture. Opening it again lets the same feed go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kiosk.demo.ui_driver import pump
from kiosk.devices.camera import Camera
from kiosk.ui.common.camera_pipeline import FrameAnalyzer

WaitFor = Callable[[Callable[[], bool], str, float], None]
SETTLE_MS = 200  # longer than a frame's interval: the last frame read is delivered
SETTLE_TIMEOUT_S = 30.0


class StillPreview:
    """The walkthrough's hand on the mock camera's lens cap."""

    def __init__(self, camera: Camera, wait_for: WaitFor) -> None:
        self._camera = camera
        self._wait_for = wait_for

    @contextmanager
    def held(self, analyzer: FrameAnalyzer) -> Iterator[None]:
        """No new frame while the body runs; the analysis in flight lands first."""
        self._camera.close()
        try:
            pump(SETTLE_MS)
            self._wait_for(lambda: not analyzer.busy, "the last analysis", SETTLE_TIMEOUT_S)
            pump(SETTLE_MS)
            yield
        finally:
            self._camera.open()


@contextmanager
def held_or_live(still: StillPreview | None, analyzer: FrameAnalyzer) -> Iterator[None]:
    """Held when the walkthrough has the mock camera; else shot as it runs."""
    if still is None:
        yield
        return
    with still.held(analyzer):
        yield
