"""Leftover spintax ("{said|stated}") is resolved by the garble stage, with exact offsets."""

from __future__ import annotations

from app import repair
from app.engine.render import apply_edits
from app.engine.spintax import groups
from app.engine.types import RepairOptions, Source


def test_groups_are_brace_lists_of_plain_words() -> None:
    text = "The {officials|officers} {said|stated|told} it, {|very} {a big|an enormous} deal."
    found = groups(text)
    assert [text[s:e] for s, e, _ in found] == [
        "{officials|officers}",
        "{said|stated|told}",
        "{|very}",
        "{a big|an enormous}",
    ]
    assert found[1][2] == ("said", "stated", "told")
    assert groups("a {very |}big deal")[0][2] == ("very ", "")  # options verbatim: the space is the option's
    # not spintax: one option, code, numbers, nested groups, too many options
    for other in ("{x}", "if (x) {return 1|2}", "{1|2}", "{a|{b|c}}", "{a|b|c|d|e|f|g|h|i}", "a | b"):
        assert groups(other) == [], other


def test_leftover_spintax_is_resolved_by_the_language_model() -> None:
    text = "Officials said the {warfare|war} had ended, and {officials|officers} {said|stated} so on Monday."
    r = repair(text, RepairOptions())
    assert "the war had ended" in r.text  # the first option loses where the model clearly prefers another
    assert "and officials said so on Monday." in r.text
    spintax = [e for e in r.edits if e.source == Source.SPINTAX]
    assert [e.original for e in spintax] == ["{warfare|war}", "{officials|officers}", "{said|stated}"]
    assert all(text[e.start : e.end] == e.original for e in r.edits)
    assert apply_edits(text, r.edits) == r.text
    assert {a.replacement for a in spintax[0].alternatives} == {"warfare"}
    assert all(0.5 < e.confidence <= 1.0 for e in spintax)


def test_spintax_beside_spin_edits_keeps_offsets_exact() -> None:
    text = "Officers stated on Tuesday that the {nationwide safety|national security} adviser got here by way of Kyiv."
    r = repair(text, RepairOptions(min_confidence=0.0))
    assert "national security adviser" in r.text
    assert "{" not in r.text and "}" not in r.text
    assert all(text[e.start : e.end] == e.original for e in r.edits)
    assert apply_edits(text, r.edits) == r.text
    assert len({(e.start, e.end) for e in r.edits}) == len(r.edits)


def test_spintax_is_left_alone_without_the_garble_stage() -> None:
    """Without the garble stage the group stays, and the spin stage does not swap words inside it."""
    text = "Officers stated the {warfare|war} had got here to an end."
    r = repair(text, RepairOptions(ocr=False, min_confidence=0.0))
    assert "{warfare|war}" in r.text
    assert "come to an end" in r.text or "came to an end" in r.text  # the rest is still repaired


def test_every_group_is_resolved_whatever_the_threshold() -> None:
    """Braces are never the text's wording: even a close choice is made, and its confidence reported."""
    text = "She bought {a big|an enormous} house in {May|June}."
    r = repair(text, RepairOptions(min_confidence=0.99))
    assert "{" not in r.text and "|" not in r.text
    assert all(e.source == Source.SPINTAX for e in r.edits)
    assert any(e.confidence < 0.99 for e in r.edits)


def test_leftover_spintax_counts_towards_the_spin_verdict() -> None:
    plain = "The officials said the talks would go on. Both sides met on Monday in the capital."
    grouped = plain.replace("officials", "{officials|officers}").replace("talks", "{talks|negotiations}")
    assert not repair(plain).spun
    r = repair(grouped)
    assert r.spun and r.spin_score > repair(plain).spin_score
    assert r.text == plain


def test_an_option_keeps_its_own_spaces() -> None:
    text = "It was a {very |really }big deal for the {town|city}."
    out = repair(text, RepairOptions()).text
    assert "{" not in out
    assert " big deal" in out and ("very big" in out or "really big" in out)


def test_detection_reports_leftover_groups_as_suspicious() -> None:
    from app import detect

    text = "The {officials|officers} said the talks would go on. Both sides met on Monday."
    d = detect(text)
    group = [s for s in d.spans if s.text == "{officials|officers}"]
    assert (
        group
        and group[0].candidates[0] == "officials"
        and text[group[0].start : group[0].end] == group[0].text
    )
    assert d.spun
    plain = detect(text.replace("{officials|officers}", "officials"))
    assert not plain.spun and d.spin_score > plain.spin_score


def test_an_option_written_twice_is_one_choice() -> None:
    r = repair("The {war|war|warfare} had ended.")
    (e,) = r.edits
    assert e.replacement == "war" and e.confidence > 0.99
    assert [a.replacement for a in e.alternatives] == ["warfare"]


def test_braces_that_are_notation_or_program_syntax_are_not_spintax() -> None:
    """Set notation pads the bar on one side, and a command's choices follow an option: resolving them lost
    content ("The set x  is infinite") even at --min-confidence 1 (session 23's audit)."""
    for text in (
        "The set {x | x is even} is infinite.",
        "Run it with --color {always|never} to choose.",
        "Set mode={fast|slow} in the file.",
    ):
        assert groups(text) == [], text
        assert repair(text, RepairOptions(min_confidence=1.0)).text == text
    assert [g[2] for g in groups("He {said|stated} it, { very | quite } {big |}")] == [
        ("said", "stated"),
        (" very ", " quite "),
        ("big ", ""),
    ]
