"""Face pipeline thresholds (nested into KioskSettings as ``face``).

Quality gates follow the spirit of ISO/IEC 29794-5 / OFIQ components (face count,
inter-eye distance, pose, illumination, exposure, sharpness, placement); each threshold
is named here and shown with its score to staff.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FaceSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # --- detection -------------------------------------------------------------------
    detection_width: int = Field(
        320,
        ge=160,
        description="Frames are downscaled to this width for HOG detection (speed: ~4x "
        "fewer pixels than 640x480); boxes are scaled back, landmarks run at full size.",
    )
    detection_upsample: int = Field(
        0,
        ge=0,
        le=2,
        description="HOG upsampling on the downscaled frame. 0 finds faces from about "
        "80 px (of the downscaled frame) up; 1 also finds far faces but costs ~4x.",
    )
    document_max_width: int = Field(
        800, ge=200, description="Document photos are downscaled to this width for detection."
    )

    # --- quality gates ---------------------------------------------------------------
    min_inter_eye_px: float = Field(
        90.0, description="Collection: eye centres at least this far apart (full frame)."
    )
    max_inter_eye_px: float = Field(
        300.0, description="Above this the face is too close (cropping, distortion)."
    )
    max_yaw_deg: float = Field(15.0, description="|yaw| limit, estimated from 5 landmarks.")
    max_roll_deg: float = Field(15.0, description="|roll| limit: the eye line's tilt.")
    nose_depth_ratio: float = Field(
        0.55,
        gt=0,
        description="Nose base depth in front of the eye plane over the inter-eye "
        "distance, used to turn the nose offset into degrees (anthropometric average).",
    )
    min_brightness: float = Field(70.0, description="Face-region mean grey level, 0-255.")
    max_brightness: float = Field(200.0, description="Face-region mean grey level, 0-255.")
    max_clipped_fraction: float = Field(
        0.10, description="Share of face pixels at <= 5 or >= 250 (exposure clipping)."
    )
    min_sharpness: float = Field(
        30.0,
        description="Variance of the Laplacian of the face region, resized to "
        "sharpness_width wide so the value does not depend on face size.",
    )
    sharpness_width: int = Field(160, ge=32)
    max_centre_offset: float = Field(
        0.20,
        description="Face-box centre from the frame centre, as a fraction of the frame "
        "width/height (the larger of the two).",
    )

    # --- 1:1 match ---------------------------------------------------------------------
    match_threshold: float = Field(
        0.6,
        description="Euclidean distance between 128-d ResNet encodings at or below which "
        "two faces are the same person. 0.6 is dlib's operating point (99.38% on LFW); on "
        "the test photos the same person measures 0.33-0.43 and Obama vs Biden 0.82-0.87, "
        "so 0.6 sits near the middle of the gap. Staff see the distance itself.",
    )

    # --- active liveness ---------------------------------------------------------------
    liveness_steps: int = Field(2, ge=1, le=3, description="Steps drawn per challenge.")
    step_timeout_s: float = Field(6.0, gt=0, description="Time allowed for each step.")
    turn_delta: float = Field(
        0.12,
        gt=0,
        description="Change of the yaw signal (nose offset / inter-eye distance) needed "
        "for a turn, from the step's start (0.12 ~ 12 degrees).",
    )
    wrong_turn_delta: float = Field(
        0.12, gt=0, description="A change this large the other way fails the step."
    )
    neutral_band: float = Field(
        0.08,
        gt=0,
        description="Before a step is judged the face must be within this yaw signal of "
        "the challenge's starting pose (after a turn, come back first).",
    )
    closer_scale: float = Field(
        1.15, gt=1.0, description="COME_CLOSER: inter-eye distance must grow by this factor."
    )
    face_lost_s: float = Field(
        1.5, gt=0, description="No single face for longer than this fails the challenge."
    )
    no_motion_frames: int = Field(
        12,
        ge=2,
        description="This many consecutive pixel-identical frames = a replayed still "
        "image (a real sensor always has noise).",
    )
    identity_check_interval_s: float = Field(
        2.0,
        gt=0,
        description="How often the face is re-encoded during the challenge to catch a "
        "swapped face (encoding costs ~75 ms, so not every frame).",
    )
    jpeg_quality: int = Field(92, ge=50, le=100)
