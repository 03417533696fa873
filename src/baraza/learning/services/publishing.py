"""Publishing a package: its tables frozen into a new immutable version.

A package is published only when it is whole: a title in its original language; modules with
lessons (learning) or variants with days with sessions (workshop); questions that can be
answered right; and links to compendium records that are published now. ``problems`` lists what
is missing, in the reader's language; ``publish`` refuses with that list and writes nothing.
It refuses too, writing nothing, a version that would say exactly what the latest one says,
and a request made while looking at an older version than the latest (a double click on
"Publish").

Each new version replaces the package's search entry, in the same transaction (see
``indexing.py``): what authors change after publishing is found once they publish it.

Each new version is told, once its transaction commits, to the institutions that adopted the
package and asked to hear of new versions (``services.adoption``).
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baraza.core import audit
from baraza.core.policies import require
from baraza.learning import queries, snapshot
from baraza.learning.models import ItemKind, Kind, Package, PackageVersion
from baraza.learning.services import adoption
from baraza.learning.services.authoring import shorten
from baraza.search import services as search


def _name(text: dict, original: str) -> str:
    return shorten(snapshot.pick(text, original=original)) or _("(untitled)")


def _question_problems(question: dict, original: str) -> list[str]:
    prompt = _name(question["prompt"], original)
    options = question["options"]
    correct = sum(1 for option in options if option["correct"])
    if not options:
        return [_("Question “%(q)s” has no answer options.") % {"q": prompt}]
    if not correct:
        return [_("Question “%(q)s” has no correct answer.") % {"q": prompt}]
    if correct > 1 and not question["multiple"]:
        return [
            _(
                "Question “%(q)s” takes one answer but %(n)s answers are marked correct: mark "
                "one, or let several answers be right."
            )
            % {"q": prompt, "n": correct}
        ]
    return []


def _learning_problems(data: dict, original: str) -> list[str]:
    problems = []
    if not data["modules"]:
        problems.append(_("The package has no module yet."))
    for module in data["modules"]:
        module_name = _name(module["title"], original)
        if not module["lessons"]:
            problems.append(_("Module “%(module)s” has no lesson.") % {"module": module_name})
        for lesson in module["lessons"]:
            lesson_name = _name(lesson["title"], original)
            for item in lesson["items"]:
                if item["kind"] == ItemKind.CHECK and not item["question"]:
                    problems.append(
                        _("A knowledge check in lesson “%(lesson)s” has no question.")
                        % {"lesson": lesson_name}
                    )
                if item["kind"] == ItemKind.EXPERIENCE and not item["experience"]:
                    problems.append(
                        _("An experience card in lesson “%(lesson)s” names no record.")
                        % {"lesson": lesson_name}
                    )
                if item["kind"] == ItemKind.DOWNLOAD and not item["file"]:
                    problems.append(
                        _("A download in lesson “%(lesson)s” has no file.")
                        % {"lesson": lesson_name}
                    )
                if item["question"]:
                    problems += _question_problems(item["question"], original)
        for question in module["quiz"]:
            problems += _question_problems(question, original)
    return problems


def _workshop_problems(data: dict, original: str) -> list[str]:
    problems = []
    if not data["variants"]:
        problems.append(_("The workshop has no variant yet."))
    for variant in data["variants"]:
        if not variant["days"]:
            problems.append(
                _("Variant “%(variant)s” has no day.")
                % {"variant": _name(variant["name"], original)}
            )
        for day in variant["days"]:
            if not day["sessions"]:
                problems.append(
                    _("Day “%(day)s” has no session.") % {"day": _name(day["title"], original)}
                )
    return problems


def problems(package: Package, data: dict | None = None) -> list[str]:
    """What stops ``package`` from being published, in the reader's language (empty: none)."""
    original = package.original_language
    data = data if data is not None else snapshot.build(package, version=0)
    found = []
    if not data["title"].get(original, "").strip():
        found.append(
            _("The title is missing in English, the original language.")
            if original == "en"
            else _("The title is missing in French, the original language.")
        )
    if package.kind == Kind.LEARNING:
        found += _learning_problems(data, original)
    else:
        found += _workshop_problems(data, original)
    for question in data["pre_post"]:
        found += _question_problems(question, original)
    unavailable = queries.unavailable_experiences(data)
    if unavailable:
        found.append(
            _(
                "These compendium records are not published now (withdrawn, or back in "
                "curation): %(identifiers)s. Link to published records only."
            )
            % {"identifiers": ", ".join(unavailable)}
        )
    return found


def _same_content(data: dict, latest: dict) -> bool:
    """Whether ``data`` says what ``latest`` says, apart from the version number (``data``
    goes through JSON as the stored version did, so tuples and lists compare equal)."""
    fresh = json.loads(json.dumps(data))
    return {**fresh, "version": None} == {**latest, "version": None}


@transaction.atomic
def publish(
    *,
    package: Package,
    actor,
    notes_en: str = "",
    notes_fr: str = "",
    expected_version: int | None = None,
) -> PackageVersion:
    """Version N+1 of ``package``. Raises ValidationError, writing nothing, when the package is
    not whole (code ``incomplete``, listing the problems), when nothing changed since the
    latest version (``unchanged``), or when ``expected_version`` — the version the author saw
    when they asked to publish — is no longer the latest (``stale``: a double click, or
    another author published meanwhile)."""
    package = Package.objects.select_for_update().get(pk=package.pk)
    require(actor, "publish", package)
    if expected_version is not None and expected_version != package.version_number:
        raise ValidationError(
            _(
                "Version %(number)s is already published, so this form was out of date. Check "
                "the latest version, then publish again if there is more to publish."
            ),
            params={"number": package.version_number},
            code="stale",
        )
    number = package.version_number + 1
    data = snapshot.build(package, version=number)
    found = problems(package, data)
    if found:
        raise ValidationError(found, code="incomplete")
    latest = queries.latest_version(package)
    if latest is not None and _same_content(data, latest.data):
        raise ValidationError(
            _("Nothing has changed since version %(number)s."),
            params={"number": latest.number},
            code="unchanged",
        )
    version = PackageVersion.objects.create(
        package=package,
        number=number,
        data=data,
        notes_en=notes_en,
        notes_fr=notes_fr,
        published_by=actor,
    )
    Package.objects.filter(pk=package.pk).update(version_number=number, published_at=timezone.now())
    package.version_number = number
    search.index("package", package)
    audit.record(actor=actor, action="package.publish", target=package, version=number)
    adoption.tell_adopters_later(version)
    return version
