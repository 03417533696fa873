"""Packages, their published versions and a learning package's content."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from baraza.compendium.models import LANGUAGES, reader_language, text_hash

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


def new_key() -> str:
    return secrets.token_hex(6)


def new_certificate_code() -> str:
    # 16 characters from an unambiguous alphabet, shown as XXXX-XXXX-XXXX-XXXX.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


class Kind(models.TextChoices):
    LEARNING = "learning", _("Learning package")
    WORKSHOP = "workshop", _("Workshop package")


class Audience(models.TextChoices):
    PRE_SERVICE = "pre_service", _("Pre-service training")
    IN_SERVICE = "in_service", _("In-service training")
    STAFF = "staff", _("Staff development")


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Licence(models.TextChoices):
    CC_BY_NC_SA_IGO = "CC-BY-NC-SA-3.0-IGO", "CC BY-NC-SA 3.0 IGO"
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC_BY_NC_SA = "CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0"


class Translatable(models.Model):
    """Rows with text in both languages; ``TRANSLATABLE`` names the fields (without suffix)."""

    TRANSLATABLE: tuple[str, ...] = ()

    translated_from = models.JSONField(_("translated from"), default=dict, blank=True)

    class Meta:
        abstract = True

    def text(self, field: str, original: str, language: str | None = None) -> str:
        """The field in ``language`` (default: the reader's), else in the ``original`` one."""
        language = language if language in ("en", "fr") else reader_language()
        return getattr(self, f"{field}_{language}") or getattr(self, f"{field}_{original}")

    def translation_status(self, field: str, original: str) -> str:
        """``missing``, ``stale`` or ``current`` for the translation of ``field``."""
        source = getattr(self, f"{field}_{original}")
        translation = getattr(self, f"{field}_{'fr' if original == 'en' else 'en'}")
        if not source:
            return "current" if not translation else "stale"
        if not translation:
            return "missing"
        return "current" if self.translated_from.get(field) == text_hash(source) else "stale"

    def mark_translated(self, field: str, original: str) -> None:
        """Record that the translation of ``field`` now matches the original's text."""
        self.translated_from = {
            **self.translated_from,
            field: text_hash(getattr(self, f"{field}_{original}")),
        }


class Package(Translatable):
    TRANSLATABLE = ("title", "summary", "competencies", "prerequisites", "goal")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    original_language = models.CharField(
        _("original language"), max_length=2, choices=LANGUAGES, default="en"
    )
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    # One competency (or prerequisite) per line.
    competencies_en = models.TextField(_("competencies (English)"), blank=True)
    competencies_fr = models.TextField(_("competencies (French)"), blank=True)
    prerequisites_en = models.TextField(_("prerequisites (English)"), blank=True)
    prerequisites_fr = models.TextField(_("prerequisites (French)"), blank=True)
    # The workshop's goal (a learning package states its aims in the summary).
    goal_en = models.TextField(_("goal (English)"), blank=True)
    goal_fr = models.TextField(_("goal (French)"), blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.INTRODUCTORY
    )
    notional_hours = models.DecimalField(
        _("notional hours"),
        max_digits=5,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0)],
    )
    licence = models.CharField(
        _("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY_NC_SA_IGO
    )
    # Completion: this share of the lessons visited, and every module quiz passed at this mark.
    visit_share = models.PositiveSmallIntegerField(
        _("share of lessons to visit (%)"), default=100, validators=PERCENT
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("quiz pass mark (%)"), default=70, validators=PERCENT
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="authored_packages",
        blank=True,
        verbose_name=_("authors"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The latest published version (0: never published) and when it was published.
    version_number = models.PositiveIntegerField(_("version"), default=0)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "slug"]
        verbose_name = _("package")
        verbose_name_plural = _("packages")

    def __str__(self) -> str:
        return self.title_en or self.title_fr or self.slug

    @property
    def title(self) -> str:
        return self.text("title", self.original_language)

    @property
    def translation_language(self) -> str:
        return "fr" if self.original_language == "en" else "en"

    @property
    def is_published(self) -> bool:
        return self.version_number > 0


class PackageVersion(models.Model):
    """A published version: the package frozen as data (see ``snapshot.build``)."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField()
    notes_en = models.TextField(_("what changed (English)"), blank=True)
    notes_fr = models.TextField(_("what changed (French)"), blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["package", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["package", "number"], name="learning_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.package.slug} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A published version never changes."))
        super().save(*args, **kwargs)


class Ordered(Translatable):
    key = models.CharField(max_length=12, unique=True, default=new_key, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


# --- Learning packages --------------------------------------------------------------------


class Module(Ordered):
    TRANSLATABLE = ("title", "objectives")

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="modules")
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    objectives_en = models.TextField(_("objectives (English)"), blank=True)
    objectives_fr = models.TextField(_("objectives (French)"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("module")

    def __str__(self) -> str:
        return self.title_en or self.title_fr


class Lesson(Ordered):
    TRANSLATABLE = ("title",)

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=15)

    class Meta(Ordered.Meta):
        verbose_name = _("lesson")

    def __str__(self) -> str:
        return self.title_en or self.title_fr


class ItemKind(models.TextChoices):
    TEXT = "text", _("Text")
    EXPERIENCE = "experience", _("Experience card")
    DOWNLOAD = "download", _("Download")
    CHECK = "check", _("Knowledge check")


class Item(Ordered):
    """One piece of a lesson. ``body`` is Markdown: the text, an experience card's reflection
    prompts, or a download's description. A knowledge check's question hangs off the item."""

    TRANSLATABLE = ("title", "body")

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    body_fr = models.TextField(_("text (French)"), blank=True)
    experience = models.ForeignKey(
        "compendium.Experience",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("experience"),
    )
    file = models.FileField(_("file"), upload_to="learning/downloads/", blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("item")

    def __str__(self) -> str:
        return self.title_en or self.title_fr or self.get_kind_display()


class Role(models.TextChoices):
    CHECK = "check", _("Knowledge check")
    PRE_POST = "pre_post", _("Pre- and post-test")
    QUIZ = "quiz", _("Module quiz")


class Question(Ordered):
    """A question with its options. A knowledge check belongs to an item (ungraded, with
    feedback); a quiz question to a module; a pre/post-test question to the package, asked
    before and after in the same words so that the gain per question can be measured."""

    TRANSLATABLE = ("prompt", "feedback")

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="questions")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )
    prompt_en = models.TextField(_("question (English)"), blank=True)
    prompt_fr = models.TextField(_("question (French)"), blank=True)
    multiple = models.BooleanField(_("several answers may be right"), default=False)
    feedback_en = models.TextField(_("explanation (English)"), blank=True)
    feedback_fr = models.TextField(_("explanation (French)"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("question")

    def __str__(self) -> str:
        return (self.prompt_en or self.prompt_fr)[:80]


class Option(Ordered):
    TRANSLATABLE = ("text", "feedback")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text_en = models.CharField(_("answer (English)"), max_length=300, blank=True)
    text_fr = models.CharField(_("answer (French)"), max_length=300, blank=True)
    correct = models.BooleanField(_("correct"), default=False)
    feedback_en = models.TextField(_("feedback (English)"), blank=True)
    feedback_fr = models.TextField(_("feedback (French)"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("answer option")

    def __str__(self) -> str:
        return self.text_en or self.text_fr
