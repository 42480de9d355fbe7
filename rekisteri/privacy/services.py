"""The privacy engines' doors: the access package, erasure and retention.

Self-service pages, the operator's commands and (later) the staff request queue all call
these; there is one engine for each right, so they cannot disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from rekisteri.audit.actors import Actor
from rekisteri.audit.services import EventSpec, audit_record, audit_record_many
from rekisteri.customers.models import Customer
from rekisteri.privacy.access_package import build_access_package
from rekisteri.privacy.datamap import ModelMap, datamap, purposes
from rekisteri.privacy.erasure import (
    ErasureReason,
    ErasureReport,
    end_sessions,
    erase_rows,
    expire_rows,
    refusals_for,
)
from rekisteri.privacy.ledger import ledger_append
from rekisteri.privacy.subjects import subject_querysets


def subject_export(*, actor: Actor, customer: Customer) -> dict[str, Any]:
    """The person's access package; giving it out is itself recorded."""
    with transaction.atomic():
        package = build_access_package(customer)
        categories = {
            f["category"]
            for subregister in package["subregisters"]
            for record in subregister["records"]
            for f in record["fields"]
        }
        audit_record(
            actor=actor,
            action="subject.export",
            subject=str(customer.public_id),
            categories=categories,
            purpose=purposes.CUSTOMER_RELATIONSHIP.key,
            detail={"subregisters": len(package["subregisters"])},
        )
    return package


def subject_erase(*, actor: Actor, customer: Customer, reason: ErasureReason) -> ErasureReport:
    """Erase the person everywhere the data map knows of, in one transaction.

    Idempotent: erasing someone already erased reports so and changes nothing.
    """
    report = ErasureReport(subject=str(customer.public_id))
    with transaction.atomic():
        locked = Customer.objects.select_for_update().filter(pk=customer.pk).first()
        if locked is None:
            report.already_erased = True
            return report
        refusals = refusals_for(locked)
        report.refusals = [str(refusal.reason) for refusal in refusals]
        kept = {label for refusal in refusals for label in refusal.keep}
        user_ids = set(
            get_user_model().objects.filter(customer=locked).values_list("pk", flat=True)
        )
        categories: set[str] = set()
        for model_map, rows in subject_querysets(locked):
            assert model_map.subregister is not None
            if model_map.model._meta.label in kept or (refusals and model_map.model is Customer):
                continue
            deleted, cleared = erase_rows(model_map, rows)
            if deleted or cleared:
                report.add(model_map.subregister.key, deleted, cleared)
                categories |= {p.category for p in model_map.fields.values()}
        if not refusals:
            end_sessions(user_ids)
        now = timezone.now()
        ledger_append(report.subject, reason.value, now)
        audit_record(
            actor=actor,
            action="subject.erase",
            subject=report.subject,
            categories=categories,
            purpose=purposes.CUSTOMER_RELATIONSHIP.key,
            detail={"reason": reason.value, "rows": report.rows, "partial": report.partial},
        )
    return report


def _erase_subjects_of(actor: Actor, model_map: ModelMap, rows: QuerySet[Any]) -> int:
    path = model_map.subject_path
    assert path is not None
    customer_ids = rows.values(f"{path}__pk" if path else "pk")
    count = 0
    for customer in Customer.objects.filter(pk__in=customer_ids).iterator(chunk_size=500):
        subject_erase(actor=actor, customer=customer, reason=ErasureReason.RETENTION)
        count += 1
    return count


@dataclass
class RetentionReport:
    ran_at: datetime.datetime
    removed: dict[str, int] = field(default_factory=dict)  # sub-register → rows
    customers_erased: int = 0


def retention_run(*, actor: Actor, now: datetime.datetime | None = None) -> RetentionReport:
    """Apply every retention rule of the data map now (L7), and log what went, by
    sub-register and count."""
    now = now or timezone.now()
    report = RetentionReport(ran_at=now)
    maps = [m for m in datamap.model_maps() if m.retention_from and m.subregister is not None]
    # Whole people last: their erasure also takes their rows in other sub-registers.
    maps.sort(key=lambda m: m.expiry_erases_subject)
    for model_map in maps:
        assert model_map.subregister is not None
        assert model_map.retention_from is not None
        cutoff = model_map.subregister.retention.cutoff(now)
        expired = model_map.model._default_manager.filter(
            **{f"{model_map.retention_from}__lt": cutoff}
        )
        if model_map.expiry_erases_subject:
            count = _erase_subjects_of(actor, model_map, expired)
            report.customers_erased += count
        else:
            with transaction.atomic():
                count = expire_rows(model_map, expired)
        if count:
            key = model_map.subregister.key
            report.removed[key] = report.removed.get(key, 0) + count
    with transaction.atomic():
        audit_record_many(
            actor=actor,
            events=[
                EventSpec(
                    action="retention.run",
                    purpose=purposes.CUSTOMER_RELATIONSHIP.key,
                    detail={"subregister": key, "rows": count},
                )
                for key, count in sorted(report.removed.items())
            ]
            or [EventSpec(action="retention.run", detail={"rows": 0})],
        )
    return report
