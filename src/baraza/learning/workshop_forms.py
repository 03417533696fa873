"""The forms of workshop runs: recording a run, its participants (one by one or from a CSV
file), its evaluations (from a CSV file) and a harvested case.

The CSV files are checked row by row before anything is written; every problem is reported
with its row and column, in the reader's language, and a file with any problem writes nothing.
"""

from __future__ import annotations

import csv
import io
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from baraza.core.uploads import human_size
from baraza.learning.models import RunKind, WorkshopRun
from baraza.learning.snapshot import pick
from baraza.taxonomy.models import Country

PARTICIPANT_COLUMNS = ("name", "email", "organisation", "attended", "pre_score", "post_score")
MAX_ROWS = 2000
MAX_TEXT_ANSWER = 2000
NUL = "\x00"
RATING = re.compile(r"[1-5]")
YES = {"yes", "y", "true", "1", "x", "oui", "o", "vrai"}
NO = {"no", "n", "false", "0", "non", "faux"}
LANGUAGE_CHOICES = [("en", _("English")), ("fr", _("French"))]


def _country(value: str) -> str:
    code = (value or "").strip().upper()
    if not Country.objects.filter(code=code).exists():
        raise ValidationError(
            _(
                "“%(code)s” is not a country code we know. Use the two-letter ISO code, for "
                "example KE for Kenya or SN for Senegal."
            ),
            params={"code": value.strip()},
            code="country",
        )
    return code


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# --- Runs -------------------------------------------------------------------------------------


class RunForm(forms.Form):
    variant_key = forms.ChoiceField(label=_("Variant"))
    kind = forms.ChoiceField(label=_("Kind"), choices=RunKind.choices)
    co_facilitators = forms.CharField(
        label=_("Co-facilitators"),
        max_length=300,
        required=False,
        help_text=_("Their names, separated by commas."),
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=120)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        help_text=_("The two-letter ISO code, for example KE for Kenya."),
    )
    language = forms.ChoiceField(label=_("Language of the workshop"), choices=LANGUAGE_CHOICES)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    trained_in = forms.ModelChoiceField(
        label=_("Where you were trained"),
        queryset=WorkshopRun.objects.none(),
        required=False,
        empty_label=_("Not trained at a recorded training of trainers"),
        help_text=_(
            "The training of trainers of this package where you learnt to run it: it links "
            "your workshop into the training cascade."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, variants: list[dict], trainings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variant_key"].choices = [(v["key"], pick(v["name"])) for v in variants]
        self.fields["trained_in"].queryset = trainings
        self.fields["trained_in"].label_from_instance = training_label
        self.fields["country"].widget.attrs.update({"autocomplete": "off", "size": 3})

    def clean_country(self):
        return _country(self.cleaned_data["country"])

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on",
                ValidationError(
                    _("The last day cannot be before the first day (%(date)s)."),
                    params={"date": starts_on.isoformat()},
                    code="dates",
                ),
            )
        trained_in = cleaned.get("trained_in")
        if trained_in and starts_on and trained_in.starts_on > starts_on:
            self.add_error(
                "trained_in",
                _("The training of trainers you name starts after this workshop does."),
            )
        return cleaned


def training_label(run: WorkshopRun) -> str:
    return _("%(city)s (%(country)s), %(start)s to %(end)s, led by %(name)s") % {
        "city": run.city or "—",
        "country": run.country,
        "start": run.starts_on.isoformat(),
        "end": run.ends_on.isoformat(),
        "name": run.facilitator.public_name,
    }


# --- Participants -----------------------------------------------------------------------------


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    attended = forms.BooleanField(label=_("Attended"), required=False, initial=True)
    pre_score = forms.IntegerField(
        label=_("Pre-test score (%)"), min_value=0, max_value=100, required=False
    )
    post_score = forms.IntegerField(
        label=_("Post-test score (%)"), min_value=0, max_value=100, required=False
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValidationError(
            _(
                "The file is not UTF-8 text (line %(line)d). Save it as “CSV UTF-8” from your "
                "spreadsheet and upload it again."
            ),
            params={"line": line},
            code="encoding",
        ) from exc


def read_csv(uploaded) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (lower-cased, trimmed) and the non-blank rows with their row numbers (the
    header is row 1) of an uploaded CSV file, comma-, semicolon- or tab-separated."""
    limit = settings.BARAZA_MAX_UPLOAD_MB * 1024 * 1024
    if uploaded.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files can be at most %(limit)s."),
            params={
                "name": uploaded.name,
                "size": human_size(uploaded.size),
                "limit": human_size(limit),
            },
            code="too_big",
        )
    text = _decode(uploaded.read())
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ValidationError(
            _("This is not a CSV file the site can read: %(error)s."),
            params={"error": str(exc)},
            code="csv",
        ) from exc
    if not table or not any(cell.strip() for cell in table[0]):
        raise ValidationError(_("The file is empty."), code="empty")
    header = [cell.strip().lower() for cell in table[0]]
    rows = [
        (number, row)
        for number, row in enumerate(table[1:], start=2)
        if any(cell.strip() for cell in row)
    ]
    if not rows:
        raise ValidationError(_("The file has a header row but no rows below it."), code="empty")
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("The file has %(count)d rows; upload at most %(max)d at a time."),
            params={"count": len(rows), "max": MAX_ROWS},
            code="too_many",
        )
    return header, rows


def _header_problems(header: list[str], known) -> list[ValidationError]:
    problems = []
    seen = set()
    for name in header:
        if not name:
            continue
        if NUL in name:
            problems.append(
                ValidationError(
                    _(
                        "Row 1: a column name holds a null character, which a text cannot "
                        "contain. Remove it and upload the file again."
                    ),
                    code="nul",
                )
            )
        elif name in seen:
            problems.append(
                ValidationError(
                    _("Row 1: the column “%(column)s” appears twice."),
                    params={"column": name},
                )
            )
        elif name not in known:
            problems.append(
                ValidationError(
                    _("Row 1: “%(column)s” is not a column this upload knows."),
                    params={"column": name},
                )
            )
        seen.add(name)
    return problems


def _cells(header: list[str], number: int, row: list[str], problems: list) -> dict[str, str]:
    """The row's cells by column name, trimmed. A cell holding a NUL character (which no
    text in the database can hold) is reported and read without it, so the row's other
    problems are reported too."""
    if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
        problems.append(
            ValidationError(
                _("Row %(row)d has more cells than the header has columns."),
                params={"row": number},
            )
        )
    cells = {}
    for i, name in enumerate(header):
        if not name:
            continue
        value = row[i].strip() if i < len(row) else ""
        if NUL in value:
            problems.append(
                ValidationError(
                    _(
                        "Row %(row)d, column “%(column)s”: the cell holds a null character, "
                        "which a text cannot contain. Remove it and upload the file again."
                    ),
                    params={"row": number, "column": name},
                    code="nul",
                )
            )
            value = value.replace(NUL, "").strip()
        cells[name] = value
    return cells


def _attended(value: str) -> bool | None:
    value = value.strip().lower()
    if not value or value in YES:
        return True
    if value in NO:
        return False
    return None


class ParticipantsUploadForm(forms.Form):
    """A CSV file of participants; ``rows`` holds them, checked, once the form is valid."""

    file = forms.FileField(label=_("CSV file of participants"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_participants_%s")  # beside the evaluations' file
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.rows: list[dict] = []

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        header, rows = read_csv(uploaded)
        problems = _header_problems(header, PARTICIPANT_COLUMNS)
        if "name" not in header:
            problems.append(ValidationError(_("Row 1: the column “name” is missing.")))
        if problems:
            raise ValidationError(problems)
        emails: dict[str, int] = {}
        for number, row in rows:
            cells = _cells(header, number, row, problems)
            attended = _attended(cells.get("attended", ""))
            if attended is None:
                problems.append(
                    ValidationError(
                        _("Row %(row)d, column “attended”: write yes or no, not “%(value)s”."),
                        params={"row": number, "value": cells["attended"]},
                    )
                )
            form = ParticipantForm(
                {**cells, "attended": "on" if attended else ""},
            )
            if not form.is_valid():
                for column, errors in form.errors.items():
                    for error in errors:
                        problems.append(
                            ValidationError(
                                _("Row %(row)d, column “%(column)s”: %(error)s"),
                                params={"row": number, "column": column, "error": error},
                            )
                        )
                continue
            email = form.cleaned_data["email"].lower()
            if email and email in emails:
                problems.append(
                    ValidationError(
                        _("Row %(row)d: %(email)s is also on row %(other)d."),
                        params={"row": number, "email": email, "other": emails[email]},
                    )
                )
            emails.setdefault(email, number)
            self.rows.append(form.cleaned_data)
        if problems:
            self.rows = []
            raise ValidationError(problems)
        return uploaded


class EvaluationsUploadForm(forms.Form):
    """A CSV file of evaluation forms, one row per participant; each column is a question,
    named by its key or its number on the form. ``answers`` holds the rows once valid."""

    file = forms.FileField(label=_("CSV file of evaluations"))

    def __init__(self, *args, questions: list[dict], **kwargs):
        kwargs.setdefault("auto_id", "id_evaluations_%s")  # beside the participants' file
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.questions = questions
        self.answers: list[dict] = []

    def _columns(self) -> dict[str, dict]:
        columns = {}
        for number, question in enumerate(self.questions, start=1):
            columns[question["key"].lower()] = question
            columns[str(number)] = question
        return columns

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not self.questions:
            raise ValidationError(_("This workshop's evaluation form has no questions."))
        header, rows = read_csv(uploaded)
        columns = self._columns()
        problems = _header_problems(header, columns)
        keys = [columns[name]["key"] for name in header if name in columns]
        if len(keys) != len(set(keys)):
            problems.append(
                ValidationError(_("Row 1: two columns name the same question."), code="twice")
            )
        if problems:
            raise ValidationError(problems)
        for number, row in rows:
            answer = {}
            for column, value in _cells(header, number, row, problems).items():
                question = columns[column]
                if not value:
                    continue
                if question["scale"] == "rating":
                    if not RATING.fullmatch(value):
                        problems.append(
                            ValidationError(
                                _(
                                    "Row %(row)d, column “%(column)s”: a rating is a whole "
                                    "number from 1 to 5, not “%(value)s”."
                                ),
                                params={"row": number, "column": column, "value": value[:40]},
                            )
                        )
                        continue
                    answer[question["key"]] = int(value)
                else:
                    if len(value) > MAX_TEXT_ANSWER:
                        problems.append(
                            ValidationError(
                                _(
                                    "Row %(row)d, column “%(column)s”: the answer is longer "
                                    "than %(max)d characters."
                                ),
                                params={"row": number, "column": column, "max": MAX_TEXT_ANSWER},
                            )
                        )
                        continue
                    answer[question["key"]] = value
            if answer:
                self.answers.append(answer)
        if problems:
            self.answers = []
            raise ValidationError(problems)
        return uploaded


# --- Case harvesting --------------------------------------------------------------------------


class HarvestForm(forms.Form):
    session_key = forms.ChoiceField(label=_("Session"))
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    what_was_done = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5})
    )
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        help_text=_("The two-letter ISO code, for example KE for Kenya."),
    )
    language = forms.ChoiceField(label=_("Language of the case"), choices=LANGUAGE_CHOICES)
    shared_by = forms.CharField(
        label=_("Who shared it"),
        max_length=200,
        help_text=_("The participant who told the case: kept as the record's contact."),
    )
    shared_by_organisation = forms.CharField(
        label=_("Their organisation"), max_length=200, required=False
    )
    consent = forms.BooleanField(
        label=_(
            "The people who shared this case agreed that it be submitted to the compendium, "
            "and nobody in it can be identified without their consent."
        ),
    )

    def __init__(self, *args, sessions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session_key"].choices = [(s["key"], pick(s["title"])) for s in sessions]
        self.fields["country"].widget.attrs.update({"autocomplete": "off", "size": 3})

    def clean_country(self):
        return _country(self.cleaned_data["country"])
