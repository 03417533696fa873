"""The dashboard page: who may see it, what it shows, and that it stays light and accessible."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from baraza.communities.models import Membership
from tests.factories import CommunityFactory, MemberFactory
from tests.reports.builders import join, reply, topic, weeks_ago

pytestmark = pytest.mark.django_db

URL = "/en/communities/chw/reports/"
SVG = "{http://www.w3.org/2000/svg}"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


# --- Who may see it -------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(community):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={URL}"


def test_people_who_do_not_moderate_the_community_are_refused(community, member):
    assert _client(member).get(URL).status_code == 403  # not a member
    join_member = join(community)
    response = _client(join_member).get(URL)
    assert response.status_code == 403
    assert "Only the facilitators of this community can see its reports." in (
        response.content.decode()
    )


@pytest.mark.parametrize("who", ["leader", "owner", "staff", "facilitator"])
def test_facilitators_owners_and_staff_see_it(community, leader, staff, facilitator, who):
    owner = Membership.objects.get(community=community, role="owner").user
    person = {"leader": leader, "owner": owner, "staff": staff, "facilitator": facilitator}[who]
    response = _client(person).get(URL)
    assert response.status_code == 200
    assert _soup(response).h1.get_text() == "Facilitator dashboard"


def test_a_private_community_is_not_found_for_outsiders(member, facilitator):
    CommunityFactory(slug="secret", visibility="private")
    assert _client(member).get("/en/communities/secret/reports/").status_code == 404
    assert _client(member).get("/en/communities/secret/reports/export.csv").status_code == 404
    # The site's facilitators may moderate every community, private ones included.
    assert _client(facilitator).get("/en/communities/secret/reports/").status_code == 200


def test_a_missing_community_is_not_found(leader):
    assert _client(leader).get("/en/communities/nowhere/reports/").status_code == 404


def test_the_community_home_links_to_the_dashboard_for_its_facilitators(community, leader):
    member = join(community)
    link = 'a[href="/en/communities/chw/reports/"]'
    assert len(_soup(_client(leader).get("/en/communities/chw/")).select(link)) == 1
    assert _soup(_client(member).get("/en/communities/chw/")).select(link) == []
    assert _soup(Client().get("/en/communities/chw/")).select(link) == []


# --- What it shows --------------------------------------------------------------------------


def test_the_period_can_be_chosen_and_anything_else_falls_back_to_twelve_weeks(community, leader):
    client = _client(leader)
    for query, weeks in [
        ("", 12),
        ("?weeks=4", 4),
        ("?weeks=52", 52),
        ("?weeks=7", 12),
        ("?weeks=abc", 12),
        ("?weeks=", 12),
        ("?weeks=1e9", 12),
    ]:
        soup = _soup(client.get(URL + query))
        rows = soup.select("#activity-heading ~ details tbody tr")
        assert len(rows) == weeks, query
        assert soup.select_one("#id_weeks option[selected]")["value"] == str(weeks), query
        assert soup.select_one('a[href*="export.csv"]')["href"] == (
            f"/en/communities/chw/reports/export.csv?weeks={weeks}"
        )


def test_unanswered_topics_link_to_the_topic(community, leader):
    amina = join(community)
    question = topic(community, amina, when=weeks_ago(2), title="How do you pay CHWs?")
    topic(community, amina, when=weeks_ago(1), title="Answered")
    reply(type(question).objects.get(title="Answered"), leader, when=weeks_ago(1))

    soup = _soup(_client(leader).get(URL))

    links = soup.select("#unanswered-heading ~ ol a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("How do you pay CHWs?", f"/en/t/{question.pk}/")
    ]
    assert soup.select_one("#unanswered-heading + p").get_text() == (
        "1 open topic has no reply yet, oldest first:"
    )


def test_small_groups_show_less_than_five_and_never_a_name(community, leader):
    for _n in range(2):
        join(community, country="MG", gender="Femme")

    soup = _soup(_client(leader).get(URL))

    tables = soup.select("#groups-heading ~ table")
    assert [t.caption.get_text() for t in tables] == [
        "By country",
        "By stakeholder type",
        "By gender",
    ]
    country_rows = [
        [c.get_text() for c in tr.find_all(["th", "td"])] for tr in tables[0].tbody("tr")
    ]
    # Kenya (the owner), Senegal (the facilitator) and Madagascar (2): 4 people in small groups.
    assert country_rows == [["Other or fewer than 5", "<5", "–", "–"]]
    gender_rows = [
        [c.get_text() for c in tr.find_all(["th", "td"])] for tr in tables[2].tbody("tr")
    ]
    assert gender_rows == [["Other or fewer than 5", "<5", "–", "–"]]
    assert "Femme" not in soup.get_text() and "Madagascar" not in soup.get_text()


def test_the_charts_are_well_formed_accessible_svg(community, leader):
    amina = join(community)
    topic(community, amina, when=weeks_ago(1), title="<script>alert(1)</script> & more")

    response = _client(leader).get(URL + "?weeks=4")
    soup = _soup(response)

    svgs = soup.find_all("svg")
    assert [svg["id"] for svg in svgs] == ["posts-chart", "active-chart"]
    for svg in svgs:
        tree = ET.fromstring(str(svg))  # noqa: S314 (our own markup, in a test)
        assert tree.get("role") == "img"
        assert tree.get("aria-labelledby") == f"{svg['id']}-title {svg['id']}-desc"
        assert tree.find(f"{SVG}title").text in ("Posts per week", "Active members per week")
        assert "from" in tree.find(f"{SVG}desc").text
        assert all("style" not in element.attrib for element in tree.iter())
        assert tree.findall(f".//{SVG}script") == []
    bars = ET.fromstring(str(svgs[0])).findall(f"{SVG}rect")  # noqa: S314 (as above)
    assert len(bars) == 4
    assert [float(bar.get("height")) for bar in bars][2] > 0
    assert "<script>" not in response.content.decode()


def test_the_page_is_light_self_contained_and_structured(community, leader):
    for country in ("KE", "SN", "MG"):
        people = [join(community, country=country, gender="woman") for _n in range(6)]
        question = topic(community, people[0], when=weeks_ago(3))
        for n, person in enumerate(people):
            reply(question, person, when=weeks_ago(n % 4))

    response = _client(leader).get(URL + "?weeks=52", HTTP_ACCEPT_ENCODING="gzip")

    body = response.content
    html = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
    assert len(gzip.compress(html)) < 50 * 1024
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("h1")) == 1
    assert soup.find_all("style") == []
    assert [s for s in soup.find_all("script") if not s.get("src")] == []
    labelled = {label.get("for") for label in soup.find_all("label")}
    for tag in soup.find_all(True):
        assert "style" not in tag.attrs, str(tag)[:120]
        assert not [name for name in tag.attrs if name.startswith("on")], str(tag)[:120]
        for attribute in ("href", "src", "action"):
            if tag.get(attribute) and tag.name != "a":
                assert not urlsplit(tag[attribute]).netloc, str(tag)[:120]
        if tag.name in ("input", "select", "textarea") and tag.get("type") not in (
            "hidden",
            "submit",
        ):
            assert tag.get("id") in labelled, str(tag)[:120]


def test_the_page_is_in_french_at_the_french_address(community, leader):
    soup = _soup(_client(leader).get("/fr/communities/chw/reports/"))
    assert soup.html["lang"] == "fr"
    assert soup.h1.get_text() == "Tableau de bord des facilitateurs"


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_the_dashboard_needs_the_same_queries_for_1_or_3_members_and_posts(
    community, leader, n, django_assert_num_queries
):
    people = [
        join(community, country=c, gender=g, stakeholder=s)
        for c, g, s in [("MG", "woman", "ngo"), ("ML", "man", "funding-agency"), ("BF", "", None)][
            :n
        ]
    ]
    for person in people:
        question = topic(community, person, when=weeks_ago(1))
        reply(question, person, when=weeks_ago(2))
    client = _client(leader)
    MemberFactory()  # unrelated people change nothing
    with django_assert_num_queries(10):
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(URL.replace("/reports/", "/reports/export.csv")).status_code == 200
