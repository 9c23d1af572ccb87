"""Geometry of dlib's 5-point landmarks, in full-frame pixels of the UNMIRRORED frame.

The 5 points are two corners of each eye and the base of the nose. Direction convention:
the camera faces the person, so in the unmirrored frame the person's LEFT is the image's
RIGHT. When a person turns their head to their left, the nose moves towards the image's
right, and ``yaw_signal`` grows. (The preview is mirrored for display only.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Landmarks5:
    points: tuple[Point, Point, Point, Point, Point]

    @property
    def eye_centres(self) -> tuple[Point, Point]:
        """(image-left eye, image-right eye); each the mean of its two corner points."""
        p = self.points
        a = ((p[0][0] + p[1][0]) / 2.0, (p[0][1] + p[1][1]) / 2.0)
        b = ((p[2][0] + p[3][0]) / 2.0, (p[2][1] + p[3][1]) / 2.0)
        return (a, b) if a[0] <= b[0] else (b, a)

    @property
    def nose(self) -> Point:
        return self.points[4]

    @property
    def eye_midpoint(self) -> Point:
        left, right = self.eye_centres
        return ((left[0] + right[0]) / 2.0, (left[1] + right[1]) / 2.0)

    @property
    def inter_eye_px(self) -> float:
        left, right = self.eye_centres
        return math.hypot(right[0] - left[0], right[1] - left[1])

    @property
    def yaw_signal(self) -> float:
        """Nose offset from the eye midpoint along the eye line, over the inter-eye distance.

        About 0 when facing the camera; positive = turned to the person's left (see module
        docstring). Measured along the eye line so that roll does not read as yaw.
        """
        left, right = self.eye_centres
        dx, dy = right[0] - left[0], right[1] - left[1]
        distance = math.hypot(dx, dy)
        if distance == 0.0:
            return 0.0
        mid = self.eye_midpoint
        nx, ny = self.nose[0] - mid[0], self.nose[1] - mid[1]
        return (nx * dx + ny * dy) / (distance * distance)

    @property
    def roll_deg(self) -> float:
        """Angle of the eye line from horizontal, degrees (positive = clockwise in the image)."""
        left, right = self.eye_centres
        return math.degrees(math.atan2(right[1] - left[1], right[0] - left[0]))

    def yaw_deg(self, nose_depth_ratio: float) -> float:
        """Approximate yaw: the nose base sits ``nose_depth_ratio`` inter-eye distances in
        front of the eye plane, so offset/inter-eye = ratio * tan(yaw)."""
        return math.degrees(math.atan(self.yaw_signal / nose_depth_ratio))

    def max_displacement(self, other: Landmarks5) -> float:
        return max(
            math.hypot(a[0] - b[0], a[1] - b[1])
            for a, b in zip(self.points, other.points, strict=True)
        )
