"""Recording actions in the audit log; called by service functions inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from baraza.core.models import AuditEntry


def scope_of(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    scope: models.Model | None = None,
    **data: Any,
) -> AuditEntry:
    target_type = target_id = target_label = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
        target_label = str(target)[:200]
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        data=data,
        scope=scope_of(scope) if scope is not None else "",
    )


def entries_by(actor) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(actor=actor)


def entries_in(scope: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(scope=scope_of(scope)).select_related("actor")


def relabel_target(target: models.Model, label: str) -> None:
    """Replace the stored label of every entry about ``target`` (e.g. when a member is erased)."""
    AuditEntry.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).update(target_label=label[:200])
