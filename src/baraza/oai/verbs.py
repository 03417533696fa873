"""The six OAI-PMH verbs, each building its part of the response.

``respond(pairs)`` takes the request's (name, value) pairs and returns the whole
``<OAI-PMH>`` document; a protocol error becomes its ``<error>`` element, never an exception.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from baraza.oai import protocol, queries
from baraza.oai.metadata import DC, FORMATS, OAI_DC, XML_LANG, clean
from baraza.oai.protocol import NS, XSI, OAIError, Query, datestamp

OAI = f"{{{NS}}}"


def base_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("oai:endpoint")


def repository_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def oai_identifier(identifier: str) -> str:
    return f"oai:{repository_host()}:{identifier}"


def record_identifier(oai_id: str) -> str | None:
    """``CE-2026-0042`` from ``oai:<host>:CE-2026-0042``; ``None`` if not one of ours."""
    prefix = f"oai:{repository_host()}:"
    return (
        oai_id[len(prefix) :] if oai_id.startswith(prefix) and len(oai_id) > len(prefix) else None
    )


def _sub(parent: ET.Element, tag: str, text=None, **attrib) -> ET.Element:
    element = ET.SubElement(parent, f"{OAI}{tag}", {k: clean(v) for k, v in attrib.items()})
    if text is not None:
        element.text = clean(text)
    return element


def respond(pairs: list[tuple[str, str]]) -> bytes:
    root = ET.Element(f"{OAI}OAI-PMH")
    root.set(f"{{{XSI}}}schemaLocation", f"{NS} {protocol.SCHEMA}")
    _sub(root, "responseDate", datestamp(datetime.now(UTC)))
    request = _sub(root, "request", base_url())
    try:
        verb, args = protocol.arguments(pairs)
        for name, value in (("verb", verb), *sorted(args.items())):
            request.set(name, clean(value))
        body = VERBS[verb](args)
        root.append(body)
    except OAIError as error:
        if not error.echoes_request:
            request.attrib.clear()
        _sub(root, "error", error.message, code=error.code)
    # Registered again each time: ElementTree's prefix registry is global, and other libraries
    # (WeasyPrint, when it is imported) register the empty prefix for themselves.
    ET.register_namespace("", NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --- Identify, ListMetadataFormats, ListSets ------------------------------------------------


def identify(args: dict) -> ET.Element:
    element = ET.Element(f"{OAI}Identify")
    _sub(element, "repositoryName", f"{settings.SITE_NAME} Community Engagement Compendium")
    _sub(element, "baseURL", base_url())
    _sub(element, "protocolVersion", "2.0")
    admin = getattr(settings, "OAI_ADMIN_EMAIL", "") or parseaddr(settings.SERVER_EMAIL)[1]
    _sub(element, "adminEmail", admin or f"noreply@{repository_host()}")
    earliest = queries.earliest_datestamp() or datetime(2000, 1, 1, tzinfo=UTC)
    _sub(element, "earliestDatestamp", datestamp(earliest))
    _sub(element, "deletedRecord", "persistent")
    _sub(element, "granularity", protocol.GRANULARITY)
    description = _sub(element, "description")
    ns = "http://www.openarchives.org/OAI/2.0/oai-identifier"
    ET.register_namespace("oai-identifier", ns)
    ident = ET.SubElement(description, f"{{{ns}}}oai-identifier")
    ident.set(f"{{{XSI}}}schemaLocation", f"{ns} {ns}.xsd")
    for tag, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", repository_host()),
        ("delimiter", ":"),
        ("sampleIdentifier", oai_identifier("CE-2026-0042")),
    ):
        ET.SubElement(ident, f"{{{ns}}}{tag}").text = text
    return element


def list_metadata_formats(args: dict) -> ET.Element:
    if "identifier" in args and _item(args["identifier"]) is None:
        raise OAIError("idDoesNotExist", "No item has this identifier.")
    element = ET.Element(f"{OAI}ListMetadataFormats")
    for fmt in FORMATS.values():
        entry = _sub(element, "metadataFormat")
        _sub(entry, "metadataPrefix", fmt.prefix)
        _sub(entry, "schema", fmt.schema())
        _sub(entry, "metadataNamespace", fmt.namespace)
    return element


def list_sets(args: dict) -> ET.Element:
    if "resumptionToken" in args:
        # Every set fits on one page: no token is ever issued for ListSets.
        raise OAIError("badResumptionToken", "ListSets has no resumption tokens.")
    found_sets = queries.sets()
    if not found_sets:  # an empty ListSets is not valid: the schema wants at least one set
        raise OAIError("noSetHierarchy", "There are no sets yet: nothing has been published.")
    element = ET.Element(f"{OAI}ListSets")
    for found in found_sets:
        entry = _sub(element, "set")
        _sub(entry, "setSpec", found.spec)
        _sub(entry, "setName", found.name)
        if found.name_fr:
            description = _sub(entry, "setDescription")
            dc = ET.SubElement(description, f"{{{OAI_DC}}}dc")
            dc.set(
                f"{{{XSI}}}schemaLocation",
                f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
            )
            for lang, name in (("en", found.name), ("fr", found.name_fr)):
                title = ET.SubElement(dc, f"{{{DC}}}title")
                title.text = clean(name)
                title.set(XML_LANG, lang)
    return element


# --- Records ----------------------------------------------------------------------------------


def _item(oai_id: str) -> queries.Item | None:
    identifier = record_identifier(oai_id)
    return queries.item(identifier) if identifier else None


def _header(parent: ET.Element, item: queries.Item) -> None:
    header = _sub(parent, "header", **({"status": "deleted"} if item.deleted else {}))
    _sub(header, "identifier", oai_identifier(item.identifier))
    _sub(header, "datestamp", datestamp(item.datestamp))
    for spec in item.sets:
        _sub(header, "setSpec", spec)


def _record(parent: ET.Element, item: queries.Item, prefix: str) -> None:
    record = _sub(parent, "record")
    _header(record, item)
    if not item.deleted and item.version is not None:
        _sub(record, "metadata").append(FORMATS[prefix].build(item.identifier, item.version))


def _format(prefix: str) -> str:
    if prefix not in FORMATS:
        raise OAIError("cannotDisseminateFormat", "This metadata format is not available.")
    return prefix


def get_record(args: dict) -> ET.Element:
    item = _item(args["identifier"])
    if item is None:
        raise OAIError("idDoesNotExist", "No item has this identifier.")
    prefix = _format(args["metadataPrefix"])
    element = ET.Element(f"{OAI}GetRecord")
    _record(element, item, prefix)
    return element


def _list(verb: str, args: dict) -> ET.Element:
    if "resumptionToken" in args:
        query = protocol.from_token(args["resumptionToken"], verb)
    else:
        query = Query(
            verb=verb,
            prefix=args["metadataPrefix"],
            set_spec=args.get("set", ""),
            start=args.get("from", ""),
            end=args.get("until", ""),
        )
    lower, upper = protocol.date_range(query.start, query.end)
    prefix = _format(query.prefix)
    selected = queries.select(query.set_spec, lower, upper)
    if selected is None:
        raise OAIError("noRecordsMatch", "This set does not exist.")
    records = verb == "ListRecords"
    found, more = queries.page(selected, query.after, protocol.PAGE_SIZE, with_versions=records)
    if not found and query.after is None:
        raise OAIError("noRecordsMatch", "No record matches these arguments.")
    element = ET.Element(f"{OAI}{verb}")
    for item in found:
        if records:
            _record(element, item, prefix)
        else:
            _header(element, item)
    if query.after is None and not more:
        return element  # one complete page: no token
    total = query.total if query.total is not None else selected.count()
    cursor = {"completeListSize": str(total), "cursor": str(query.cursor)}
    if more:
        last = found[-1]
        following = Query(
            verb=verb,
            prefix=query.prefix,
            set_spec=query.set_spec,
            start=query.start,
            end=query.end,
            after=last.id,
            cursor=query.cursor + len(found),
            total=total,
        )
        expires = datetime.now(UTC) + protocol.TOKEN_LIFETIME
        _sub(
            element,
            "resumptionToken",
            protocol.token(following),
            expirationDate=datestamp(expires),
            **cursor,
        )
    else:
        _sub(element, "resumptionToken", **cursor)  # the last page: an empty token
    return element


def list_identifiers(args: dict) -> ET.Element:
    return _list("ListIdentifiers", args)


def list_records(args: dict) -> ET.Element:
    return _list("ListRecords", args)


VERBS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
    "GetRecord": get_record,
}
