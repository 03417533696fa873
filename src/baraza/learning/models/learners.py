"""Learners' enrolments, progress, answers and certificates, and adopters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baraza.learning.models.packages import Package, new_certificate_code

# --- Learners ----------------------------------------------------------------------------------


class Enrolment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="enrolments")
    created_at = models.DateTimeField(auto_now_add=True)
    # Where to resume: the lesson last opened.
    last_lesson_key = models.CharField(max_length=12, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "package"], name="learning_enrol_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.package.slug}"


class LessonVisit(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="visits")
    lesson_key = models.CharField(max_length=12)
    visited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson_key"], name="learning_visit_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.lesson_key}"


class AttemptKind(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")
    QUIZ = "quiz", _("Module quiz")
    CHECK = "check", _("Knowledge check")


class Attempt(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(max_length=10, choices=AttemptKind.choices)
    # The module of a quiz, the item of a knowledge check; blank for the pre/post-test.
    scope_key = models.CharField(max_length=12, blank=True)
    version_number = models.PositiveIntegerField()
    score = models.PositiveIntegerField(default=0)
    max_score = models.PositiveIntegerField(default=0)
    passed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["enrolment", "kind", "scope_key"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.score}/{self.max_score}"

    @property
    def percent(self) -> int:
        # Rounded down, as the pass mark is compared: 16 of 23 (69.6%) shows 69%, not 70%.
        return 100 * self.score // self.max_score if self.max_score else 0


class Response(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question_key = models.CharField(max_length=12, db_index=True)
    option_keys = models.JSONField(default=list)
    correct = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.question_key}: {self.option_keys}"


class Certificate(models.Model):
    """Issued once, on completion. The holder's name and the package's title are copied so the
    certificate reads the same after a rename; the public page verifies it by its code."""

    code = models.CharField(max_length=16, unique=True, default=new_certificate_code)
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate"
    )
    holder_name = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    title_fr = models.CharField(max_length=200)
    version_number = models.PositiveIntegerField()
    notional_hours = models.DecimalField(max_digits=5, decimal_places=1)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, 16, 4))


# --- Adopters ---------------------------------------------------------------------------------


class AdoptionKind(models.TextChoices):
    ADOPTED = "adopted", _("Adopted as it is")
    ADAPTED = "adapted", _("Adapted")


class Adoption(models.Model):
    """An institution that took a package into a curriculum; told when a new version comes."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="adoptions")
    institution = models.CharField(_("institution"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("adopted or adapted"), max_length=10, choices=AdoptionKind.choices)
    curriculum = models.CharField(_("curriculum or programme"), max_length=200)
    cohort = models.CharField(_("cohort"), max_length=120, blank=True)
    adaptation = models.TextField(_("what was adapted"), blank=True)
    version_number = models.PositiveIntegerField(_("version adopted"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adoptions"
    )
    notify = models.BooleanField(_("tell me about new versions"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.institution} ({self.package.slug})"
