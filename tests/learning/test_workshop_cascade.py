"""The training cascade: a public tree of a workshop's runs, from the master trainer's training
of trainers to the runs led by the trainers trained there, with numbers and no names."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from baraza.learning.models import Participant, RunKind
from tests.factories import MemberFactory
from tests.learning.test_workshop_runs import record

pytestmark = pytest.mark.django_db

URL = "/en/learning/workshops/outbreak-workshop/cascade/"


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _line(li) -> str:
    return " ".join(li.find("p", recursive=False).get_text(" ").split())


def _scores(run, *pairs):
    for n, (pre, post) in enumerate(pairs):
        Participant.objects.create(run=run, name=f"Secret name {n}", pre_score=pre, post_score=post)


@pytest.fixture
def cascade(workshop_package):
    """A master trainer's ToT in Nairobi; two trainers trained there; one of them runs a ToT in
    Kisumu, where a third trainer is trained and runs a workshop in Eldoret."""
    master = MemberFactory(display_name="Mary Master")
    first, second, third = (MemberFactory(display_name=n) for n in ("Tom", "Awino", "Peter"))
    tot = record(
        workshop_package,
        master,
        kind=RunKind.TRAINING_OF_TRAINERS,
        city="Nairobi",
        starts_on="2026-01-12",
        ends_on="2026-01-16",
    )
    _scores(tot, (40, 80), (50, 70), (60, 90), (None, 75))
    kisumu = record(
        workshop_package,
        first,
        kind=RunKind.TRAINING_OF_TRAINERS,
        city="Kisumu",
        trained_in=tot,
        starts_on="2026-02-02",
        ends_on="2026-02-04",
    )
    _scores(kisumu, (30, 60))
    record(workshop_package, second, city="Mombasa", country="KE", trained_in=tot)
    record(workshop_package, third, city="Eldoret", trained_in=kisumu, country="UG")
    return tot


def test_the_cascade_is_a_tree_of_runs_with_numbers(client, cascade):
    soup = _soup(client.get(URL))
    root = soup.select_one("ul.cascade > li")
    assert _line(root) == (
        "Training of trainers · Nairobi, Kenya · Jan. 12, 2026 to Jan. 16, 2026 "
        "Led by Mary Master · 4 participants · mean gain from pre-test to post-test: 30.0 points"
    )
    children = root.find("ul", recursive=False).find_all("li", recursive=False)
    assert [_line(li) for li in children] == [
        "Training of trainers · Kisumu, Kenya · Feb. 2, 2026 to Feb. 4, 2026 "
        "Led by Tom · 1 participant · "
        "mean gain from pre-test to post-test: — (fewer than 3 scored participants)",
        "Workshop · Mombasa, Kenya · March 2, 2026 to March 3, 2026 Led by Awino · 0 participants",
    ]
    grandchild = children[0].find("ul").find("li")
    assert _line(grandchild) == (
        "Workshop · Eldoret, Uganda · March 2, 2026 to March 3, 2026 Led by Peter · 0 participants"
    )
    assert "Secret name" not in soup.get_text()


@pytest.mark.parametrize("scored", [1, 2])
def test_no_mean_is_shown_over_fewer_than_3_scored_participants(client, workshop_package, scored):
    """A mean over one or two people gives their own scores away."""
    run = record(workshop_package, MemberFactory(display_name="Tom"), city="Kisumu")
    _scores(run, *[(20, 95)] * scored, (None, 10), (15, None))
    soup = _soup(client.get(URL))
    assert _line(soup.select_one("ul.cascade > li")) == (
        "Workshop · Kisumu, Kenya · March 2, 2026 to March 3, 2026 "
        f"Led by Tom · {scored + 2} participants · "
        "mean gain from pre-test to post-test: — (fewer than 3 scored participants)"
    )
    assert "75" not in soup.select_one("ul.cascade").get_text()


def test_a_facilitator_sees_a_link_to_their_own_runs_only(client, cascade):
    assert _soup(client.get(URL)).select("ul.cascade a") == []
    client.force_login(cascade.facilitator)
    links = _soup(client.get(URL)).select("ul.cascade a")
    assert [a["href"] for a in links] == [
        f"/en/learning/workshops/outbreak-workshop/runs/{cascade.pk}/"
    ]


def test_without_runs_the_cascade_says_so(client, workshop_package):
    soup = _soup(client.get(URL))
    assert soup.select("ul.cascade") == []
    assert "No run of this workshop has been recorded yet." in soup.get_text()


@pytest.mark.parametrize("n", [1, 3])
def test_the_cascade_takes_the_same_queries_for_1_and_3_runs(
    client, workshop_package, django_assert_num_queries, n
):
    parent = None
    for k in range(n):
        trainer = MemberFactory()
        parent = record(
            workshop_package,
            trainer,
            kind=RunKind.TRAINING_OF_TRAINERS,
            city=f"City {k}",
            trained_in=parent,
        )
        _scores(parent, (10, 20))
    with django_assert_num_queries(4):
        assert client.get(URL).status_code == 200
