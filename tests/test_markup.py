"""Raw HTML from a crawler: prose between tags is repaired, markup is never edited."""

from __future__ import annotations

from app import detect, repair
from app.engine.tokens import headline_words, markup_ranges, sentence_starts, tokenize
from app.engine.types import TokenKind

SPUN = "Officers stated the vice chairman got here to the White Home by way of a aspect door"


def test_script_and_style_elements_are_single_opaque_tokens() -> None:
    text = f'<p>x</p><SCRIPT type="x">var m = "{SPUN}";</script><style>.nationwide {{}}</style> y'
    tokens = tokenize(text)
    opaque = [
        t.text
        for t in tokens
        if t.kind is TokenKind.OTHER and t.text.lower().startswith(("<script", "<style"))
    ]
    assert opaque == [f'<SCRIPT type="x">var m = "{SPUN}";</script>', "<style>.nationwide {}</style>"]
    assert all(t.text != "Officers" for t in tokens)
    for name in ("code", "textarea", "svg"):
        element = f"<{name}>{SPUN}<style>x</style></{name.upper()}>"
        assert [t.text for t in tokenize(f"a {element} b") if t.kind is TokenKind.OTHER] == [element]
    # an unclosed script (a truncated page) is opaque to the end
    assert tokenize("a <script>tbe gov ernment")[-1].text == "<script>tbe gov ernment"


def test_markup_ranges_cover_tags_comments_scripts_and_addresses() -> None:
    text = '<a href="x">tbe</a> <!-- tbe --> http://tbe.gov/x ed@tbe.org tbe'
    covered = "".join(text[a:b] for a, b in markup_ranges(tokenize(text)))
    assert covered == '<a href="x"></a><!-- tbe -->http://tbe.gov/xed@tbe.org'


def test_spin_and_garble_inside_markup_are_left_alone() -> None:
    page = (
        f"<html><head><title>Warfare</title><style>.nationwide {{ color: red }} /* {SPUN} */</style>\n"
        f'<script>var msg = "{SPUN}"; if (tbe) {{ gov ernment(); }}</script></head>\n'
        f'<body><div class="tbe gov ernment" title="tbe house"><p>{SPUN}.</p>\n'
        f"<p>Tbe house of tbe gov ernment.</p></div><!-- tbe house, {SPUN} --></body></html>"
    )
    r = repair(page)
    spans = markup_ranges(tokenize(page))
    for e in r.edits:
        assert page[e.start : e.end] == e.original
        assert not any(a < e.end and e.start < b for a, b in spans), e
    assert r.text.count(SPUN) == 3  # the style sheet, the script and the comment keep it
    assert "<p>The house of the government.</p>" in r.text  # prose between tags is still repaired
    assert "came to the White House through a" in r.text
    assert 'class="tbe gov ernment" title="tbe house"' in r.text and "if (tbe) { gov ernment(); }" in r.text


def test_detect_ignores_spintax_inside_scripts() -> None:
    d = detect("<script>var f = {a|b};</script> The {warfare|war} ended.")
    assert [s.text for s in d.spans] == ["{warfare|war}"]


def test_block_tags_end_sentences() -> None:
    tokens = tokenize("<h1>Storm Hits Coast</h1><p>officials said<br/>more rain fell <b>now</b></p>")
    starts = {tokens[i].text for i in sentence_starts(tokens)}
    assert starts == {"Storm", "officials", "more"}


def test_a_title_cased_html_heading_is_a_headline() -> None:
    """Block tags end lines for headline detection too, so a page's <h1> on the same line as its body is a
    headline, and its capitals do not make the body's words names."""
    text = "<h1>Officers Say Warfare Will Proceed</h1><p>The warfare will proceed, officers stated.</p>"
    tokens = tokenize(text)
    assert [tokens[i].text for i in sorted(headline_words(tokens))] == [
        "Officers",
        "Say",
        "Warfare",
        "Will",
        "Proceed",
    ]
