"""A readable difference between two versions of an experience (their ``data`` snapshots).

``compare(old, new, language)`` lists what changed, field by field, in the order the record
shows its fields: text per language with word-level insertions and deletions, vocabulary terms
and countries as added or removed names (in the reader's language), and plain values (years,
cost, label...) as before and after. Templates render ``Segment``s of text as ``<ins>`` and
``<del>``; long unchanged stretches are shortened to their first and last words.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from baraza.compendium.models import TEXT_FIELDS, Label, Licence, RelationKind
from baraza.taxonomy.models import WHORegion

TEXT_LABELS = {
    "title": _("Title"),
    "summary": _("Summary"),
    "what_was_done": _("What was done"),
    "outcomes": _("Outcomes"),
    "lessons_learned": _("Lessons learned"),
    "facilitators": _("Facilitating factors"),
    "barriers": _("Barriers"),
    "challenges": _("Challenges"),
    "evidence_description": _("Evidence"),
    "population_description": _("People reached"),
}
TERM_LABELS = {
    "countries": _("Countries"),
    "settings": _("Types of setting"),
    "phases": _("Phases"),
    "health_areas": _("Health areas"),
    "approaches": _("Community engagement approaches"),
    "population_groups": _("Population groups"),
    "partner_types": _("Implementing partners"),
}
LANGUAGE_NAMES = {"en": _("English"), "fr": _("French")}

# Unchanged text longer than this many words is shortened to its first and last words.
CONTEXT_WORDS = 12
_TOKENS = re.compile(r"^\s+|\S+\s*")


@dataclass(frozen=True)
class Segment:
    """A piece of text: ``equal``, ``insert``, ``delete``, or ``gap`` (unchanged words left
    out)."""

    op: str
    text: str


@dataclass
class Change:
    key: str  # the snapshot field, e.g. "summary" or "phases"
    label: str
    kind: str  # "text", "list" or "value"
    language: str = ""  # for text: which language's text changed
    language_name: str = ""
    segments: list[Segment] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    before: str = ""
    after: str = ""

    @property
    def is_text(self) -> bool:
        return self.kind == "text"

    @property
    def is_list(self) -> bool:
        return self.kind == "list"


@dataclass
class Diff:
    changes: list[Change]

    @property
    def count(self) -> int:
        """How many fields changed (a text field counts once per language)."""
        return len(self.changes)

    @property
    def words_added(self) -> int:
        return sum(
            len(s.text.split()) for c in self.changes for s in c.segments if s.op == "insert"
        )

    @property
    def words_removed(self) -> int:
        return sum(
            len(s.text.split()) for c in self.changes for s in c.segments if s.op == "delete"
        )

    def __bool__(self) -> bool:
        return bool(self.changes)


def words(old: str, new: str) -> list[Segment]:
    """Word-level differences between two texts, as merged segments.

    Each token is a word with the spaces after it, compared without them, so a change of
    several neighbouring words reads as one deletion and one insertion.
    """
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(
        None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False
    )
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _add(segments, "equal", "".join(b[j1:j2]))
            continue
        if i2 > i1:
            _add(segments, "delete", "".join(a[i1:i2]))
        if j2 > j1:
            _add(segments, "insert", "".join(b[j1:j2]))
    return _shorten(segments)


def _add(segments: list[Segment], op: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


def _shorten(segments: list[Segment]) -> list[Segment]:
    result: list[Segment] = []
    for index, segment in enumerate(segments):
        tokens = _TOKENS.findall(segment.text)
        if segment.op != "equal" or len(tokens) <= 3 * CONTEXT_WORDS:
            result.append(segment)
            continue
        if index > 0:  # the words just after the previous change
            result.append(Segment("equal", "".join(tokens[:CONTEXT_WORDS])))
        result.append(Segment("gap", "…"))
        if index < len(segments) - 1:  # the words just before the next change
            result.append(Segment("equal", " " + "".join(tokens[-CONTEXT_WORDS:])))
    return result


def _name(term: dict | None, language: str) -> str:
    if not term:
        return ""
    return term.get(language) or term.get("en") or term.get("code") or term.get("slug") or ""


def _key(term: dict) -> str:
    return term.get("slug") or term.get("code") or ""


def period_text(data: dict) -> str:
    start, end = data.get("start_year"), data.get("end_year")
    if data.get("ongoing"):
        return str(_("%(start)s – ongoing") % {"start": start or "?"})
    if start and end and start != end:
        return f"{start}–{end}"
    return str(start or end or "")


def cost_text(data: dict) -> str:
    cost = data.get("cost")
    if not cost:
        return ""
    text = f"{cost.get('amount', '')} {cost.get('currency', '')}".strip()
    return f"{text} ({cost['notes']})" if cost.get("notes") else text


def _contact(data: dict) -> str:
    contact = data.get("contact")
    if not contact:
        return ""
    return ", ".join(v for v in (contact.get("name"), contact.get("organisation")) if v)


def _reference(ref: dict) -> str:
    parts = [ref.get("title", "")]
    if ref.get("publisher"):
        parts.append(ref["publisher"])
    if ref.get("year"):
        parts.append(str(ref["year"]))
    text = ", ".join(p for p in parts if p)
    link = f"https://doi.org/{ref['doi']}" if ref.get("doi") else ref.get("url", "")
    return f"{text} ({link})" if link else text


def _choice(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else (value or "")


def _relation(relation: dict) -> str:
    kind = _choice(RelationKind, relation.get("kind", ""))
    return f"{kind} {relation.get('identifier', '')}"


def compare(old: dict | None, new: dict, language: str = "en") -> Diff:
    """What changed from ``old`` to ``new`` (``old`` is None for a first version: no changes)."""
    if old is None:
        return Diff(changes=[])
    changes: list[Change] = []
    languages = ("en", "fr") if language == "en" else ("fr", "en")

    for name in TEXT_FIELDS:
        for lang in languages:
            before = (old.get("text", {}).get(name) or {}).get(lang) or ""
            after = (new.get("text", {}).get(name) or {}).get(lang) or ""
            if before != after:
                changes.append(
                    Change(
                        key=name,
                        label=str(TEXT_LABELS[name]),
                        kind="text",
                        language=lang,
                        language_name=str(LANGUAGE_NAMES[lang]),
                        segments=words(before, after),
                    )
                )

    if old.get("original_language") != new.get("original_language"):
        changes.append(
            _value(
                "original_language",
                _("Original language"),
                str(LANGUAGE_NAMES.get(old.get("original_language"), "")),
                str(LANGUAGE_NAMES.get(new.get("original_language"), "")),
            )
        )

    for name, label in TERM_LABELS.items():
        change = _list(name, label, old.get(name) or [], new.get(name) or [], language)
        if change:
            changes.append(change)

    values = [
        (
            "subnational_area",
            _("Subnational area"),
            old.get("subnational_area") or "",
            new.get("subnational_area") or "",
        ),
        (
            "who_region",
            _("WHO region"),
            _choice(WHORegion, old.get("who_region") or ""),
            _choice(WHORegion, new.get("who_region") or ""),
        ),
        (
            "engagement_level",
            _("Level of engagement"),
            _name(old.get("engagement_level"), language),
            _name(new.get("engagement_level"), language),
        ),
        (
            "evidence_type",
            _("Type of evidence"),
            _name(old.get("evidence_type"), language),
            _name(new.get("evidence_type"), language),
        ),
        ("period", _("Period"), period_text(old), period_text(new)),
        ("cost", _("Cost"), cost_text(old), cost_text(new)),
        (
            "licence",
            _("Licence"),
            _choice(Licence, old.get("licence") or ""),
            _choice(Licence, new.get("licence") or ""),
        ),
        ("contact", _("Contact"), _contact(old), _contact(new)),
        (
            "label",
            _("Label"),
            _choice(Label, old.get("label") or ""),
            _choice(Label, new.get("label") or ""),
        ),
    ]
    for key, label, before, after in values:
        if before != after:
            changes.append(_value(key, label, before, after))

    for key, label, render in (
        ("references", _("References"), _reference),
        ("relations", _("Related experiences"), _relation),
        ("attachments", _("Attachments"), lambda a: a.get("name", "")),
    ):
        before = [render(item) for item in old.get(key) or []]
        after = [render(item) for item in new.get(key) or []]
        if before != after:
            added = [item for item in after if item not in before]
            removed = [item for item in before if item not in after]
            changes.append(
                Change(
                    key=key,
                    label=str(label),
                    kind="list",
                    added=added,
                    removed=removed,
                    # The same items in another order.
                    after=str(_("Reordered")) if not added and not removed else "",
                )
            )
    return Diff(changes=changes)


def _value(key: str, label, before: str, after: str) -> Change:
    return Change(key=key, label=str(label), kind="value", before=before, after=after)


def _list(name: str, label, old: list[dict], new: list[dict], language: str) -> Change | None:
    old_keys = {_key(t): t for t in old if t}
    new_keys = {_key(t): t for t in new if t}
    added = [_name(t, language) for k, t in new_keys.items() if k not in old_keys]
    removed = [_name(t, language) for k, t in old_keys.items() if k not in new_keys]
    if not added and not removed:
        return None
    return Change(key=name, label=str(label), kind="list", added=added, removed=removed)
