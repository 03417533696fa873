"""What the dashboard counts: weekly activity, unanswered topics and engagement by group.

The queries are exercised directly on small known datasets; test_dashboard.py checks the pages.
"""

from __future__ import annotations

import itertools

import pytest

from baraza.discussions.models import Post
from baraza.reports.queries import SUPPRESSED, community_report, normalise_gender, week_starts
from tests.reports.builders import join, reply, topic, weeks_ago

pytestmark = pytest.mark.django_db


def _by(report, key):
    (breakdown,) = [b for b in report.breakdowns if b.key == key]
    return [(row.label, row.members, row.active, row.posts) for row in breakdown.rows]


def test_the_window_is_the_last_n_weeks_starting_on_mondays():
    starts = week_starts(4)
    assert len(starts) == 4
    assert {day.weekday() for day in starts} == {0}
    assert [(b - a).days for a, b in itertools.pairwise(starts)] == [7, 7, 7]


def test_members_joined_active_members_and_posts_per_week(community, leader):
    amina = join(community, when=weeks_ago(3))
    bakari = join(community, when=weeks_ago(3))
    join(community, when=weeks_ago(1))
    question = topic(community, amina, when=weeks_ago(3))
    reply(question, bakari, when=weeks_ago(3, day=4))
    reply(question, amina, when=weeks_ago(1))
    reply(question, amina, when=weeks_ago(1, day=3))
    reply(question, leader, when=weeks_ago(30))  # before the window: not counted

    report = community_report(community, weeks=4)

    assert [(w.joined, w.active, w.posts) for w in report.weeks] == [
        (2, 2, 2),  # three weeks ago: Amina and Bakari joined and both posted
        (0, 0, 0),
        (1, 1, 2),  # last week: one joined; Amina posted twice
        (2, 0, 0),  # this week: the owner and the facilitator (the factory adds them now)
    ]
    assert [w.start for w in report.weeks] == week_starts(4)
    assert (report.total_joined, report.total_posts) == (5, 4)


def test_hidden_and_unapproved_posts_are_not_activity(community):
    amina = join(community)
    question = topic(community, amina, when=weeks_ago(1))
    hidden = reply(question, amina, when=weeks_ago(1))
    waiting = reply(question, amina, when=weeks_ago(1))
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)
    Post.objects.filter(pk=waiting.pk).update(status="pending")

    report = community_report(community, weeks=4)

    assert [w.posts for w in report.weeks] == [0, 0, 1, 0]


def test_unanswered_topics_are_listed_oldest_first(community, leader):
    amina = join(community)
    newer = topic(community, amina, when=weeks_ago(1), title="Newer question")
    older = topic(community, amina, when=weeks_ago(5), title="Older question")
    answered = topic(community, amina, when=weeks_ago(6), title="Answered")
    reply(answered, leader, when=weeks_ago(6))
    only_hidden_reply = topic(community, amina, when=weeks_ago(2), title="Reply hidden")
    Post.objects.filter(pk=reply(only_hidden_reply, leader, when=weeks_ago(2)).pk).update(
        is_hidden=True
    )

    report = community_report(community)

    assert [t.title for t in report.unanswered] == [
        "Older question",
        "Reply hidden",
        "Newer question",
    ]
    assert report.unanswered_count == 3
    assert older.pk == report.unanswered[0].pk and newer.pk == report.unanswered[-1].pk


def test_four_people_from_one_country_are_never_shown_as_a_number(community):
    for _n in range(4):
        join(community, country="SN")
    for _n in range(5):
        join(community, country="KE")

    rows = _by(community_report(community), "country")

    # The owner (Kenya, from the factory) and the facilitator (Senegal) are members too.
    assert rows == [
        ("Kenya", 6, 0, 0),
        ("Senegal", 5, 0, 0),
    ]


def test_small_groups_are_merged_and_a_small_merged_row_shows_only_less_than_five(community):
    for _n in range(5):
        join(community, country="KE")
    for country in ("MG", "ML", "BF"):
        join(community, country=country)

    rows = _by(community_report(community), "country")

    # Kenya: 5 + the owner. Madagascar, Mali, Burkina Faso and the facilitator's Senegal: 4.
    assert rows == [("Kenya", 6, 0, 0), ("Other or fewer than 5", SUPPRESSED, None, None)]


def test_a_merged_row_of_five_or_more_people_shows_its_numbers(community):
    people = [join(community, country=c) for c in ("MG", "ML", "BF", "CM")]
    topic(community, people[0], when=weeks_ago(1))

    rows = _by(community_report(community), "country")

    # Owner (Kenya) + facilitator (Senegal) + 4 others: 6 people in groups of 1 or 2.
    assert rows == [("Other or fewer than 5", 6, 1, 1)]


def test_gender_is_grouped_ignoring_case_and_spaces(community):
    for gender in ("Woman", " woman ", "WOMAN", "wo man", "Woman", "woman"):
        join(community, gender=gender)
    for gender in ("Non-binary", "non-binary "):
        join(community, gender=gender)

    rows = _by(community_report(community), "gender")

    # "wo man" is another answer; with the two non-binary members, the owner and the
    # facilitator (not stated) it makes a merged row of 5.
    assert rows == [("Woman", 5, 0, 0), ("Other or fewer than 5", 5, 0, 0)]


def test_a_blank_gender_is_not_stated(community):
    for gender in ("", "  ", "", ""):
        join(community, gender=gender)

    rows = _by(community_report(community), "gender")

    assert rows == [("Not stated", 6, 0, 0)]


def test_normalising_gender():
    assert normalise_gender("  Femme   cis ") == "femme cis"
    assert normalise_gender("FEMME") == normalise_gender("femme")
    assert normalise_gender(None) == ""


def test_stakeholder_types_count_members_active_members_and_posts(community):
    workers = [join(community, stakeholder="community-health-worker") for _n in range(5)]
    question = topic(community, workers[0], when=weeks_ago(1))
    reply(question, workers[1], when=weeks_ago(1))
    reply(question, workers[1], when=weeks_ago(0, day=0))

    rows = _by(community_report(community), "stakeholder")

    assert rows == [
        ("Community health worker", 5, 2, 3),
        ("Other or fewer than 5", SUPPRESSED, None, None),
    ]
