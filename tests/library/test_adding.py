"""Adding resources: a file or a link, checked on the way in, each with its own discussion."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from baraza.core.models import AuditEntry
from baraza.discussions.models import Topic
from baraza.library.models import Resource
from tests.factories import CommunityFactory
from tests.library.factories import add, pdf_upload, stored_files

pytestmark = pytest.mark.django_db


def _form(**fields):
    data = {
        "kind": "case-study",
        "title": "Paying CHWs by mobile money in Kolda",
        "authors": "Aminata Diallo, Kolda health district",
        "year": "2024",
        "language": "en",
        "countries": ["SN"],
        "themes": ["equitable-financing-and-payment"],
        "licence": "cc-by-4.0",
        "abstract": "How a district moved CHW stipends to mobile money.",
        "url": "",
        "doi": "",
    }
    data.update(fields)
    return data


def _errors(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [li.get_text() for li in soup.select("ul.errorlist li")]


def test_a_member_adds_a_pdf_to_their_community_library(member_client, member, media):
    community = CommunityFactory(members=[member])
    response = member_client.post(
        f"/en/communities/{community.slug}/library/add/",
        _form(file=pdf_upload("kolda-case-study.pdf", "Mobile money stipends in Kolda")),
    )
    resource = Resource.objects.get()
    assert response["Location"] == f"/en/library/{resource.pk}/"
    assert (resource.community, resource.added_by, resource.file_name) == (
        community,
        member,
        "kolda-case-study.pdf",
    )
    assert [c.code for c in resource.countries.all()] == ["SN"]
    assert [t.slug for t in resource.themes.all()] == ["equitable-financing-and-payment"]
    assert stored_files(media) == [resource.file.name]
    assert "kolda-case-study" not in resource.file.name  # stored under a name nobody can guess

    page = BeautifulSoup(member_client.get(response["Location"]).content, "html.parser")
    assert page.h1.get_text() == "Paying CHWs by mobile money in Kolda"
    assert page.h1["lang"] == "en"
    download = page.find("a", href=f"/en/library/{resource.pk}/download/")
    assert download.get_text() == f"Download (PDF, {resource.size_display})"
    assert AuditEntry.objects.filter(action="resource.create", actor=member).count() == 1


def test_the_text_of_a_pdf_is_extracted_for_search(member):
    community = CommunityFactory(members=[member])
    resource = add(
        member,
        community,
        file=pdf_upload("note.pdf", "Supervision visits every month", "Paiement régulier"),
    )
    assert resource.text == "Supervision visits every month Paiement régulier"


def test_a_member_shares_a_link(member_client, member, media):
    community = CommunityFactory(members=[member])
    response = member_client.post(
        f"/en/communities/{community.slug}/library/add/",
        _form(url="https://www.who.int/publications/i/item/9789241550369", doi="doi:10.1000/182"),
    )
    resource = Resource.objects.get()
    assert (resource.url, resource.doi, resource.file.name) == (
        "https://www.who.int/publications/i/item/9789241550369",
        "10.1000/182",
        "",
    )
    assert stored_files(media) == []
    page = BeautifulSoup(member_client.get(response["Location"]).content, "html.parser")
    assert page.find("a", string="Open the link")["href"] == resource.url
    assert page.find("a", string="10.1000/182")["href"] == "https://doi.org/10.1000/182"


def test_a_link_may_be_only_a_doi(member):
    community = CommunityFactory(members=[member])
    resource = add(member, community, doi="https://doi.org/10.1000/182")
    assert (resource.url, resource.doi, resource.link) == (
        "",
        "10.1000/182",
        "https://doi.org/10.1000/182",
    )


def test_a_resource_needs_a_file_or_a_link_but_not_both(member_client, member, media):
    community = CommunityFactory(members=[member])
    url = f"/en/communities/{community.slug}/library/add/"
    assert _errors(member_client.post(url, _form())) == [
        "Upload a file, or give its web address or DOI."
    ]
    both = member_client.post(url, _form(url="https://example.org/a", file=pdf_upload()))
    assert _errors(both) == ["Share a file or a web address, not both."]
    assert _errors(member_client.post(url, _form(doi="not a doi"))) == [
        "This is not a DOI. A DOI starts with “10.” and has a slash, e.g. 10.1000/182."
    ]
    assert Resource.objects.count() == 0
    assert stored_files(media) == []


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://example.org/a"],
)
def test_a_link_must_be_a_web_address(member_client, member, link):
    community = CommunityFactory(members=[member])
    response = member_client.post(f"/en/communities/{community.slug}/library/add/", _form(url=link))
    assert "Enter a web address starting with https:// or http://." in _errors(response)
    assert Resource.objects.count() == 0


def test_a_forbidden_file_type_is_refused_and_nothing_is_stored(member_client, member, media):
    community = CommunityFactory(members=[member])
    program = SimpleUploadedFile(
        "report.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf"
    )
    response = member_client.post(
        f"/en/communities/{community.slug}/library/add/", _form(file=program)
    )
    assert _errors(response) == [
        "“report.pdf” is not a file type we accept. Accepted: Excel, JPEG, OpenDocument, PDF, "
        "PNG, PowerPoint, WebP, Word."
    ]
    assert Resource.objects.count() == 0
    assert Topic.objects.count() == 0
    assert stored_files(media) == []


def test_an_oversized_file_is_refused_and_nothing_is_stored(member_client, member, media, settings):
    settings.BARAZA_MAX_UPLOAD_MB = 1
    community = CommunityFactory(members=[member])
    big = SimpleUploadedFile(
        "big.pdf",
        pdf_upload().read() + b"%" + b"x" * (2 * 1024 * 1024) + b"\n",
        content_type="application/pdf",
    )
    response = member_client.post(f"/en/communities/{community.slug}/library/add/", _form(file=big))
    assert _errors(response) == ["“big.pdf” is 2.0 MB; files can be at most 1.0 MB."]
    assert Resource.objects.count() == 0
    assert stored_files(media) == []


def test_the_service_checks_files_too(member, media):
    """Demo loaders, email and the API come through the service, not the form."""
    community = CommunityFactory(members=[member])
    page = SimpleUploadedFile("page.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        add(member, community, file=page)
    assert Resource.objects.count() == 0
    assert stored_files(media) == []


def test_a_failure_after_the_file_is_saved_removes_it(member, media, monkeypatch):
    from baraza.library import services

    def broken(*args, **kwargs):
        raise RuntimeError("the discussion could not be opened")

    monkeypatch.setattr(services, "start_topic", broken)
    community = CommunityFactory(members=[member])
    with pytest.raises(RuntimeError):
        add(member, community, file=pdf_upload())
    assert Resource.objects.count() == 0
    assert stored_files(media) == []


def test_each_resource_opens_its_own_discussion(member_client, member, settings):
    community = CommunityFactory(members=[member])
    resource = add(member, community, title="Supervision checklist", language="fr")
    topic = resource.topic
    assert (topic.community, topic.title, topic.author, topic.language) == (
        community,
        "Supervision checklist",
        member,
        "fr",
    )
    body = topic.posts.get().body
    assert "Supervision checklist" in body
    assert f"{settings.SITE_URL}/fr/library/{resource.pk}/" in body
    page = BeautifulSoup(member_client.get(f"/en/library/{resource.pk}/").content, "html.parser")
    assert page.find("a", string="Discuss this resource")["href"] == f"/en/t/{topic.pk}/"


def test_a_global_resource_is_discussed_in_the_featured_community(facilitator):
    featured = CommunityFactory(is_featured=True)
    resource = add(facilitator, None, title="WHO CHW guideline")
    assert resource.topic.community == featured
    assert resource.topic.title == "WHO CHW guideline"


def test_without_a_featured_community_a_global_resource_has_no_discussion(
    facilitator_client, facilitator
):
    CommunityFactory(is_featured=False)
    resource = add(facilitator, None)
    assert resource.topic is None
    page = facilitator_client.get(f"/en/library/{resource.pk}/").content.decode()
    assert "This resource has no discussion yet." in page


def test_only_members_add_to_a_community_library(member_client, member):
    community = CommunityFactory()
    response = member_client.get(f"/en/communities/{community.slug}/library/add/")
    assert response.status_code == 403
    assert "Only members of this community can add resources to its library." in (
        response.content.decode()
    )
    assert (
        member_client.post(
            f"/en/communities/{community.slug}/library/add/", _form(url="https://example.org/a")
        ).status_code
        == 403
    )
    assert Resource.objects.count() == 0


def test_only_the_facilitators_team_adds_to_the_global_library(
    member_client, facilitator_client, staff_client, client
):
    assert member_client.get("/en/library/add/").status_code == 403
    assert client.get("/en/library/add/")["Location"].startswith("/en/accounts/login/")
    assert facilitator_client.get("/en/library/add/").status_code == 200
    response = staff_client.post("/en/library/add/", _form(url="https://example.org/guide"))
    resource = Resource.objects.get()
    assert response["Location"] == f"/en/library/{resource.pk}/"
    assert resource.community is None


def test_the_add_form_offers_the_readers_language_first(member_client, member):
    community = CommunityFactory(members=[member])
    page = BeautifulSoup(
        member_client.get(f"/fr/communities/{community.slug}/library/add/").content, "html.parser"
    )
    assert page.select_one("#id_language option[selected]")["value"] == "fr"


def test_a_closed_discussions_summary_joins_the_library(db):
    from baraza.discussions import services as discussion_services
    from baraza.library.models import Resource
    from tests.factories import CommunityFactory, MemberFactory

    facilitator = MemberFactory(display_name="Fatou Facilitator")
    community = CommunityFactory(slug="summaries", facilitators=[facilitator])
    topic = discussion_services.start_topic(
        author=facilitator, community=community, title="Paying CHWs", body="?", language="en"
    )
    discussion_services.close_topic(
        actor=facilitator, topic=topic, summary="Mobile money **works**."
    )
    (resource,) = Resource.objects.filter(kind="discussion-summary")
    assert (resource.community, resource.topic, resource.title, resource.abstract) == (
        community,
        topic,
        "Paying CHWs",
        "Mobile money **works**.",
    )
    assert resource.url.endswith(f"/en/t/{topic.pk}/")
