"""HTML character references: the engine repairs the text they stand for and edits the source as written."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import script_module

from app import repair
from app.engine.entities import view_of
from app.engine.render import apply_edits
from app.engine.types import Edit


def _check_offsets(source: str, edits: tuple[Edit, ...]) -> None:
    for e in edits:
        assert source[e.start : e.end] == e.original


def test_plain_text_has_no_view() -> None:
    assert view_of("Officials said the war is over.") is None
    assert view_of("AT&T and R&D") is None  # a bare ampersand is not a reference


def test_view_maps_each_character_back_to_the_source() -> None:
    source = "it&rsquo;s a caf&#233; &amp; more&nbsp;here <a title='x&rsquo;y'>"
    view = view_of(source)
    assert view is not None
    assert view.text == "it\u2019s a caf\u00e9 &amp; more\u00a0here <a title='x&rsquo;y'>"
    assert len(view.offsets) == len(view.text) + 1
    assert view.offsets[-1] == len(source)
    apostrophe = view.text.index("\u2019")
    assert source[view.offsets[apostrophe] : view.offsets[apostrophe + 1]] == "&rsquo;"
    # markup-making references and references inside tags stay as written
    assert "&amp;" in view.text and "title='x&rsquo;y'" in view.text


def test_contraction_written_with_a_reference_is_restored_in_that_spelling() -> None:
    source = "<p>&ldquo;We are able to&rsquo;t let this fail,&rdquo; he added.</p>"
    r = repair(source)
    _check_offsets(source, r.edits)
    assert apply_edits(source, r.edits) == r.text
    fixes = {e.original: e.replacement for e in r.edits}
    assert fixes.get("are able to&rsquo;t") == "can&rsquo;t"
    assert r.text.startswith("<p>&ldquo;We can&rsquo;t") and r.text.endswith("&rdquo; he added.</p>")


def test_numeric_reference_keeps_its_own_spelling() -> None:
    r = repair("Officials warned that we are able to&#8217;t wait.")
    assert "we can&#8217;t wait" in r.text


def test_no_break_space_joins_a_phrase() -> None:
    """A phrase whose words a page joins with &nbsp; (or U+00A0) is still a phrase."""
    for space in ("&nbsp;", "\u00a0", "&#160;"):
        source = f"The president returned to the White{space}Home on Monday."
        r = repair(source)
        _check_offsets(source, r.edits)
        # the restoration keeps the page's own space between the two words
        assert [e.replacement for e in r.edits] == [f"White{space}House"], space


@pytest.mark.parametrize(
    "decoded",
    [
        "\u201cWe are able to\u2019t let this imaginative and prescient fail,\u201d he stated. The nationwide "
        "safety adviser informed reporters the warfare was over.",
        "Officers stated the vice chairman got here to the White Home by way of a aspect door.",
    ],
)
def test_references_change_nothing_but_spelling(decoded: str) -> None:
    """The same article with its quotes and apostrophes written as references gets the same restorations,
    with the same confidences, as the plain Unicode one."""
    encoded = decoded.replace("\u2019", "&rsquo;").replace("\u201c", "&ldquo;").replace("\u201d", "&#8221;")
    plain, coded = repair(decoded), repair(encoded)
    _check_offsets(encoded, coded.edits)
    assert plain.edits, "the example must have restorations"
    assert [(html.unescape(e.replacement), round(e.confidence, 6)) for e in coded.edits] == [
        (e.replacement, round(e.confidence, 6)) for e in plain.edits
    ]
    assert html.unescape(coded.text) == plain.text


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["&rsquo;", "&amp;", "&nbsp;", "&#8217;", "&bogus;", "&#0;", " ", "said", "x", "&", ";"]
        ),
        max_size=12,
    )
)
def test_view_round_trips_any_reference_soup(parts: list[str]) -> None:
    source = "Officers stated " + "".join(parts) + " the warfare"
    r = repair(source)
    _check_offsets(source, r.edits)
    assert apply_edits(source, r.edits) == r.text


def test_bench_variants_change_form_not_words() -> None:
    """``bench/variants.py`` must only change what the scorer ignores (spaces, line ends), or change the
    original the same way; otherwise its figures would measure the variant, not the engine."""
    from app.evaluation import words

    variants = script_module("bench", "variants")
    text = 'Officials said "it\'s over".\n\nThe warfare ended today, and the talks ' * 6
    for name in ("wrap", "crlf", "nbsp"):
        changed = variants.VARIANTS[name](text)
        assert changed != text and words(changed) == words(text), name
    long = "The warfare ended today, and the talks went on. " * 5
    assert "\n" in variants.wrap(long) and words(variants.wrap(long)) == words(long)
    curled = variants.curly(text)
    assert "\u2019" in curled and "\u201c" in curled and len(words(curled)) == len(words(text))
