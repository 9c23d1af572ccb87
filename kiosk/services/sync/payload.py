"""A stored record as the wire dict of ``POST /v1/collection-records`` (docs/protocol.md)."""

from __future__ import annotations

import base64
from typing import Any

from kiosk.services.store.records import CollectionInput


def record_payload(record: CollectionInput) -> dict[str, Any]:
    p = record.personal
    return {
        "id": str(record.id),
        "created_at": record.created_at.isoformat(),
        "staff_no": record.staff_no,
        "document_type": record.document_type.value,
        "personal": {
            "name": p.name,
            "document_number": p.document_number,
            "birth_date": p.birth_date.isoformat() if p.birth_date else None,
            "sex": p.sex.value if p.sex else None,
            "nationality": p.nationality,
            "name_latin": p.name_latin,
        },
        "face_template": list(record.face_template) if record.face_template is not None else None,
        "face_jpeg_b64": (
            base64.b64encode(record.face_jpeg).decode("ascii") if record.face_jpeg else None
        ),
        "quality": [
            {"measure": s.measure, "value": s.value, "passed": s.passed, "threshold": s.threshold}
            for s in record.quality
        ],
        "liveness_passed": record.liveness_passed,
        "liveness_steps": list(record.liveness_steps),
        "match_distance": record.match_distance,
        "match_threshold": record.match_threshold,
        "attempts": record.attempts,
        "exception_reason": record.exception_reason,
        "staff_key_id": record.staff_key_id,
        "staff_signature": record.staff_signature,
    }
