"""Discovery: schema.org JSON-LD, Open Graph tags, sitemap.xml and the Atom feeds.

Search engines, dataset catalogues, feed readers and messaging apps see only what is public:
published records (never a draft, never a withdrawn record), released editions, the global
library and public communities.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.test import Client

from baraza.compendium import jsonld, services
from baraza.compendium.models import ExperienceVersion
from baraza.editions import services as editions
from baraza.editions.models import BuildState
from baraza.library.models import Licence, Resource, ResourceType
from baraza.taxonomy.models import Country, Language
from tests.compendium import factories
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Baraza"


def publish(curator, title="Village health committees review clinic data, Kenya", **values):
    values = factories.complete_values(title_en=title, **values)
    experience = services.create_experience(actor=curator, values=values)
    return services.publish_directly(experience=experience, actor=curator)


def draft(curator, title="A draft nobody may see"):
    values = factories.complete_values(title_en=title)
    return services.create_experience(actor=curator, values=values)


def ld_blocks(html: bytes) -> list[dict]:
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def og_tags(html: bytes) -> dict[str, list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    found: dict[str, list[str]] = {}
    for meta in soup.find_all("meta", property=True):
        found.setdefault(meta["property"], []).append(meta["content"])
    return found


# --- JSON-LD on a record's page -------------------------------------------------------------


def test_a_record_page_describes_the_version_in_schema_org_json_ld(client, curator):
    record = publish(curator, title_fr="Des comités de santé de village examinent les données")
    data = ld_blocks(client.get(f"/en/compendium/{record.identifier}/").content)
    assert len(data) == 1
    item = data[0]
    version_url = f"{SITE}/en/compendium/{record.identifier}/v1/"
    assert item["@context"] == "https://schema.org"
    assert item["@type"] == "Article"
    assert item["name"] == "Village health committees review clinic data, Kenya"
    assert item["inLanguage"] == "en"
    assert item["identifier"] == f"{record.identifier}.v1"
    assert item["url"] == version_url
    assert item["mainEntityOfPage"] == f"{SITE}/en/compendium/{record.identifier}/"
    assert item["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert item["spatialCoverage"] == [{"@type": "Country", "name": "Kenya", "identifier": "KE"}]
    assert item["keywords"] == [
        "Routine primary health care",
        "Community health committees",
        "Maternal and newborn health",
    ]
    assert item["isPartOf"] == {
        "@type": "Collection",
        "name": "Baraza Community Engagement Compendium",
        "url": f"{SITE}/en/compendium/",
    }
    assert item["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Community health committees in Kenya",
            "publisher": "Ministry of Health",
            "datePublished": "2021",
            "url": "https://example.org/report",
        }
    ]
    assert item["temporalCoverage"] == "2019/2021"
    assert item["datePublished"] == record.published_at.date().isoformat()


def test_the_french_page_describes_the_record_in_french(client, curator):
    record = publish(curator, title_fr="Des comités de santé de village examinent les données")
    item = ld_blocks(client.get(f"/fr/compendium/{record.identifier}/").content)[0]
    assert item["name"] == "Des comités de santé de village examinent les données"
    assert item["inLanguage"] == "fr"
    assert item["spatialCoverage"][0]["name"] == Country.objects.get(code="KE").name_fr
    assert item["url"] == f"{SITE}/fr/compendium/{record.identifier}/v1/"


def test_a_title_cannot_break_out_of_the_json_ld_block(client, curator):
    title = 'Radio </script><script>alert("x")</script> & <!-- talk'
    record = publish(curator, title=title)
    html = client.get(f"/en/compendium/{record.identifier}/").content
    assert b'</script><script>alert("x")' not in html
    soup = BeautifulSoup(html, "html.parser")
    assert [s.get("type") for s in soup.find_all("script")] == ["application/ld+json"]
    assert ld_blocks(html)[0]["name"] == title


def test_dumps_escapes_what_could_end_an_html_block():
    text = jsonld.dumps({"name": "</script><!--&"})
    assert text == '{"name":"\\u003c/script\\u003e\\u003c!--\\u0026"}'
    assert json.loads(text) == {"name": "</script><!--&"}


def test_only_published_records_are_described(curator):
    hidden = draft(curator)
    services.publish_directly(experience=hidden, actor=curator)
    version = ExperienceVersion.objects.get(experience=hidden)
    assert jsonld.record(version)["identifier"] == f"{hidden.identifier}.v1"
    services.withdraw(experience=hidden, actor=curator, reason="Duplicate.")
    version.experience.refresh_from_db()
    assert jsonld.record(version) is None


def test_a_draft_has_no_public_page_and_no_json_ld(curator):
    record = draft(curator)
    follower = Client()
    follower.force_login(curator)
    response = follower.get(f"/en/compendium/{record.identifier}/")
    assert response.status_code == 302  # to its curation page, which has no JSON-LD
    assert ld_blocks(follower.get(response["Location"]).content) == []
    assert Client().get(f"/en/compendium/{record.identifier}/").status_code == 404


def test_the_jsonld_tag_writes_nothing_without_data():
    template = Template("{% load compendium_discovery %}[{% jsonld data %}]")
    assert template.render(Context({"data": None})) == "[]"
    assert template.render(Context({"data": {"a": "<b>"}})) == (
        '[<script type="application/ld+json">{"a":"\\u003cb\\u003e"}</script>]'
    )


# --- JSON-LD of an edition ------------------------------------------------------------------


def test_an_edition_is_a_dataset_with_its_ready_files_as_downloads(curator):
    publish(curator)
    publish(curator, title="Religious leaders and Ebola safe burials", licence="cc0")
    edition = editions.release(actor=curator, number="2026.1", notes_en="First edition.")
    editions.set_doi(actor=curator, edition=edition, doi="10.5555/baraza.2026.1")
    pdf = edition.files.get(kind="pdf", language="en")
    pdf.state, pdf.size, pdf.sha256 = BuildState.READY, 123456, "ab" * 32
    pdf.save()

    item = jsonld.edition(edition, file_url=lambda output: f"{SITE}/files/{output.filename}")

    assert item["@type"] == "Dataset"
    assert item["name"] == "Baraza Community Engagement Compendium, edition 2026.1"
    assert item["description"] == "First edition."
    assert item["version"] == "2026.1"
    assert item["datePublished"] == edition.released_at.date().isoformat()
    assert item["identifier"] == "https://doi.org/10.5555/baraza.2026.1"
    assert item["license"] == [
        "https://creativecommons.org/licenses/by/4.0/",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ]
    assert item["distribution"] == [
        {
            "@type": "DataDownload",
            "name": "ce-compendium-2026.1-en.pdf",
            "contentUrl": f"{SITE}/files/ce-compendium-2026.1-en.pdf",
            "encodingFormat": "application/pdf",
            "contentSize": "123456 B",
            "inLanguage": "en",
            "sha256": "ab" * 32,
        }
    ]
    assert item["hasPart"]["numberOfItems"] == 2
    assert json.loads(jsonld.dumps(item)) == item


# --- Open Graph -----------------------------------------------------------------------------


def test_a_record_page_has_open_graph_tags(client, curator):
    record = publish(curator)
    tags = og_tags(client.get(f"/fr/compendium/{record.identifier}/").content)
    assert tags["og:title"] == ["Village health committees review clinic data, Kenya"]
    assert tags["og:type"] == ["article"]
    assert tags["og:url"] == [f"{SITE}/fr/compendium/{record.identifier}/"]
    assert tags["og:site_name"] == ["Baraza"]
    assert tags["og:locale"] == ["fr_FR"]
    assert tags["og:locale:alternate"] == ["en_GB"]
    assert tags["og:description"][0].startswith("Community members, health workers")


def test_the_compendium_list_has_open_graph_tags_feeds_and_a_statistics_link(client):
    soup = BeautifulSoup(client.get("/en/compendium/").content, "html.parser")
    tags = og_tags(str(soup).encode())
    assert tags["og:title"] == ["Community Engagement Compendium"]
    assert tags["og:url"] == [f"{SITE}/en/compendium/"]
    feeds = soup.find_all("link", type="application/atom+xml")
    assert [f["href"] for f in feeds] == [
        "/en/compendium/feeds/experiences.atom",
        "/en/compendium/feeds/editions.atom",
    ]
    assert soup.find("a", href="/en/compendium/statistics/").get_text() == "Statistics"


# --- sitemap.xml ----------------------------------------------------------------------------


def sitemap(client) -> dict[str, dict]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 (our own markup, in a test)
    return {
        url.findtext(f"{SITEMAP}loc"): {
            "lastmod": url.findtext(f"{SITEMAP}lastmod"),
            "alternates": {
                link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
            },
        }
        for url in root.findall(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_published_records_in_both_languages(client, curator):
    record = publish(curator)
    hidden = draft(curator)
    gone = publish(curator, title="Withdrawn later")
    services.withdraw(experience=gone, actor=curator, reason="Duplicate.")

    entries = sitemap(client)

    english = f"{SITE}/en/compendium/{record.identifier}/"
    french = f"{SITE}/fr/compendium/{record.identifier}/"
    assert entries[english]["alternates"] == {"en": english, "fr": french}
    assert entries[french]["alternates"] == {"en": english, "fr": french}
    lastmod = datetime.fromisoformat(entries[english]["lastmod"])
    assert lastmod == record.versions.get().published_at
    for loc in (f"{SITE}/en/", f"{SITE}/fr/compendium/", f"{SITE}/en/compendium/statistics/"):
        assert loc in entries
    listed = " ".join(entries)
    assert hidden.identifier not in listed
    assert gone.identifier not in listed


def resource(community, title: str) -> Resource:
    return Resource.objects.create(
        community=community,
        kind=ResourceType.choices[0][0],
        title=title,
        language=Language.objects.first(),
        licence=Licence.choices[0][0],
        url="https://example.org/guide",
    )


def test_the_sitemap_lists_only_public_communities_and_resources(client):
    public = CommunityFactory(slug="open-one", visibility="public")
    members = CommunityFactory(slug="members-one", visibility="members")
    secret = CommunityFactory(slug="secret-one", visibility="private")
    shown = [resource(None, "Global guide"), resource(public, "Public community's guide")]
    hidden = [resource(members, "Members' guide"), resource(secret, "Secret guide")]

    entries = sitemap(client)

    assert f"{SITE}/en/communities/open-one/" in entries
    assert f"{SITE}/fr/communities/open-one/" in entries
    for item in shown:
        assert f"{SITE}/en/library/{item.pk}/" in entries
    for item in hidden:
        assert f"{SITE}/en/library/{item.pk}/" not in entries
    listed = " ".join(entries)
    assert "members-one" not in listed
    assert "secret-one" not in listed


@pytest.mark.parametrize("n", [1, 3])
def test_the_sitemap_takes_the_same_queries_for_any_number_of_records(
    client, curator, n, django_assert_num_queries
):
    for i in range(n):
        publish(curator, title=f"Record {i}")
    CommunityFactory(slug=f"public-{n}", visibility="public")
    with django_assert_num_queries(4):
        client.get("/sitemap.xml")


# --- Atom feeds -----------------------------------------------------------------------------


def feed(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own markup, in a test)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    return root


def entries(root: ET.Element) -> list[dict]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "link": entry.find(f"{ATOM}link").get("href"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_the_experiences_feed_lists_current_versions_of_published_records(client, curator):
    first = publish(curator, title="First record", title_fr="Première fiche")
    second = publish(curator, title="Second record")
    services.publish_edit(
        experience=second,
        actor=curator,
        values={"title_en": "Second record, revised"},
        change_note="New title.",
    )
    draft(curator, title="Draft record")
    gone = publish(curator, title="Gone record")
    services.withdraw(experience=gone, actor=curator, reason="Duplicate.")

    english = feed(client, "/en/compendium/feeds/experiences.atom")
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert english.findtext(f"{ATOM}id") == f"{SITE}/en/compendium/feeds/experiences.atom"
    assert entries(english) == [
        {
            "title": "Second record, revised",
            "id": f"{SITE}/en/compendium/{second.identifier}/v2/",
            "link": f"{SITE}/en/compendium/{second.identifier}/v2/",
        },
        {
            "title": "First record",
            "id": f"{SITE}/en/compendium/{first.identifier}/v1/",
            "link": f"{SITE}/en/compendium/{first.identifier}/v1/",
        },
    ]
    french = feed(client, "/fr/compendium/feeds/experiences.atom")
    assert [e["title"] for e in entries(french)] == ["Second record, revised", "Première fiche"]


def test_a_feed_summary_shows_markup_as_text(client, curator):
    publish(curator, summary_en="Use <b>bold</b> words " + factories.words(60))
    root = feed(client, "/en/compendium/feeds/experiences.atom")
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text.startswith("<p>Use &lt;b&gt;bold&lt;/b&gt; words")


def test_the_editions_feed_lists_released_editions(client, curator):
    publish(curator)
    editions.release(actor=curator, number="2026.1", notes_en="First.", notes_fr="Première.")
    english = feed(client, "/en/compendium/feeds/editions.atom")
    assert english.findtext(f"{ATOM}id") == f"{SITE}/en/compendium/feeds/editions.atom"
    [entry] = english.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Edition 2026.1"
    assert entry.findtext(f"{ATOM}summary") == (
        "<p>First.</p>\n<p>Records added: 1; updated: 0; withdrawn: 0.</p>"
    )
    french = feed(client, "/fr/compendium/feeds/editions.atom")
    [french_entry] = french.findall(f"{ATOM}entry")
    assert french_entry.findtext(f"{ATOM}summary").startswith("<p>Première.</p>")
    # The same edition is the same entry, whichever the feed's language.
    assert french_entry.findtext(f"{ATOM}id") == entry.findtext(f"{ATOM}id")


def test_the_feeds_are_empty_but_valid_before_anything_is_published(client):
    assert entries(feed(client, "/en/compendium/feeds/experiences.atom")) == []
    assert entries(feed(client, "/en/compendium/feeds/editions.atom")) == []
