"""The automated checks a record must pass before it can be submitted.

Each problem names the field it is about and says what to do, in the reader's language. The
same checks run on submission from the web, on import and through the API.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from baraza.compendium.models import Experience

# Lengths are counted in words, as people write them; titles in characters.
TITLE_MAX_CHARS = 300
WORD_LIMITS = {
    "summary": (30, 400),
    "what_was_done": (30, 1500),
    "outcomes": (15, 1500),
    "lessons_learned": (0, 1000),
    "facilitators": (0, 1000),
    "barriers": (0, 1000),
    "challenges": (0, 1000),
    "evidence_description": (0, 1000),
    "population_description": (0, 300),
}
REQUIRED_TEXT = ("title", "summary", "what_was_done", "outcomes")
REQUIRED_TERMS = ("countries", "settings", "phases", "health_areas", "approaches")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return str(self.message)


def words(text: str) -> int:
    return len(text.split())


def check(experience: Experience) -> list[Problem]:
    """Every reason the record cannot be submitted yet; empty when it can."""
    problems: list[Problem] = []
    language = experience.original_language
    for field in REQUIRED_TEXT:
        if not getattr(experience, f"{field}_{language}").strip():
            problems.append(Problem(field, _("This field is required.")))
    for language_code in ("en", "fr"):
        title = getattr(experience, f"title_{language_code}")
        if len(title) > TITLE_MAX_CHARS:
            problems.append(
                Problem(
                    "title",
                    _("The title is too long: at most %(max)d characters.")
                    % {"max": TITLE_MAX_CHARS},
                )
            )
        for field, (low, high) in WORD_LIMITS.items():
            text = getattr(experience, f"{field}_{language_code}")
            count = words(text)
            if count > high:
                problems.append(
                    Problem(
                        field,
                        _("Too long: %(count)d words, at most %(max)d.")
                        % {"count": count, "max": high},
                    )
                )
            elif text.strip() and language_code == language and count < low:
                problems.append(
                    Problem(
                        field,
                        _("Too short: %(count)d words, at least %(min)d.")
                        % {"count": count, "min": low},
                    )
                )
    names = {
        "countries": _("Choose at least one country."),
        "settings": _("Choose at least one setting."),
        "phases": _("Choose at least one phase."),
        "health_areas": _("Choose at least one health area."),
        "approaches": _("Choose at least one community engagement approach."),
    }
    if experience.pk:
        for field in REQUIRED_TERMS:
            if not getattr(experience, field).exists():
                problems.append(Problem(field, names[field]))
        has_reference = experience.references.exists()
    else:
        problems.extend(Problem(field, names[field]) for field in REQUIRED_TERMS)
        has_reference = False
    if experience.engagement_level_id is None:
        problems.append(Problem("engagement_level", _("Choose the level of engagement.")))
    if experience.evidence_type_id is None:
        problems.append(Problem("evidence_type", _("Choose the type of evidence.")))
    if experience.start_year is None:
        problems.append(Problem("start_year", _("Give the year the experience started.")))
    if (
        experience.end_year is not None
        and experience.start_year is not None
        and experience.end_year < experience.start_year
    ):
        problems.append(Problem("end_year", _("The end year is before the start year.")))
    if experience.ongoing and experience.end_year is not None:
        problems.append(
            Problem("end_year", _("An ongoing experience has no end year; remove one of them."))
        )
    if not has_reference and not getattr(experience, f"evidence_description_{language}").strip():
        problems.append(
            Problem(
                "references",
                _("Add at least one reference, or describe the evidence behind the outcomes."),
            )
        )
    if experience.cost_amount is not None and not experience.cost_currency:
        problems.append(Problem("cost_currency", _("Give the currency of the cost.")))
    checklist = {
        "consent_confirmed": _(
            "Confirm that the people and communities described agreed to be shared."
        ),
        "safeguarding_confirmed": _(
            "Confirm that the record names no one who could be put at risk."
        ),
        "rights_confirmed": _("Confirm that you have the right to share this material."),
    }
    for field, message in checklist.items():
        if not getattr(experience, field):
            problems.append(Problem(field, message))
    return problems
