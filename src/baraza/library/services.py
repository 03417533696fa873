"""Every write to the library: adding and editing resources, and linking translations.

Each write that changes what a resource is found by (its metadata, the text of its file) brings
its search entry up to date in the same transaction.

Adding a resource also opens its discussion topic (in its community, or in the featured
community for the global library), through ``discussions.services.start_topic``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from baraza.communities.models import Community
from baraza.core import audit
from baraza.core.policies import can, require
from baraza.core.text_extraction import extract_text
from baraza.core.uploads import check_upload
from baraza.discussions.models import Topic
from baraza.discussions.services import start_topic
from baraza.library.models import Licence, Resource, ResourceType
from baraza.library.policies import Library
from baraza.library.validators import normalise_doi, validate_year
from baraza.search import services as search
from baraza.taxonomy.models import Country, Language, Theme

# What a library accepts, checked by content: documents, spreadsheets, slides and pictures.
# Not legacy Office files ("ole"): they can carry macros, and a library shares files widely.
ALLOWED_KINDS = frozenset(
    {"pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "png", "jpeg", "webp"}
)
# Editable metadata; the file or link itself is set when the resource is added.
METADATA = ("kind", "title", "authors", "year", "language", "licence", "doi", "abstract")

_ADD_REFUSED = _("Only members of this community can add resources to its library.")
_ADD_GLOBAL_REFUSED = _("Only the facilitators team can add resources to the global library.")


@transaction.atomic
def add_resource(
    *,
    actor,
    community: Community | None = None,
    kind: str,
    title: str,
    language: Language,
    licence: str,
    authors: str = "",
    year: int | None = None,
    countries: Iterable[Country] = (),
    themes: Iterable[Theme] = (),
    doi: str = "",
    url: str = "",
    abstract: str = "",
    file: UploadedFile | None = None,
    translation_of: Resource | None = None,
) -> Resource:
    """Add a file (checked by its content) or a link, and open a discussion topic about it."""
    require(
        actor,
        "add",
        Library(community),
        reason=_ADD_GLOBAL_REFUSED if community is None else _ADD_REFUSED,
    )
    if translation_of is not None:
        require(actor, "read", translation_of)
    if file is not None and url:
        raise ValidationError(_("Share a file or a web address, not both."), code="file_and_url")
    checked = check_upload(file, allowed=ALLOWED_KINDS) if file is not None else None
    validate_year(year)
    now = timezone.now()
    resource = Resource(
        community=community,
        kind=kind,
        title=title.strip(),
        authors=authors.strip(),
        year=year,
        language=language,
        licence=licence,
        doi=normalise_doi(doi),
        url=url.strip(),
        abstract=abstract.strip(),
        added_by=actor,
        created_at=now,
        updated_at=now,
    )
    if checked is not None:
        resource.file_name = checked.name
        resource.file_kind = checked.kind
        resource.content_type = checked.content_type
        resource.file_size = checked.size
        resource.file.name = checked.name  # what full_clean checks; the stored name comes below
    resource.full_clean()
    stored = None
    try:
        if checked is not None:
            file.seek(0)
            resource.file.save(checked.name, file, save=False)
            stored = resource.file.name
            resource.text = _extract(resource)
        resource.save()
        resource.countries.set(countries)
        resource.themes.set(themes)
        if translation_of is not None:
            _link(resource, translation_of)
        resource.topic = _open_topic(resource, actor)
        if resource.topic is not None:
            resource.save(update_fields=["topic"])
        audit.record(
            actor=actor, action="resource.create", target=resource, scope=resource.community
        )
        search.index("resource", resource)
    except BaseException:
        # The transaction rolls the row back; the file on disk must go too.
        if stored:
            resource.file.storage.delete(stored)
        raise
    return resource


@transaction.atomic
def update_resource(
    *,
    actor,
    resource: Resource,
    countries: Iterable[Country] | None = None,
    themes: Iterable[Theme] | None = None,
    url: str | None = None,
    file: UploadedFile | None = None,
    translation_of: Resource | None = None,
    **fields,
) -> Resource:
    """Change a resource's metadata; a link can get a new address, a file can be replaced,
    and the resource can be linked to a translation."""
    require(actor, "edit", resource)
    if translation_of is not None:
        require(actor, "read", translation_of)
    unknown = set(fields) - set(METADATA)
    if unknown:
        raise TypeError(f"not resource metadata: {sorted(unknown)}")
    if "doi" in fields:
        fields["doi"] = normalise_doi(fields["doi"])
    for name in ("title", "authors", "abstract"):
        if name in fields:
            fields[name] = fields[name].strip()
    validate_year(fields.get("year"))
    for name, value in fields.items():
        setattr(resource, name, value)
    if url is not None:
        if resource.is_file and url:
            raise ValidationError(
                _("Share a file or a web address, not both."), code="file_and_url"
            )
        resource.url = url.strip()
    if file is not None and not resource.is_file:
        raise ValidationError(_("This resource is a link; it has no file to replace."))
    checked = check_upload(file, allowed=ALLOWED_KINDS) if file is not None else None
    resource.updated_at = timezone.now()
    resource.full_clean(exclude=["file"])
    previous = resource.file.name if checked is not None else None
    stored = None
    try:
        if checked is not None:
            file.seek(0)
            resource.file.save(checked.name, file, save=False)
            stored = resource.file.name
            resource.file_name = checked.name
            resource.file_kind = checked.kind
            resource.content_type = checked.content_type
            resource.file_size = checked.size
            resource.text = _extract(resource)
        resource.save()
        if countries is not None:
            resource.countries.set(countries)
        if themes is not None:
            resource.themes.set(themes)
        if translation_of is not None:
            _link(resource, translation_of)
        audit.record(
            actor=actor,
            action="resource.update",
            target=resource,
            scope=resource.community,
            fields=sorted([*fields, *(["url"] if url is not None else [])]),
            new_file=checked is not None,
            translation_of=translation_of.pk if translation_of is not None else None,
        )
        # The metadata, and the text of a new file (extracted above), are found at once.
        search.index("resource", resource)
    except BaseException:
        if stored:
            resource.file.storage.delete(stored)
        raise
    if previous:
        storage = resource.file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return resource


@transaction.atomic
def link_translation(*, actor, resource: Resource, other: Resource) -> None:
    """Record that ``other`` is the same document in another language. Each resource joins the
    other's group of translations, so every version links to every other one."""
    require(actor, "edit", resource)
    require(actor, "read", other)
    _link(resource, other)
    audit.record(
        actor=actor,
        action="resource.link_translation",
        target=resource,
        scope=resource.community,
        other=other.pk,
    )


@transaction.atomic
def unlink_translations(*, actor, resource: Resource) -> None:
    """Take ``resource`` out of its group of translations (the others stay linked together)."""
    require(actor, "edit", resource)
    resource.translations.clear()
    audit.record(
        actor=actor,
        action="resource.unlink_translations",
        target=resource,
        scope=resource.community,
    )


def _link(resource: Resource, other: Resource) -> None:
    group = {resource, other, *resource.translations.all(), *other.translations.all()}
    languages = [r.language_id for r in group]
    if len(set(languages)) != len(languages):
        raise ValidationError(
            _("A resource and its translations must each be in a different language."),
            code="translation_language",
        )
    for one in group:
        one.translations.add(*(r for r in group if r != one))


def _extract(resource: Resource) -> str:
    """The text of the stored file, for search (from a temporary copy on remote storage)."""
    try:
        return extract_text(resource.file.path, resource.file_kind)
    except NotImplementedError:
        with tempfile.NamedTemporaryFile() as copy, resource.file.open("rb") as source:
            shutil.copyfileobj(source, copy)
            copy.flush()
            return extract_text(copy.name, resource.file_kind)


def _open_topic(resource: Resource, actor) -> Topic | None:
    """The resource's discussion: in its community, else in the featured community."""
    community = resource.community or Community.objects.filter(is_featured=True).first()
    if community is None or not can(actor, "post", community):
        return None
    languages = dict(settings.LANGUAGES)
    language = resource.language.code
    if language not in languages:
        language = actor.language if actor.language in languages else settings.LANGUAGE_CODE
    with translation.override(language):
        link = settings.SITE_URL + reverse("library:detail", args=[resource.pk])
        body = render_to_string(
            "library/topic_body.txt", {"resource": resource, "link": link}
        ).strip()
    return start_topic(
        author=actor,
        community=community,
        title=resource.title[: Topic._meta.get_field("title").max_length],
        body=body,
        language=language,
        themes=list(resource.themes.all()),
    )


@transaction.atomic
def keep_discussion_summary(*, topic, actor) -> Resource:
    """A closed discussion's summary joins its community's library, linked to the topic.

    Called when a facilitator closes a topic (``discussions.services.on_close``); the topic
    itself is the resource's discussion, so no second topic is opened.
    """
    with translation.override(topic.language):
        path = reverse("discussions:topic", args=[topic.pk])
    now = timezone.now()
    resource = Resource.objects.create(
        community=topic.community,
        kind=ResourceType.DISCUSSION_SUMMARY,
        title=topic.title,
        authors=actor.public_name,
        year=now.year,
        language=Language.objects.get(code=topic.language),
        licence=Licence.OTHER,
        url=settings.SITE_URL + path,
        abstract=topic.summary,
        text=topic.summary,
        added_by=actor,
        topic=topic,
        created_at=now,
        updated_at=now,
    )
    resource.themes.set(topic.themes.all())
    audit.record(
        actor=actor, action="resource.from_summary", target=resource, scope=topic.community
    )
    search.index("resource", resource)
    return resource
