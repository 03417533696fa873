"""The multi-step form for writing an experience, one form per step.

Every step saves a draft, so nothing is lost on a bad connection; the checks that block a
submission (``screening.check``) run at the last step. Text fields are written in the record's
original language; the translation step holds the other language, with each field's status.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from baraza.compendium.models import (
    EARLIEST_YEAR,
    LANGUAGES,
    Experience,
    Licence,
    RelationKind,
    Status,
)
from baraza.library.validators import normalise_doi, validate_web_address
from baraza.taxonomy.fields import AlphabeticalMultipleChoiceField
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
)

MAX_REFERENCES = 12
MAX_RELATIONS = 6

LABELS = {
    "title": _("Title"),
    "summary": _("Summary"),
    "what_was_done": _("What was done"),
    "outcomes": _("Outcomes"),
    "lessons_learned": _("Lessons learned"),
    "facilitators": _("Facilitators"),
    "barriers": _("Barriers"),
    "challenges": _("Challenges"),
    "evidence_description": _("Evidence behind the outcomes"),
    "population_description": _("People reached"),
}
HELP = {
    "title": _("What was done, where: e.g. “Community scorecards for maternal care, Malawi”."),
    "summary": _("30 to 400 words: the problem, what the community and partners did, results."),
    "what_was_done": _("How communities were engaged, by whom, step by step."),
    "outcomes": _("What changed, with figures where you have them."),
    "lessons_learned": _("One lesson per line."),
    "facilitators": _("What helped. One per line."),
    "barriers": _("What got in the way. One per line."),
    "challenges": _("One per line."),
    "evidence_description": _("How you know: monitoring data, an evaluation, a study…"),
    "population_description": _("Who took part or benefited. One group per line."),
}
STEP_TEXT = {
    "about": ("title", "summary", "what_was_done", "outcomes"),
    "learning": (
        "lessons_learned",
        "facilitators",
        "barriers",
        "challenges",
        "population_description",
    ),
}


def _text_field(name: str) -> forms.CharField:
    if name == "title":
        return forms.CharField(
            label=LABELS[name], help_text=HELP[name], max_length=300, required=False
        )
    return forms.CharField(
        label=LABELS[name],
        help_text=HELP[name],
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class StepForm(forms.Form):
    """A step: its fields map to the record's fields (``values()``) for ``services``."""

    required_css_class = "required"
    text_fields: tuple[str, ...] = ()

    def __init__(self, *args, experience: Experience | None = None, language: str = "en", **kwargs):
        self.experience = experience
        self.language = experience.original_language if experience else language
        if experience is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(experience)
        super().__init__(*args, **kwargs)
        for name in self.text_fields:
            self.fields[name] = _text_field(name)

    def initial_from(self, experience: Experience) -> dict:
        return {name: getattr(experience, f"{name}_{self.language}") for name in self.text_fields}

    def values(self) -> dict:
        data = self.cleaned_data
        return {f"{name}_{self.language}": data[name] for name in self.text_fields}


class AboutForm(StepForm):
    text_fields = STEP_TEXT["about"]
    original_language = forms.ChoiceField(
        label=_("Language you write in"),
        choices=LANGUAGES,
        help_text=_(
            "The record's original language. You or a curator can add the other language later."
        ),
    )
    field_order = ["original_language", *STEP_TEXT["about"]]

    def initial_from(self, experience):
        return {
            **super().initial_from(experience),
            "original_language": experience.original_language,
        }

    def clean(self):
        data = super().clean()
        if not (data.get("title") or "").strip():
            self.add_error("title", _("Give the experience a title, even a provisional one."))
        return data

    def values(self) -> dict:
        self.language = self.cleaned_data["original_language"]
        return {"original_language": self.language, **super().values()}


class LearningForm(StepForm):
    text_fields = STEP_TEXT["learning"]


def _terms(model, label, *, required=False, help_text=""):
    return AlphabeticalMultipleChoiceField(
        label=label,
        queryset=model.objects.all(),
        to_field_name="slug",
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class ContextForm(StepForm):
    countries = AlphabeticalMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.all(),
        to_field_name="code",
        required=False,
        help_text=_(
            "Hold Ctrl (or Cmd) to choose several. The WHO region follows from the country."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    subnational_area = forms.CharField(
        label=_("Subnational area"),
        max_length=200,
        required=False,
        help_text=_("Province, district or city, if it helps readers."),
    )
    settings = _terms(Setting, _("Settings"))
    phases = _terms(Phase, _("Phases"))
    health_areas = _terms(HealthArea, _("Health areas"))
    approaches = _terms(EngagementApproach, _("Community engagement approaches"))
    engagement_level = forms.ModelChoiceField(
        label=_("Level of engagement"),
        queryset=EngagementLevel.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.RadioSelect,
        help_text=_("From the IAP2 spectrum: how much say the community had."),
    )
    population_groups = _terms(PopulationGroup, _("Population groups"))
    partner_types = _terms(PartnerType, _("Implementing partners"))
    start_year = forms.IntegerField(
        label=_("Start year"),
        required=False,
        validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(2100)],
    )
    end_year = forms.IntegerField(
        label=_("End year"),
        required=False,
        validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(2100)],
    )
    ongoing = forms.BooleanField(label=_("Still going on"), required=False)
    cost_amount = forms.DecimalField(
        label=_("Cost"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    cost_currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        help_text=_("ISO 4217 code, e.g. USD, XOF."),
    )
    cost_notes = forms.CharField(label=_("What the cost covers"), max_length=300, required=False)

    MODEL_FIELDS = (
        "subnational_area",
        "engagement_level",
        "start_year",
        "end_year",
        "ongoing",
        "cost_amount",
        "cost_currency",
        "cost_notes",
    )
    M2M = (
        "countries",
        "settings",
        "phases",
        "health_areas",
        "approaches",
        "population_groups",
        "partner_types",
    )

    def initial_from(self, experience):
        initial = {name: getattr(experience, name) for name in self.MODEL_FIELDS}
        if experience.pk:
            for name in self.M2M:
                initial[name] = list(getattr(experience, name).all())
        return initial

    def clean_cost_currency(self):
        import pycountry

        code = self.cleaned_data["cost_currency"].strip().upper()
        if code and pycountry.currencies.get(alpha_3=code) is None:
            raise forms.ValidationError(
                _("“%(code)s” is not an ISO 4217 currency code."), params={"code": code}
            )
        return code

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year is before the start year."))
        if data.get("ongoing") and end:
            self.add_error(
                "end_year", _("An ongoing experience has no end year; remove one of them.")
            )
        if data.get("cost_amount") is not None and not data.get("cost_currency"):
            self.add_error("cost_currency", _("Give the currency of the cost."))
        return data

    def values(self):
        data = self.cleaned_data
        values = {name: data[name] for name in self.MODEL_FIELDS}
        values["cost_currency"] = values["cost_currency"] or ""
        values.update({name: list(data[name]) for name in self.M2M})
        return values


class ReferenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    publisher = forms.CharField(label=_("Journal or publisher"), max_length=300, required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    doi = forms.CharField(
        label=_("DOI"),
        max_length=200,
        required=False,
        help_text=_("e.g. 10.1136/bmjgh-2019-002145"),
    )
    url = forms.URLField(
        label=_("Web address"),
        max_length=1000,
        required=False,
        assume_scheme="https",
        validators=[validate_web_address],
    )

    def clean_doi(self):
        return normalise_doi(self.cleaned_data["doi"])

    def clean(self):
        data = super().clean()
        if (data.get("doi") or data.get("url") or data.get("publisher")) and not data.get("title"):
            self.add_error("title", _("Give the reference's title."))
        return data


ReferenceFormSet = forms.formset_factory(
    ReferenceForm, extra=2, max_num=MAX_REFERENCES, validate_max=True, absolute_max=MAX_REFERENCES
)


class RelationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("This experience"), choices=[("", "—"), *RelationKind.choices], required=False
    )
    identifier = forms.CharField(
        label=_("Identifier of the other experience"),
        max_length=20,
        required=False,
        help_text=_("e.g. CE-2026-0042"),
    )

    def clean(self):
        data = super().clean()
        identifier = (data.get("identifier") or "").strip().upper()
        if bool(identifier) != bool(data.get("kind")):
            raise forms.ValidationError(
                _("Give both the relation and the other experience's identifier.")
            )
        if identifier:
            target = Experience.objects.filter(
                identifier=identifier, status=Status.PUBLISHED
            ).first()
            if target is None:
                self.add_error("identifier", _("No published experience has this identifier."))
            data["target"] = target
        return data


RelationFormSet = forms.formset_factory(
    RelationForm, extra=1, max_num=MAX_RELATIONS, validate_max=True, absolute_max=MAX_RELATIONS
)


class EvidenceForm(StepForm):
    text_fields = ("evidence_description",)
    evidence_type = forms.ModelChoiceField(
        label=_("Type of evidence"),
        queryset=EvidenceType.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.RadioSelect,
        help_text=_("The strongest kind of evidence behind the outcomes."),
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices)
    contact_name = forms.CharField(label=_("Contact name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    contact_organisation = forms.CharField(
        label=_("Contact organisation"), max_length=200, required=False
    )
    contact_consent = forms.BooleanField(
        label=_("The contact agreed to be shown publicly on the record"),
        required=False,
        help_text=_("Without this, the contact is seen only by the curators."),
    )
    MODEL_FIELDS = (
        "evidence_type",
        "licence",
        "contact_name",
        "contact_email",
        "contact_organisation",
        "contact_consent",
    )

    def __init__(self, *args, experience=None, **kwargs):
        super().__init__(*args, experience=experience, **kwargs)
        data = args[0] if args else None
        references = []
        relations = []
        if experience is not None and experience.pk:
            references = list(
                experience.references.values("title", "publisher", "year", "doi", "url")
            )
            relations = [
                {"kind": r.kind, "identifier": r.target.identifier}
                for r in experience.relations.select_related("target")
            ]
        self.references = ReferenceFormSet(data, initial=references, prefix="ref")
        self.relations = RelationFormSet(data, initial=relations, prefix="rel")

    def initial_from(self, experience):
        return {
            **super().initial_from(experience),
            **{n: getattr(experience, n) for n in self.MODEL_FIELDS},
        }

    def is_valid(self):
        return all([super().is_valid(), self.references.is_valid(), self.relations.is_valid()])

    def values(self):
        values = {**super().values(), **{n: self.cleaned_data[n] for n in self.MODEL_FIELDS}}
        values["references"] = [
            {k: f.cleaned_data[k] for k in ("title", "publisher", "year", "doi", "url")}
            for f in self.references.forms
            if f.cleaned_data.get("title")
        ]
        values["relations"] = [
            (f.cleaned_data["kind"], f.cleaned_data["target"])
            for f in self.relations.forms
            if f.cleaned_data.get("target") is not None
        ]
        return values


class TranslationForm(StepForm):
    """The other language: every text field, with its translation status."""

    text_fields = tuple(LABELS)

    def __init__(self, *args, experience: Experience, **kwargs):
        super().__init__(*args, experience=experience, **kwargs)
        self.language = experience.translation_language
        for name in self.text_fields:
            self.fields[name].help_text = ""
            self.fields[name].status = experience.translation_status(name)
            self.fields[name].original = getattr(
                experience, f"{name}_{experience.original_language}"
            )

    def initial_from(self, experience):
        language = experience.translation_language
        return {name: getattr(experience, f"{name}_{language}") for name in self.text_fields}

    def values(self):
        return {f"{name}_{self.language}": self.cleaned_data[name] for name in self.text_fields}


class ChecklistForm(forms.Form):
    consent_confirmed = forms.BooleanField(
        label=_("The communities and people described agreed that this experience be shared."),
        required=False,
    )
    safeguarding_confirmed = forms.BooleanField(
        label=_(
            "The record names no one who could be put at risk, and no patient can be identified."
        ),
        required=False,
    )
    rights_confirmed = forms.BooleanField(
        label=_(
            "I have the right to share this text and its attachments under the chosen licence."
        ),
        required=False,
    )

    def values(self):
        return dict(self.cleaned_data)


class PublishNoteForm(forms.Form):
    """For a published record: every saved step becomes a new version, with a note."""

    change_note = forms.CharField(
        label=_("What changed"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown in the version history. Saving publishes a new version."),
    )


STEPS = (
    ("about", _("About"), AboutForm),
    ("context", _("Context"), ContextForm),
    ("learning", _("Learning"), LearningForm),
    ("evidence", _("Evidence and sources"), EvidenceForm),
    ("translation", _("Translation"), TranslationForm),
    ("submit", _("Check and submit"), ChecklistForm),
)
STEP_NAMES = [name for name, _label, _form in STEPS]
