"""Every page: light, self-contained, accessible in structure, and within the weight budget.

The real-browser suite (tests/e2e) runs axe-core on the same pages; these checks run on every
database without a browser and name the exact page and element that breaks a rule.
"""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 50 * 1024

PUBLIC_PAGES = [
    "/en/",
    "/fr/",
    "/en/search/",
    "/fr/search/?q=sante+communautaire",
    "/en/search/?q=village+health&type=experience&sort=date",
    "/en/members/",
    "/fr/members/",
    "/en/accounts/login/",
    "/fr/accounts/signup/",
    "/en/accounts/password/reset/",
    "/en/no-such-page/",
    "/en/communities/",
    "/fr/communities/",
    "/en/compendium/",
    "/fr/compendium/",
    "/en/compendium/criteria/",
    "/fr/compendium/criteria/",
    "/en/compendium/map/",
    "/en/compendium/statistics/",
    "/fr/compendium/statistics/",
    "/fr/compendium/editions/",
    "/en/learning/",
    "/fr/learning/",
    "/en/learning/verify/",
]
MEMBER_PAGES = [
    "/fr/search/?q=essentiel",
    "/en/",
    "/en/members/",
    "/fr/me/",
    "/en/me/profile/",
    "/fr/me/profile/",
    "/en/me/delete/",
    "/en/accounts/email/",
    "/en/accounts/password/change/",
    "/en/accounts/2fa/",
    "/fr/communities/",
    "/fr/compendium/submit/",
    "/en/compendium/curation/mine/",
    "/fr/learning/me/",
]
CURATOR_PAGES = [
    "/en/compendium/curation/",
    "/en/compendium/editions/release/",
    "/fr/compendium/curation/import/",
]


LEARNING_PUBLIC_PAGES = [
    "/fr/learning/ce-essentials/",
    "/en/learning/ce-essentials/versions/",
    "/fr/learning/ce-essentials/adopters/",
    "/en/learning/ce-essentials/export/",
    "/en/learning/workshops/outbreak-workshop/",
    "/fr/learning/workshops/outbreak-workshop/agenda/",
    "/en/learning/workshops/outbreak-workshop/cascade/",
]
LEARNING_MEMBER_PAGES = [
    "/en/learning/ce-essentials/adopt/",
    "/fr/learning/workshops/outbreak-workshop/runs/new/",
]
AUTHOR_PAGES = [
    "/en/learning/author/",
    "/fr/learning/author/new/?kind=workshop",
    "/en/learning/author/ce-essentials/",
    "/fr/learning/author/ce-essentials/details/",
    "/en/learning/author/outbreak-workshop/translation/",
    "/en/learning/author/outbreak-workshop/publish/",
]


def _learning_pages(curator, staff, member) -> tuple[str, str]:
    """Publish one package of each kind and enrol ``member`` in the learning package; return
    the pages of a lesson and of a quiz."""
    from baraza.learning.services.learners import enrol
    from baraza.learning.services.publishing import publish
    from tests.editions.conftest import publish as publish_record
    from tests.learning.conftest import build_learning_package, build_workshop_package

    experience = publish_record(curator, "Village health committees review clinic data")
    for build in (build_learning_package, build_workshop_package):
        package = build(staff, experience)
        version = publish(package=package, actor=staff)
    learning_package = version.package.__class__.objects.get(slug="ce-essentials")
    enrol(user=member, package=learning_package)
    learning = learning_package.versions.get().data
    module = learning["modules"][0]
    return (
        f"/en/learning/ce-essentials/lessons/{module['lessons'][0]['key']}/",
        f"/fr/learning/ce-essentials/modules/{module['key']}/quiz/",
    )


@pytest.fixture
def pages(member_client, member, curator, staff):
    """(client, path) for every main page, including a profile page."""
    public = MemberFactory(visibility="public", display_name="Public Person")
    community = CommunityFactory(members=[member], join_policy="request")
    CommunityFactory(slug="other", visibility="members", join_policy="request")
    anonymous = Client()
    public_pages = [
        *PUBLIC_PAGES,
        f"/en/members/{public.pk}/",
        f"/en/communities/{community.slug}/",
        "/fr/communities/other/",
    ]
    lesson, quiz = _learning_pages(curator, staff, member)
    public_pages += [*LEARNING_PUBLIC_PAGES, lesson]
    member_pages = [
        *MEMBER_PAGES,
        *LEARNING_MEMBER_PAGES,
        quiz,
        f"/fr/members/{member.pk}/",
        f"/fr/communities/{community.slug}/",
        f"/en/communities/{community.slug}/members/",
        "/en/communities/other/request/",
    ]
    curator_client = Client()
    curator_client.force_login(curator)
    staff_client = Client()
    staff_client.force_login(staff)
    return (
        [(anonymous, path) for path in public_pages]
        + [(member_client, path) for path in member_pages]
        + [(curator_client, path) for path in CURATOR_PAGES]
        + [(staff_client, path) for path in AUTHOR_PAGES]
    )


def _get(client, path):
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code in (200, 404), (path, response.status_code)
    body = response.content
    html = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
    wire = len(body) if response.get("Content-Encoding") == "gzip" else len(gzip.compress(body))
    return response, BeautifulSoup(html, "html.parser"), wire


def _assets(soup) -> list[str]:
    urls = [
        tag["href"] for tag in soup.find_all("link", href=True) if tag.get("rel") != ["alternate"]
    ]
    urls += [tag["src"] for tag in soup.find_all(["script", "img", "iframe", "source"], src=True)]
    return urls


def test_every_page_fits_the_weight_budget_on_a_first_visit(pages):
    for client, path in pages:
        _response, soup, total = _get(client, path)
        breakdown = {"html": total}
        for url in _assets(soup):
            asset = Client().get(url)
            assert asset.status_code == 200, (path, url)
            content = b"".join(asset.streaming_content) if asset.streaming else asset.content
            breakdown[url] = len(gzip.compress(content, 9))
        total = sum(breakdown.values())
        assert total <= BUDGET_BYTES, f"{path} weighs {total} bytes: {breakdown}"


def test_pages_fetch_nothing_from_other_hosts(pages):
    for client, path in pages:
        _response, soup, _ = _get(client, path)
        for tag in soup.find_all(True):
            for attribute in ("href", "src", "action", "srcset", "poster", "data"):
                value = tag.get(attribute)
                if value and tag.name != "a":
                    assert not urlsplit(value).netloc, (path, tag.name, value)


def test_pages_have_no_inline_script_or_style(pages):
    for client, path in pages:
        _response, soup, _ = _get(client, path)
        assert soup.find_all("style") == [], path
        # JSON-LD blocks are data, never run: the only inline scripts allowed.
        inline = [s for s in soup.find_all("script") if not s.get("src")]
        assert [s for s in inline if s.get("type") != "application/ld+json"] == [], path
        for tag in soup.find_all(True):
            assert "style" not in tag.attrs, (path, str(tag)[:120])
            handlers = [name for name in tag.attrs if name.startswith("on")]
            assert handlers == [], (path, str(tag)[:120])


def test_pages_have_landmarks_a_skip_link_and_one_heading(pages):
    for client, path in pages:
        _response, soup, _ = _get(client, path)
        assert soup.html["lang"] == path.split("/")[1], path
        assert soup.find("meta", attrs={"name": "viewport"}), path
        assert soup.title and soup.title.get_text(strip=True), path
        skip = soup.find("a", class_="skip")
        assert skip["href"] == "#main" and soup.find("main", id="main"), path
        assert soup.find("header") and soup.find("footer"), path
        assert all(nav.get("aria-label") for nav in soup.find_all("nav")), path
        assert len(soup.find_all("h1")) == 1, path


def test_every_form_control_has_a_label(pages):
    for client, path in pages:
        _response, soup, _ = _get(client, path)
        labelled = {label.get("for") for label in soup.find_all("label")}
        for control in soup.find_all(["input", "select", "textarea"]):
            if control.get("type") in ("hidden", "submit", "button"):
                continue
            has_label = control.get("id") in labelled or control.get("aria-label")
            assert has_label or control.find_parent("label"), (path, str(control)[:120])


def test_the_current_section_is_marked_in_the_navigation(client):
    soup = BeautifulSoup(client.get("/en/members/").content, "html.parser")
    current = soup.select('nav.nav-main a[aria-current="page"]')
    assert [a.get_text() for a in current] == ["Members"]


def test_the_stylesheet_is_one_small_file(client):
    soup = BeautifulSoup(client.get("/en/").content, "html.parser")
    sheets = soup.find_all("link", rel="stylesheet")
    assert len(sheets) == 1
    css = b"".join(Client().get(sheets[0]["href"]).streaming_content)
    assert len(gzip.compress(css, 9)) < 4 * 1024


def test_the_home_page_explains_the_platform_in_both_languages(client):
    english = BeautifulSoup(client.get("/en/").content, "html.parser")
    french = BeautifulSoup(client.get("/fr/").content, "html.parser")
    assert english.h1.get_text() == "A meeting place for community health"
    assert french.h1.get_text() == "Un lieu de rencontre pour la santé communautaire"
    assert [h.get_text() for h in english.find_all("h3")] == [
        "A community of practice",
        "The Community Engagement Compendium",
    ]
    assert len(french.select("#themes-heading + p + ul > li")) == 6
    assert "Gouvernance et redevabilité sociale" in french.get_text()
