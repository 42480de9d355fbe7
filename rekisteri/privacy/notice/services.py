"""Publishing the register description: a new version whenever its content changes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from rekisteri.audit.actors import Actor
from rekisteri.audit.services import audit_record
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.models import NoticeVersion
from rekisteri.privacy.notice.document import current_documents


def _digest(content: dict[str, Any]) -> str:
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def notice_publish_if_changed(*, actor: Actor) -> NoticeVersion:
    """The current version, after storing a new one if the generated text has changed."""
    content = current_documents()
    digest = _digest(content)
    latest = NoticeVersion.objects.order_by("-number").first()
    if latest is not None and latest.digest == digest:
        return latest  # the common case: no write, no lock
    with transaction.atomic():
        latest = NoticeVersion.objects.select_for_update().order_by("-number").first()
        if latest is not None and latest.digest == digest:
            return latest
        version = NoticeVersion.objects.create(
            number=(latest.number + 1) if latest else 1,
            published_at=timezone.now(),
            digest=digest,
            content=content,
        )
        audit_record(
            actor=actor,
            action="notice.publish",
            purpose=purposes.CUSTOMER_RELATIONSHIP.key,
            detail={"version": version.number},
        )
    return version
