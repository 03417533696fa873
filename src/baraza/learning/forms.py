"""The authors' and adopters' forms.

Editorial texts are edited in both languages side by side (``TextsForm.pairs``), the original
language first, each translation with its status. Content rows of every kind share one form
(``RowForm``), built from the fields ``services.authoring.PARTS`` names for that kind.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from baraza.compendium.models import LANGUAGES, Experience, Status
from baraza.core.uploads import check_upload, human_size
from baraza.learning import models as m
from baraza.learning.services.authoring import Part, slug_problem
from baraza.taxonomy import queries as taxonomy
from baraza.taxonomy.fields import AlphabeticalChoiceField

MAX_NOTES = 20_000
# A lesson, a session or a step lasts at most a day.
MAX_MINUTES = 24 * 60
MINUTES_FIELDS = {"minutes", "slot_minutes"}
ONE_PER_LINE = _("One per line.")
MARKDOWN = _("Markdown: **bold**, *italic*, lists with “- ”, links as [text](address).")
HELP = {
    "competencies": ONE_PER_LINE,
    "prerequisites": ONE_PER_LINE,
    "objectives": ONE_PER_LINE,
    "materials": ONE_PER_LINE,
    "key_messages": ONE_PER_LINE,
    "debrief_questions": ONE_PER_LINE,
    "handouts": ONE_PER_LINE,
    "body": MARKDOWN,
    "instructions": MARKDOWN,
}
# What each translatable field is called on the translation page and above its pair.
TEXT_LABELS = {
    "title": _("Title"),
    "summary": _("Summary"),
    "competencies": _("Competencies"),
    "prerequisites": _("Prerequisites"),
    "goal": _("Goal"),
    "objectives": _("Objectives"),
    "body": _("Text"),
    "prompt": _("Question"),
    "feedback": _("Explanation or feedback"),
    "text": _("Text"),
    "name": _("Name"),
    "materials": _("Materials"),
    "key_messages": _("Key messages"),
    "debrief_questions": _("Debrief questions"),
    "handouts": _("Handouts"),
    "instructions": _("Instructions"),
}
# An item's body says different things for each kind of item.
ITEM_BODY = {
    m.ItemKind.TEXT: (_("text (English)"), _("text (French)"), MARKDOWN),
    m.ItemKind.EXPERIENCE: (
        _("reflection prompts (English)"),
        _("reflection prompts (French)"),
        _("Questions that make learners think about the experience. Markdown."),
    ),
    m.ItemKind.DOWNLOAD: (
        _("description (English)"),
        _("description (French)"),
        _("What the file is and how to use it. Markdown."),
    ),
    m.ItemKind.CHECK: (
        _("introduction (English)"),
        _("introduction (French)"),
        _("Optional: a sentence before the question. Markdown."),
    ),
}


def _model_fields(model, names) -> dict:
    """Form fields for ``names`` with the model's own validators (ranges, percentages)."""
    fields = fields_for_model(model, fields=list(names))
    for name, formfield in fields.items():
        model_field = model._meta.get_field(name)
        formfield.validators = [
            *formfield.validators,
            *(v for v in model_field.validators if v not in formfield.validators),
        ]
        widget = formfield.widget
        if isinstance(widget, forms.Textarea):
            widget.attrs["rows"] = 3
        if name[-3:] in ("_en", "_fr"):
            widget.attrs["lang"] = name[-2:]
        if name in MINUTES_FIELDS:
            # A day at most, whatever larger number the database would take.
            formfield.max_value = MAX_MINUTES
            formfield.validators = [
                *(v for v in formfield.validators if not isinstance(v, MaxValueValidator)),
                MaxValueValidator(MAX_MINUTES),
            ]
            widget.attrs["max"] = MAX_MINUTES
        if isinstance(formfield, forms.TimeField):
            formfield.widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    return fields


class TextsForm(forms.Form):
    """Texts in both languages, each translation with its status, and other fields."""

    texts: tuple[str, ...] = ()
    others_first = True

    def __init__(self, *args, row, original: str, texts=(), required: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        self.original = original
        self.translation_language = "fr" if original == "en" else "en"
        self.texts = tuple(texts)
        self.required = required
        # One help text under each pair (not on each field: both would repeat it).
        self.text_help = {name: HELP.get(name, "") for name in self.texts}
        if row.pk and self.texts:
            self.fields["translation_current"] = forms.BooleanField(
                label=_("The translation is up to date: I checked it against the original."),
                required=False,
                help_text=_(
                    "A translation you change here is marked up to date by itself. Tick this "
                    "when you changed only the original and the translation still says the same."
                ),
            )

    def text_names(self) -> set[str]:
        return {f"{name}_{lang}" for name in self.texts for lang in ("en", "fr")}

    @property
    def pairs(self) -> list[dict]:
        return [
            {
                "original": self[f"{name}_{self.original}"],
                "translation": self[f"{name}_{self.translation_language}"],
                "status": self._status(name),
                "help": self.text_help.get(name, ""),
            }
            for name in self.texts
        ]

    def _status(self, name: str) -> str:
        """The translation's status, for a saved row with text in either language."""
        if not self.row.pk or not any(getattr(self.row, f"{name}_{lang}") for lang in ("en", "fr")):
            return ""
        return self.row.translation_status(name, self.original)

    @property
    def others(self) -> list:
        skip = self.text_names() | {"translation_current"}
        return [self[name] for name in self.fields if name not in skip]

    def clean(self):
        data = super().clean()
        original = data.get("original_language", self.original)
        key = f"{self.required}_{original}"
        if self.required and key in self.fields and not (data.get(key) or "").strip():
            self.add_error(
                key,
                _("Write this in English: it is the original language.")
                if original == "en"
                else _("Write this in French: it is the original language."),
            )
        return data

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "translation_current"}

    @property
    def confirm_field(self):
        return self["translation_current"] if "translation_current" in self.fields else None

    @property
    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("translation_current"))


def _texts_fields(model, texts) -> dict:
    return _model_fields(model, [f"{name}_{lang}" for name in texts for lang in ("en", "fr")])


def _initial(row, names) -> dict:
    return {name: getattr(row, name) for name in names}


# --- Packages ---------------------------------------------------------------------------------


class NewPackageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=80,
        help_text=_(
            "Used in the package's address: small letters, digits and hyphens, e.g. "
            "community-dialogue."
        ),
    )
    original_language = forms.ChoiceField(
        label=_("Original language"),
        choices=LANGUAGES,
        help_text=_("The language you write in; the other one is the translation."),
    )
    audience = forms.ChoiceField(label=_("Audience"), choices=m.Audience.choices)
    level = forms.ChoiceField(label=_("Level"), choices=m.Level.choices)

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        problem = slug_problem(slug)
        if problem:
            raise ValidationError(problem, params={"slug": slug})
        return slug


class PackageForm(TextsForm):
    """A package's metadata: texts in both languages, audience, level, hours, completion."""

    others_first = False

    def __init__(self, *args, package: m.Package, **kwargs):
        texts = ["title", "summary", "competencies", "prerequisites"]
        others = ["original_language", "audience", "level", "notional_hours", "licence"]
        if package.kind == m.Kind.WORKSHOP:
            texts.append("goal")
        else:
            others += ["visit_share", "pass_mark"]
        names = [f"{t}_{lang}" for t in texts for lang in ("en", "fr")] + others
        kwargs.setdefault("initial", _initial(package, names))
        super().__init__(
            *args,
            row=package,
            original=package.original_language,
            texts=texts,
            required="title",
            **kwargs,
        )
        fields = _texts_fields(m.Package, texts)
        fields.update(_model_fields(m.Package, others))
        self.text_help["summary"] = _(
            "What the package is for and what learners will be able to do. Markdown."
        )
        if "visit_share" in fields:
            fields["visit_share"].help_text = _(
                "A learner completes the package after visiting this share of the lessons and "
                "passing every module quiz."
            )
        self.fields = {**fields, **self.fields}


# --- Content rows ----------------------------------------------------------------------------


class RecordField(forms.CharField):
    """A published compendium record, typed by its identifier (e.g. CE-2026-0001)."""

    def clean(self, value):
        identifier = (super().clean(value) or "").strip().upper()
        if not identifier:
            return None
        found = Experience.objects.filter(identifier=identifier, status=Status.PUBLISHED).first()
        if found is None:
            raise ValidationError(
                _("%(identifiers)s is not a published record of the compendium."),
                params={"identifiers": identifier},
            )
        return found


class RecordsField(forms.CharField):
    """Published compendium records, by identifiers separated by spaces, commas or lines."""

    widget = forms.Textarea(attrs={"rows": 2})

    def clean(self, value):
        text = super().clean(value) or ""
        identifiers = list(dict.fromkeys(i.upper() for i in re.split(r"[\s,;]+", text) if i))
        found = {
            e.identifier: e
            for e in Experience.objects.filter(identifier__in=identifiers, status=Status.PUBLISHED)
        }
        unknown = [i for i in identifiers if i not in found]
        if unknown:
            raise ValidationError(
                _("These are not published records of the compendium: %(identifiers)s."),
                params={"identifiers": ", ".join(unknown)},
            )
        return [found[i] for i in identifiers]


class DownloadField(forms.FileField):
    """A file checked by its content (``baraza.core.uploads``), stored under a safe name."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded or uploaded is initial:
            return None
        checked = check_upload(uploaded)
        uploaded.name = checked.name
        return uploaded


class RowForm(TextsForm):
    """Any content row: its texts side by side and the fields of its kind."""

    def __init__(self, *args, part: Part, package: m.Package, row, item_kind: str = "", **kw):
        item_kind = item_kind or getattr(row, "kind", "")
        plain = [f for f in part.fields if f not in ("experience", "experiences", "file")]
        texts = list(part.model.TRANSLATABLE)
        required = part.required
        if part.kind == "item":
            required = "body" if item_kind == m.ItemKind.TEXT else ""
        if row.pk:
            kw.setdefault("initial", self._row_initial(row, part, texts, plain))
        super().__init__(
            *args,
            row=row,
            original=package.original_language,
            texts=texts,
            required=required,
            **kw,
        )
        self.part = part
        self.item_kind = item_kind
        # Questions and options read best text first; other rows show their settings first.
        self.others_first = part.kind not in ("check", "quiz", "prepost", "option")
        fields = _model_fields(part.model, plain) if plain else {}
        fields.update(_texts_fields(part.model, texts))
        if part.kind == "item":
            self._item_fields(fields, item_kind, row)
        if "experiences" in part.fields:
            fields["experiences"] = RecordsField(
                label=_("Experiences for group work"),
                required=False,
                help_text=_(
                    "Identifiers of published compendium records, e.g. CE-2026-0001, one per line."
                ),
            )
        self.fields = {**fields, **self.fields}

    @staticmethod
    def _row_initial(row, part: Part, texts, plain) -> dict:
        initial = _initial(row, [f"{t}_{lang}" for t in texts for lang in ("en", "fr")] + plain)
        if "experiences" in part.fields:
            initial["experiences"] = "\n".join(sorted(e.identifier for e in row.experiences.all()))
        if part.kind == "item" and row.experience_id:
            initial["experience"] = row.experience.identifier
        return initial

    def _item_fields(self, fields: dict, kind: str, row) -> None:
        label_en, label_fr, help_text = ITEM_BODY[kind]
        fields["body_en"].label, fields["body_fr"].label = label_en, label_fr
        self.text_help["body"] = help_text
        if kind == m.ItemKind.EXPERIENCE:
            fields["experience"] = RecordField(
                label=_("Compendium record"),
                max_length=20,
                help_text=_(
                    "The identifier of a published record, e.g. CE-2026-0001. The card always "
                    "shows the record as it is now."
                ),
            )
        if kind == m.ItemKind.DOWNLOAD:
            fields["file"] = DownloadField(
                label=_("File"),
                required=not (row.pk and row.file),
                help_text=(
                    _("PDF, pictures or office documents without macros.")
                    if not (row.pk and row.file)
                    else _("Leave empty to keep the current file (%(name)s, %(size)s).")
                    % {"name": row.file.name.rsplit("/", 1)[-1], "size": _size(row)}
                ),
            )

    def values(self) -> dict:
        values = super().values()
        if self.part.kind == "item" and not self.row.pk:
            values["kind"] = self.item_kind
        return values


def _size(item) -> str:
    try:
        return human_size(item.file.size)
    except OSError:
        return "?"


# --- Authors, publishing, adopters -----------------------------------------------------------


class AuthorForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the member to add"),
        help_text=_("They must already be a member and an author."),
    )


OUT_OF_DATE = _("This form is out of date. Reload the page, then publish again.")


class PublishForm(forms.Form):
    # The version the author saw: publishing is refused if another one came out meanwhile
    # (a double click on "Publish", or a co-author who published first).
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE, "min_value": OUT_OF_DATE},
    )
    notes_en = forms.CharField(
        label=_("What changed (English)"),
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "en"}),
    )
    notes_fr = forms.CharField(
        label=_("What changed (French)"),
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "fr"}),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("notes_en", "").strip() or data.get("notes_fr", "").strip()):
            raise ValidationError(
                _("Say what changed in at least one language: adopters read it in their email.")
            )
        return data


class AdoptionForm(forms.Form):
    institution = forms.CharField(label=_("Institution"), max_length=200)
    country = AlphabeticalChoiceField(
        label=_("Country"),
        queryset=taxonomy.countries(),
        to_field_name="code",
        empty_label=_("Choose a country"),
    )
    kind = forms.ChoiceField(
        label=_("Adopted or adapted"),
        choices=m.AdoptionKind.choices,
        widget=forms.RadioSelect,
    )
    curriculum = forms.CharField(
        label=_("Curriculum or programme"),
        max_length=200,
        help_text=_("E.g. Diploma in community health nursing, year 2."),
    )
    cohort = forms.CharField(
        label=_("Cohort"),
        max_length=120,
        required=False,
        help_text=_("E.g. 2026 intake, 40 students."),
    )
    adaptation = forms.CharField(
        label=_("What was adapted"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed if you adapted the package: what you changed, added or left out."),
    )
    notify = forms.BooleanField(
        label=_("Tell me by email when a new version is published"),
        required=False,
        initial=True,
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == m.AdoptionKind.ADAPTED and not data.get("adaptation", "").strip():
            self.add_error("adaptation", _("Say what you adapted."))
        return data

    def values(self) -> dict:
        return {**self.cleaned_data, "country": self.cleaned_data["country"].code}


class NotifyForm(forms.Form):
    notify = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
