"""The Community Engagement Compendium: experiences, their curation and their versions.

An ``Experience`` is the concept record: a stable identifier (``CE-2026-0042``), the working
copy of every field in English and French, and its place in the curation workflow. Publishing
freezes the working copy into an immutable ``ExperienceVersion`` (``CE-2026-0042.v2``), whose
``data`` is the whole record as it was then, so old versions read, cite and diff the same
forever, whatever happens to the vocabularies later.

Curation follows a versioned ``CriteriaSet``: gate criteria (pass or fail) and scored criteria
(0–3, each score with a written anchor). Assigned reviewers each write one ``Review`` with a
``ReviewScore`` per criterion; the label is derived from the scores by the rule in
``labels.py``, and the criteria-set version behind it is stored.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from baraza.taxonomy.models import (
    Country,
    EngagementApproach,
    EngagementLevel,
    EvidenceType,
    HealthArea,
    PartnerType,
    Phase,
    PopulationGroup,
    Setting,
    WHORegion,
)

USER = settings.AUTH_USER_MODEL
LANGUAGES = (("en", "English"), ("fr", "Français"))
EARLIEST_YEAR = 1950


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Screening")
    CHANGES_REQUESTED = "changes-requested", _("Changes requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    IN_REVIEW = "in-review", _("In review")
    RECONCILIATION = "reconciliation", _("Reconciliation")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Label(models.TextChoices):
    """The tiers of the published label rule (see ``labels.py``), strongest first."""

    BEST = "best-practice", _("Best practice")
    PROMISING = "promising-practice", _("Promising practice")
    DOCUMENTED = "documented-experience", _("Documented experience")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("CC BY 4.0 (reuse with credit)")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0 (reuse with credit, share alike)")
    CC_BY_NC = "cc-by-nc-4.0", _("CC BY-NC 4.0 (reuse with credit, not commercially)")
    CC0 = "cc0", _("CC0 (public domain)")


class Source(models.TextChoices):
    SUBMISSION = "submission", _("Submitted by a member")
    CURATOR = "curator", _("Written by a curator")
    IMPORT = "import", _("Imported")
    WORKSHOP = "workshop", _("Harvested at a workshop")


# The fields whose text is written in both languages, in the order forms and pages show them.
TEXT_FIELDS = (
    "title",
    "summary",
    "what_was_done",
    "outcomes",
    "lessons_learned",
    "facilitators",
    "barriers",
    "challenges",
    "evidence_description",
    "population_description",
)


def reader_language() -> str:
    """``en`` or ``fr``: the active language, for editorial content kept in both."""
    return "fr" if (get_language() or "")[:2] == "fr" else "en"


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:16]


class Experience(models.Model):
    identifier = models.CharField(_("identifier"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    original_language = models.CharField(
        _("original language"), max_length=2, choices=LANGUAGES, default="en"
    )
    # Per translatable field, the hash of the original text the translation was made from;
    # the translation is stale when the original's hash no longer matches.
    translated_from = models.JSONField(_("translated from"), default=dict, blank=True)

    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    what_was_done_en = models.TextField(_("what was done (English)"), blank=True)
    what_was_done_fr = models.TextField(_("what was done (French)"), blank=True)
    outcomes_en = models.TextField(_("outcomes (English)"), blank=True)
    outcomes_fr = models.TextField(_("outcomes (French)"), blank=True)
    lessons_learned_en = models.TextField(_("lessons learned (English)"), blank=True)
    lessons_learned_fr = models.TextField(_("lessons learned (French)"), blank=True)
    facilitators_en = models.TextField(_("facilitators (English)"), blank=True)
    facilitators_fr = models.TextField(_("facilitators (French)"), blank=True)
    barriers_en = models.TextField(_("barriers (English)"), blank=True)
    barriers_fr = models.TextField(_("barriers (French)"), blank=True)
    challenges_en = models.TextField(_("challenges (English)"), blank=True)
    challenges_fr = models.TextField(_("challenges (French)"), blank=True)
    evidence_description_en = models.TextField(_("evidence (English)"), blank=True)
    evidence_description_fr = models.TextField(_("evidence (French)"), blank=True)
    population_description_en = models.TextField(_("people reached (English)"), blank=True)
    population_description_fr = models.TextField(_("people reached (French)"), blank=True)

    countries = models.ManyToManyField(Country, verbose_name=_("countries"), related_name="+")
    who_region = models.CharField(
        _("WHO region"), max_length=4, choices=WHORegion.choices, blank=True, db_index=True
    )
    subnational_area = models.CharField(_("subnational area"), max_length=200, blank=True)
    settings = models.ManyToManyField(Setting, verbose_name=_("settings"), related_name="+")
    phases = models.ManyToManyField(Phase, verbose_name=_("phases"), related_name="+")
    health_areas = models.ManyToManyField(
        HealthArea, verbose_name=_("health areas"), related_name="+"
    )
    approaches = models.ManyToManyField(
        EngagementApproach, verbose_name=_("community engagement approaches"), related_name="+"
    )
    engagement_level = models.ForeignKey(
        EngagementLevel,
        verbose_name=_("level of engagement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    population_groups = models.ManyToManyField(
        PopulationGroup, verbose_name=_("population groups"), blank=True, related_name="+"
    )
    partner_types = models.ManyToManyField(
        PartnerType, verbose_name=_("implementing partners"), blank=True, related_name="+"
    )
    evidence_type = models.ForeignKey(
        EvidenceType,
        verbose_name=_("type of evidence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(2100)],
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(2100)],
    )
    ongoing = models.BooleanField(_("ongoing"), default=False)
    cost_amount = models.DecimalField(
        _("cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cost_currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. USD, XOF.")
    )
    cost_notes = models.CharField(_("what the cost covers"), max_length=300, blank=True)

    licence = models.CharField(
        _("licence"), max_length=16, choices=Licence.choices, default=Licence.CC_BY
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_organisation = models.CharField(_("contact organisation"), max_length=200, blank=True)
    contact_consent = models.BooleanField(
        _("the contact agreed to be shown publicly"), default=False
    )

    related_resources = models.ManyToManyField(
        "library.Resource", verbose_name=_("related resources"), blank=True, related_name="+"
    )
    topic = models.ForeignKey(
        "discussions.Topic",
        verbose_name=_("discussion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # The checklist confirmed before submitting.
    consent_confirmed = models.BooleanField(_("consent confirmed"), default=False)
    safeguarding_confirmed = models.BooleanField(_("safeguarding confirmed"), default=False)
    rights_confirmed = models.BooleanField(_("right to share confirmed"), default=False)

    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.SUBMISSION
    )
    external_key = models.CharField(
        _("import key"),
        max_length=200,
        blank=True,
        help_text=_("Matches re-imported rows to this record."),
    )
    submitter = models.ForeignKey(
        USER,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)

    # The curation outcome.
    # "discussion" or "third-reviewer" (services.choose_reconciliation); PostgreSQL enforces
    # the length, so it must hold the longest.
    reconciliation_mode = models.CharField(_("reconciliation"), max_length=16, blank=True)
    label = models.CharField(_("label"), max_length=24, choices=Label.choices, blank=True)
    criteria_set = models.ForeignKey(
        "CriteriaSet",
        verbose_name=_("criteria set behind the label"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    needs_reassessment = models.BooleanField(_("flagged for re-assessment"), default=False)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    version_number = models.PositiveIntegerField(_("current version"), default=0)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("why it was withdrawn"), blank=True)

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_key"],
                condition=~Q(external_key=""),
                name="experience_unique_external_key",
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="experience_end_not_before_start",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="experience_list_idx"),
            # Covering indexes for the faceted list (bench/compendium_list.py): the facet
            # counts and the filtered page read these columns without touching the table.
            models.Index(
                fields=[
                    "status",
                    "who_region",
                    "label",
                    "engagement_level",
                    "evidence_type",
                    "start_year",
                    "end_year",
                    "ongoing",
                    "original_language",
                    "id",
                ],
                name="experience_facets_idx",
            ),
            models.Index(fields=["status", "engagement_level", "id"], name="experience_level_idx"),
            models.Index(fields=["status", "evidence_type", "id"], name="experience_evidence_idx"),
            models.Index(
                fields=["status", "original_language", "title_en", "title_fr", "id"],
                name="experience_titles_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"

    # --- text in the reader's language -------------------------------------------------------

    @property
    def translation_language(self) -> str:
        return "fr" if self.original_language == "en" else "en"

    def text(self, field: str, language: str | None = None) -> str:
        """The field in ``language`` (default: the active one), else in the original."""
        language = language if language in ("en", "fr") else reader_language()
        return getattr(self, f"{field}_{language}") or getattr(
            self, f"{field}_{self.original_language}"
        )

    @property
    def title(self) -> str:
        return self.text("title")

    @property
    def summary(self) -> str:
        return self.text("summary")

    def translation_status(self, field: str) -> str:
        """``missing``, ``stale`` or ``current`` for the translation of ``field``."""
        original = getattr(self, f"{field}_{self.original_language}")
        translation = getattr(self, f"{field}_{self.translation_language}")
        if not original:
            return "current" if not translation else "stale"
        if not translation:
            return "missing"
        return "current" if self.translated_from.get(field) == text_hash(original) else "stale"

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def cite_identifier(self) -> str:
        return f"{self.identifier}.v{self.version_number}" if self.version_number else ""


class Reference(models.Model):
    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("journal or publisher"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    url = models.URLField(_("web address"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else self.url


class RelationKind(models.TextChoices):
    ADAPTS = "adapts", _("adapts")
    REPLICATES = "replicates", _("replicates")
    SCALES_UP = "scales-up", _("scales up")
    TRANSLATION_OF = "translation-of", _("is a translation of")


class Relation(models.Model):
    """``source`` adapts / replicates / scales up / is a translation of ``target``."""

    source = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="relations")
    target = models.ForeignKey(
        Experience, on_delete=models.CASCADE, related_name="inverse_relations"
    )
    kind = models.CharField(_("relation"), max_length=16, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("related experience")
        verbose_name_plural = _("related experiences")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="relation_unique"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


def _attachment_path(attachment: Attachment, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"compendium/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file of an experience, served only through a view that checks who may read it."""

    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.name


class ExperienceVersion(models.Model):
    """One published state of an experience; never changed once written."""

    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("record"))
    label = models.CharField(_("label"), max_length=24, choices=Label.choices, blank=True)
    criteria_set = models.ForeignKey(
        "CriteriaSet", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    change_note = models.TextField(_("what changed"), blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["experience", "number"]
        constraints = [
            models.UniqueConstraint(fields=["experience", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.experience.identifier}.v{self.number}"


class IdentifierCounter(models.Model):
    """The last number given out in a year, so identifiers never repeat."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class StatusChange(models.Model):
    """Every move through the workflow, for the dashboard's time-in-state figures."""

    experience = models.ForeignKey(
        Experience, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class NoteKind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback to the submitter")
    INTERNAL = "internal", _("Note for curators")
    RECONCILIATION = "reconciliation", _("Reconciliation discussion")


class CurationNote(models.Model):
    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=NoteKind.choices)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


# --- Criteria -------------------------------------------------------------------------------


class CriteriaSet(models.Model):
    """A version of the criteria that experiences are reviewed against.

    Only a draft set can be edited. Activating a draft retires the previous active set; its
    labels keep pointing at it, and curators can flag those records for re-assessment.
    """

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("criteria set", "Draft")
        ACTIVE = "active", pgettext_lazy("criteria set", "Active")
        RETIRED = "retired", pgettext_lazy("criteria set", "Retired")

    version = models.PositiveIntegerField(_("version"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    notes_en = models.TextField(_("what changed (English)"), blank=True)
    notes_fr = models.TextField(_("what changed (French)"), blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT)
    disagreement_threshold = models.PositiveSmallIntegerField(
        _("disagreement threshold"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_(
            "Reconciliation starts when two reviewers' scores for a criterion differ by at "
            "least this much, or when they disagree on a gate."
        ),
    )
    best_threshold = models.DecimalField(
        _("best practice: lowest average"), max_digits=3, decimal_places=2, default=2.25
    )
    promising_threshold = models.DecimalField(
        _("promising practice: lowest average"), max_digits=3, decimal_places=2, default=1.5
    )
    created_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["state"], condition=Q(state="active"), name="one_active_criteria_set"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def name(self) -> str:
        return self.name_fr if reader_language() == "fr" and self.name_fr else self.name_en


class CriterionKind(models.TextChoices):
    GATE = "gate", _("Gate (pass or fail)")
    SCORED = "scored", _("Scored (0–3)")


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("key"), max_length=40)
    kind = models.CharField(_("kind"), max_length=8, choices=CriterionKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_key = models.BooleanField(
        _("key criterion"),
        default=False,
        help_text=_("A label's tier also needs this criterion to reach the tier's threshold."),
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    question_en = models.TextField(_("question (English)"), blank=True)
    question_fr = models.TextField(_("question (French)"), blank=True)
    # The written anchor for each score of a scored criterion.
    anchor_0_en = models.TextField(_("0 means (English)"), blank=True)
    anchor_0_fr = models.TextField(_("0 means (French)"), blank=True)
    anchor_1_en = models.TextField(_("1 means (English)"), blank=True)
    anchor_1_fr = models.TextField(_("1 means (French)"), blank=True)
    anchor_2_en = models.TextField(_("2 means (English)"), blank=True)
    anchor_2_fr = models.TextField(_("2 means (French)"), blank=True)
    anchor_3_en = models.TextField(_("3 means (English)"), blank=True)
    anchor_3_fr = models.TextField(_("3 means (French)"), blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "key"], name="criterion_unique_key")
        ]

    def __str__(self) -> str:
        return self.name

    def _localised(self, field: str) -> str:
        fr = getattr(self, f"{field}_fr")
        return fr if reader_language() == "fr" and fr else getattr(self, f"{field}_en")

    @property
    def name(self) -> str:
        return self._localised("name")

    @property
    def question(self) -> str:
        return self._localised("question")

    @property
    def anchors(self) -> list[tuple[int, str]]:
        if self.kind != CriterionKind.SCORED:
            return []
        return [(score, self._localised(f"anchor_{score}")) for score in range(4)]


# --- Reviews --------------------------------------------------------------------------------


class ReviewState(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    SUBMITTED = "submitted", pgettext_lazy("review", "Submitted")
    RECUSED = "recused", _("Stood down (conflict of interest)")


class Review(models.Model):
    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=10, choices=ReviewState.choices, default=ReviewState.ASSIGNED
    )
    is_tiebreak = models.BooleanField(_("third reviewer"), default=False)
    has_conflict = models.BooleanField(_("declares a conflict of interest"), null=True)
    conflict_statement = models.TextField(_("conflict of interest"), blank=True)
    comments = models.TextField(_("overall comments"), blank=True)
    assigned_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    revised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["experience", "reviewer"], name="review_once")
        ]

    def __str__(self) -> str:
        return f"{self.experience_id} / {self.reviewer_id}"


class ReviewScore(models.Model):
    """A reviewer's judgement on one criterion: a gate's pass/fail, or a 0–3 score.

    ``initial_*`` keep what the reviewer first submitted, before any reconciliation, so the
    agreement statistics measure independent judgements.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField(_("passes"), null=True)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, validators=[MaxValueValidator(3)]
    )
    justification = models.TextField(_("justification"))
    initial_passed = models.BooleanField(null=True)
    initial_score = models.PositiveSmallIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=3), name="score_0_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score if self.passed is None else self.passed}"


# --- Imports from the web ---------------------------------------------------------------------


# A 10,000-row import takes minutes; a step not done after this has lost its worker.
IMPORT_STALLED_AFTER = timedelta(hours=2)


class ImportState(models.TextChoices):
    CHECKING = "checking", _("checking the file")
    CHECKED = "checked", _("checked, waiting for confirmation")
    REJECTED = "rejected", _("has problems, nothing imported")
    IMPORTING = "importing", _("importing")
    IMPORTED = "imported", _("imported")
    FAILED = "failed", _("not imported")
    DISCARDED = "discarded", _("discarded")


def _import_path(job: ImportJob, filename: str) -> str:
    return f"compendium/imports/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ImportJob(models.Model):
    """A file a curator uploaded to import: checked first (a dry run), imported only once a
    curator confirms what the check found. ``report`` keeps what the check (then the import)
    found, in ``language``: ``{"rows": n, "problems": [{"row", "field", "message"}],
    "candidates": [{"row", "action", "identifier", "title"}]}``."""

    file = models.FileField(_("file"), upload_to=_import_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    format = models.CharField(_("format"), max_length=8)
    size = models.PositiveBigIntegerField(_("size"))
    state = models.CharField(
        _("state"), max_length=16, choices=ImportState.choices, default=ImportState.CHECKING
    )
    language = models.CharField(_("language of the report"), max_length=8)
    report = models.JSONField(_("report"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    confirmed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("imported by")
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    # When the current step (the check, then the import) was queued.
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def working(self) -> bool:
        return self.state in (ImportState.CHECKING, ImportState.IMPORTING) and not self.stalled

    @property
    def stalled(self) -> bool:
        """Checking or importing for longer than any file takes: the worker has gone (a
        restart), and its transaction with it, so the file can be discarded."""
        return (
            self.state
            in (
                ImportState.CHECKING,
                ImportState.IMPORTING,
            )
            and self.started_at < timezone.now() - IMPORT_STALLED_AFTER
        )

    def count(self, action: str) -> int:
        return sum(1 for c in self.report.get("candidates", ()) if c["action"] == action)

    @property
    def to_write(self) -> int:
        return self.count("create") + self.count("update")
