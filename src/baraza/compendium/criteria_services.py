"""Writes to criteria sets that ``services.py`` does not cover: editing and discarding drafts.

A criteria set is edited only while it is a draft (made by ``services.new_criteria_version``);
``services.activate_criteria_set`` then makes it the one reviews use. Every function checks
that the actor curates the compendium, runs in a transaction and writes an audit entry; a
change the set's state or the input does not allow raises ``WorkflowError`` and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from baraza.compendium.models import CriteriaSet, Criterion, CriterionKind
from baraza.compendium.policies import Compendium
from baraza.compendium.services import WorkflowError
from baraza.core import audit
from baraza.core.policies import require

SET_FIELDS = (
    "name_en",
    "name_fr",
    "notes_en",
    "notes_fr",
    "disagreement_threshold",
    "best_threshold",
    "promising_threshold",
)
ANCHOR_FIELDS = tuple(f"anchor_{score}_{lang}" for score in range(4) for lang in ("en", "fr"))
MAX_SCORE = Decimal(3)


@dataclass(frozen=True)
class CriterionValues:
    """One criterion of a draft set, as the edit form hands it in (in order)."""

    key: str
    kind: str
    name_en: str
    name_fr: str
    question_en: str = ""
    question_fr: str = ""
    is_key: bool = False
    anchor_0_en: str = ""
    anchor_0_fr: str = ""
    anchor_1_en: str = ""
    anchor_1_fr: str = ""
    anchor_2_en: str = ""
    anchor_2_fr: str = ""
    anchor_3_en: str = ""
    anchor_3_fr: str = ""

    @classmethod
    def of(cls, criterion: Criterion) -> CriterionValues:
        return cls(**{f.name: getattr(criterion, f.name) for f in fields(cls)})


def _decimal(value) -> Decimal | None:
    """A threshold as a number; anything that is not one counts as out of range."""
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal(-1)


def _check_set(values: dict) -> list:
    errors = []
    for name in ("name_en", "name_fr"):
        if not str(values.get(name, "")).strip():
            errors.append(_("Give the set a name in English and in French."))
            break
    best = _decimal(values.get("best_threshold"))
    promising = _decimal(values.get("promising_threshold"))
    for threshold in (best, promising):
        if threshold is not None and not Decimal(0) <= threshold <= MAX_SCORE:
            errors.append(_("The label thresholds are averages of 0–3 scores: between 0 and 3."))
            break
    if best is not None and promising is not None and promising > best:
        errors.append(
            _("The promising-practice threshold cannot be above the best-practice threshold.")
        )
    threshold = values.get("disagreement_threshold")
    if threshold is not None and str(threshold) not in ("1", "2", "3"):
        errors.append(_("The disagreement threshold is a gap between scores: 1, 2 or 3."))
    return errors


def _check_criteria(criteria: list[CriterionValues]) -> list:
    errors = []
    keys = [c.key for c in criteria]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        errors.append(
            _("Each criterion needs its own key; used more than once: %(keys)s.")
            % {"keys": ", ".join(duplicates)}
        )
    kinds = {c.kind for c in criteria}
    if kinds != {CriterionKind.GATE, CriterionKind.SCORED}:
        errors.append(_("A criteria set needs gate criteria and scored criteria."))
    for c in criteria:
        name = c.name_en or c.key
        if c.kind not in CriterionKind.values:
            errors.append(_("“%(c)s”: choose gate or scored.") % {"c": name})
            continue
        if not c.key or c.key != slugify(c.key):
            errors.append(
                _("“%(c)s”: the key uses only lowercase letters, digits and hyphens.") % {"c": name}
            )
        if not (c.name_en.strip() and c.name_fr.strip()):
            errors.append(_("“%(c)s”: give its name in English and in French.") % {"c": name})
        if not (c.question_en.strip() and c.question_fr.strip()):
            errors.append(
                _("“%(c)s”: give the reviewers’ question in English and in French.") % {"c": name}
            )
        if c.kind == CriterionKind.SCORED:
            if not all(getattr(c, f).strip() for f in ANCHOR_FIELDS):
                errors.append(
                    _("“%(c)s”: write what each score from 0 to 3 means, in both languages.")
                    % {"c": name}
                )
        elif c.is_key:
            errors.append(
                _("“%(c)s”: only a scored criterion can be a key criterion.") % {"c": name}
            )
    return errors


def _stripped(c: CriterionValues) -> CriterionValues:
    return replace(c, **{f.name: getattr(c, f.name).strip() for f in fields(c) if f.type == "str"})


@transaction.atomic
def update_criteria_set(
    *, actor, criteria_set: CriteriaSet, values: dict, criteria: Iterable[CriterionValues]
) -> CriteriaSet:
    """Replace a draft set's fields (``SET_FIELDS``) and its criteria, in the order given.

    Criteria left out are removed and new ones added: a draft's criteria are not used by any
    review yet (reviews use the active set), so they are simply written anew.
    """
    require(actor, "curate", Compendium())
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if criteria_set.state != CriteriaSet.State.DRAFT:
        raise WorkflowError(
            _("Only a draft criteria set can be edited: make a new version from this one.")
        )
    unknown = set(values) - set(SET_FIELDS)
    if unknown:
        raise WorkflowError(_("Unknown fields: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    criteria = [_stripped(c) for c in criteria]
    current = {name: getattr(criteria_set, name) for name in SET_FIELDS}
    merged = {**current, **values}
    errors = _check_set(merged) + _check_criteria(criteria)
    if errors:
        raise WorkflowError(errors)
    for name, value in values.items():
        setattr(criteria_set, name, value.strip() if isinstance(value, str) else value)
    try:
        criteria_set.full_clean(exclude=["version", "state"])
    except ValidationError as error:
        raise WorkflowError(error.messages) from error
    criteria_set.save()
    criteria_set.criteria.all().delete()
    positions: dict[str, int] = {}
    new = []
    for c in criteria:
        position = positions.get(c.kind, 0)
        positions[c.kind] = position + 1
        data = {f.name: getattr(c, f.name) for f in fields(CriterionValues)}
        if c.kind == CriterionKind.GATE:
            data.update({name: "" for name in ANCHOR_FIELDS}, is_key=False)
        new.append(Criterion(criteria_set=criteria_set, position=position, **data))
    Criterion.objects.bulk_create(new)
    audit.record(
        actor=actor,
        action="criteria.edit",
        target=criteria_set,
        criteria=[c.key for c in criteria],
    )
    return criteria_set


@transaction.atomic
def discard_criteria_draft(*, actor, criteria_set: CriteriaSet) -> int:
    """Delete a draft set that will not be used; returns its version number."""
    require(actor, "curate", Compendium())
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if criteria_set.state != CriteriaSet.State.DRAFT:
        raise WorkflowError(
            _("Only a draft criteria set can be discarded: active and retired sets are kept.")
        )
    version = criteria_set.version
    audit.record(actor=actor, action="criteria.discard", target=criteria_set, version=version)
    criteria_set.delete()
    return version
