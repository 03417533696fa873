"""Authoring packages: creating them, their metadata, their content rows and their authors.

Content rows of every kind go through the same four functions (``add_row``, ``save_row``,
``delete_row``, ``move_row``). ``PARTS`` says, for each kind of row as named in the editor's
addresses ("module", "lesson", "session"…), which model holds it, what it hangs off and which
fields an author edits.

Translations: each row keeps, per field, the hash of the original text its translation was made
from (``Translatable.translated_from``). Saving a changed original leaves that hash behind, so
the translation reads as stale until the author writes a new translation in the same save or
confirms that the translation is up to date.

Every save also moves the package's ``updated_at``: the author's home says whether a package has
changes that are not yet published by comparing it with ``published_at``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baraza.compendium.models import text_hash
from baraza.core import audit
from baraza.core.policies import require
from baraza.learning import models as m
from baraza.learning.policies import Catalogue, is_author

# A row's name in lists, titles and messages (a step's instructions can be long).
NAME_CHARS = 80
# Words that name pages under /learning/ (and /learning/author/new/), never a package.
RESERVED_SLUGS = frozenset({"author", "me", "certificates", "verify", "workshops", "new"})
TAKEN = _("A package called “%(slug)s” already exists. Please choose another short name.")


@dataclass(frozen=True)
class Part:
    """One kind of content row, as the editor knows it."""

    kind: str
    model: type[m.Ordered]
    verbose_name: Promise
    verbose_name_plural: Promise
    add_label: Promise
    # The package kind it belongs to (None: both kinds).
    package_kind: str | None
    # The foreign key to the row it hangs off ("package" for a package's own rows).
    parent_field: str
    # The kinds of row it may hang off; empty: the package itself.
    parent_kinds: tuple[str, ...]
    # The lookup from the row to its package.
    package_path: str
    # The translatable field that names the row, and the one needed in the original language.
    name_field: str
    required: str = ""
    # Fields other than the texts.
    fields: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    role: str = ""
    # At most one per parent (a knowledge check has one question).
    single: bool = False

    @property
    def description(self) -> Promise:
        """One sentence telling an author what this kind of row is."""
        return DESCRIPTIONS[self.kind]

    def rows(self, package: m.Package) -> QuerySet:
        rows = self.model.objects.filter(**{self.package_path: package})
        return rows.filter(role=self.role) if self.role else rows

    def siblings(self, parent) -> QuerySet:
        rows = self.model.objects.filter(**{self.parent_field: parent})
        return rows.filter(role=self.role) if self.role else rows

    def fits(self, package: m.Package) -> bool:
        return self.package_kind in (None, package.kind)


LEARNING, WORKSHOP = m.Kind.LEARNING, m.Kind.WORKSHOP
DESCRIPTIONS = {
    "module": _("A module groups lessons; learners end it with its quiz."),
    "lesson": _("A lesson is one page for learners: its items follow each other in order."),
    "item": _("One piece of a lesson: a text, an experience card, a download or a check."),
    "check": _(
        "An ungraded question inside the lesson: learners see the feedback of the answer they "
        "choose."
    ),
    "quiz": _("A graded question: learners pass the module quiz at the package's pass mark."),
    "prepost": _("Asked before and after, in the same words, to measure what learners gained."),
    "option": _("An answer learners can choose; its feedback shows when they choose it."),
    "variant": _("One way to run the workshop, e.g. a one-day orientation or a 3-day course."),
    "day": _("A day of the variant: its sessions follow each other from its start time."),
    "session": _("A slot in the day's agenda; its timed steps must fit in its minutes."),
    "step": _("One timed step of the session, with the facilitator's instructions."),
    "checklist": _("A task for the facilitators before, during or after the workshop."),
    "evaluation": _("A question participants answer at the end of the workshop."),
}
QUESTION_KINDS = ("check", "quiz", "prepost")

# One kind of row per entry, its arguments on a few lines so that the kinds read side by side.
PARTS: dict[str, Part] = {
    part.kind: part
    for part in [
        Part(
            "module", m.Module, _("module"), _("Modules"), _("Add a module"), LEARNING,
            "package", (), "package", "title", "title", children=("lesson", "quiz"),
        ),
        Part(
            "lesson", m.Lesson, _("lesson"), _("Lessons"), _("Add a lesson"), LEARNING,
            "module", ("module",), "module__package", "title", "title", ("minutes",),
            children=("item",),
        ),
        Part(
            "item", m.Item, _("item"), _("Items"), _("Add an item"), LEARNING,
            "lesson", ("lesson",), "lesson__module__package", "title", "",
            ("experience", "file"), children=("check",),
        ),
        Part(
            "check", m.Question, _("knowledge check question"), _("Question"),
            _("Write the question"), LEARNING, "item", ("item",), "package", "prompt", "prompt",
            ("multiple",), children=("option",), role=m.Role.CHECK, single=True,
        ),
        Part(
            "quiz", m.Question, _("quiz question"), _("Module quiz"), _("Add a quiz question"),
            LEARNING, "module", ("module",), "package", "prompt", "prompt", ("multiple",),
            children=("option",), role=m.Role.QUIZ,
        ),
        Part(
            "prepost", m.Question, _("pre/post-test question"), _("Pre- and post-test"),
            _("Add a pre/post-test question"), None, "package", (), "package", "prompt",
            "prompt", ("multiple",), children=("option",), role=m.Role.PRE_POST,
        ),
        Part(
            "option", m.Option, _("answer option"), _("Answer options"), _("Add an answer option"),
            None, "question", QUESTION_KINDS, "question__package", "text", "text",
            ("correct",),
        ),
        Part(
            "variant", m.Variant, _("variant"), _("Variants"), _("Add a variant"), WORKSHOP,
            "package", (), "package", "name", "name", children=("day",),
        ),
        Part(
            "day", m.Day, _("day"), _("Days"), _("Add a day"), WORKSHOP, "variant",
            ("variant",), "variant__package", "title", "title", ("starts_at",),
            children=("session",),
        ),
        Part(
            "session", m.Session, _("session"), _("Sessions"), _("Add a session"), WORKSHOP,
            "day", ("day",), "day__variant__package", "title", "title",
            ("method", "slot_minutes", "experiences"), children=("step",),
        ),
        Part(
            "step", m.Step, _("step"), _("Timed steps"), _("Add a step"), WORKSHOP, "session",
            ("session",), "session__day__variant__package", "instructions", "instructions",
            ("minutes",),
        ),
        Part(
            "checklist", m.ChecklistItem, _("preparation task"), _("Preparation checklist"),
            _("Add a preparation task"), WORKSHOP, "package", (), "package", "text", "text",
            ("when",),
        ),
        Part(
            "evaluation", m.EvaluationQuestion, _("evaluation question"), _("Evaluation form"),
            _("Add an evaluation question"), WORKSHOP, "package", (), "package", "text", "text",
            ("scale",),
        ),
    ]
}  # fmt: skip
# What a package's own page lists, in order.
PACKAGE_CHILDREN = {
    LEARNING: ("module", "prepost"),
    WORKSHOP: ("variant", "checklist", "evaluation", "prepost"),
}
_BY_MODEL = {part.model: part for part in PARTS.values() if not part.role}
_BY_ROLE = {part.role: part for part in PARTS.values() if part.role}


def part_of(row) -> Part:
    """The part a row is, e.g. ``part_of(lesson).kind == "lesson"``."""
    if isinstance(row, m.Question):
        return _BY_ROLE[row.role]
    return _BY_MODEL[type(row)]


def parent_of(row):
    """The row (or package) a row hangs off."""
    return getattr(row, part_of(row).parent_field)


def name_of(row, original: str) -> str:
    """The row's name in the reader's language, else in the original one (an item without a
    title goes by the start of its text, else by its kind)."""
    name = row.text(part_of(row).name_field, original)
    if not name and isinstance(row, m.Item):
        name = row.text("body", original) or str(row.get_kind_display())
    return shorten(name)


def shorten(text: str) -> str:
    """``text`` on one line, cut at ``NAME_CHARS`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= NAME_CHARS else text[: NAME_CHARS - 1].rstrip() + "…"


# --- Packages ---------------------------------------------------------------------------------


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` can't name a new package, or None."""
    if slug in RESERVED_SLUGS:
        return _("“%(slug)s” is a reserved word on this site. Please choose another short name.")
    if m.Package.objects.filter(slug=slug).exists():
        return TAKEN
    return None


def _touch(package: m.Package) -> None:
    m.Package.objects.filter(pk=package.pk).update(updated_at=timezone.now())


def _locked(package: m.Package) -> m.Package:
    return m.Package.objects.select_for_update().get(pk=package.pk)


def apply_texts(row: m.Translatable, original: str, values: dict, *, confirmed: bool) -> None:
    """Set the row's texts from ``values``, keeping each translation's link to its original.

    A translation written or changed in this save is made from the original as it is now; so is
    every translation when the author ``confirmed`` they are up to date. A translation left as
    it was while its original changed becomes stale by itself (its hash no longer matches)."""
    other = "fr" if original == "en" else "en"
    for name in row.TRANSLATABLE:
        source_key, translation_key = f"{name}_{original}", f"{name}_{other}"
        if source_key not in values and translation_key not in values:
            continue
        # Compared as text_hash reads them: a browser sends a textarea's lines with CRLF, so
        # an untouched translation must not count as written anew.
        changed = translation_key in values and text_hash(values[translation_key] or "") != (
            text_hash(getattr(row, translation_key))
        )
        for key in (source_key, translation_key):
            if key in values:
                setattr(row, key, values[key] or "")
        source, translation = getattr(row, source_key), getattr(row, translation_key)
        if not translation:
            row.translated_from = {k: v for k, v in row.translated_from.items() if k != name}
        elif source and (changed or confirmed):
            row.mark_translated(name, original)


@transaction.atomic
def create_package(
    *,
    actor,
    kind: str,
    slug: str,
    original_language: str,
    title: str,
    audience: str,
    level: str = m.Level.INTRODUCTORY,
) -> m.Package:
    require(actor, "author", Catalogue())
    problem = slug_problem(slug)
    if problem:
        raise ValidationError({"slug": ValidationError(problem, params={"slug": slug})})
    if not title.strip():
        raise ValidationError(_("Give the package a title."))
    try:
        # Another author may take the same short name between the check and the insert.
        with transaction.atomic():
            package = m.Package.objects.create(
                kind=kind,
                slug=slug,
                original_language=original_language,
                audience=audience,
                level=level,
                created_by=actor,
                **{f"title_{original_language}": title.strip()},
            )
    except IntegrityError:
        if not m.Package.objects.filter(slug=slug).exists():
            raise
        raise ValidationError({"slug": ValidationError(TAKEN, params={"slug": slug})}) from None
    package.authors.add(actor)
    audit.record(actor=actor, action="package.create", target=package, scope=package, kind=kind)
    return package


# Package fields an author edits besides the texts.
PACKAGE_FIELDS = (
    "audience",
    "level",
    "notional_hours",
    "licence",
    "visit_share",
    "pass_mark",
)


@transaction.atomic
def update_package(*, actor, package: m.Package, values: dict, confirmed: bool = False):
    package = _locked(package)
    require(actor, "edit", package)
    values = dict(values)
    package.original_language = values.pop("original_language", package.original_language)
    apply_texts(package, package.original_language, values, confirmed=confirmed)
    for name in PACKAGE_FIELDS:
        if name in values:
            setattr(package, name, values[name])
    if not getattr(package, f"title_{package.original_language}").strip():
        raise ValidationError(_("The title in the original language can't be empty."))
    package.save()
    audit.record(actor=actor, action="package.update", target=package, scope=package)
    return package


@transaction.atomic
def add_author(*, actor, package: m.Package, email: str):
    package = _locked(package)
    require(actor, "edit", package)
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(
            _("No member has the address %(email)s."), params={"email": email}, code="unknown"
        )
    if not is_author(user):
        raise ValidationError(
            _(
                "%(name)s is not an author yet. Staff can add them to the authors group; then "
                "add them here."
            ),
            params={"name": user.display_name},
            code="not_author",
        )
    if package.authors.filter(pk=user.pk).exists():
        raise ValidationError(
            _("%(name)s is already an author of this package."),
            params={"name": user.display_name},
            code="already",
        )
    package.authors.add(user)
    audit.record(
        actor=actor, action="package.author.add", target=package, scope=package, user=user.pk
    )
    return user


@transaction.atomic
def remove_author(*, actor, package: m.Package, user) -> None:
    package = _locked(package)
    require(actor, "edit", package)
    authors = package.authors.all()
    if not authors.filter(pk=user.pk).exists():
        raise ValidationError(_("This person is not an author of this package."))
    if authors.count() == 1:
        raise ValidationError(
            _("A package keeps at least one author. Add another author before removing this one.")
        )
    package.authors.remove(user)
    audit.record(
        actor=actor, action="package.author.remove", target=package, scope=package, user=user.pk
    )


# --- Content rows ---------------------------------------------------------------------------


def _check_parent(part: Part, package: m.Package, parent) -> None:
    """Refuse a parent of the wrong kind or from another package (a tampered address)."""
    if not part.fits(package):
        raise ValidationError(_("This kind of content doesn't belong in this package."))
    if not part.parent_kinds:
        if parent.pk != package.pk or not isinstance(parent, m.Package):
            raise ValidationError(_("This kind of content doesn't belong in this package."))
        return
    parent_part = part_of(parent)
    if (
        parent_part.kind not in part.parent_kinds
        or not parent_part.rows(package).filter(pk=parent.pk).exists()
    ):
        raise ValidationError(_("This kind of content doesn't belong in this package."))
    if part.kind == "check" and parent.kind != m.ItemKind.CHECK:
        raise ValidationError(_("Only a knowledge check has a question."))
    if part.single and part.siblings(parent).exists():
        raise ValidationError(_("This knowledge check already has its question."))


def _set_values(row, part: Part, package: m.Package, values: dict, *, confirmed: bool):
    values = dict(values)
    experiences = values.pop("experiences", None)
    apply_texts(row, package.original_language, values, confirmed=confirmed)
    for name in (*part.fields, "kind"):
        if name in values and name != "experiences":
            if name == "file" and not values[name]:
                continue  # no new file: keep the one there is
            setattr(row, name, values[name])
    return experiences


@transaction.atomic
def add_row(*, actor, package: m.Package, part: Part, parent, values: dict):
    """A new row of ``part`` at the end of ``parent``'s rows of that kind."""
    package = _locked(package)
    require(actor, "edit", package)
    if parent.pk == package.pk and isinstance(parent, m.Package):
        parent = package
    _check_parent(part, package, parent)
    row = part.model(**{part.parent_field: parent})
    if part.role:
        row.role = part.role
        row.package = package
    last = part.siblings(parent).aggregate(last=Max("position"))["last"]
    row.position = 0 if last is None else last + 1
    experiences = _set_values(row, part, package, values, confirmed=False)
    row.save()
    if experiences is not None:
        row.experiences.set(experiences)
    _touch(package)
    audit.record(actor=actor, action=f"package.{part.kind}.add", target=row, scope=package)
    return row


@transaction.atomic
def save_row(*, actor, package: m.Package, row, values: dict, confirmed: bool = False):
    package = _locked(package)
    require(actor, "edit", package)
    part = part_of(row)
    row = part.rows(package).select_for_update().get(pk=row.pk)
    experiences = _set_values(row, part, package, values, confirmed=confirmed)
    row.save()
    if experiences is not None:
        row.experiences.set(experiences)
    _touch(package)
    audit.record(actor=actor, action=f"package.{part.kind}.edit", target=row, scope=package)
    return row


@transaction.atomic
def delete_row(*, actor, package: m.Package, row) -> None:
    """Delete a row and everything in it. Published versions keep their copy."""
    package = _locked(package)
    require(actor, "edit", package)
    part = part_of(row)
    row = part.rows(package).get(pk=row.pk)
    audit.record(actor=actor, action=f"package.{part.kind}.delete", target=row, scope=package)
    row.delete()
    _touch(package)


@transaction.atomic
def move_row(*, actor, package: m.Package, row, step: int) -> None:
    """Move a row one place up (``step=-1``) or down (``step=1``) among its siblings."""
    if step not in (-1, 1):
        raise ValidationError(_("A row moves one place up or down."))
    package = _locked(package)
    require(actor, "edit", package)
    part = part_of(row)
    row = part.rows(package).get(pk=row.pk)
    siblings = list(part.siblings(parent_of(row)).select_for_update())
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == row.pk)
    target = index + step
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    _touch(package)
    audit.record(
        actor=actor, action=f"package.{part.kind}.move", target=row, scope=package, step=step
    )
