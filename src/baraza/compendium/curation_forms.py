"""The forms of the curation workflow: the input gate in front of each service function.

A tampered post (a score outside 0–3, a word where a number goes, an unknown criterion, the
submitter chosen as a reviewer) fails here with a message, before any service runs.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from baraza.compendium import curation_queries as queries
from baraza.compendium import importer
from baraza.compendium.models import Criterion, CriterionKind, Experience, NoteKind, Review, Status
from baraza.compendium.services import Answer
from baraza.core.uploads import human_size

MAX_MESSAGE = 10_000
MAX_JUSTIFICATION = 5_000


class _Form(forms.Form):
    """A form whose element ids are unique on a page that shows several forms."""

    id_prefix = "form"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


def _text(label, *, required: bool = True, rows: int = 4, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_MESSAGE,
        strip=True,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class RequestChangesForm(_Form):
    id_prefix = "changes"
    message = _text(
        _("What should the submitter change?"),
        help_text=_(
            "The submitter gets this message by email and finds it in the record’s timeline."
        ),
    )


class NoteForm(_Form):
    id_prefix = "note"
    kind = forms.ChoiceField(label=_("Who can read it"), widget=forms.RadioSelect)
    body = _text(_("Note"))

    def __init__(self, *args, experience: Experience, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (NoteKind.FEEDBACK, _("The submitter and the curators (the submitter gets an email)")),
            (NoteKind.INTERNAL, _("Only the curators")),
        ]
        if experience.status == Status.RECONCILIATION:
            choices.append(
                (NoteKind.RECONCILIATION, _("The curators and the reviewers (reconciliation)"))
            )
        self.fields["kind"].choices = choices
        self.fields["kind"].initial = NoteKind.INTERNAL


class DiscussionNoteForm(_Form):
    id_prefix = "discuss"
    body = _text(_("Your message to the other reviewers and the curators"))


class WithdrawForm(_Form):
    id_prefix = "withdraw"
    reason = _text(
        _("Why is the record withdrawn?"),
        help_text=_("Readers see this reason on the record’s page."),
    )


class DecisionForm(_Form):
    id_prefix = "decide"
    decision = forms.ChoiceField(
        choices=[
            ("publish", _("Publish with this label")),
            ("decline", _("Decline")),
        ]
    )
    reasons = _text(
        _("Reasons"),
        required=False,
        help_text=_(
            "Required to decline: the submitter receives them. When publishing, they are kept "
            "with the decision."
        ),
    )

    @property
    def accept(self) -> bool:
        return self.cleaned_data["decision"] == "publish"


# --- Choosing reviewers ---------------------------------------------------------------------


def _person_label(user) -> str:
    waiting = getattr(user, "open_reviews", 0)
    if not waiting:
        return user.public_name
    return ngettext(
        "%(name)s (%(n)d review waiting)", "%(name)s (%(n)d reviews waiting)", waiting
    ) % {"name": user.public_name, "n": waiting}


def _split_emails(value: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", value or "") if part]


class _ChoosePeople:
    """Shared by the assignment and third-reviewer forms: look people up and refuse the
    submitter with a clear message."""

    experience: Experience

    def _refuse_submitter(self, users) -> None:
        for user in users:
            if user.pk == self.experience.submitter_id:
                raise ValidationError(
                    _("%(name)s submitted this record and cannot review it."),
                    params={"name": user.public_name},
                    code="submitter",
                )

    def _users_by_email(self, emails: list[str]) -> list:
        found = []
        User = get_user_model()
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    _("“%(email)s” is not an email address."), params={"email": email}
                ) from None
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                raise ValidationError(
                    _("No member has the address “%(email)s”."), params={"email": email}
                )
            found.append(user)
        self._refuse_submitter(found)
        return found


class AssignReviewersForm(_ChoosePeople, _Form):
    id_prefix = "assign"
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Curators, facilitators and previous reviewers, with the reviews they have not "
            "handed in yet."
        ),
    )
    emails = forms.CharField(
        label=_("Other reviewers, by email address"),
        required=False,
        max_length=2000,
        help_text=_("Any member: separate several addresses with commas."),
    )

    def __init__(self, *args, experience: Experience, suggestions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.experience = experience
        field = self.fields["reviewers"]
        # Any active member can be chosen (the services check the rest); the list offers the
        # likeliest ones, so it stays short however many members the site has.
        field.queryset = get_user_model().objects.filter(is_active=True)
        if suggestions is None:
            suggestions = queries.suggested_reviewers(experience)
        field.widget.choices = [(user.pk, _person_label(user)) for user in suggestions]

    def clean_reviewers(self):
        reviewers = list(self.cleaned_data["reviewers"])
        self._refuse_submitter(reviewers)
        return reviewers

    def clean_emails(self):
        return self._users_by_email(_split_emails(self.cleaned_data["emails"]))

    def clean(self):
        data = super().clean()
        people = [*data.get("reviewers", []), *data.get("emails", [])]
        if not self.errors and not people:
            raise ValidationError(_("Choose the reviewers, or give their email addresses."))
        data["people"] = list(dict.fromkeys(people))
        return data


class ReconciliationForm(_ChoosePeople, _Form):
    id_prefix = "reconcile"
    mode = forms.ChoiceField(
        label=_("How should the disagreement be settled?"),
        choices=[
            ("discussion", _("By discussion: the reviewers compare and may revise their scores")),
            ("third-reviewer", _("By a third reviewer, whose scores count like the others")),
        ],
        widget=forms.RadioSelect,
    )
    third_reviewer = forms.ModelChoiceField(
        label=_("Third reviewer"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Choose…"),
    )
    third_reviewer_email = forms.EmailField(
        label=_("Or the third reviewer’s email address"), required=False
    )

    def __init__(self, *args, experience: Experience, suggestions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.experience = experience
        field = self.fields["third_reviewer"]
        field.queryset = get_user_model().objects.filter(is_active=True)
        if suggestions is None:
            suggestions = queries.suggested_reviewers(experience)
        field.widget.choices = [("", field.empty_label)] + [
            (user.pk, _person_label(user)) for user in suggestions
        ]

    def clean_third_reviewer(self):
        person = self.cleaned_data["third_reviewer"]
        if person is not None:
            self._refuse_submitter([person])
        return person

    def clean_third_reviewer_email(self):
        email = self.cleaned_data["third_reviewer_email"]
        return self._users_by_email([email])[0] if email else None

    def clean(self):
        data = super().clean()
        if self.errors or data.get("mode") != "third-reviewer":
            data["person"] = None
            return data
        chosen = [p for p in (data.get("third_reviewer"), data.get("third_reviewer_email")) if p]
        if len({p.pk for p in chosen}) != 1:
            raise ValidationError(_("Choose one third reviewer, from the list or by email."))
        data["person"] = chosen[0]
        return data


# --- Reviewing ------------------------------------------------------------------------------


class ConflictForm(_Form):
    id_prefix = "conflict"
    conflict = forms.ChoiceField(
        label=_("Do you have a conflict of interest with this record?"),
        choices=[
            ("no", _("No: I have no conflict of interest with this record")),
            ("yes", _("Yes: I stand down from this review")),
        ],
        widget=forms.RadioSelect,
        help_text=_(
            "For example: you took part in the experience, work for or fund an organisation "
            "involved, or are close to the people who did it."
        ),
    )
    statement = _text(
        _("If so, describe the conflict"),
        required=False,
        rows=3,
        help_text=_("The curators read this and will ask someone else."),
    )

    def clean(self):
        data = super().clean()
        if data.get("conflict") == "yes" and not data.get("statement"):
            self.add_error("statement", _("Describe the conflict of interest."))
        return data

    @property
    def has_conflict(self) -> bool:
        return self.cleaned_data["conflict"] == "yes"


FIELD_PREFIXES = ("gate-", "score-", "justification-")


def _gate(value: str) -> bool:
    return value == "pass"


class ReviewForm(_Form):
    id_prefix = "review"
    """One answer per criterion: pass or fail for a gate, 0–3 for a scored criterion (each
    score shown with its written anchor), and a justification for every answer."""

    comments = _text(_("Overall comments"), required=False, rows=4)

    def __init__(self, *args, criteria: list[Criterion], review: Review | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        current = {s.criterion_id: s for s in review.scores.all()} if review is not None else {}
        self.rows = []
        for criterion in criteria:
            score = current.get(criterion.pk)
            if criterion.kind == CriterionKind.GATE:
                name = f"gate-{criterion.key}"
                self.fields[name] = forms.TypedChoiceField(
                    label=criterion.name,
                    choices=[("pass", _("Passes")), ("fail", _("Fails"))],
                    coerce=_gate,
                    widget=forms.RadioSelect,
                    initial=(
                        None
                        if score is None or score.passed is None
                        else ("pass" if score.passed else "fail")
                    ),
                )
            else:
                name = f"score-{criterion.key}"
                self.fields[name] = forms.TypedChoiceField(
                    label=criterion.name,
                    choices=[
                        (str(value), f"{value} — {anchor}" if anchor else str(value))
                        for value, anchor in criterion.anchors
                    ],
                    coerce=int,
                    widget=forms.RadioSelect,
                    initial=None if score is None or score.score is None else str(score.score),
                )
            justification = f"justification-{criterion.key}"
            self.fields[justification] = forms.CharField(
                label=_("Justification"),
                max_length=MAX_JUSTIFICATION,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=score.justification if score is not None else "",
                error_messages={"required": _("Justify your answer.")},
            )
            self.rows.append((criterion, name, justification))
        if review is not None:
            self.fields["comments"].initial = review.comments
        # The comments come last, after the criteria.
        self.fields["comments"] = self.fields.pop("comments")

    def bound_rows(self):
        return [(c, self[name], self[justification]) for c, name, justification in self.rows]

    def clean(self):
        data = super().clean()
        known = {c.key for c in self.criteria}
        unknown = sorted(
            {
                key[len(prefix) :]
                for key in self.data
                for prefix in FIELD_PREFIXES
                if key.startswith(prefix) and key[len(prefix) :] not in known
            }
        )
        if unknown:
            raise ValidationError(
                _("Unknown criteria: %(keys)s."), params={"keys": ", ".join(unknown)}
            )
        return data

    def answers(self) -> dict[str, Answer]:
        data = self.cleaned_data
        result = {}
        for criterion, name, justification in self.rows:
            if criterion.kind == CriterionKind.GATE:
                result[criterion.key] = Answer(passed=data[name], justification=data[justification])
            else:
                result[criterion.key] = Answer(score=data[name], justification=data[justification])
        return result


class ImportForm(forms.Form):
    """The file to import: a .json, .csv or .xlsx file within the upload limit. What is inside
    is checked by the importer, row by row, before anything is written."""

    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = settings.BARAZA_MAX_UPLOAD_MB * 1024 * 1024
        self.fields["file"].help_text = _(
            "A .json, .csv or .xlsx file, up to %(size)s. Larger files can be imported with "
            "the command “baraza import-experiences”."
        ) % {"size": human_size(self.limit)}
        self.fields["file"].widget.attrs["accept"] = ".json,.csv,.xlsx"
        self.format = ""

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.format = importer.detect_format(PurePath(uploaded.name))
        except importer.Bad:
            raise ValidationError(
                _("“%(name)s” is not a .json, .csv or .xlsx file."),
                params={"name": uploaded.name},
                code="type",
            ) from None
        if uploaded.size > self.limit:
            raise ValidationError(
                _("“%(name)s” is %(size)s; files can be at most %(limit)s."),
                params={
                    "name": uploaded.name,
                    "size": human_size(uploaded.size),
                    "limit": human_size(self.limit),
                },
                code="too_big",
            )
        return uploaded
