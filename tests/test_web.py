"""The web form's routes without a browser: headers, static allow-list, feedback and diff endpoints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web import routes


@pytest.fixture()
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    s = Settings(feedback_db=tmp_path / "fb" / "feedback.db", max_body_bytes=4000)
    monkeypatch.setattr(routes, "get_settings", lambda: s)
    return s


@pytest.fixture()
def client(settings: Settings) -> TestClient:
    """The router alone, so that its own checks (not the API's middleware) answer."""
    app = FastAPI()
    app.include_router(routes.router)
    return TestClient(app)


def test_form_has_security_headers_and_no_inline_script(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    html = r.text
    assert '<script src="/static/app.js' in html
    assert "<script>" not in html and "onclick" not in html and "style=" not in html
    assert 'data-max-bytes="4000"' in html
    for label_for in ("source", "file", "opt-min", "bulk-threshold", "insp-custom", "pending-mode"):
        assert f'for="{label_for}"' in html


def test_static_allow_list(client: TestClient) -> None:
    js = client.get("/static/app.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert js.headers["x-content-type-options"] == "nosniff"
    assert "innerHTML" not in js.text  # all input text goes through textContent / text nodes
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    for bad in ("routes.py", "..%2Froutes.py", "../templates/index.html", "nope.js"):
        r = client.get(f"/static/{bad}")
        assert r.status_code == 404, bad
    assert client.get("/favicon.ico").status_code == 204


def test_feedback_is_recorded_and_summarised(client: TestClient, settings: Settings) -> None:
    body = {
        "decisions": [
            {
                "original": "Officers stated",
                "replacement": "officials said",
                "accepted": False,
                "left": "The",
            },
            {"original": "metropolis council", "replacement": "city council", "accepted": True},
            {
                "original": "metropolis council",
                "replacement": "city council",
                "accepted": True,
                "right": "said",
            },
        ],
        "text": "whole article",
        "final": "whole fixed article",
    }
    r = client.post("/web/feedback", json=body)
    assert r.status_code == 200
    assert r.json() == {
        "recorded": 3,
        "skipped": 0,
        "stored_text": False,
    }  # text kept only when the operator opts in
    assert settings.feedback_db is not None and settings.feedback_db.is_file()
    summary = client.get("/web/feedback").json()
    assert summary["blocked"] == [["officers stated", "officials said"]]
    assert summary["extra_phrases"] == [["metropolis council", "city council"]]
    assert client.get("/web/feedback/options").json() == {
        "extra_phrases": [["metropolis council", "city council"]],
        "blocked": [["officers stated", "officials said"]],
    }
    assert {(p["spun"], p["accepted"], p["rejected"]) for p in summary["pairs"]} == {
        ("officers stated", 0, 1),
        ("metropolis council", 1, 0),
    }


def test_feedback_keeps_text_when_opted_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = Settings(feedback_db=tmp_path / "t.db", feedback_store_text=True)
    monkeypatch.setattr(routes, "get_settings", lambda: s)
    app = FastAPI()
    app.include_router(routes.router)
    r = TestClient(app).post("/web/feedback", json={"decisions": [], "text": "a", "final": "b"})
    assert r.json() == {"recorded": 0, "skipped": 0, "stored_text": True}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"{not json", 400, "invalid_json"),
        (b"\xff\xfe", 400, "invalid_utf8"),
        # session 21's audit: these were 500s
        (b'{"decisions":' + b"[" * 1_900 + b"]" * 1_900 + b"}", 400, "invalid_json"),
        (b'{"decisions":[{"original":"ab\\ud800","replacement":"cd","accepted":true}]}', 400, "invalid_utf8"),
        (json.dumps({"decisions": "x"}).encode(), 422, "invalid_field"),
        (
            json.dumps({"decisions": [{"original": "a", "replacement": "b", "accepted": "yes"}]}).encode(),
            422,
            "invalid_field",
        ),
        (
            json.dumps({"decisions": [{"original": 1, "replacement": "b", "accepted": True}]}).encode(),
            422,
            "invalid_field",
        ),
        (
            json.dumps(
                {"decisions": [{"original": "a", "replacement": "b", "accepted": True, "retract": "yes"}]}
            ).encode(),
            422,
            "invalid_field",
        ),
    ],
)
def test_feedback_rejects_bad_bodies(client: TestClient, body: bytes, status: int, code: str) -> None:
    r = client.post("/web/feedback", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status
    assert r.json()["error"]["code"] == code
    assert r.json()["error"]["message"]


def test_oversized_bodies_get_413_json(client: TestClient, settings: Settings) -> None:
    # the diff and feedback carry a text and its edited version: twice the limit, and some room
    pair = json.dumps({"before": "x" * 3000, "after": "y" * 3000, "name": "t"})
    assert settings.max_body_bytes < len(pair) < settings.pair_body_bytes
    assert (
        client.post("/web/diff", content=pair, headers={"content-type": "application/json"}).status_code
        == 200
    )
    big = json.dumps({"before": "x" * settings.pair_body_bytes, "after": "y"})
    for path in ("/web/diff", "/web/feedback"):
        r = client.post(path, content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413, path
        assert r.json()["error"]["code"] == "body_too_large"

    def chunks():  # no Content-Length: the streamed size is checked too
        for _ in range(settings.pair_body_bytes // 1000 + 1):
            yield b"x" * 1000

    r = client.post("/web/diff", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_too_many_decisions(client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routes, "MAX_DECISIONS", 2)
    d = {"original": "a", "replacement": "b", "accepted": True}
    r = client.post("/web/feedback", json={"decisions": [d, d, d]})
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_many_decisions"


def test_diff_matches_cli_format(client: TestClient) -> None:
    r = client.post(
        "/web/diff",
        json={"before": "a 🚀 officers stated\n", "after": "a 🚀 officials said\n", "name": "in.txt"},
    )
    assert r.status_code == 200
    assert r.json()["diff"] == (
        "--- a/in.txt\n+++ b/in.txt\n@@ -1 +1 @@\n-a 🚀 officers stated\n+a 🚀 officials said\n"
    )
    assert client.post("/web/diff", json={"before": "x"}).status_code == 422


def test_web_endpoints_want_the_api_key_when_keys_are_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.main import create_app

    s = Settings(feedback_db=tmp_path / "k.db", api_keys="k1,k2")
    monkeypatch.setattr(routes, "get_settings", lambda: s)
    c = TestClient(create_app(s))
    body = {"decisions": [{"original": "a b", "replacement": "c", "accepted": True}]}
    assert c.post("/web/feedback", json=body).status_code == 401
    assert c.post("/web/feedback", json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert c.get("/web/feedback").json()["error"]["code"] == "unauthorized"
    assert c.get("/web/feedback/options").status_code == 401
    assert c.post("/web/diff", json={"before": "a", "after": "b"}).status_code == 401
    assert c.post("/web/feedback", json=body, headers={"Authorization": "Bearer k2"}).status_code == 200
    assert c.get("/", headers={}).status_code == 200  # the form itself stays open: it asks for the key
    assert 'id="api-key"' in c.get("/").text


def test_full_app_serves_the_form() -> None:
    from app.main import create_app

    c = TestClient(create_app())
    r = c.get("/")
    assert r.status_code == 200 and "content-security-policy" in r.headers
    assert c.get("/static/app.css").status_code == 200


def test_diff_keeps_unusual_line_breaks_inside_lines_and_one_line_names(client: TestClient) -> None:
    """Lines end at "\\n" only, as patch reads them (U+2028, "\\x0c" and a lone "\\r" once cut lines and put a
    "No newline" marker mid-file), and a name cannot add header lines."""
    before = "Officers\u2028stated\x0cit\rrained.\nSecond line.\n"
    after = "Officials\u2028said\x0cit\rrained.\nSecond line.\n"
    r = client.post("/web/diff", json={"before": before, "after": after, "name": "a\n+++ b/evil"})
    diff = r.json()["diff"]
    assert "No newline" not in diff
    assert diff.split("\n")[:5] == [
        "--- a/a+++ b/evil\t",
        "+++ b/a+++ b/evil\t",
        "@@ -1,2 +1,2 @@",
        "-" + before.split("\n")[0],
        "+" + after.split("\n")[0],
    ]


def test_form_overlay_stays_small_however_much_feedback_piles_up(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many long lessons once made every form request larger than the API's body limit (a lock-out for
    every user); the form's overlay keeps the most-decided pairs within ``FORM_OVERLAY_BYTES``."""
    monkeypatch.setattr(routes, "FORM_OVERLAY_BYTES", 2_000)
    decisions = [
        {"original": f"word{i} " + "é" * 40, "replacement": f"other{i} " + "😀" * 30, "accepted": i % 2 == 0}
        for i in range(200)
    ]
    for k in range(0, len(decisions), 4):  # within the fixture's small body limit
        assert client.post("/web/feedback", json={"decisions": decisions[k : k + 4]}).status_code == 200
    body = client.get("/web/feedback/options").json()
    assert 0 < len(body["extra_phrases"]) < 100 and 0 < len(body["blocked"]) < 100
    assert len(json.dumps(body["extra_phrases"])) <= 1_000 and len(json.dumps(body["blocked"])) <= 1_000


def test_decisions_no_lesson_can_be_made_of_are_skipped_not_the_request(client: TestClient) -> None:
    """A NUL, a sentence-sized custom wording or an over-long phrase is skipped (the lesson would be written
    into every later repair); the other decisions of the request are kept, and a line break is white space."""
    long_custom = "the very large and well known house of the president"
    decisions = [
        {"original": "a", "replacement": "c\u0000d", "accepted": True},
        {"original": "White Home", "replacement": long_custom, "accepted": True},
        {"original": "x" * 81, "replacement": "y", "accepted": False},
        {"original": "imaginative and\nprescient", "replacement": "vision", "accepted": True},
    ]
    r = client.post("/web/feedback", json={"decisions": decisions})
    assert r.status_code == 200 and r.json()["recorded"] == 1 and r.json()["skipped"] == 3
    extra = client.get("/web/feedback/options").json()["extra_phrases"]
    assert extra == [["imaginative and prescient", "vision"]]


def test_a_diff_of_a_file_whose_name_has_spaces_ends_the_names_with_a_tab(client: TestClient) -> None:
    r = client.post("/web/diff", json={"before": "a\n", "after": "b\n", "name": "my article (1).txt"})
    assert r.json()["diff"].startswith("--- a/my article (1).txt\t\n+++ b/my article (1).txt\t\n")


def test_a_retracted_decision_is_taken_back(client: TestClient) -> None:
    accept = {"original": "officers stated", "replacement": "officials said", "accepted": True, "left": "The"}
    assert client.post("/web/feedback", json={"decisions": [accept]}).status_code == 200
    changed = [{**accept, "retract": True}, {**accept, "accepted": False}]
    assert client.post("/web/feedback", json={"decisions": changed}).json()["recorded"] == 2
    pairs = client.get("/web/feedback").json()["pairs"]
    assert [(p["accepted"], p["rejected"]) for p in pairs] == [(0, 1)]
    assert client.get("/web/feedback/options").json()["blocked"] == [["officers stated", "officials said"]]
