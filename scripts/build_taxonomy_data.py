"""Regenerate the country and language lists that the taxonomy data migrations load.

A development tool, not part of the installed package: it needs Babel (``pip install babel``)
for the CLDR names in English and French. The WHO region of each country is written out by hand
below: WHO member states by their regional office, and other territories by the office that
covers them or, failing that, by geography. Curators can correct any entry in the admin.

    python scripts/build_taxonomy_data.py
"""

from __future__ import annotations

import json
from pathlib import Path

from babel import Locale
from babel.core import get_global

REGIONS = {
    "AFR": "DZ AO BJ BW BF BI CV CM CF TD KM CG CI CD GQ ER SZ ET GA GM GH GN GW KE LS LR MG MW"
    " ML MR MU MZ NA NE NG RW ST SN SC SL ZA SS TG UG TZ ZM ZW RE YT SH EH",
    "AMR": "AG AR BS BB BZ BO BR CA CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN LC"
    " VC SR TT US UY VE AI AW BM BQ VG KY CW FK GF GP MQ MS PR BL MF PM SX TC VI GL",
    "SEAR": "BD BT KP IN MV MM NP LK TH TL",
    "EUR": "AL AD AM AT AZ BY BE BA BG HR CY CZ DK EE FI FR GE DE GR HU IS IE IL IT KZ KG LV LT LU"
    " MT MC ME NL MK NO PL PT MD RO RU SM RS SK SI ES SE CH TJ TR TM UA GB UZ AX FO GI GG IM JE"
    " LI VA SJ",
    "EMR": "AF BH DJ EG IR IQ JO KW LB LY MA OM PK QA SA SO SD SY TN AE YE PS",
    # Indonesia moved from SEAR to WPR by decision of the 78th World Health Assembly (2025).
    "WPR": "AU BN KH CN CK FJ JP KI LA MY MH FM MN NR NZ NU PW PG PH KR WS SG SB TO TV VU VN ID"
    " HK MO PF NC GU AS MP PN TK WF CX CC NF UM",
}

# CLDR lists groupings, private-use codes and a few codes that ISO 3166-1 only reserves.
NOT_ISO_3166_1 = set(
    ["AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"]
)

# CLDR's short display names, replaced where health reporting uses the formal name.
NAMES = {
    "CD": ("Democratic Republic of the Congo", "République démocratique du Congo"),
    "CG": ("Congo", "Congo"),
    "MM": ("Myanmar", "Myanmar"),
    "HK": ("Hong Kong SAR, China", "R.A.S. chinoise de Hong Kong"),
    "MO": ("Macao SAR, China", "R.A.S. chinoise de Macao"),
}

# The most populous time zone where CLDR lists another one first.
TIMEZONES = {"CD": "Africa/Kinshasa"}


def main() -> None:
    out = Path(__file__).resolve().parents[1] / "src/baraza/taxonomy/data"
    region_of = {code: region for region, codes in REGIONS.items() for code in codes.split()}
    en, fr = Locale("en"), Locale("fr")
    zones = get_global("territory_zones")
    countries = []
    for code in sorted(c for c in en.territories if len(c) == 2 and c.isalpha() and c.isupper()):
        if code in NOT_ISO_3166_1:
            continue
        name_en, name_fr = NAMES.get(code, (en.territories[code], fr.territories[code]))
        countries.append(
            {
                "code": code,
                "name_en": name_en.replace(" & ", " and "),
                "name_fr": name_fr,
                "who_region": region_of.get(code, ""),
                "timezone": TIMEZONES.get(code) or (zones.get(code) or ["UTC"])[0],
            }
        )
    languages = [
        {"code": code, "name_en": en.languages[code], "name_fr": fr.languages[code]}
        for code in sorted(en.languages)
        if len(code) == 2 and code in fr.languages
    ]
    for name, rows in (("countries", countries), ("languages", languages)):
        (out / f"{name}.json").write_text(
            json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(f"{len(countries)} countries, {len(languages)} languages")


if __name__ == "__main__":
    main()
