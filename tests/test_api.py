"""The REST API through httpx's TestClient: every endpoint, every error path, auth, logs, metrics, gzip."""

from __future__ import annotations

import gzip
import json
import logging
import re
import threading
import time
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import app as unspin
from app.api.logs import JsonFormatter
from app.api.schemas import Options
from app.engine.render import apply_edits
from app.main import create_app
from app.settings import Settings

LIMITS = Settings(max_body_bytes=60_000, max_batch_docs=4, request_timeout_s=20, api_keys="")
# made-up spins the engine must honour when given as options (deterministic edits)
PHRASES = [
    ["flea bazaar", "flea market"],
    ["press chamber", "press room"],
    ["metropolis corridor", "city hall"],
]
SAMPLE = "We met the mayor at the metropolis corridor.\nLater the crowd walked to the flea bazaar."


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(LIMITS)) as c:
        yield c


def post_json(c: TestClient, path: str, body: Any, **headers: str) -> Any:
    return c.post(path, content=json.dumps(body), headers={"content-type": "application/json", **headers})


def assert_error(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert err["code"] == code, err
    assert isinstance(err["message"], str) and err["message"]
    assert err["request_id"] == r.headers["x-request-id"]
    return dict(err)


# --- /v1/repair -------------------------------------------------------------------------------------


def test_repair_json_returns_edits_with_offsets_into_the_input(client: TestClient) -> None:
    r = post_json(client, "/v1/repair", {"text": SAMPLE, "options": {"extra_phrases": PHRASES}})
    assert r.status_code == 200, r.text
    d = r.json()
    assert set(d) >= {"text", "spin_score", "edits", "diff", "stats"}
    assert "city hall" in d["text"] and "flea market" in d["text"]
    by_original = {e["original"]: e for e in d["edits"]}
    for spun in ("metropolis corridor", "flea bazaar"):
        e = by_original[spun]
        assert SAMPLE[e["start"] : e["end"]] == spun
        assert set(e) == {"start", "end", "original", "replacement", "confidence", "source", "alternatives"}
        assert 0.5 <= e["confidence"] <= 1.0
    # the edits alone rebuild the answer from the input
    edits = [unspin.Edit(**{**e, "alternatives": ()}) for e in d["edits"]]
    assert apply_edits(SAMPLE, edits) == d["text"]
    assert "-We met the mayor at the metropolis corridor." in d["diff"]
    assert "+We met the mayor at the city hall." in d["diff"]
    assert d["stats"]["words"] == 16
    assert d["stats"]["elapsed_ms"] >= 0
    assert 0.0 <= d["spin_score"] <= 1.0
    assert d["spun"] is (d["spin_score"] >= unspin.SPUN_AT)
    assert set(d["spinner_sources"]) == {"wn", "moby", "mythes", "phrases"}
    assert abs(sum(d["spinner_sources"].values()) - 1.0) < 1e-3


def test_repair_names_the_sources_a_spinner_draws_from(client: TestClient) -> None:
    """A text whose swaps are phrase-table artefacts says so; one with no swaps keeps near-equal shares."""
    spun = (
        "The vice chairman visited the White Home to talk about nationwide safety. The warfare got here after "
        'months of talks by way of intermediaries. "We are able to\'t wait," he stated, describing his '
        "imaginative and prescient for the region."
    )
    phrase_heavy = client.post("/v1/repair", json={"text": spun}).json()["spinner_sources"]
    assert max(phrase_heavy, key=phrase_heavy.get) == "phrases" and phrase_heavy["phrases"] > 0.5
    plain = client.post("/v1/repair", json={"text": "A plain sentence about the weather today."}).json()
    assert max(plain["spinner_sources"].values()) - min(plain["spinner_sources"].values()) < 0.05


def test_repair_plain_text_body(client: TestClient) -> None:
    text = "A plain sentence about the weather today."
    r = client.post(
        "/v1/repair", content=text.encode(), headers={"content-type": "text/plain; charset=utf-8"}
    )
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["stats"]["words"] == 7
    assert apply_edits(text, [unspin.Edit(**{**e, "alternatives": ()}) for e in d["edits"]]) == d["text"]


def test_repair_raw_html_page(client: TestClient) -> None:
    """A crawler posts the page it fetched: prose is repaired, markup and references come back as they were."""
    page = (
        "<html><head><style>.nationwide{}</style><script>var s = 'by way of';</script></head><body>"
        "<p>The president returned to the White Home by way of a aspect door.</p>"
        '<p class="nationwide safety">We are able to&rsquo;t wait.</p></body></html>'
    )
    r = client.post("/v1/repair", content=page.encode(), headers={"content-type": "text/html; charset=utf-8"})
    assert r.status_code == 200, r.text
    d = r.json()
    for e in d["edits"]:
        assert page[e["start"] : e["end"]] == e["original"]
    assert "to the White House through a side door.</p>" in d["text"]
    assert "We can&rsquo;t wait." in d["text"]
    assert d["text"].startswith(
        "<html><head><style>.nationwide{}</style><script>var s = 'by way of';</script>"
    )
    assert '<p class="nationwide safety">' in d["text"]
    unsupported = client.post("/v1/repair", content=b"x", headers={"content-type": "image/png"})
    assert unsupported.status_code == 415 and "text/html" in unsupported.json()["error"]["message"]


def test_options_reach_the_engine(client: TestClient) -> None:
    body = {"text": SAMPLE, "options": {"extra_phrases": PHRASES, "spin": False}}
    assert post_json(client, "/v1/repair", body).json()["edits"] == []
    body = {
        "text": SAMPLE,
        "options": {"extra_phrases": PHRASES, "blocked": [["flea bazaar", "flea market"]]},
    }
    edits = post_json(client, "/v1/repair", body).json()["edits"]
    assert [e["original"] for e in edits if e["replacement"] == "flea market"] == []


def test_options_map_onto_repair_options() -> None:
    o = Options(min_confidence=0.8, ocr=False, max_alternatives=1, extra_phrases=[("a b", "c")])
    ro = o.to_repair_options(Settings(min_confidence=0.3))
    assert (ro.min_confidence, ro.spin, ro.ocr, ro.max_alternatives) == (0.8, True, False, 1)
    assert ro.extra_phrases == (("a b", "c"),)
    assert Options().to_repair_options(Settings(min_confidence=0.3)).min_confidence == 0.3
    merged = Options(spin=False, min_confidence=0.9).merged(Options(min_confidence=0.2))
    assert (merged.spin, merged.min_confidence) == (False, 0.2)


def test_unicode_offsets_are_character_offsets(client: TestClient) -> None:
    text = "Café owners 🙂 met at the press chamber."
    r = post_json(client, "/v1/repair", {"text": text, "options": {"extra_phrases": PHRASES}})
    e = next(e for e in r.json()["edits"] if e["replacement"] == "press room")
    assert text[e["start"] : e["end"]] == "press chamber"


# --- bad input: always 4xx with the one error shape ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "ctype", "status", "code"),
    [
        (b"{not json", "application/json", 400, "invalid_json"),
        (b'{"text": NaN}', "application/json", 400, "invalid_json"),
        (b"[" * 50_000, "application/json", 400, "invalid_json"),
        (b"", "application/json", 400, "invalid_json"),
        (b'{"text": "caf\xe9"}', "application/json", 400, "invalid_utf8"),
        (b"caf\xe9 au lait", "text/plain", 400, "invalid_utf8"),
        (b'{"text": "\\ud800 lone"}', "application/json", 400, "invalid_utf8"),
        (b'{"text": ""}', "application/json", 422, "empty_text"),
        (b'{"text": "\\u0000\\u0001PK binary"}', "application/json", 422, "binary_text"),
        (b"GIF89a\x00\x01\x00", "text/plain", 422, "binary_text"),
        (b"", "text/plain", 422, "empty_text"),
        (b'{"options": {}}', "application/json", 422, "invalid_request"),
        (b'{"text": 42}', "application/json", 422, "invalid_request"),
        (b'["text"]', "application/json", 422, "invalid_request"),
        (b'{"text": "x", "options": {"min_confidence": 2}}', "application/json", 422, "invalid_request"),
        (b'{"text": "x", "options": {"spin": "yes"}}', "application/json", 422, "invalid_request"),
        (b'{"text": "x", "options": {"extra_phrases": [["a"]]}}', "application/json", 422, "invalid_request"),
        (b'{"text": "x", "options": {"profile": "/etc/passwd"}}', "application/json", 422, "unknown_option"),
        (b'{"text": "x", "options": {"min_confidnce": 0.7}}', "application/json", 422, "unknown_option"),
        (b'{"text": "x", "lang": "en"}', "application/json", 422, "unknown_field"),
        (b'{"text": "x"}', "application/xml", 415, "unsupported_media_type"),
        (b'{"text": "x"}', "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b'{"text": "x"}', "application/json; charset=latin-1", 415, "unsupported_charset"),
    ],
)
@pytest.mark.parametrize("path", ["/v1/repair", "/v1/detect"])
def test_bad_input_is_a_4xx_json_error(
    client: TestClient, path: str, body: bytes, ctype: str, status: int, code: str
) -> None:
    assert_error(client.post(path, content=body, headers={"content-type": ctype}), status, code)


def test_a_json_body_may_start_with_a_byte_order_mark(client: TestClient) -> None:
    """RFC 8259 lets a parser skip it, and Windows tools write one; a text/plain body keeps it (it is text)."""
    body = "\ufeff" + json.dumps({"text": "Reporters met at the White Home."})
    r = client.post("/v1/repair", content=body.encode(), headers={"content-type": "application/json"})
    assert r.status_code == 200 and r.json()["text"] == "Reporters met at the White House."
    text = "\ufeffReporters met at the White Home.".encode()
    plain = client.post("/v1/repair", content=text, headers={"content-type": "text/plain"})
    assert plain.json()["text"] == "\ufeffReporters met at the White House."


def test_missing_content_type_is_415(client: TestClient) -> None:
    r = client.post("/v1/repair", content=b'{"text": "x"}', headers={"content-type": ""})
    assert_error(r, 415, "unsupported_media_type")


def test_body_limit_on_content_length(client: TestClient) -> None:
    text = "word " * 13_000  # 65 kB > 60 kB
    assert_error(post_json(client, "/v1/repair", {"text": text}), 413, "body_too_large")
    ok = post_json(client, "/v1/repair", {"text": "word " * 1000})
    assert ok.status_code == 200


def test_the_forms_diff_takes_a_text_and_its_edited_version_under_a_wider_limit(client: TestClient) -> None:
    """The form's diff carries the text and its final version: a 1.2 MB text with a 2 MB limit must diff."""
    text = "word " * 7_000  # 35 kB: the pair is 70 kB, over the 60 kB limit
    pair = {"before": text, "after": text.replace("word", "wort", 1), "name": "t.txt"}
    r = post_json(client, "/web/diff", pair)
    assert r.status_code == 200 and "+wort word" in r.json()["diff"]
    assert_error(post_json(client, "/v1/repair", {"text": text + text}), 413, "body_too_large")
    too_big = {"before": text * 4, "after": text * 4}  # 280 kB: over twice the limit
    assert_error(post_json(client, "/web/diff", too_big), 413, "body_too_large")


def test_body_limit_on_streamed_body_without_content_length(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"x" * 1000

    r = client.post("/v1/repair", content=chunks(), headers={"content-type": "text/plain"})
    assert "content-length" not in r.request.headers
    assert_error(r, 413, "body_too_large")


def test_compressed_bodies_are_inflated_and_bounded(client: TestClient) -> None:
    """A crawler may gzip what it posts: the same answer as the plain body, under the same size limit for what
    the body inflates to, and a clear 4xx for broken or unknown encodings."""
    body = json.dumps({"text": SAMPLE, "options": {"extra_phrases": PHRASES}}).encode()
    plain = client.post("/v1/repair", content=body, headers={"content-type": "application/json"})
    assert plain.status_code == 200
    z = zlib.compressobj(wbits=zlib.MAX_WBITS)  # "deflate" as HTTP means it: zlib data
    for encoding, data in [
        ("gzip", gzip.compress(body)),
        ("deflate", z.compress(body) + z.flush()),
        ("gzip", gzip.compress(body[:40]) + gzip.compress(body[40:])),  # two members, as `cat a.gz b.gz`
    ]:
        r = client.post(
            "/v1/repair",
            content=data,
            headers={"content-type": "application/json", "content-encoding": encoding},
        )
        assert r.status_code == 200, r.text
        assert r.json()["text"] == plain.json()["text"] and r.json()["edits"] == plain.json()["edits"]
    bomb = gzip.compress(json.dumps({"text": "word " * 20_000}).encode())  # 100 kB inflated, 60 kB allowed
    assert len(bomb) < 1_000
    err = assert_error(
        client.post(
            "/v1/repair",
            content=bomb,
            headers={"content-type": "application/json", "content-encoding": "gzip"},
        ),
        413,
        "body_too_large",
    )
    assert "inflates" in err["message"]
    headers = {"content-type": "application/json", "content-encoding": "gzip"}
    assert_error(client.post("/v1/repair", content=body, headers=headers), 400, "invalid_body_encoding")
    truncated = gzip.compress(body)[:-12]
    assert_error(client.post("/v1/repair", content=truncated, headers=headers), 400, "invalid_body_encoding")
    headers["content-encoding"] = "br"
    assert_error(
        client.post("/v1/repair", content=body, headers=headers), 415, "unsupported_content_encoding"
    )


def test_unknown_route_and_wrong_method_use_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/v1/nothing-here"), 404, "not_found")
    assert_error(client.get("/v1/repair"), 405, "method_not_allowed")


# --- /v1/detect -------------------------------------------------------------------------------------


def test_detect_scores_without_rewriting(client: TestClient) -> None:
    r = post_json(client, "/v1/detect", {"text": SAMPLE, "options": {"extra_phrases": PHRASES}})
    assert r.status_code == 200, r.text
    d = r.json()
    assert "text" not in d and "edits" not in d
    assert d["words"] == 16
    assert 0.0 <= d["spin_score"] <= 1.0
    spans = {s["text"]: s for s in d["spans"]}
    s = spans["flea bazaar"]
    assert SAMPLE[s["start"] : s["end"]] == "flea bazaar"
    assert "flea market" in s["candidates"]


# --- /v1/repair/batch -------------------------------------------------------------------------------


def test_batch_gives_a_result_or_an_error_per_id(client: TestClient) -> None:
    docs = [
        {"id": "a", "text": "Tickets are sold at the metropolis corridor."},
        {"id": "b", "text": ""},
        {"id": 7, "text": "Meet me at the flea bazaar.", "options": {"spin": False}},
        {"id": "a", "text": "Same id twice."},
    ]
    r = post_json(client, "/v1/repair/batch", {"documents": docs, "options": {"extra_phrases": PHRASES}})
    assert r.status_code == 200, r.text
    res = r.json()["results"]
    assert [(x["id"], x["index"], x["ok"]) for x in res] == [
        ("a", 0, True),
        ("b", 1, False),
        (7, 2, True),
        ("a", 3, False),
    ]
    assert res[0]["result"]["text"] == "Tickets are sold at the city hall."
    assert res[1]["error"]["code"] == "empty_text"
    assert res[2]["result"]["edits"] == []  # per-document options override the batch's
    assert res[3]["error"]["code"] == "duplicate_id"
    assert r.json()["stats"] == {**r.json()["stats"], "documents": 4, "ok": 2, "failed": 2}


def test_batch_malformed_documents_fail_alone(client: TestClient) -> None:
    docs: list[Any] = [
        {"text": "no id"},
        "just a string",
        {"id": "x", "text": "Fine text.", "colour": 1},
        {"id": "ok", "text": "Fine text."},
    ]
    r = post_json(client, "/v1/repair/batch", {"documents": docs})
    assert r.status_code == 200, r.text
    res = r.json()["results"]
    assert [x["ok"] for x in res] == [False, False, False, True]
    assert [x["id"] for x in res] == [None, None, "x", "ok"]
    assert res[2]["error"]["code"] == "unknown_field"


def test_batch_binary_document_fails_alone(client: TestClient) -> None:
    docs = [{"id": "bin", "text": "GIF89a\u0000\u0001binary"}, {"id": "ok", "text": "Fine text."}]
    res = post_json(client, "/v1/repair/batch", {"documents": docs}).json()["results"]
    assert [x["ok"] for x in res] == [False, True]
    assert res[0]["error"]["code"] == "binary_text" and "offset 6" in res[0]["error"]["message"]


def test_batch_engine_failure_fails_only_that_document(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = unspin.repair

    def flaky(text: str, options: Any = None) -> Any:
        if "BOOM" in text:
            raise RuntimeError("engine bug")
        return real(text, options)

    monkeypatch.setattr(unspin, "repair", flaky)
    docs = [{"id": 1, "text": "BOOM goes the engine."}, {"id": 2, "text": "All quiet here."}]
    res = post_json(client, "/v1/repair/batch", {"documents": docs}).json()["results"]
    assert res[0]["error"]["code"] == "engine_error" and "engine bug" not in res[0]["error"]["message"]
    assert res[1]["ok"] is True


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"documents": []}, 422, "invalid_request"),
        ({"documents": "text"}, 422, "invalid_request"),
        ({}, 422, "invalid_request"),
        ([{"id": 1, "text": "x"}], 422, "invalid_request"),
        ({"documents": [{"id": i, "text": "x"} for i in range(5)]}, 422, "too_many_documents"),
        ({"documents": [{"id": 1, "text": "x"}], "options": {"ocr": 1}}, 422, "invalid_request"),
        ({"documents": [{"id": 1, "text": "x"}], "options": {"foo": 1}}, 422, "unknown_option"),
        ({"documents": [{"id": 1, "text": "x"}], "priority": "high"}, 422, "unknown_field"),
    ],
)
def test_batch_envelope_errors(client: TestClient, body: Any, status: int, code: str) -> None:
    assert_error(post_json(client, "/v1/repair/batch", body), status, code)


def test_batch_wants_json(client: TestClient) -> None:
    r = client.post("/v1/repair/batch", content=b"hello", headers={"content-type": "text/plain"})
    assert_error(r, 415, "unsupported_media_type")


# --- operations -------------------------------------------------------------------------------------


def test_healthz_and_readyz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    deadline = time.monotonic() + 30
    while (r := client.get("/readyz")).status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert r.status_code == 200
    assert r.json()["status"] == "ready"
    assert set(r.json()["load_seconds"]) >= {"lm", "thesaurus", "phrases"}


class GatedResources:
    """Loads only when the test opens the gate, or fails: lets /readyz be watched flipping."""

    def __init__(self, fail: bool = False) -> None:
        self.gate = threading.Event()
        self.fail = fail
        self.loaded = False

    @property
    def ready(self) -> bool:
        return self.loaded

    def load_all(self) -> dict[str, float]:
        self.gate.wait(10)
        if self.fail:
            raise OSError("thesaurus.bin: no such file")
        self.loaded = True
        return {"lm": 0.01}


def test_readyz_flips_to_200_when_background_load_finishes() -> None:
    res = GatedResources()
    with TestClient(create_app(LIMITS, resources=res)) as c:
        r = c.get("/readyz")
        assert r.status_code == 503 and r.json()["status"] == "loading"
        assert c.get("/healthz").status_code == 200
        res.gate.set()
        deadline = time.monotonic() + 5
        while (r := c.get("/readyz")).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert r.status_code == 200 and r.json()["load_seconds"] == {"lm": 0.01}


def test_readyz_reports_a_failed_load() -> None:
    res = GatedResources(fail=True)
    res.gate.set()
    with TestClient(create_app(LIMITS, resources=res)) as c:
        deadline = time.monotonic() + 5
        while (r := c.get("/readyz")).json()["status"] == "loading" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert r.status_code == 503
        assert r.json()["status"] == "failed"
        assert r.json()["error"]["code"] == "resources_failed"
        assert "thesaurus.bin" in r.json()["error"]["message"]


def test_metrics_count_requests_words_edits_and_errors() -> None:
    with TestClient(create_app(LIMITS)) as c:
        post_json(c, "/v1/repair", {"text": SAMPLE, "options": {"extra_phrases": PHRASES}})
        zipped = gzip.compress(json.dumps({"text": SAMPLE}).encode())  # counted under its route too
        headers = {"content-type": "application/json", "content-encoding": "gzip"}
        assert c.post("/v1/repair", content=zipped, headers=headers).status_code == 200
        post_json(c, "/v1/repair", {"text": ""})
        c.post("/v1/repair", content=b"{", headers={"content-type": "application/json"})
        m = c.get("/metrics")
        assert m.status_code == 200 and m.headers["content-type"].startswith("text/plain")
        t = m.text

    def value(pattern: str) -> float:
        found = re.search(re.escape(pattern) + r" ([0-9.e+]+)", t)
        assert found, pattern
        return float(found.group(1))

    assert value('unspin_http_requests_total{method="POST",route="/v1/repair",status="200"}') == 2
    assert value('unspin_http_requests_total{method="POST",route="/v1/repair",status="422"}') == 1
    assert "unmatched" not in t
    assert value('unspin_words_processed_total{endpoint="repair"}') == 32
    assert value('unspin_edits_made_total{source="feedback"}') >= 2
    assert value('unspin_errors_total{code="empty_text"}') == 1
    assert value('unspin_errors_total{code="invalid_json"}') == 1
    assert value('unspin_http_request_duration_seconds_count{route="/v1/repair"}') == 4


def test_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/v1/repair", "/v1/repair/batch", "/v1/detect", "/healthz", "/readyz", "/metrics"} <= set(
        spec["paths"]
    )
    body = spec["paths"]["/v1/repair"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "text/plain"}
    assert {"DocumentRequest", "BatchRequest", "Options", "RepairResponse", "ErrorResponse"} <= set(
        spec["components"]["schemas"]
    )
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_gzip_for_large_responses_only(client: TestClient) -> None:
    big = post_json(
        client, "/v1/repair", {"text": "The river was calm that day. " * 200}, **{"accept-encoding": "gzip"}
    )
    assert big.status_code == 200 and big.headers.get("content-encoding") == "gzip"
    assert big.json()["stats"]["words"] == 1200  # httpx inflated it
    small = client.get("/healthz", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in small.headers
    assert int(big.headers["content-length"]) < len(big.content) / 3  # sent compressed, httpx inflated it


# --- request ids and access logs ------------------------------------------------------------------


def test_request_id_echoed_generated_or_replaced(client: TestClient) -> None:
    assert (
        client.get("/healthz", headers={"x-request-id": "crawl-42.a"}).headers["x-request-id"] == "crawl-42.a"
    )
    generated = client.get("/healthz").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    evil = client.get("/healthz", headers={"x-request-id": 'a" ' + "b" * 100})
    assert re.fullmatch(r"[0-9a-f]{32}", evil.headers["x-request-id"])
    err = post_json(client, "/v1/repair", {"text": ""}, **{"x-request-id": "doc-9"})
    assert assert_error(err, 422, "empty_text")["request_id"] == "doc-9"


def test_access_log_is_one_json_line_per_request(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="unspin.access"):
        post_json(
            client,
            "/v1/repair",
            {"text": SAMPLE, "options": {"extra_phrases": PHRASES}},
            **{"x-request-id": "log-test-1"},
        )
    recs = [
        r
        for r in caplog.records
        if r.name == "unspin.access" and getattr(r, "request_id", "") == "log-test-1"
    ]
    assert len(recs) == 1
    line = json.loads(JsonFormatter().format(recs[0]))
    assert line["status"] == 200 and line["route"] == "/v1/repair" and line["method"] == "POST"
    assert line["words"] == 16 and line["edits"] >= 2 and line["duration_ms"] > 0
    assert line["level"] == "INFO" and line["ts"].endswith("Z")


# --- API keys -----------------------------------------------------------------------------------------

KEYS = "k-first-0123456789,k-second-abcdefgh"


@pytest.fixture(scope="module")
def keyed() -> Iterator[TestClient]:
    with TestClient(create_app(LIMITS.model_copy(update={"api_keys": KEYS}))) as c:
        yield c


@pytest.mark.parametrize(
    "auth",
    [None, "", "Bearer", "Bearer ", "Bearer wrong", "Basic k-first-0123456789", "Bearer k-first-012345678"],
)
def test_api_keys_reject_missing_or_wrong(keyed: TestClient, auth: str | None) -> None:
    headers = {"content-type": "application/json"}
    if auth is not None:
        headers["authorization"] = auth
    r = keyed.post("/v1/repair", content=b'{"text": "hello"}', headers=headers)
    err = assert_error(r, 401, "unauthorized")
    assert r.headers["www-authenticate"] == "Bearer"
    assert "k-first" not in err["message"]
    assert_error(keyed.get("/metrics", headers=headers), 401, "unauthorized")


def test_api_keys_accept_any_configured_key(keyed: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        for key in KEYS.split(","):
            r = keyed.post(
                "/v1/repair", json={"text": "hello there"}, headers={"authorization": f"Bearer {key}"}
            )
            assert r.status_code == 200, r.text
        assert (
            keyed.post(
                "/v1/repair/batch",
                json={"documents": [{"id": 1, "text": "x"}]},
                headers={"authorization": "bearer k-second-abcdefgh"},
            ).status_code
            == 200
        )
        assert keyed.get("/healthz").status_code == 200
        assert keyed.get("/readyz").status_code in (200, 503)
        assert keyed.get("/openapi.json").status_code == 200
    logged = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert "k-first" not in logged and "k-second" not in logged


def test_settings_never_expose_keys() -> None:
    public = LIMITS.model_copy(update={"api_keys": KEYS}).public_dict()
    assert "k-first" not in json.dumps(public, default=str)


# --- timeouts, overload, bugs ------------------------------------------------------------------------


def test_slow_repair_gets_504(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def slow(text: str, options: Any = None) -> Any:
        release.wait(5)
        raise RuntimeError("should have been abandoned")

    monkeypatch.setattr(unspin, "repair", slow)
    fast = LIMITS.model_copy(update={"request_timeout_s": 0.3})
    with TestClient(create_app(fast, resources=_Ready())) as c:
        t0 = time.monotonic()
        r = post_json(c, "/v1/repair", {"text": "Anything at all."})
        assert time.monotonic() - t0 < 3
        assert_error(r, 504, "timeout")
        assert c.get("/healthz").status_code == 200  # the loop was never blocked
    release.set()


def test_a_repair_past_its_deadline_stops_and_frees_its_worker() -> None:
    """The engine itself stops at the request's deadline (a thread cannot be killed): the 504 comes from the
    repair ending, and the one worker thread is free for the next request at once. In a batch the documents
    finished before the deadline keep their results."""
    unspin.repair("Warm the engine up before any deadline runs.")
    long_text = "The officials said that the war was over and the troops went home. " * 3000  # ~10 s
    slow = LIMITS.model_copy(update={"request_timeout_s": 4.0, "max_body_bytes": 2_000_000})
    with TestClient(create_app(slow)) as c:
        c.app.state.unspin.runner.threads = 1  # type: ignore[attr-defined]
        t0 = time.monotonic()
        assert_error(post_json(c, "/v1/repair", {"text": long_text}), 504, "timeout")
        r = post_json(c, "/v1/repair", {"text": "The officers stated it."})
        assert r.status_code == 200, r.text  # not 503: the long repair is not still running
        assert time.monotonic() - t0 < 8
        docs = [{"id": "a", "text": "Short and quick."}, {"id": "b", "text": long_text}]
        r = post_json(c, "/v1/repair/batch", {"documents": docs})
        assert r.status_code == 200, r.text
        a, b = r.json()["results"]
        assert a["ok"] and a["result"]["text"] == "Short and quick."
        assert not b["ok"] and b["error"]["code"] == "timeout"


def test_saturated_pool_gets_503_with_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    import anyio
    import httpx

    release = threading.Event()
    real = unspin.repair

    def slow(text: str, options: Any = None) -> Any:
        release.wait(5)
        return real(text, options)

    monkeypatch.setattr(unspin, "repair", slow)
    app = create_app(LIMITS.model_copy(update={"request_timeout_s": 0.5}), resources=_Ready())
    app.state.unspin.runner.threads = 1
    statuses: list[int] = []

    async def main() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as ac:

            async def one() -> None:
                r = await ac.post("/v1/repair", json={"text": "Quiet words."})
                statuses.append(r.status_code)
                if r.status_code == 503:
                    assert r.json()["error"]["code"] == "overloaded" and int(r.headers["retry-after"]) >= 1

            async with anyio.create_task_group() as tg:
                tg.start_soon(one)
                await anyio.sleep(0.1)
                tg.start_soon(one)

    anyio.run(main)
    release.set()
    assert sorted(statuses) == [503, 504]


def test_engine_bug_is_a_json_500_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, options: Any = None) -> Any:
        raise KeyError("oops")

    monkeypatch.setattr(unspin, "repair", broken)
    with TestClient(create_app(LIMITS, resources=_Ready()), raise_server_exceptions=False) as c:
        assert_error(post_json(c, "/v1/repair", {"text": "fine input"}), 500, "internal")


def test_the_runner_admits_a_bounded_queue_and_drops_what_nobody_waits_for() -> None:
    """Session 22's load audit: requests queued without bound and got 504 after a full timeout of waiting,
    and a client that had gone away still had its document computed. Now a full queue is 503 at once, a
    request that waited most of its timeout is 503 (busy, not slow), and one whose client left is not run."""
    import asyncio

    from app.api.runner import ClientGone, CpuRunner

    gate = threading.Event()
    ran: list[str] = []

    def work(name: str) -> Any:
        def fn() -> str:
            ran.append(name)
            gate.wait(10)
            return name

        return fn

    async def gone() -> bool:
        return True

    async def main() -> dict[str, Any]:
        runner = CpuRunner(timeout_s=2.0, threads=1, max_queue=1)
        first = asyncio.ensure_future(runner.run(work("first")))
        await asyncio.sleep(0.05)
        waiting = asyncio.ensure_future(runner.run(work("waiting")))
        await asyncio.sleep(0.05)
        assert runner.waiting == 1
        t0 = time.monotonic()
        with pytest.raises(ApiError) as full:
            await runner.run(work("refused"))
        refused_after = time.monotonic() - t0
        out: dict[str, Any] = {"full": full.value, "refused_after": refused_after}
        try:
            await waiting
        except ApiError as e:
            out["waited"] = e
        gate.set()
        out["first"] = await first
        gate.clear()
        try:
            await runner.run(work("abandoned"), gone)
        except ClientGone as e:
            out["gone"] = e
        runner.shutdown()
        return out

    from app.api.errors import ApiError

    out = asyncio.run(main())
    full = out["full"]
    assert full.status_code == 503 and full.code == "overloaded" and int(full.headers["Retry-After"]) >= 1
    assert out["refused_after"] < 0.5  # at once, not after a timeout of waiting
    waited = out["waited"]  # it waited past half its timeout behind "first": busy, so 503, never 504
    assert waited.status_code == 503 and waited.code == "overloaded"
    assert out["first"] == "first" and out["gone"].status_code == 499
    assert ran == ["first"]  # neither the refused, the waiting nor the abandoned request ran


class _Ready:
    """Resources stand-in that is loaded from the start (tests that stub the engine out)."""

    ready = True

    def load_all(self) -> dict[str, float]:
        return {}


def test_body_trickling_in_too_slowly_gets_408() -> None:
    import anyio
    import httpx

    app = create_app(LIMITS.model_copy(update={"request_timeout_s": 0.3}), resources=_Ready())

    async def body() -> Any:
        yield b'{"text": "'
        await anyio.sleep(1.5)
        yield b'late"}'

    async def main() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as ac:
            return await ac.post("/v1/repair", content=body(), headers={"content-type": "application/json"})

    assert_error(anyio.run(main), 408, "body_timeout")


def test_body_sent_in_quick_small_chunks_still_has_one_deadline_in_all() -> None:
    """Each chunk comes well within the timeout, but the body as a whole does not: 408 all the same."""
    import anyio
    import httpx

    app = create_app(LIMITS.model_copy(update={"request_timeout_s": 0.5}), resources=_Ready())

    async def body() -> Any:
        yield b'{"text": "'
        for _ in range(12):
            await anyio.sleep(0.1)
            yield b"a"
        yield b'"}'

    async def main() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as ac:
            return await ac.post("/v1/repair", content=body(), headers={"content-type": "application/json"})

    assert_error(anyio.run(main), 408, "body_timeout")


def test_module_level_app_is_built_lazily_with_the_web_form_when_present() -> None:
    import importlib.util

    import app.main as main

    built = main.app
    assert built is main.app  # built once, then reused
    c = TestClient(built)
    assert "/v1/repair" in c.get("/openapi.json").json()["paths"]
    if importlib.util.find_spec("app.web.routes") is not None:
        assert c.get("/").status_code == 200
    with pytest.raises(AttributeError):
        _ = main.no_such_thing


def test_garbage_content_length_is_a_400(client: TestClient) -> None:
    """httpx refuses to send such a header, so the app is called as raw ASGI."""
    import anyio

    app = client.app

    async def main() -> list[Any]:
        sent: list[Any] = []
        scope = {
            "type": "http",
            "method": "POST",
            "path": "/v1/repair",
            "headers": [(b"content-length", b"12x")],
            "query_string": b"",
            "app": app,
        }

        async def receive() -> Any:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Any) -> None:
            sent.append(message)

        await app(scope, receive, send)
        return sent

    sent = anyio.run(main)
    assert sent[0]["status"] == 400
    assert json.loads(sent[1]["body"])["error"]["code"] == "bad_request"


def test_thread_pool_shares_the_cores_between_workers() -> None:
    import os

    from app.api.runner import default_threads

    cores = os.cpu_count() or 1
    assert default_threads(1) == cores
    assert default_threads(cores) == 1
    assert default_threads(cores * 4) == 1
    assert (
        create_app(
            LIMITS.model_copy(update={"workers": cores}), resources=_Ready()
        ).state.unspin.runner.threads
        == 1
    )


def test_a_blank_extra_phrase_is_a_422_not_a_500(client: TestClient) -> None:
    for pair in (["x", " "], ["  ", "a"]):
        r = post_json(
            client, "/v1/repair", {"text": "The officials said so.", "options": {"extra_phrases": [pair]}}
        )
        assert_error(r, 422, "invalid_request")


def test_site_learning_is_refused_when_the_service_runs_several_processes() -> None:
    """Each process would keep its own counts (a text counted twice, a DELETE undone by the other process),
    so with more than one worker the site options and routes answer 409 instead."""
    multi = LIMITS.model_copy(update={"workers": 2})
    with TestClient(create_app(multi)) as c:
        r = post_json(c, "/v1/repair", {"text": SAMPLE, "options": {"site": "news.example"}})
        assert_error(r, 409, "one_process_only")
        assert_error(c.get("/v1/sites"), 409, "one_process_only")
        assert post_json(c, "/v1/repair", {"text": SAMPLE}).status_code == 200  # everything else works


def test_detect_and_learn_false_do_not_start_a_site(client: TestClient) -> None:
    for path, options in (
        ("/v1/detect", {"site": "probe-a.example"}),
        ("/v1/repair", {"site": "probe-b.example", "learn": False}),
    ):
        r = post_json(client, path, {"text": SAMPLE, "options": options})
        assert r.status_code == 200, r.text
    names = [s["name"] for s in client.get("/v1/sites").json()["sites"]]
    assert "probe-a.example" not in names and "probe-b.example" not in names
    r = post_json(
        client, "/v1/repair", {"text": SAMPLE, "options": {"site": "probe-b.example", "learn": False}}
    )
    assert r.json()["site"] == {
        "name": "probe-b.example",
        "documents": 0,
        "pairs": 0,
        "applied": False,
        "learned": False,
    }


def test_a_request_cut_off_by_shutdown_gets_a_json_503() -> None:
    """uvicorn cancels requests still running when its graceful shutdown runs out; they used to get a
    plain-text 500 and a traceback each (session 22's load audit)."""
    import asyncio

    from app.api.middleware import RequestContextMiddleware

    async def cancelled_app(scope: Any, receive: Any, send: Any) -> None:
        raise asyncio.CancelledError

    sent: list[dict[str, Any]] = []

    async def main() -> None:
        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/v1/repair", "headers": [], "state": {}}
        await RequestContextMiddleware(cancelled_app)(scope, receive, send)

    asyncio.run(main())
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    assert start["status"] == 503 and (b"retry-after", b"5") in start["headers"]
    assert json.loads(body)["error"]["code"] == "shutting_down"
