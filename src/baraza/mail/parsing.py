"""Reading an inbound email: its headers, its text (HTML converted to Markdown), its
attachments, whether a robot sent it, and only what the sender wrote (quotes, signatures and
our own "reply above this line" marker removed)."""

from __future__ import annotations

import email
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage, Message
from email.policy import default as default_policy
from email.utils import getaddresses, parseaddr

import html2text
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from mailparser_reply import EmailMessage as ReplyParser

from baraza.mail import addresses, outbound

MAX_TITLE = 200
ROBOT_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
ROBOT_SENDERS = {"mailer-daemon", "postmaster"}


@dataclass
class Incoming:
    """What ``receive`` read from the raw bytes."""

    message: EmailMessage
    message_id: str  # what a second delivery is recognised by
    original_id: str  # the Message-ID header ("" without one), to thread the answer
    sender: str
    subject: str
    size: int


# --- Reading the message ----------------------------------------------------------------------


def read(raw: bytes) -> Incoming:
    """Parse whatever a mail server hands us, however broken."""
    message = email.message_from_bytes(raw, policy=default_policy)
    original_id = _message_id(header(message, "Message-ID"))
    if len(original_id) > 255:
        original_id = ""
    return Incoming(
        message=message,
        message_id=original_id or digest(raw),
        original_id=original_id,
        sender=_address(header(message, "From")),
        subject=" ".join(header(message, "Subject").split()),
        size=len(raw),
    )


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def plain(text: str) -> str:
    """Text any database stores: raw 8-bit header bytes read as UTF-8, and no control
    characters but line ends and tabs."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(c for c in text if c in "\r\n\t" or not (c < " " or "\x7f" <= c < "\xa0"))


def header(message: Message, name: str) -> str:
    """One header as text; "" when it is missing or can't be read."""
    try:
        value = message.get(name)
        return "" if value is None else plain(str(value))
    except Exception:  # a header the email package can't parse counts as missing
        return ""


def _message_id(value: str) -> str:
    found = re.search(r"<[^<>\s]+>", value)
    return found.group(0) if found else "".join(value.split())


def _address(value: str) -> str:
    address = parseaddr(value)[1].strip()
    return address if re.fullmatch(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+", address) else ""


def recipient_of(message: Message, envelope: list[str]) -> str:
    """The address the message was for: the envelope's, else what its headers say."""
    found = [_address(f"<{a}>") for a in envelope]
    if not found:
        names = ("Delivered-To", "X-Original-To", "To", "Cc")
        values = [header(message, name) for name in names]
        found = [_address(f"<{a}>") for _name, a in getaddresses([v for v in values if v])]
    found = [a for a in found if a]
    ours = [a for a in found if a.rpartition("@")[2].lower() == settings.BARAZA_MAIL_DOMAIN]
    known = [a for a in ours if addresses.classify(a).kind != "unknown"]
    return (known or ours or found or [""])[0]


def is_ours(address: str) -> bool:
    own = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()
    address = address.lower()
    return address == own or address.rpartition("@")[2] == settings.BARAZA_MAIL_DOMAIN


def automatic(incoming: Incoming) -> str:
    """Why nobody should answer this message ("auto_reply", "bounce", "loop", "no_sender"),
    or "" for a message a person wrote."""
    message = incoming.message
    submitted = header(message, "Auto-Submitted").split(";")[0].strip().lower()
    if (
        submitted not in ("", "no")
        or "X-Autoreply" in message
        or "X-Autorespond" in message
        or header(message, "Precedence").strip().lower() in ROBOT_PRECEDENCE
    ):
        return "auto_reply"
    if "Return-Path" in message and not header(message, "Return-Path").strip(" <>"):
        return "bounce"  # the null sender: delivery reports
    if message.get_content_type() == "multipart/report":
        return "bounce"
    if not incoming.sender:
        return "no_sender"
    if incoming.sender.partition("@")[0].lower() in ROBOT_SENDERS:
        return "bounce"
    return "loop" if is_ours(incoming.sender) else ""


def _leaves(part: Message) -> Iterator[Message]:
    """Every part that is not a container, in order (attached emails stay closed)."""
    if part.get_content_maintype() == "multipart" and part.is_multipart():
        for sub in part.get_payload():
            yield from _leaves(sub)
    else:
        yield part


def _filename(part: Message) -> str:
    try:
        return plain(part.get_filename() or "").strip()
    except Exception:  # a name that can't be read is no name
        return ""


def _is_attachment(part: Message) -> bool:
    if not _filename(part):
        return False
    return part.get_content_disposition() == "attachment" or part.get_content_maintype() != "text"


def decode(data: bytes, charset: str | None) -> str:
    """Bytes in their declared charset; as UTF-8 or Windows-1252 when that is unknown or
    wrong."""
    for candidate in (charset, "utf-8", "windows-1252"):
        try:
            return data.decode(candidate or "utf-8")
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


def _text(part: Message) -> str:
    data = part.get_payload(decode=True)
    try:
        charset = part.get_content_charset()
    except Exception:  # a charset parameter that can't be read is no charset
        charset = None
    return plain(decode(data, charset)) if isinstance(data, bytes) else ""


def html_to_markdown(html: str) -> str:
    """HTML as Markdown, without scripts, styles and images. The Markdown renderer sanitises
    what is left when the post is shown."""
    converter = html2text.HTML2Text()
    converter.ignore_images = True
    converter.body_width = 0
    converter.unicode_snob = True
    return converter.handle(html)


def body_text(message: Message) -> str:
    """What the sender wrote: the plain-text part, else the HTML part as Markdown."""
    parts = [p for p in _leaves(message) if p.get_content_maintype() == "text"]
    parts = [p for p in parts if p.get_content_disposition() != "attachment"]
    for subtype in ("plain", "html"):
        for part in parts:
            if part.get_content_subtype() == subtype and not _is_attachment(part):
                text = html_to_markdown(_text(part)) if subtype == "html" else _text(part)
                if text.strip():
                    return text
    return ""


def attachments(message: Message) -> list[SimpleUploadedFile]:
    files = []
    for part in _leaves(message):
        if _is_attachment(part):
            data = part.get_payload(decode=True)
            data = data if isinstance(data, bytes) else b""
            files.append(SimpleUploadedFile(_filename(part), data, part.get_content_type()))
    return files


# --- Keeping only what the sender wrote -------------------------------------------------------

SENT_FROM = re.compile(
    r"^\s*(sent from my|sent from mail for|get outlook for|envoyé de mon|envoyé depuis|"
    r"télécharger outlook pour|obtenir outlook pour)\b.*$",
    re.IGNORECASE,
)
QUOTE_HEADER = re.compile(r"^\s*(on\b.*\bwrote|le\b.*\ba écrit)\s*:\s*$", re.IGNORECASE)
REPLY_PREFIX = re.compile(r"^((re|fw|fwd|tr|ref|réf|aw|wg|sv)\s*(\[\d+\])?\s*:\s*)+", re.I)


def clean_body(text: str) -> str:
    """The new text of an email: above our "reply above this line" marker, without the
    quoted message, the signature and the "Sent from my phone" line."""
    text = _cut_at_marker(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    if "--" in (line.rstrip() for line in lines):  # the signature separator, "-- "
        lines = lines[: [line.rstrip() for line in lines].index("--")]
    lines = [line.rstrip() for line in _latest_reply("\n".join(lines)).split("\n")]
    while lines and (
        not lines[-1].strip()
        or lines[-1].lstrip().startswith(">")
        or SENT_FROM.match(lines[-1])
        or QUOTE_HEADER.match(lines[-1])
    ):
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines)


def _cut_at_marker(text: str) -> str:
    """Up to the line where a marker starts, even quoted ("> ") or wrapped over lines."""
    for marker in outbound.reply_markers():
        pattern = r"[\s>]+".join(re.escape(word) for word in marker.split())
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            text = text[: text.rfind("\n", 0, found.start()) + 1]
    return text


def _latest_reply(text: str) -> str:
    """The newest reply as mail-parser-reply sees it (no quotes, no signature), taken from the
    original lines: the parser strips every line, and Markdown needs the indentation."""
    parsed = ReplyParser(text=text, languages=["en", "fr"], keep_hyphen_lists=True).read()
    if not parsed.replies:
        return text
    wanted = parsed.replies[0].body.split("\n")
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    for start, line in enumerate(stripped):
        if line == wanted[0] and stripped[start : start + len(wanted)] == wanted:
            return "\n".join(lines[start : start + len(wanted)])
    return parsed.replies[0].body


def topic_title(subject: str) -> str:
    """The subject without "Re:", "Fwd:", "TR :"… in front, on one line, at most 200
    characters."""
    title = REPLY_PREFIX.sub("", " ".join(subject.split())).strip()
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"
