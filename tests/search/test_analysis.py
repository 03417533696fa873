"""Text analysis: the part both backends share, so they find the same things."""

from __future__ import annotations

import pytest

from baraza.search import analysis, highlight


def test_folding_removes_case_accents_and_ligatures():
    assert analysis.fold("Santé COMMUNAUTAIRE, Œuvre, Ærø, Straße") == (
        "sante communautaire, oeuvre, aero, strasse"
    )


def test_texts_are_stemmed_in_their_own_language():
    assert analysis.analyse("Vaccines for communities", "en") == ["vaccin", "communiti"]
    assert analysis.analyse("Les vaccinations des communautés", "fr") == [
        "vaccin",
        "communaut",
    ]


def test_other_languages_are_folded_but_not_stemmed():
    assert analysis.analyse("Saúde comunitária", "pt") == ["saude", "comunitaria"]


def test_a_query_word_matches_its_forms_in_either_language():
    assert analysis.forms("communautaire") == ("communautaire", "communautair", "communautair")


def test_a_query_is_words_phrases_and_exclusions():
    query = analysis.parse('vaccines "santé communautaire" -covid')
    assert query.required == (
        (("vaccines", "vaccin", "vaccin"),),
        (("sante", "sant", "sant"), ("communautaire", "communautair", "communautair")),
    )
    assert query.excluded == ((("covid", "covid", "covid"),),)
    assert query.words == ("vaccines", "sante", "communautaire")


@pytest.mark.parametrize(
    "typed",
    ['"', "*", "NEAR", "-", "()", '"unbalanced', "a:b|c&d!", "'", "\\", "NOT AND OR", "\x00"],
)
def test_search_syntax_is_never_syntax(typed):
    query = analysis.parse(typed)
    for group in query.required + query.excluded:
        for position in group:
            for form in position:
                assert form.isalnum()


def test_an_empty_or_excluding_only_query_is_empty():
    assert analysis.parse("").empty
    assert analysis.parse("   ").empty
    assert analysis.parse("-covid").empty
    assert analysis.parse("the of de la").empty  # stop words only


def test_a_long_query_is_cut_and_says_so():
    query = analysis.parse(" ".join(f"word{n}" for n in range(100)))
    assert len(query.required) == analysis.MAX_QUERY_WORDS
    assert query.truncated
    assert analysis.parse("x" * 10_000).truncated


def test_snippets_mark_the_readers_words_and_escape_the_rest():
    wanted = highlight.terms(("vaccines",))
    text = "Before. <b>Vaccine</b> hesitancy & trust: the vaccinations worked."
    assert highlight.snippet(text, wanted) == (
        "Before. &lt;b&gt;<mark>Vaccine</mark>&lt;/b&gt; hesitancy &amp; trust: the "
        "<mark>vaccinations</mark> worked."
    )


def test_a_snippet_is_cut_around_the_first_match_on_word_boundaries():
    text = " ".join(f"filler{n}" for n in range(200)) + " malaria " + "tail " * 100
    snippet = highlight.snippet(text, highlight.terms(("malaria",)))
    assert snippet.startswith("… filler192 ")
    assert "<mark>malaria</mark>" in snippet
    assert snippet.endswith(" …")
    assert len(snippet) < highlight.SNIPPET_CHARS + 40
