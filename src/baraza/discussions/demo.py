"""Demo discussions in both languages, written through the same services as the web forms.

Idempotent: a topic is matched by community and title, so re-running adds nothing.
"""

from __future__ import annotations

from django.db import transaction

from baraza.accounts.models import User
from baraza.communities.models import Community
from baraza.discussions import services
from baraza.discussions.models import Topic
from baraza.taxonomy.models import Theme

# community slug, title, language, themes, pinned, [(author email, language, body), ...]
TOPICS = [
    (
        "community-health-cop",
        "Introduce yourself / Présentez-vous",
        "en",
        [],
        True,
        [
            (
                "facilitator@example.org",
                "en",
                "Welcome! Tell us who you are, where you work and one thing you would like to "
                "learn from colleagues. *Bienvenue ! Écrivez en français si vous préférez.*",
            ),
            (
                "member@example.org",
                "fr",
                "Bonjour à toutes et à tous ! Je suis relais communautaire à Kolda, au Sénégal. "
                "J'aimerais apprendre comment d'autres pays organisent la supervision des relais.",
            ),
            (
                "funder@example.org",
                "en",
                "Hello from Abuja. I manage primary health care grants and I'm keen to hear what "
                "makes community health worker programmes last after the project ends.",
            ),
        ],
    ),
    (
        "community-health-cop",
        "Paying community health workers: what has worked in your country?",
        "en",
        ["equitable-financing-and-payment"],
        False,
        [
            (
                "funder@example.org",
                "en",
                "Many programmes still rely on volunteers with irregular stipends. Which payment "
                "models have you seen **sustained** by national budgets, and what made the "
                "difference?",
            ),
            (
                "ministry.planner@example.org",
                "fr",
                "Au Burkina Faso, l'intégration des ASC dans la fonction publique locale a pris "
                "plusieurs années. Le point clé : une ligne budgétaire dédiée dans la loi de "
                "finances, négociée avec le ministère des Finances.",
            ),
            (
                "startup@example.org",
                "en",
                "Mobile money cut payment delays from weeks to days in two districts we worked "
                "with. @fatou-ouedraogo, did the budget line include transaction fees?",
            ),
        ],
    ),
    (
        "community-health-cop",
        "Supervision des relais communautaires : quels outils utilisez-vous ?",
        "fr",
        ["quality-of-services", "community-networks-and-service-delivery"],
        False,
        [
            (
                "member@example.org",
                "fr",
                "Dans notre district, l'infirmier-chef de poste supervise 25 relais. Les "
                "visites se font rarement faute de carburant. Quels outils utilisez-vous pour "
                "une supervision de groupe ou à distance ?",
            ),
            (
                "facilitator@example.org",
                "en",
                "In Kenya some counties use monthly group supervision at the health facility, "
                "with a short checklist and peer review of registers. Happy to share the "
                "checklist.",
            ),
        ],
    ),
    (
        "ce-in-emergencies",
        "Tracking rumours during a cholera response",
        "en",
        [],
        False,
        [
            (
                "curator@example.org",
                "en",
                "How do you log and answer rumours from community feedback without overwhelming "
                "the response team? We tried a shared spreadsheet; it broke down in week two.",
            ),
            (
                "faith.leader@example.org",
                "en",
                "Our congregations kept a paper notebook per parish; a volunteer sent a weekly SMS "
                "summary. Slow, but nothing was lost.",
            ),
        ],
    ),
    (
        "chw-managers-west-central-africa",
        "Budget 2027 : intégrer les ASC dans les plans nationaux",
        "fr",
        ["equitable-financing-and-payment", "governance-and-social-accountability"],
        False,
        [
            (
                "ministry.planner@example.org",
                "fr",
                "Partageons nos calendriers budgétaires : à quel moment faut-il soumettre le "
                "coût des ASC pour qu'il figure dans le budget 2027 ?",
            ),
        ],
    ),
    (
        "digital-community-health",
        "SMS reminders that work on basic phones",
        "en",
        ["new-technology"],
        False,
        [
            (
                "startup@example.org",
                "en",
                "We send antenatal visit reminders by SMS. Lessons so far: keep messages under "
                "160 characters, use local languages, and never send at night.",
            ),
        ],
    ),
]


@transaction.atomic
def load(*, stdout=None) -> list:
    people = {user.email: user for user in User.objects.filter(email__endswith="@example.org")}
    for slug, title, _language, theme_slugs, pinned, posts in TOPICS:
        community = Community.objects.get(slug=slug)
        if Topic.objects.filter(community=community, title=title).exists():
            continue
        (first_author, first_language, first_body), *replies = posts
        topic = services.start_topic(
            author=people[first_author],
            community=community,
            title=title,
            body=first_body,
            language=first_language,
            themes=Theme.objects.filter(slug__in=theme_slugs),
        )
        for author, reply_language, body in replies:
            services.post_reply(
                topic=topic, author=people[author], body=body, language=reply_language
            )
        if pinned:
            Topic.objects.filter(pk=topic.pk).update(is_pinned=True)
    return []
