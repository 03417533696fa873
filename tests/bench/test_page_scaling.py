"""The busiest pages cost the same with many items as with one, and stay light.

bench/run.py times these pages on 400,000 posts (docs/benchmarks.md); these checks run on
every database with small data. The explore page (for members) and the first page of a topic
(for members) have their query-count tests in tests/communities/test_joining.py and
tests/discussions/test_topics.py; here are the community home, the last page of a long topic,
and both for visitors who are not logged in.
"""

from __future__ import annotations

import gzip
import random

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from baraza.discussions import services
from baraza.discussions.queries import POSTS_PER_PAGE
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 50 * 1024
WORDS = [
    "community", "health", "workers", "village", "district", "clinic", "nurse", "midwife",
    "vaccination", "malaria", "nutrition", "budget", "council", "committee", "scorecard",
    "supervision", "training", "volunteers", "referral", "stock", "medicines", "radio", "faith",
    "leaders", "women", "youth", "trust", "feedback", "data", "register", "report", "agents",
    "santé", "communautaire", "village", "centre", "sage-femme", "vaccination", "paludisme",
    "budget", "comité", "formation", "bénévoles", "médicaments", "confiance", "données",
    "registre", "rapport", "femmes", "jeunes",
]  # fmt: skip


def _text(rng: random.Random, words: int) -> str:
    """Varied prose that compresses like real posts do (repeated text would flatter gzip)."""
    sentences = []
    while words > 0:
        length = rng.randint(8, 20)
        sentences.append(" ".join(rng.choices(WORDS, k=length)).capitalize() + ".")
        words -= length
    return " ".join(sentences)


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _visitor(name: str, member) -> Client:
    return Client() if name == "anonymous" else _logged_in(member)


@pytest.fixture
def community(member):
    return CommunityFactory(slug="chw", members=[member])


def _topic_with(member, community, n_posts: int, *, words: int = 5):
    rng = random.Random(n_posts)  # noqa: S311 (reproducible test text, not secrets)
    topic = services.start_topic(
        author=member,
        community=community,
        title="How do you keep volunteers motivated?",
        body=_text(rng, words),
        language="en",
    )
    for _ in range(n_posts - 1):
        services.post_reply(topic=topic, author=member, body=_text(rng, words), language="en")
    return topic


# --- SQL queries: the same count for 1 item and for 3 -----------------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_explore_queries_do_not_grow_for_visitors(n, django_assert_num_queries):
    for _ in range(n):
        CommunityFactory(members=[MemberFactory()])
    CommunityFactory(visibility="private")
    # count, page
    with django_assert_num_queries(2):
        assert Client().get("/en/communities/").status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_community_home_queries_do_not_grow(n, member, community, django_assert_num_queries):
    others = [MemberFactory() for _ in range(n)]
    for other in others:
        community.memberships.create(user=other, status="active", role="facilitator")
    for i in range(n):
        topic = _topic_with(member, community, n)
        services.post_reply(topic=topic, author=others[i], body="Agreed.", language="en")
    # visitor: count members, facilitators, then each section (topics, library, events)
    for client, queries in ((Client(), 6), (_logged_in(member), 11)):
        with django_assert_num_queries(queries):
            page = client.get("/en/communities/chw/")
        assert page.status_code == 200
        titles = BeautifulSoup(page.content, "html.parser").select("ul.topics > li > a")
        assert len(titles) == n


@pytest.mark.parametrize("n", [1, 3])
def test_topic_first_page_queries_do_not_grow_for_visitors(
    n, member, community, django_assert_num_queries
):
    topic = _topic_with(member, community, n)
    # count, posts, attachments (prefetched), themes, ... with no session for a visitor
    with django_assert_num_queries(5):
        assert Client().get(f"/en/t/{topic.pk}/").status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_last_page_of_a_long_topic_queries_do_not_grow(
    n, member, community, django_assert_num_queries
):
    topic = _topic_with(member, community, POSTS_PER_PAGE + n)
    path = f"/en/t/{topic.pk}/?page=2"
    for client, queries in ((Client(), 5), (_logged_in(member), 12)):
        client.get(path)  # a member's first visit records how far they have read
        with django_assert_num_queries(queries):
            page = client.get(path)
        numbers = [p.number for p in page.context["posts"]]
        assert numbers == list(range(POSTS_PER_PAGE + 1, POSTS_PER_PAGE + n + 1))


# --- Weight: a first visit, compressed, with every same-origin asset ---------------------


def _first_visit_weight(client, path: str) -> dict[str, int]:
    """Bytes on the wire for the HTML (gzip, as served) and each asset it loads (gzip -9)."""
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200, path
    body = response.content
    gzipped = response.get("Content-Encoding") == "gzip"
    html = gzip.decompress(body) if gzipped else body
    weights = {"html": len(body) if gzipped else len(gzip.compress(body))}
    soup = BeautifulSoup(html, "html.parser")
    urls = [tag["href"] for tag in soup.find_all("link", href=True) if tag["rel"] != ["alternate"]]
    urls += [tag["src"] for tag in soup.find_all(["script", "img", "iframe", "source"], src=True)]
    for url in urls:
        asset = Client().get(url)
        assert asset.status_code == 200, (path, url)
        content = b"".join(asset.streaming_content) if asset.streaming else asset.content
        weights[url] = len(gzip.compress(content, 9))
    return weights


def test_full_pages_fit_the_weight_budget_on_a_first_visit(member, community):
    """Full pages: 20 communities to explore, 10 topics on the home page, and 50 posts of
    about 120 words each on a topic's first page."""
    for _ in range(19):
        CommunityFactory(description_en=_text(random.Random(1), 40))  # noqa: S311 (test text)
    for _ in range(10):
        _topic_with(member, community, 1)
    topic = _topic_with(member, community, POSTS_PER_PAGE + 3, words=120)
    paths = [
        "/en/communities/",
        "/en/communities/chw/",
        f"/en/t/{topic.pk}/",
        f"/en/t/{topic.pk}/?page=2",
    ]
    for client in (Client(), _logged_in(member)):
        for path in paths:
            weights = _first_visit_weight(client, path)
            total = sum(weights.values())
            assert total <= BUDGET_BYTES, f"{path} weighs {total} bytes: {weights}"
