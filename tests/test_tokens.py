"""The tokenizer's contract: exact coverage of the input, and the token kinds later stages rely on."""

from hypothesis import given
from hypothesis import strategies as st

from app.engine.tokens import headline_words, sentence_starts, soft_break, tokenize
from app.engine.types import TokenKind


@given(st.text())
def test_tokens_cover_any_text_exactly(text: str) -> None:
    tokens = tokenize(text)
    assert "".join(t.text for t in tokens) == text
    pos = 0
    for t in tokens:
        assert t.start == pos and text[t.start : t.end] == t.text and t.end > t.start
        pos = t.end


def test_kinds_for_urls_emails_numbers_and_contractions() -> None:
    text = "We can't see https://example.org/a?b=1, mail ed@example.com about 3.5kg or 1,000th."
    kinds = {t.text: t.kind for t in tokenize(text)}
    assert kinds["can't"] is TokenKind.WORD
    assert kinds["https://example.org/a?b=1"] is TokenKind.URL
    assert kinds["ed@example.com"] is TokenKind.EMAIL
    assert kinds["3.5kg"] is TokenKind.NUMBER
    assert kinds["1,000th"] is TokenKind.NUMBER
    assert kinds[","] is TokenKind.PUNCT


def test_sentence_starts_follow_full_stops_and_newlines() -> None:
    text = "Rain fell. Then it stopped!\nHeadline here"
    tokens = tokenize(text)
    starts = {tokens[i].text for i in sentence_starts(tokens)}
    assert starts == {"Rain", "Then", "Headline"}


def test_capitalised_abbreviations_and_initials_do_not_end_sentences() -> None:
    """ "Mr. Smith" is one sentence (so "Smith" stays a protected name), but "no." and "etc." end one: the
    capital after them opens a sentence and must not be taken for a name."""

    def starts(text: str) -> list[str]:
        tokens = tokenize(text)
        return [tokens[i].text for i in sorted(sentence_starts(tokens))]

    assert starts("He met Mr. Smith and J. Doe in the U.S. Army base. Then he left.") == ["He", "Then"]
    assert starts("He lives at No. 10 Downing Street.") == ["He"]
    assert starts("The answer was no. Additionally, they left.") == ["The", "Additionally"]
    assert starts("They sold pens, etc. Additionally, they left.") == ["They", "Additionally"]
    assert starts("Prices rose 5 p.c last year.") == ["Prices"]  # a full stop inside a word


def test_headlines_are_title_cased_or_all_caps_lines_without_a_full_stop() -> None:
    text = (
        "Officers Say Warfare in Region Has Got Here to an End\n\n"
        "Officers stated on Monday That The Warfare Had Ended.\n"
        "NATO LEADERS MEET IN BRUSSELS\n"
        "Two Short Words\n"
        "Yes Sir"
    )
    tokens = tokenize(text)
    words = {tokens[i].text for i in headline_words(tokens)}
    assert {"Officers", "Say", "Warfare", "in", "Region", "End", "NATO", "BRUSSELS"} <= words
    assert "stated" not in words and "Ended" not in words  # a sentence: it ends with a full stop
    assert "Short" in words and "Yes" not in words  # two capitalised words are not enough


def test_a_line_wrapped_inside_a_sentence_is_a_soft_break() -> None:
    text = "The nationwide\nsafety adviser, who\nspoke, left.\nThe next\n\nthe end\nNew line"
    tokens = tokenize(text)
    breaks = {
        tokens[i - 1].text + "|" + tokens[i + 1].text for i in range(len(tokens)) if soft_break(tokens, i)
    }
    assert breaks == {"nationwide|safety", "who|spoke"}
    words = {tokens[i].text for i in sentence_starts(tokens)}
    assert "safety" not in words and "spoke" not in words
    # after a full stop, a blank line, or before a capital, a newline still opens a sentence
    assert {"The", "the", "New"} <= words


def test_a_line_that_runs_on_into_the_next_is_no_headline() -> None:
    text = "Storm Hits The Coast\nOfficials met where the visiting\nPrime Minister Tony Blair Met Officials\nand said so."
    tokens = tokenize(text)
    assert [tokens[i].text for i in sorted(headline_words(tokens))] == ["Storm", "Hits", "The", "Coast"]


def test_runs_without_an_at_sign_are_words_and_addresses_keep_their_limit() -> None:
    """An e-mail's local part is at most 64 characters: unbounded, a long "word.word..." run was rescanned
    for an "@" from each of its positions (quadratic; 100 KB took 20 s). Tokens still cover the text."""
    run = "word." * 5000
    toks = tokenize(run)
    assert "".join(t.text for t in toks) == run
    assert [t.kind for t in toks[:4]] == [TokenKind.WORD, TokenKind.PUNCT, TokenKind.WORD, TokenKind.PUNCT]
    (mail,) = [t for t in tokenize("write to john.smith@example.co.uk today") if t.kind == TokenKind.EMAIL]
    assert mail.text == "john.smith@example.co.uk"
    long_local = "a" * 64 + "@example.org"
    assert [t.kind for t in tokenize(long_local)] == [TokenKind.EMAIL]


def test_an_unclosed_code_tag_in_prose_is_only_its_start_tag() -> None:
    """ "Wrap it in a <code> tag" once made the rest of the text one markup token, hiding it from repair; an
    unclosed <script> or <style> still runs to the end (a page cut short mid-script is code), and a closed
    element is still one token."""
    text = "Wrap it in a <code> tag, he said. The officers stated it."
    assert [t.text for t in tokenize(text) if t.text.startswith("<")] == ["<code>"]
    assert "officers" in [t.text for t in tokenize(text)]
    page = "<p>Hi</p><script>var s = 'officers said'; </p> more"
    assert tokenize(page)[-1].text == "<script>var s = 'officers said'; </p> more"
    closed = "a <code>x = tbe</code> b <svg width='1'><text>officers</text></svg> c"
    assert [t.text for t in tokenize(closed) if t.text.startswith("<")] == [
        "<code>x = tbe</code>",
        "<svg width='1'><text>officers</text></svg>",
    ]
    many = "<code> officers " * 2000  # each unclosed tag costs no scan of the rest of the text
    assert sum(1 for t in tokenize(many) if t.text == "<code>") == 2000


def test_unclosed_comment_openers_are_punctuation_and_cost_one_scan() -> None:
    closed = tokenize("a <!-- tbe officers --> b")
    assert [t.text for t in closed if t.text.startswith("<")] == ["<!-- tbe officers -->"]
    unclosed = tokenize("a <!-- b")
    assert [(t.text, t.kind) for t in unclosed[:4]] == [
        ("a", TokenKind.WORD),
        (" ", TokenKind.SPACE),
        ("<", TokenKind.PUNCT),
        ("!", TokenKind.PUNCT),
    ]
    many = "<!--" * 10_000
    toks = tokenize(many)
    assert "".join(t.text for t in toks) == many and toks[0].text == "<"


def test_invisible_joiners_and_combining_marks_stay_inside_their_word() -> None:
    """Session 23's audit: a soft hyphen, a zero-width character or a decomposed accent split a word, and the
    spin stage then rewrote a fragment ("un\u00adfold" -> "un\u00adclose", "lame\u0301" -> "game\u0301")."""
    for word in ("un\u00adfold", "th\u2060rough", "lame\u0301", "cafe\u0301s", "re\u200bport", "Homé"):
        words = [t.text for t in tokenize(f"It had {word} here.") if t.kind is TokenKind.WORD]
        assert words == ["It", "had", word, "here"], word


def test_markdown_code_is_one_token_that_is_markup() -> None:
    from app.engine.tokens import markup_ranges

    text = 'Run `tbe --fast` now.\n```py\ntbe = load("White Home")\n```\nThe White Home said.'
    tokens = tokenize(text)
    spans = [text[a:b] for a, b in markup_ranges(tokens)]
    assert spans == ["`tbe --fast`", '```py\ntbe = load("White Home")\n```']
    # an unclosed fence or a lone backtick is punctuation, and prose goes on after it
    assert [t.text for t in tokenize("a ``` b `c")][:3] == ["a", " ", "`"]
