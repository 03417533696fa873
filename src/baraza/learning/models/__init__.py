"""Learning packages and workshop packages.

A package is authored in tables (modules → lessons → items and questions for a learning
package; variants → days → sessions → steps for a workshop package). Publishing freezes the
tables into an immutable ``PackageVersion`` (``snapshot.build``); learners, exports and PDFs
read that frozen version, never the tables being edited.

Every row that learners' records point at carries a stable random ``key``, so that progress,
answers and certificates survive a new version.

Editorial text has one column per language. The package's ``original_language`` says which one
is the original; each row's ``translated_from`` keeps, per field, the hash of the original text
the translation was made from, so a translation is stale when the original has changed since.
"""

from baraza.learning.models.learners import (
    Adoption,
    AdoptionKind,
    Attempt,
    AttemptKind,
    Certificate,
    Enrolment,
    LessonVisit,
    Response,
)
from baraza.learning.models.packages import (
    PERCENT,
    Audience,
    Item,
    ItemKind,
    Kind,
    Lesson,
    Level,
    Licence,
    Module,
    Option,
    Ordered,
    Package,
    PackageVersion,
    Question,
    Role,
    Translatable,
    new_certificate_code,
    new_key,
)
from baraza.learning.models.workshops import (
    ChecklistItem,
    Day,
    Evaluation,
    EvaluationQuestion,
    HarvestedCase,
    Method,
    Participant,
    RunKind,
    Scale,
    Session,
    Step,
    Variant,
    When,
    WorkshopRun,
)

__all__ = [
    "PERCENT",
    "Adoption",
    "AdoptionKind",
    "Attempt",
    "AttemptKind",
    "Audience",
    "Certificate",
    "ChecklistItem",
    "Day",
    "Enrolment",
    "Evaluation",
    "EvaluationQuestion",
    "HarvestedCase",
    "Item",
    "ItemKind",
    "Kind",
    "Lesson",
    "LessonVisit",
    "Level",
    "Licence",
    "Method",
    "Module",
    "Option",
    "Ordered",
    "Package",
    "PackageVersion",
    "Participant",
    "Question",
    "Response",
    "Role",
    "RunKind",
    "Scale",
    "Session",
    "Step",
    "Translatable",
    "Variant",
    "When",
    "WorkshopRun",
    "new_certificate_code",
    "new_key",
]
