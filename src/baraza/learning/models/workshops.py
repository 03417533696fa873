"""A workshop package's content, and its runs: the training cascade."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baraza.compendium.models import LANGUAGES
from baraza.learning.models.packages import PERCENT, Ordered, Package

# --- Workshop packages ----------------------------------------------------------------------


class Variant(Ordered):
    """One way to run the workshop, e.g. a 1-day orientation or a 3-day course."""

    TRANSLATABLE = ("name",)

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="variants")
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("variant")

    def __str__(self) -> str:
        return self.name_en or self.name_fr


class Day(Ordered):
    TRANSLATABLE = ("title",)

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="days")
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    starts_at = models.TimeField(_("starts at"), default="09:00")

    class Meta(Ordered.Meta):
        verbose_name = _("day")

    def __str__(self) -> str:
        return self.title_en or self.title_fr


class Method(models.TextChoices):
    PRESENTATION = "presentation", _("Presentation")
    DISCUSSION = "discussion", _("Discussion")
    ROLE_PLAY = "role_play", _("Role-play")
    CASE_STUDY = "case_study", _("Case-study group work")
    FIELD_VISIT = "field_visit", _("Field visit")
    CASE_HARVESTING = "case_harvesting", _("Case harvesting")
    BREAK = "break", _("Break")


class Session(Ordered):
    """A slot in a day's agenda. ``slot_minutes`` is the time the agenda gives it; its timed
    steps must fit (``snapshot`` flags a session whose steps overrun the slot)."""

    TRANSLATABLE = (
        "title",
        "objectives",
        "materials",
        "key_messages",
        "debrief_questions",
        "handouts",
    )

    day = models.ForeignKey(Day, on_delete=models.CASCADE, related_name="sessions")
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    slot_minutes = models.PositiveSmallIntegerField(_("minutes in the agenda"), default=60)
    # One per line.
    objectives_en = models.TextField(_("objectives (English)"), blank=True)
    objectives_fr = models.TextField(_("objectives (French)"), blank=True)
    materials_en = models.TextField(_("materials (English)"), blank=True)
    materials_fr = models.TextField(_("materials (French)"), blank=True)
    key_messages_en = models.TextField(_("key messages (English)"), blank=True)
    key_messages_fr = models.TextField(_("key messages (French)"), blank=True)
    debrief_questions_en = models.TextField(_("debrief questions (English)"), blank=True)
    debrief_questions_fr = models.TextField(_("debrief questions (French)"), blank=True)
    handouts_en = models.TextField(_("handouts (English)"), blank=True)
    handouts_fr = models.TextField(_("handouts (French)"), blank=True)
    experiences = models.ManyToManyField(
        "compendium.Experience",
        blank=True,
        related_name="+",
        verbose_name=_("experiences for group work"),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("session")

    def __str__(self) -> str:
        return self.title_en or self.title_fr


class Step(Ordered):
    TRANSLATABLE = ("instructions",)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="steps")
    instructions_en = models.TextField(_("instructions (English)"), blank=True)
    instructions_fr = models.TextField(_("instructions (French)"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=10)

    class Meta(Ordered.Meta):
        verbose_name = _("step")

    def __str__(self) -> str:
        return (self.instructions_en or self.instructions_fr)[:80]


class When(models.TextChoices):
    TWO_WEEKS = "two_weeks", _("Two weeks before")
    ONE_WEEK = "one_week", _("One week before")
    DAY_OF = "day_of", _("On the day")
    AFTER = "after", _("After the workshop")


class ChecklistItem(Ordered):
    TRANSLATABLE = ("text",)

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="checklist")
    when = models.CharField(_("when"), max_length=12, choices=When.choices)
    text_en = models.CharField(_("task (English)"), max_length=300, blank=True)
    text_fr = models.CharField(_("task (French)"), max_length=300, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("preparation task")

    def __str__(self) -> str:
        return self.text_en or self.text_fr


class Scale(models.TextChoices):
    RATING = "rating", _("Rating from 1 to 5")
    TEXT = "text", _("Written answer")


class EvaluationQuestion(Ordered):
    TRANSLATABLE = ("text",)

    package = models.ForeignKey(
        Package, on_delete=models.CASCADE, related_name="evaluation_questions"
    )
    scale = models.CharField(_("answer"), max_length=10, choices=Scale.choices)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    text_fr = models.CharField(_("question (French)"), max_length=300, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("evaluation question")

    def __str__(self) -> str:
        return self.text_en or self.text_fr


# --- Workshop runs and the training cascade ------------------------------------------------


class RunKind(models.TextChoices):
    TRAINING_OF_TRAINERS = "tot", _("Training of trainers")
    WORKSHOP = "workshop", _("Workshop")


class WorkshopRun(models.Model):
    """One delivery of a workshop package. ``trained_in`` is the training of trainers where
    its lead facilitator was trained, which links runs into a cascade: master trainer →
    trainers → participants."""

    package = models.ForeignKey(Package, on_delete=models.PROTECT, related_name="runs")
    version_number = models.PositiveIntegerField(_("version used"))
    variant_key = models.CharField(max_length=12, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=RunKind.choices)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="facilitated_runs",
        verbose_name=_("lead facilitator"),
    )
    co_facilitators = models.CharField(_("co-facilitators"), max_length=300, blank=True)
    trained_in = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cascade",
        verbose_name=_("where the facilitator was trained"),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="learning_run_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.package.slug} {self.starts_on} {self.city}"


class Participant(models.Model):
    run = models.ForeignKey(WorkshopRun, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_participations",
    )
    attended = models.BooleanField(_("attended"), default=True)
    pre_score = models.PositiveSmallIntegerField(
        _("pre-test score (%)"), null=True, blank=True, validators=PERCENT
    )
    post_score = models.PositiveSmallIntegerField(
        _("post-test score (%)"), null=True, blank=True, validators=PERCENT
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Evaluation(models.Model):
    """One participant's answers to the evaluation form, keyed by evaluation-question key."""

    run = models.ForeignKey(WorkshopRun, on_delete=models.CASCADE, related_name="evaluations")
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"evaluation {self.pk} of run {self.run_id}"


class HarvestedCase(models.Model):
    """A draft experience that came out of a workshop's case-harvesting session."""

    run = models.ForeignKey(WorkshopRun, on_delete=models.CASCADE, related_name="harvest")
    session_key = models.CharField(max_length=12, blank=True)
    experience = models.OneToOneField(
        "compendium.Experience", on_delete=models.CASCADE, related_name="harvested_at"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.experience_id} from run {self.run_id}"
