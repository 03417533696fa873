"""The OAI-PMH 2.0 protocol: arguments, dates, resumption tokens and error conditions.

Nothing here reads the database: the verbs (``verbs.py``) check their request with
``arguments()``, then read through ``queries.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing

NS = "http://www.openarchives.org/OAI/2.0/"
SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# Records (or headers) per page of ListRecords / ListIdentifiers; tests set it smaller.
PAGE_SIZE = 100
# How long a resumption token stays valid.
TOKEN_LIFETIME = timedelta(hours=24)
TOKEN_SALT = "baraza.oai.resumption"  # noqa: S105 (a signing namespace, not a secret)

GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

# verb: (required arguments, optional arguments); resumptionToken is handled apart.
VERBS: dict[str, tuple[frozenset, frozenset]] = {
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset()),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
}
RESUMABLE = frozenset({"ListIdentifiers", "ListRecords", "ListSets"})


class OAIError(Exception):
    """One of the protocol's error conditions, answered with ``<error code=...>``."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def echoes_request(self) -> bool:
        """The spec: after badVerb or badArgument, ``<request>`` carries no attributes."""
        return self.code not in ("badVerb", "badArgument")


def bad_argument(message: str) -> OAIError:
    return OAIError("badArgument", message)


def arguments(pairs: list[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """The verb and its arguments, from the request's (name, value) pairs, checked against
    the spec: one verb that exists, no repeated argument, the required ones present, no
    others, and ``resumptionToken`` alone."""
    if any("\x00" in name or "\x00" in value for name, value in pairs):
        raise bad_argument("An argument contains a NUL character.")
    verbs = [value for name, value in pairs if name == "verb"]
    if not verbs:
        raise OAIError("badVerb", "The verb argument is missing.")
    if len(verbs) > 1:
        raise OAIError("badVerb", "The verb argument is repeated.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OAIError("badVerb", "This verb is not an OAI-PMH verb.")
    args: dict[str, str] = {}
    for name, value in pairs:
        if name == "verb":
            continue
        if name in args:
            raise bad_argument(f"The argument {name} is repeated.")
        args[name] = value
    required, optional = VERBS[verb]
    allowed = required | optional | ({"resumptionToken"} if verb in RESUMABLE else set())
    illegal = sorted(set(args) - allowed)
    if illegal:
        raise bad_argument(f"Illegal argument for {verb}: {', '.join(illegal)}.")
    empty = sorted(name for name, value in args.items() if not value.strip())
    if empty:
        raise bad_argument(f"Empty argument: {', '.join(empty)}.")
    if "resumptionToken" in args:
        if len(args) > 1:
            raise bad_argument("resumptionToken is an exclusive argument.")
        return verb, args
    missing = sorted(required - set(args))
    if missing:
        raise bad_argument(f"Missing argument for {verb}: {', '.join(missing)}.")
    return verb, args


# --- Dates ------------------------------------------------------------------------------------


def datestamp(moment: datetime) -> str:
    """``2026-03-01T09:30:00Z``: the repository's granularity, in UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(value: str, name: str) -> tuple[datetime, bool]:
    """(moment, is a day) of a from/until argument."""
    try:
        if DAY.match(value):
            return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC), True
        if SECONDS.match(value):
            return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), False
    except ValueError:
        pass
    raise bad_argument(f"{name} is not a date of the form YYYY-MM-DD or {GRANULARITY}.")


def date_range(start: str | None, end: str | None) -> tuple[datetime | None, datetime | None]:
    """``from`` and ``until`` as a half-open range [lower, upper): both bounds inclusive at
    their own granularity, so ``until=2026-03-01`` takes in the whole day."""
    lower = upper = None
    lower_day = upper_day = None
    if start:
        lower, lower_day = _parse(start, "from")
    if end:
        moment, upper_day = _parse(end, "until")
        try:
            upper = moment + (timedelta(days=1) if upper_day else timedelta(seconds=1))
        except OverflowError:  # until=9999-12-31: no upper bound
            upper = None
    if lower_day is not None and upper_day is not None and lower_day != upper_day:
        raise bad_argument("from and until must have the same granularity.")
    if lower is not None and upper is not None and lower >= upper:
        raise bad_argument("from is later than until.")
    return lower, upper


# --- Resumption tokens ------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A list request, and where its next page starts: what a resumption token carries."""

    verb: str
    prefix: str = ""
    set_spec: str = ""
    start: str = ""  # the from argument, as given
    end: str = ""  # the until argument, as given
    after: int | None = None  # the id of the previous page's last item
    cursor: int = 0  # how many items came before this page
    total: int | None = None  # completeListSize, counted on the first page


def token(query: Query) -> str:
    return signing.dumps(
        {
            "v": query.verb,
            "m": query.prefix,
            "s": query.set_spec,
            "f": query.start,
            "u": query.end,
            "a": query.after,
            "c": query.cursor,
            "n": query.total,
        },
        salt=TOKEN_SALT,
        compress=True,
    )


def from_token(value: str, verb: str) -> Query:
    """The query a token stands for; badResumptionToken if it is forged, expired or was
    issued for another verb."""
    try:
        data = signing.loads(value, salt=TOKEN_SALT, max_age=TOKEN_LIFETIME)
        query = Query(
            verb=data["v"],
            prefix=data["m"],
            set_spec=data["s"],
            start=data["f"],
            end=data["u"],
            after=None if data["a"] is None else int(data["a"]),
            cursor=int(data["c"]),
            total=data["n"],
        )
    except signing.SignatureExpired:
        raise OAIError("badResumptionToken", "The resumption token has expired.") from None
    except (signing.BadSignature, KeyError, TypeError, ValueError, IndexError):
        raise OAIError("badResumptionToken", "The resumption token is not valid.") from None
    if query.verb != verb:
        raise OAIError("badResumptionToken", "The resumption token is for another verb.")
    return query
