"""Time the one search (``baraza.search``) over 1,000,000 generated documents.

    python bench/search.py --backend sqlite --docs 1000000 --runs 20
    python bench/search.py --backend postgresql --docs 20000 --runs 10 --keep

It builds its own throwaway database: SQLite in a new temporary data folder (WAL, as the app
runs it), or a new PostgreSQL database on ``--server`` (127.0.0.1:5432, user postgres) that it
creates and drops; ``--keep`` keeps either and prints how to measure it again with ``--reuse``.
It migrates it, then adds 200 communities (60% public, 25% members only, 15% private) and one
member of four of them.

The documents are generated from seeded random text (community-health vocabularies of about
300 words and phrases per language, in Zipf-like proportions, with stop words, accented
French and a tail of rare words): titles of about 8 words, bodies of 40 to 80 words per
language, some records in both English and French. They are spread over the six kinds
(topics, members, resources, events, experiences, packages), public, signed-in only or
community-only across the 200 communities, dated over ten years, tagged with themes (20 slugs)
and countries (50 codes). They are written as ``baraza reindex`` writes them: one transaction
per kind, ``services.write(batch, fresh=True)`` 500 at a time, so the build time is the real
cost of indexing (analysis, inserts and the full-text index). Then it measures the size on
disk, and optimises as a deployment would (SQLite: FTS5 ``optimize`` and ``ANALYZE``;
PostgreSQL: ``VACUUM ANALYZE``).

Then 20 representative requests go through ``queries.search(user, Request(...))``, the whole
service (access filter, counts, facets, the page of hits with their snippets), as an anonymous
visitor and as the member, in turns: ``--warmup`` untimed round(s), then ``--runs`` timed ones,
or fewer (at least 5) once a request has spent ``--budget`` seconds. It prints Markdown
tables: p50, p95 and max per request (wall time, and this process's CPU time: all of it on
SQLite), and the median time of each SQL statement of a search run on its own (progress goes
to stderr). ``--explain N`` adds the query plans of request N.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import setup_django
from run import percentile

END = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
SPAN = timedelta(days=10 * 365)
N_COMMUNITIES = 200
SERVER = "postgres://postgres@127.0.0.1:5432"
MEMBER_EMAIL = "search-member@bench.example.org"

# --- Text --------------------------------------------------------------------------------
# Words and phrases of community-health writing, most frequent first (their weights fall off
# like Zipf's law). Stop words make up about a third of a text, as in real prose; analysis
# drops them again. Rare words (neglected tropical diseases, place names) each turn up in a
# few hundred documents of a million.

VOCABULARY = {
    "en": """
    health, community, care, community health workers, village, district, women, children,
    services, training, volunteers, data, support, local, programme, people, families, clinic,
    households, access, mothers, nurses, leaders, health committee, meetings, national,
    government, ministry, primary health care, young, rural, project, results, review, plan,
    quality, evidence, experience, approach, engagement, partners, staff, needs, budget, visits,
    vaccination, malaria, nutrition, water, sanitation, hygiene, prevention, response, recovery,
    preparedness, outbreak, epidemic, cholera, measles, polio, tuberculosis, HIV, covid,
    antenatal care, pregnancy, newborn, birth attendants, midwives, breastfeeding,
    immunisation, bed nets, malaria nets, mosquito, fever, diarrhoea, oral rehydration, zinc,
    family planning, contraception, adolescents, youth, schools, teachers, pupils, girls,
    men, elders, chiefs, faith leaders, churches, mosques, radio programme, messages, mobile
    phones, text messages, digital tools, tablets, registers, reporting, indicators,
    scorecard, social accountability, feedback, complaints, trust, dialogue, participation,
    ownership, village assembly, council, mayor, municipality, region, province, country,
    health centre, health post, district hospital, referral system, referrals, ambulance,
    transport, distance, roads, rainy season, floods, drought, harvest, markets, income,
    savings groups, cash transfers, incentives, stipend, salary, allowance, motivation,
    supervision, supervisors, mentoring, coaching, curriculum, modules, workshop, facilitators,
    learning, lessons, sharing, practice, guidelines, policy, strategy, law, decree, financing,
    insurance, fees, free care, medicines, drugs, stock-outs, supply chain, stores, logistics,
    equipment, vaccines, cold chain, refrigerators, solar, electricity, clean water, wells,
    boreholes, latrines, handwashing, soap, waste, environment, climate, heat, food,
    malnutrition, stunting, wasting, growth monitoring, weighing, vitamin, micronutrients,
    gardens, cooking, demonstration, counselling, home visits, case management, screening,
    testing, diagnosis, treatment, adherence, follow-up, defaulters, tracing, contacts,
    surveillance, alerts, rumours, misinformation, communication, risk communication,
    awareness, mobilisation, behaviour change, stigma, discrimination, gender, violence,
    disability, inclusion, equity, poverty, vulnerable groups, refugees, displaced people,
    migrants, nomads, pastoralists, fishermen, miners, urban, slums, informal settlements,
    data collection, analysis, mapping, census, survey, baseline, evaluation, monitoring,
    research, study, trial, findings, impact, cost, effectiveness, sustainability, scale,
    integration, coordination, collaboration, networks, associations, cooperatives,
    non-governmental organisations, civil society, private sector, pharmacies, drug sellers,
    traditional healers, herbal remedies, beliefs, culture, language, translation, literacy,
    mental health, depression, psychosocial support, elderly, chronic diseases, diabetes,
    hypertension, blood pressure, cancer, eye care, oral health, injuries, snakebite, rabies,
    dogs, livestock, one health, animals, zoonoses, ebola, lassa fever, mpox, yellow fever,
    meningitis, dengue, deworming, schistosomiasis, trachoma, neglected tropical diseases
    """,
    "fr": """
    santé, communauté, soins, agents de santé communautaires, village, district, femmes,
    enfants, services, formation, bénévoles, données, appui, local, programme, personnes,
    familles, dispensaire, ménages, accès, mères, infirmiers, responsables, comité de santé,
    réunions, national, gouvernement, ministère, soins de santé primaires, jeunes, rural,
    projet, résultats, évaluation, plan, qualité, preuves, expérience, approche, engagement,
    partenaires, personnel, besoins, budget, visites, vaccination, paludisme, nutrition, eau,
    assainissement, hygiène, prévention, riposte, relèvement, préparation, flambée, épidémie,
    choléra, rougeole, poliomyélite, tuberculose, VIH, covid, consultations prénatales,
    grossesse, nouveau-nés, accoucheuses traditionnelles, sages-femmes, allaitement,
    immunisation, moustiquaires imprégnées, moustiquaires, moustiques, fièvre, diarrhée,
    réhydratation orale, zinc, planification familiale, contraception, adolescents,
    jeunesse, écoles, enseignants, élèves, filles, hommes, aînés, chefs coutumiers,
    leaders religieux, églises, mosquées, émission de radio, messages, téléphones mobiles,
    SMS, outils numériques, tablettes, registres, rapportage, indicateurs, tableau de bord,
    redevabilité sociale, rétroaction, plaintes, confiance, dialogue, participation,
    appropriation, assemblée villageoise, conseil communal, maire, commune, région, province,
    pays, centre de santé, poste de santé, hôpital de district, système de référence,
    références, ambulance, transport, distance, routes, saison des pluies, inondations,
    sécheresse, récolte, marchés, revenus, groupes d'épargne, transferts monétaires,
    motivation, primes, indemnités, salaire, rémunération, supervision, superviseurs,
    encadrement, accompagnement, curriculum, modules, atelier, animateurs, apprentissage,
    leçons, partage, pratique, directives, politique, stratégie, loi, décret, financement,
    assurance maladie, mutuelles, gratuité des soins, médicaments, ruptures de stock,
    chaîne d'approvisionnement, magasins, logistique, équipement, vaccins, chaîne du froid,
    réfrigérateurs, solaire, électricité, eau potable, puits, forages, latrines, lavage des
    mains, savon, déchets, environnement, climat, chaleur, alimentation, malnutrition, retard
    de croissance, émaciation, suivi de la croissance, pesée, vitamine, micronutriments,
    jardins, cuisine, démonstration, conseils, visites à domicile, prise en charge,
    dépistage, tests, diagnostic, traitement, observance, suivi, perdus de vue, recherche des
    contacts, surveillance, alertes, rumeurs, désinformation, communication, communication
    sur les risques, sensibilisation, mobilisation, changement de comportement, stigmatisation,
    discrimination, genre, violences, handicap, inclusion, équité, pauvreté, groupes
    vulnérables, réfugiés, personnes déplacées, migrants, nomades, éleveurs, pêcheurs,
    orpailleurs, urbain, bidonvilles, quartiers précaires, collecte de données, analyse,
    cartographie, recensement, enquête, situation de référence, suivi et évaluation,
    recherche, étude, essai, constats, impact, coût, efficacité, pérennité, mise à l'échelle,
    intégration, coordination, collaboration, réseaux, associations, coopératives,
    organisations non gouvernementales, société civile, secteur privé, pharmacies,
    vendeurs de médicaments, tradipraticiens, plantes médicinales, croyances, culture,
    langue, traduction, alphabétisation, santé mentale, dépression, soutien psychosocial,
    personnes âgées, maladies chroniques, diabète, hypertension, tension artérielle, cancer,
    soins oculaires, santé bucco-dentaire, blessures, morsures de serpent, rage, chiens,
    bétail, une seule santé, animaux, zoonoses, Ebola, fièvre de Lassa, variole simienne,
    fièvre jaune, méningite, dengue, déparasitage, bilharziose, trachome, œdème, cœur
    """,
}
STOP = {
    "en": "the of and to in for with a on by from is that this was at as were our their",
    "fr": "de la le les des et en du pour dans sur au aux une un par qui que est leur",
}
RARE = {
    "en": """onchocerciasis leishmaniasis trypanosomiasis filariasis yaws noma mycetoma
    chromoblastomycosis dracunculiasis echinococcosis taeniasis cysticercosis fascioliasis
    leprosy buruli scabies podoconiosis lymphoedema hydrocele tungiasis strongyloidiasis
    Tambacounda Kolda Kédougou Zinder Tillabéri Mopti Kayes Bandundu Kasaï Ituri Mahajanga
    Toliara Fianarantsoa Gao Tombouctou Agadez Maradi Dosso Kindia Labé Bouaké Korhogo Man
    Parakou Natitingou Dapaong Kara Sokodé Bukavu Goma Kisangani Mbandaka Bangassou""",
    "fr": """onchocercose leishmaniose trypanosomiase filariose pian noma mycétome
    chromoblastomycose dracunculose échinococcose téniase cysticercose fasciolose lèpre
    Buruli gale podoconiose lymphœdème hydrocèle tungose anguillulose Tambacounda Kolda
    Kédougou Zinder Tillabéri Mopti Kayes Bandundu Kasaï Ituri Mahajanga Toliara
    Fianarantsoa Gao Tombouctou Agadez Maradi Dosso Kindia Labé Bouaké Korhogo Man Parakou
    Natitingou Dapaong Kara Sokodé Bukavu Goma Kisangani Mbandaka Bangassou""",
}
RARE_SHARE = 0.03  # of the texts hold one rare word, the first ones of each list most often
STOP_SHARE = 0.3

# Facets: the six themes of the taxonomy and 14 more slugs; 50 countries, mostly in Africa.
THEMES = [
    "community-networks-and-service-delivery", "quality-of-services",
    "equitable-financing-and-payment", "governance-and-social-accountability",
    "civil-society-faith-based-and-private-sector", "new-technology", "immunisation",
    "malaria", "nutrition", "wash", "maternal-health", "child-health", "epidemics",
    "mental-health", "hiv-tb", "gender", "youth", "data-and-evidence", "supply-chains",
    "climate-and-health",
]  # fmt: skip
COUNTRIES = [
    "SN", "CI", "ML", "BF", "NE", "CM", "CD", "MG", "KE", "UG", "TZ", "NG", "GH", "ET", "RW",
    "BI", "BJ", "TG", "GN", "TD", "CF", "CG", "GA", "MR", "SL", "LR", "GM", "GW", "ZM", "MW",
    "MZ", "ZW", "ZA", "LS", "SZ", "NA", "BW", "SO", "SS", "SD", "ER", "DJ", "KM", "MU", "HT",
    "IN", "BD", "NP", "PK", "AF",
]  # fmt: skip

# Kinds: share of the documents, share written in both languages, who may find them.
KINDS = {
    "topic": (0.55, 0.0),
    "member": (0.20, 0.05),
    "resource": (0.12, 0.2),
    "event": (0.07, 0.25),
    "experience": (0.05, 0.4),
    "package": (0.01, 0.5),
}
PATHS = {
    "topic": "t/{}/",
    "member": "members/{}/",
    "resource": "library/{}/",
    "event": "events/{}/",
    "experience": "compendium/records/{}/",
    "package": "learning/{}/",
}
PLACES = ["Dakar", "Abidjan", "Bamako", "Kinshasa", "Nairobi", "Antananarivo", "online"]
ORGANISATIONS = ["Ministry of Health", "Red Cross", "district health team", "NGO", "university"]


def _split(text: str) -> list[str]:
    return [w.strip() for w in text.replace("\n", " ").split(",") if w.strip()]


@dataclass
class Language:
    code: str
    words: list[str]
    cumulative: list[float]
    rare: list[str]
    rare_cumulative: list[float]


def language(code: str) -> Language:
    content = _split(VOCABULARY[code])
    # Zipf-Mandelbrot: 1 / (rank + 2.7), so that the head is frequent but not overwhelming.
    weights = [(1 - STOP_SHARE) / (rank + 2.7) for rank in range(1, len(content) + 1)]
    scale = sum(weights) / (1 - STOP_SHARE)
    weights = [w / scale for w in weights]
    stop = STOP[code].split()
    stop_weights = [1 / rank for rank in range(1, len(stop) + 1)]
    stop_weights = [STOP_SHARE * w / sum(stop_weights) for w in stop_weights]
    rare = RARE[code].split()
    return Language(
        code=code,
        words=content + stop,
        cumulative=list(itertools.accumulate(weights + stop_weights)),
        rare=rare,
        rare_cumulative=list(itertools.accumulate(1 / r for r in range(1, len(rare) + 1))),
    )


class Generator:
    """Deterministic documents: the same seed gives the same million."""

    def __init__(self, seed: int, communities: list[tuple[int, str]]):
        self.rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
        self.languages = {code: language(code) for code in ("en", "fr")}
        self.communities = communities  # (pk, visibility), busiest first
        weights = [1 / (i + 1) ** 0.8 for i in range(len(communities))]
        self.community_cumulative = list(itertools.accumulate(weights))
        self.theme_cumulative = list(itertools.accumulate(1 / (i + 1) for i in range(20)))
        self.country_cumulative = list(itertools.accumulate(1 / (i + 1) ** 0.7 for i in range(50)))
        self.numbers: dict[int, int] = {}

    def words(self, lang: Language, n: int) -> list[str]:
        return self.rng.choices(lang.words, cum_weights=lang.cumulative, k=n)

    def text(self, code: str):
        """A title of 6 to 10 words and a body of 40 to 80 (stop words included), in sentences;
        one text in ``1 / RARE_SHARE`` holds one rare word."""
        from baraza.search.documents import Text

        rng, lang = self.rng, self.languages[code]
        parts = [self.words(lang, rng.randint(6, 10))]
        left = rng.randint(40, 80)
        while left > 0:
            parts.append(self.words(lang, min(left, rng.randint(8, 16))))
            left -= len(parts[-1])
        if rng.random() < RARE_SHARE:
            part = rng.choice(parts)
            part[rng.randrange(len(part))] = rng.choices(
                lang.rare, cum_weights=lang.rare_cumulative
            )[0]
        title, *sentences = (" ".join(part) for part in parts)
        body = " ".join(f"{sentence[0].upper()}{sentence[1:]}." for sentence in sentences)
        return Text(title=title[0].upper() + title[1:], body=body)

    def pick(self, cumulative: list[float]) -> int:
        return bisect.bisect(cumulative, self.rng.random() * cumulative[-1])

    def entry(self, kind: str, number: int):
        from baraza.search.documents import Access, Entry, Text

        rng = self.rng
        date = END - SPAN * rng.random() ** 1.5  # more of them lately
        bilingual = rng.random() < KINDS[kind][1]
        original = "fr" if rng.random() < 0.35 else "en"
        codes = ("en", "fr") if bilingual else (original,)
        texts = {code: self.text(code) for code in codes}
        if kind in ("experience", "resource"):  # a short abstract, shown as the snippet
            for code, text in texts.items():
                texts[code] = Text(text.title, text.body, text.body[:160])
        access, community_id = Access.PUBLIC, None
        if (
            kind == "topic"
            or (kind == "resource" and rng.random() < 0.6)
            or (kind == "event" and rng.random() < 0.7)
            or (kind == "package" and rng.random() < 0.2)
        ):
            access = Access.COMMUNITY
            community_id = self.communities[self.pick(self.community_cumulative)][0]
        elif kind == "member":
            access = Access.SIGNED_IN
        tags = [
            ("theme", THEMES[self.pick(self.theme_cumulative)])
            for _ in range(rng.choice((0, 1, 1, 2)))
        ]
        how_many = {"experience": (1, 3), "member": (1, 1), "event": (1, 1)}.get(kind, (0, 2))
        tags += [
            ("country", COUNTRIES[self.pick(self.country_cumulative)])
            for _ in range(rng.randint(*how_many))
        ]
        if kind == "experience":
            year = date.year
            self.numbers[year] = self.numbers.get(year, 0) + 1
            object_id = f"CE-{year}-{self.numbers[year]:05d}"
            meta = {"identifier": object_id}
        else:
            object_id = str(number)
            meta = {
                "event": {"starts_at": date.isoformat(), "place": rng.choice(PLACES)},
                "package": {"package_kind": rng.choice(("learning", "workshop"))},
                "member": {"organisation": rng.choice(ORGANISATIONS)},
            }.get(kind, {})
        return Entry(
            kind=kind,
            object_id=object_id,
            texts=texts,
            original_language=original,
            path=PATHS[kind].format(object_id),
            date=date,
            access=access,
            community_id=community_id,
            tags=tuple(tags),
            meta=meta,
        )


def plan(n: int) -> dict[str, int]:
    """Documents per kind, adding up to ``n``."""
    counts = {kind: int(n * share) for kind, (share, _) in KINDS.items()}
    counts["topic"] += n - sum(counts.values())
    return counts


# --- The throwaway database --------------------------------------------------------------


def machine() -> list[str]:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    cores = len(os.sched_getaffinity(0))
    return [
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"Machine: {cpu}, {cores} cores, {memory} of memory, {platform.system()}",
        f"Load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}",
    ]


def versions() -> str:
    import sqlite3

    import django
    from django.db import connection

    found = [f"Python {platform.python_version()}", f"Django {django.get_version()}"]
    found.append(f"SQLite {sqlite3.sqlite_version}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW shared_buffers")
            buffers = cursor.fetchone()[0]
            cursor.execute("SHOW work_mem")
            work_mem = cursor.fetchone()[0]
        found.append(f"PostgreSQL {version} (shared_buffers {buffers}, work_mem {work_mem})")
    return ", ".join(found)


def create_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(server: str, name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def people(seed: int):
    """200 communities (the busiest public) and a member of four of them: the two busiest
    public ones, the busiest members-only one and the busiest private one."""
    from django.db import transaction

    from baraza.accounts.models import User
    from baraza.communities.models import Community, Membership, Role, Status, Visibility

    rng = random.Random(seed + 1)  # noqa: S311 (reproducible test data)
    n = N_COMMUNITIES
    visibilities = [Visibility.PUBLIC] * (n * 3 // 5) + [Visibility.MEMBERS] * (n // 4)
    visibilities += [Visibility.PRIVATE] * (n - len(visibilities))
    rng.shuffle(visibilities)
    first = visibilities.index(Visibility.PUBLIC)
    visibilities[0], visibilities[first] = visibilities[first], visibilities[0]
    with transaction.atomic():
        communities = Community.objects.bulk_create(
            Community(
                slug=f"search-bench-{i}",
                name=f"Community {i}",
                name_en=f"Community {i}",
                name_fr=f"Communauté {i}",
                visibility=visibility,
                join_policy="open" if visibility == Visibility.PUBLIC else "invite",
            )
            for i, visibility in enumerate(visibilities)
        )
        member = User(email=MEMBER_EMAIL, display_name="Search Member", handle="search-member")
        member.set_unusable_password()
        member.save()
        mine = [communities[0]]
        for visibility in (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE):
            mine.append(next(c for c in communities[1:] if c.visibility == visibility))
        Membership.objects.bulk_create(
            Membership(community=c, user=member, role=Role.MEMBER, status=Status.ACTIVE)
            for c in mine
        )


def communities_in_order() -> list[tuple[int, str]]:
    from baraza.communities.models import Community

    return list(
        Community.objects.filter(slug__startswith="search-bench-")
        .order_by("pk")
        .values_list("pk", "visibility")
    )


# --- Build -------------------------------------------------------------------------------


def build(n: int, seed: int) -> dict:
    """Write ``n`` documents as ``services.reindex`` does: a transaction per kind, batches of
    ``services.BATCH``. The time of ``write`` (and of each commit) is the indexing time."""
    from django.db import transaction

    from baraza.search import services

    generator = Generator(seed, communities_in_order())
    indexing = generating = 0.0
    done, step = 0, max(services.BATCH, n // 20)
    started = time.perf_counter()
    for kind, count in plan(n).items():
        with transaction.atomic():
            for start in range(0, count, services.BATCH):
                t0 = time.perf_counter()
                size = min(services.BATCH, count - start)
                batch = [generator.entry(kind, start + i + 1) for i in range(size)]
                t1 = time.perf_counter()
                services.write(batch, fresh=True)
                t2 = time.perf_counter()
                generating += t1 - t0
                indexing += t2 - t1
                done += size
                if done % step < size:
                    elapsed = time.perf_counter() - started
                    print(
                        f"  {done:>9,} documents ({kind}) in {elapsed:7.1f} s: indexing "
                        f"{indexing:7.1f} s ({done / indexing:,.0f}/s), generating "
                        f"{generating:6.1f} s; done in ~{(n - done) * elapsed / done / 60:.0f} min",
                        file=sys.stderr,
                        flush=True,
                    )
            commit = time.perf_counter()
        indexing += time.perf_counter() - commit
    return {"indexing": indexing, "generating": generating, "wall": time.perf_counter() - started}


def sizes() -> dict[str, int]:
    """Bytes on disk: the backend's own figure and a breakdown by structure."""
    from django.db import connection

    from baraza.search import backends

    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            name = Path(connection.settings_dict["NAME"])
            wal = Path(f"{name}-wal")
            found["WAL before checkpoint"] = wal.stat().st_size if wal.exists() else 0
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            found["backend size()"] = backends.for_connection().size(cursor)
            for path in (name, wal, Path(f"{name}-shm")):
                found[f"file {path.name}"] = path.stat().st_size if path.exists() else 0
            cursor.execute("SELECT name, tbl_name FROM sqlite_master")
            owner = dict(cursor.fetchall())
            cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
            for table, size in cursor.fetchall():
                table = owner.get(table, table)
                if table.startswith("search_fts"):
                    part = f"  FTS5 {table}"
                elif table.startswith("search_"):
                    part = f"  {table} and its indexes"
                else:
                    part = "  everything else"
                found[part] = found.get(part, 0) + size
        else:
            found["backend size()"] = backends.for_connection().size(cursor)
            for table in ("search_document", "search_tag"):
                cursor.execute(
                    "SELECT pg_relation_size(c.oid), "
                    "COALESCE(pg_total_relation_size(c.reltoastrelid), 0) "
                    "FROM pg_class c WHERE c.oid = %s::regclass",
                    [table],
                )
                heap, toast = cursor.fetchone()
                found[f"  {table} (table)"] = heap
                found[f"  {table} (TOAST)"] = toast
                cursor.execute(
                    "SELECT i.indexrelid::regclass::text, pg_relation_size(i.indexrelid) "
                    "FROM pg_index i WHERE i.indrelid = %s::regclass ORDER BY 1",
                    [table],
                )
                for index, size in cursor.fetchall():
                    found[f"  index {index}"] = size
    return found


def optimise() -> dict[str, float]:
    """What a deployment does after a rebuild; each step timed."""
    from django.db import connection

    steps = (
        [
            ("FTS5 optimize", "INSERT INTO search_fts(search_fts) VALUES('optimize')"),
            ("ANALYZE", "ANALYZE"),
        ]
        if connection.vendor == "sqlite"
        else [("VACUUM ANALYZE", "VACUUM ANALYZE")]
    )
    took = {}
    with connection.cursor() as cursor:
        for label, sql in steps:
            started = time.perf_counter()
            cursor.execute(sql)
            took[label] = time.perf_counter() - started
    return took


def counts() -> str:
    from django.db.models import Count, Q

    from baraza.search.models import Document, Tag

    documents = Document.objects.aggregate(
        n=Count("pk"),
        en=Count("pk", filter=Q(in_en=True)),
        fr=Count("pk", filter=Q(in_fr=True)),
        both=Count("pk", filter=Q(in_en=True, in_fr=True)),
    )
    by_kind = dict(Document.objects.values_list("kind").annotate(n=Count("pk")).order_by("-n"))
    by_access = dict(Document.objects.values_list("access").annotate(n=Count("pk")).order_by("-n"))
    return (
        f"{documents['n']:,} documents ({documents['en']:,} with English, {documents['fr']:,} "
        f"with French, {documents['both']:,} both); "
        + ", ".join(f"{k} {n:,}" for k, n in by_kind.items())
        + "; "
        + ", ".join(f"{k} {n:,}" for k, n in by_access.items())
        + f"; {Tag.objects.count():,} tags"
    )


# --- Queries -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    label: str
    q: str = ""
    ui: str = "en"  # the reader's interface language
    options: dict = field(default_factory=dict)  # other fields of the Request

    def request(self):
        from baraza.search.queries import Request

        return Request(q=self.q, **self.options)


PROBES = [
    Probe("common word", "health"),
    Probe("common word, French", "santé", "fr"),
    Probe("rare word", "dracunculiasis"),
    Probe("French, accented", "épidémie", "fr"),
    Probe("French, unaccented", "epidemie", "fr"),
    Probe("English plural (stemmed)", "volunteers"),
    Probe("two words", "malaria nets"),
    Probe("two words, French", "paludisme moustiquaires", "fr"),
    Probe("phrase", '"community health workers"'),
    Probe("phrase, French", '"agents de santé communautaires"', "fr"),
    Probe("word, excluding a word", "vaccination -covid"),
    Probe("word + kind (resources)", "training", options={"kinds": ("resource",)}),
    Probe("word + language (French)", "nutrition", "fr", {"language": "fr"}),
    Probe("word + theme", "water", options={"tags": (("theme", "quality-of-services"),)}),
    Probe(
        "word + kind + country",
        "malaria",
        options={"kinds": ("experience",), "tags": (("country", "SN"),)},
    ),
    Probe("browse: events, no words", "", options={"kinds": ("event",)}),
    Probe("word, by date", "supervision", options={"sort": "date"}),
    Probe("word, page 5", "community", options={"page": 5}),
    Probe("no match", "xylophone"),
    Probe("FTS syntax characters", 'health* NEAR(care) OR "bed AND ^nets: -(x'),
]
MIN_RUNS = 5
STATEMENTS = ("access", "kinds", "languages", "theme", "country", "page", "documents", "labels")


def statement(sql: str, params) -> str:
    if "communities_" in sql or "auth_group" in sql:
        return "access"
    if "GROUP BY d.kind" in sql:
        return "kinds"
    if "d.in_en THEN" in sql:
        return "languages"
    if "FROM search_tag t WHERE t.facet" in sql:
        return str(params[0])
    if sql.startswith("SELECT d.id"):
        return "page"
    if '"search_document"' in sql:
        return "documents"
    if "taxonomy_" in sql:
        return "labels"
    return "other"


class Statements:
    """A database execute wrapper that keeps the statements a search runs."""

    def __init__(self) -> None:
        self.executed: list[tuple[str, list]] = []

    def __call__(self, execute, sql, params, many, context):
        self.executed.append((sql, list(params or ())))
        return execute(sql, params, many, context)


@dataclass
class Timing:
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # of this process (with SQLite, all of it)
    totals: set[int] = field(default_factory=set)


def visitors():
    from django.contrib.auth.models import AnonymousUser

    from baraza.accounts.models import User

    # A fresh user object per request, as the authentication middleware gives the view.
    return [("anonymous", AnonymousUser), ("member", lambda: User.objects.get(email=MEMBER_EMAIL))]


def search_once(probe: Probe, user):
    """One search: (wall seconds, CPU seconds, results, statements)."""
    from django.db import connection
    from django.utils import translation

    from baraza.search import queries

    statements = Statements()
    with translation.override(probe.ui), connection.execute_wrapper(statements):
        cpu, started = time.process_time(), time.perf_counter()
        results = queries.search(user, probe.request())
        took = time.perf_counter() - started
    return took, time.process_time() - cpu, results, statements.executed


def measure(runs: int, warmup: int, budget: float) -> dict[tuple[int, str], Timing]:
    """Every probe for every visitor in turn, round after round, so that the machine's other
    work spreads over all of them. A probe stops early (after at least ``MIN_RUNS``) once its
    timed runs have taken ``budget`` seconds."""
    timings: dict[tuple[int, str], Timing] = {}
    people = visitors()
    started = time.perf_counter()
    for round_ in range(warmup + runs):
        for i, probe in enumerate(PROBES):
            for name, user in people:
                timing = timings.setdefault((i, name), Timing())
                if len(timing.times) >= MIN_RUNS and sum(timing.times) >= budget:
                    continue
                took, cpu, results, _ = search_once(probe, user())
                if round_ >= warmup:
                    timing.times.append(took)
                    timing.cpu.append(cpu)
                    timing.totals.add(results.total)
        elapsed = time.perf_counter() - started
        print(
            f"  round {round_ + 1} of {warmup + runs}: {elapsed:.0f} s", file=sys.stderr, flush=True
        )
    return timings


def breakdown(runs: int) -> dict[int, dict[str, float]]:
    """Median seconds of each statement of each probe's search (member), each run again on its
    own with its rows fetched (SQLite does most of a GROUP BY or ORDER BY while fetching)."""
    from django.db import connection

    member = visitors()[1][1]
    found = {}
    for i, probe in enumerate(PROBES):
        *_, executed = search_once(probe, member())
        parts: dict[str, float] = {}
        with connection.cursor() as cursor:
            for sql, params in executed:
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    times.append(time.perf_counter() - started)
                name = statement(sql, params)
                parts[name] = parts.get(name, 0.0) + statistics.median(times)
        found[i] = parts
    return found


def explain(number: int) -> None:
    """The query plans of every statement of probe ``number`` (1-based), for the member."""
    from django.db import connection

    probe = PROBES[number - 1]
    *_, executed = search_once(probe, visitors()[1][1]())
    print(f"\n### Query plans of {number}. {probe.label} ({probe.q!r}), member\n")
    with connection.cursor() as cursor:
        for sql, params in executed:
            name = statement(sql, params)
            if name in ("access", "labels", "other"):
                continue
            if connection.vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                plan = "\n".join(f"{row[0]:>3} {row[1]:>3} {row[3]}" for row in cursor.fetchall())
            else:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"{name}:\n```\n{plan}\n```")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def report(timings: dict[tuple[int, str], Timing], parts: dict[int, dict[str, float]]) -> None:
    names = [name for name, _ in visitors()]
    columns = "results | runs | p50 ms | p95 ms | max ms | CPU p95 ms"
    print("| # | request | " + " | ".join(f"{n}: {columns}" for n in names) + " |")
    print("| ---: | --- |" + " ---: |" * 6 * len(names))
    for i, probe in enumerate(PROBES):
        cells = []
        for name in names:
            t = timings[(i, name)]
            cells.append("/".join(f"{n:,}" for n in sorted(t.totals)))
            cells.append(str(len(t.times)))
            cells += [ms(statistics.median(t.times)), ms(percentile(t.times, 95))]
            cells += [ms(max(t.times)), ms(percentile(t.cpu, 95))]
        options = "".join(f", {k}={v}" for k, v in probe.options.items())
        request = f"{probe.label}: `{probe.q or '(none)'}`{options}"
        print(f"| {i + 1} | {request} | " + " | ".join(cells) + " |")
    print("\n| visitor | p50 ms | p95 ms | max ms | requests with p95 over 100 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in [*names, "both"]:
        chosen = [t for (_, n), t in timings.items() if name in (n, "both")]
        every = [x for t in chosen for x in t.times]
        over = sum(1 for t in chosen if percentile(t.times, 95) > 0.1)
        print(
            f"| {name} | {ms(statistics.median(every))} | {ms(percentile(every, 95))} "
            f"| {ms(max(every))} | {over} of {len(chosen)} |"
        )
    print("\nMedian ms of each statement of a search, run on its own with its rows fetched, as the")
    print("member; the rest is the member's p50 less those (Python, and waiting for the CPU):\n")
    names = [*STATEMENTS, "other"]
    print("| # | p50 | " + " | ".join(names) + " | rest |")
    print("| ---: |" + " ---: |" * (len(names) + 2))
    for i in range(len(PROBES)):
        total = statistics.median(timings[(i, "member")].times)
        cells = [ms(total)] + [ms(parts[i].get(p, 0.0)) for p in names]
        cells.append(ms(max(0.0, total - sum(parts[i].values()))))
        print(f"| {i + 1} | " + " | ".join(cells) + " |")


# --- Main --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--docs", type=int, default=1_000_000, help="documents to index")
    parser.add_argument("--runs", type=int, default=20, help="timed searches per request")
    parser.add_argument("--warmup", type=int, default=2, help="untimed rounds first")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help=f"seconds of timed runs after which a request stops (after {MIN_RUNS} runs)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server, as a URL")
    parser.add_argument("--keep", action="store_true", help="keep the data folder or database")
    parser.add_argument(
        "--reuse",
        metavar="FOLDER_OR_DATABASE",
        help="measure what an earlier --keep run built (its data folder, or its database)",
    )
    parser.add_argument(
        "--no-optimise", action="store_true", help="measure without FTS5 optimize / ANALYZE"
    )
    parser.add_argument(
        "--explain", type=int, nargs="*", default=[], metavar="N", help="print query plans"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.docs <= 10_000_000 or not 1 <= args.runs <= 10_000:
        parser.error("--docs must be 1 to 10,000,000 and --runs 1 to 10,000")
    if any(not 1 <= n <= len(PROBES) for n in args.explain):
        parser.error(f"--explain takes request numbers from 1 to {len(PROBES)}")
    os.environ.pop("DATABASE_URL", None)
    # A new data folder every time (PostgreSQL runs keep their cache and secret key there).
    folder = tempfile.mkdtemp(prefix="baraza-bench-search-")
    database = None
    if args.backend == "sqlite" and args.reuse:
        shutil.rmtree(folder)
        folder = args.reuse
    elif args.backend == "postgresql":
        database = args.reuse or f"baraza_bench_search_{os.getpid()}"
        if not args.reuse:
            create_database(args.server, database)
        os.environ["DATABASE_URL"] = f"{args.server}/{database}"
    os.environ["BARAZA_DATA_DIR"] = folder
    # What this run built goes at the end, unless --keep; what --reuse named stays.
    drop = not (args.keep or args.reuse)
    try:
        for line in machine():
            print(line)
        setup_django()
        from django.core.management import call_command
        from django.db import connection

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"Versions: {versions()}")
        took = time.perf_counter() - started
        print(f"Database: {connection.vendor} {connection.settings_dict['NAME']} ({took:.0f} s)")
        if not args.reuse:
            people(args.seed)
            print(f"Building the index: {args.docs:,} documents, seed {args.seed}", file=sys.stderr)
            built = build(args.docs, args.seed)
            print(
                f"\nBuild: {args.docs:,} documents indexed in {built['indexing']:.0f} s "
                f"({args.docs / built['indexing']:,.0f} documents/s; generating them took "
                f"another {built['generating']:.0f} s, {built['wall']:.0f} s in all)"
            )
            print(f"Data: {counts()}")
            print("\nSize on disk after the build:")
            for name, size in sizes().items():
                print(f"  {name}: {size / 1024 / 1024:,.1f} MB")
            if not args.no_optimise:
                for name, took in optimise().items():
                    print(f"{name}: {took:.1f} s")
                print("\nSize on disk after that:")
                for name, size in sizes().items():
                    print(f"  {name}: {size / 1024 / 1024:,.1f} MB")
        print(
            f"\nSearches: {args.warmup} untimed round(s), then {args.runs} timed, per request and"
        )
        print(f"visitor (at least {MIN_RUNS} and at most {args.budget:.0f} s of timed runs each)\n")
        timings = measure(args.runs, args.warmup, args.budget)
        report(timings, breakdown(3))
        for number in args.explain:
            explain(number)
        print(f"\nLoad average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        if args.keep:
            print(
                f"\nKept; measure it again with: python bench/search.py --backend {args.backend} "
                f"--reuse {database or folder}",
                file=sys.stderr,
            )
    finally:
        if database and drop:
            drop_database(args.server, database)
        if drop or args.backend == "postgresql":  # its folder is always a new one
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
