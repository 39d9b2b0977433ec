"""Site learning: the evidence a site's documents add up to, the registry that keeps it (de-duplication,
persistence shared by worker processes, bounds), the engine applying a site's profile, and the API around it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import app as unspin
from app import sites as sites_module
from app.engine.types import Edit, Repair, RepairOptions, SiteProfile
from app.learn import SiteEvidence, mine
from app.main import create_app
from app.settings import Settings
from app.sites import SiteError, SiteRegistry, site_key

WEIGHTS = {"wn": 0.7, "moby": 0.1, "mythes": 0.1, "phrases": 0.1}


def spun_doc(n: int) -> tuple[str, Repair]:
    """A made-up site document with one restoration of "parking heap" (and a distinct sentence each time)."""
    text = f"Story {n}: traders crowded the parking heap again."
    start = text.index("parking heap")
    edit = Edit(start, start + len("parking heap"), "parking heap", "parking lot", 0.9, "thesaurus")
    out = text.replace("parking heap", "parking lot")
    return text, Repair(text, out, (edit,), 0.5, {"words": 7.0}, dict(WEIGHTS))


# --- SiteEvidence ----------------------------------------------------------------------------------------


def test_evidence_counts_pairs_once_per_document_and_pools_source_weights() -> None:
    ev = SiteEvidence()
    text, result = spun_doc(1)
    doubled = Repair(text, result.text, result.edits * 2, 0.5, {}, dict(WEIGHTS))
    ev.add_repair(text, doubled)
    ev.add_repair(*spun_doc(2))
    pair = ("parking heap", "parking lot")
    assert ev.counts[pair] == 3 and ev.documents_with[pair] == 2 and ev.documents == 2
    assert ev.confidence[pair] == pytest.approx(2.7)
    profile = ev.profile("site", min_count=2)
    assert [(s, o) for s, o, _lp in profile.pairs] == [pair]
    assert all(lp <= 0 for _s, _o, lp in profile.pairs)
    assert dict(profile.thesauri) == pytest.approx(WEIGHTS)
    assert profile.documents == 2
    # below the minimum count nothing is proposed
    assert ev.profile("site", min_count=4).pairs == ()


def test_mine_gives_the_same_profile_as_adding_the_documents_one_by_one(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    rows = [
        {"spun": "the officers stated it was warfare", "original": "the officials said it was war"},
        {"spun": "officers stated the plan", "original": "officials said the plan"},
    ]
    cases.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ev = SiteEvidence()
    for r in rows:
        ev.add_parallel(r["spun"], r["original"])
    assert mine([cases], 2) == ev.mined(2)
    assert {(p.spun, p.original) for p in ev.mined(2).pairs} == {("officers stated", "officials said")}


# --- SiteRegistry ----------------------------------------------------------------------------------------


def test_site_names_are_checked_and_lower_cased() -> None:
    assert site_key("News.Example.COM") == "news.example.com"
    for bad in ("", "-x", "x-", "a/b", "..", ".hidden", "a b", "x" * 101, "ünï", "evil.com\n", "a.com\r"):
        with pytest.raises(SiteError):
            site_key(bad)


def test_registry_applies_a_profile_only_after_enough_documents_and_never_counts_a_text_twice() -> None:
    reg = SiteRegistry(None, min_documents=3)
    assert reg.profile("example.com") is None
    infos = [reg.record("example.com", *spun_doc(n), applied=False) for n in range(3)]
    assert [i.documents for i in infos] == [1, 2, 3]
    assert [i.pairs for i in infos] == [0, 0, 1]  # reported only once the profile is in use
    again = reg.record("EXAMPLE.com", *spun_doc(0), applied=True)
    assert again.documents == 3 and not again.learned and again.applied
    profile = reg.profile("example.com")
    assert profile is not None and profile.pairs[0][:2] == ("parking heap", "parking lot")


def test_registry_refuses_a_site_beyond_its_limit() -> None:
    reg = SiteRegistry(None, max_sites=2)
    reg.record("a.com", *spun_doc(1), applied=False)
    reg.profile("b.com")
    with pytest.raises(SiteError) as e:
        reg.profile("c.com")
    assert e.value.code == "too_many_sites"
    assert reg.forget("a.com") and not reg.forget("a.com")
    assert reg.profile("c.com") is None  # room again


def test_registry_persists_sites_and_merges_what_two_processes_learned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sites_module, "SAVE_EVERY", 2)
    one, two = SiteRegistry(tmp_path, min_documents=1), SiteRegistry(tmp_path, min_documents=1)
    one.record("example.com", *spun_doc(1), applied=False)
    assert not (tmp_path / "example.com.json").exists()  # not yet SAVE_EVERY documents
    one.record("example.com", *spun_doc(2), applied=False)
    assert (tmp_path / "example.com.json").exists()
    two.record("example.com", *spun_doc(3), applied=False)  # loads the file, then adds its own
    two.record("example.com", *spun_doc(4), applied=False)
    one.record("example.com", *spun_doc(5), applied=False)
    one.save_all()
    fresh = SiteRegistry(tmp_path)
    d = fresh.describe("example.com", pairs=True)
    assert d is not None and d["documents"] == 5
    assert d["profile"][0]["count"] == 5
    # a text one process counted is known to the other once saved
    assert not fresh.record("example.com", *spun_doc(3), applied=False).learned
    assert fresh.names() == ["example.com"]
    assert not list(tmp_path.glob("*.tmp"))


def test_sites_beyond_memory_are_saved_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sites_module, "SITES_IN_MEMORY", 2)
    reg = SiteRegistry(tmp_path)
    for name in ("a.com", "b.com", "c.com"):
        reg.record(name, *spun_doc(1), applied=False)
    assert sorted(reg._sites) == ["b.com", "c.com"]  # a.com, least recently used, went to disk
    assert (tmp_path / "a.com.json").exists()
    assert reg.record("a.com", *spun_doc(2), applied=False).documents == 2
    assert reg.names() == ["a.com", "b.com", "c.com"]


def test_without_a_folder_only_what_memory_holds_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sites_module, "SITES_IN_MEMORY", 2)
    reg = SiteRegistry(None, max_sites=1000)
    reg.profile("a.com")
    reg.profile("b.com")
    with pytest.raises(SiteError, match="UNSPIN_SITES_DIR"):
        reg.profile("c.com")


def test_a_sites_word_counts_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.learn

    monkeypatch.setattr(app.learn, "MAX_WORD_TYPES", 50)
    ev = SiteEvidence()

    def letters(k: int) -> str:  # a distinct letters-only word for each k
        return "".join(chr(97 + (k // 26**j) % 26) for j in range(4))

    for n in range(30):
        text = " ".join(letters(10 * n + i) for i in range(10)) + " common common"
        ev.add_repair(text, Repair(text, text, (), 0.0))
    assert ev.documents == 30 and 0 < len(ev.words) <= 50
    assert ev.words["common"] == 60  # frequent words keep their exact counts
    merged = SiteEvidence()  # and so when another process's evidence is added (``SiteRegistry._save``)
    merged.add(ev)
    merged.add(ev)
    assert merged.documents == 60 and 0 < len(merged.words) <= 50 and merged.words["common"] == 120


def test_an_unreadable_site_file_starts_that_site_afresh(tmp_path: Path) -> None:
    (tmp_path / "example.com.json").write_text("{not json", encoding="utf-8")
    reg = SiteRegistry(tmp_path)
    info = reg.record("example.com", *spun_doc(1), applied=False)
    assert info.documents == 1 and info.learned
    reg.save_all()
    assert json.loads((tmp_path / "example.com.json").read_text(encoding="utf-8"))["documents"] == 1


# --- the engine ------------------------------------------------------------------------------------------


def test_repair_applies_a_sites_learned_pairs() -> None:
    text = "Later the crowd walked to the parking heap."
    assert not unspin.repair(text).edits
    site = SiteProfile("example.com", (("parking heap", "parking lot", -0.1),), tuple(WEIGHTS.items()), 10)
    r = unspin.repair(text, RepairOptions(site=site))
    assert [(e.original, e.replacement, e.source) for e in r.edits] == [
        ("parking heap", "parking lot", "profile")
    ]
    assert r.text == "Later the crowd walked to the parking lot."


# --- the API ---------------------------------------------------------------------------------------------


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(sites_dir=tmp_path / "sites", site_min_documents=2, max_sites=3, api_keys="")
    with TestClient(create_app(settings)) as c:
        yield c


def post(c: TestClient, path: str, body: dict[str, Any]) -> Any:
    return c.post(path, json=body)


TEACH = {"extra_phrases": [["parking heap", "parking lot"]], "site": "Example.com"}


def test_a_site_learns_from_its_documents_and_repairs_later_ones_with_what_it_learned(
    client: TestClient,
) -> None:
    for n in range(2):
        r = post(
            client, "/v1/repair", {"text": f"Story {n}: we shopped at the parking heap.", "options": TEACH}
        )
        assert r.status_code == 200, r.text
        site = r.json()["site"]
        assert (site["name"], site["documents"], site["applied"], site["learned"]) == (
            "example.com",
            n + 1,
            False,
            True,
        )
        assert (site["pairs"] > 0) == (n > 0)  # the profile is in use from the second document on
    # no extra phrases now: the edit comes from the site's profile
    r = post(
        client, "/v1/repair", {"text": "Then we left the parking heap.", "options": {"site": "example.com"}}
    )
    body = r.json()
    assert [(e["original"], e["replacement"], e["source"]) for e in body["edits"]] == [
        ("parking heap", "parking lot", "profile")
    ]
    assert body["site"]["applied"] and body["site"]["learned"] and body["site"]["documents"] == 3
    # the same text again is not counted again; learn=false is not counted at all
    again = post(
        client, "/v1/repair", {"text": "Then we left the parking heap.", "options": {"site": "example.com"}}
    )
    assert again.json()["site"]["learned"] is False and again.json()["site"]["documents"] == 3
    quiet = {"site": "example.com", "learn": False}
    r = post(client, "/v1/repair", {"text": "A new story by the parking heap.", "options": quiet})
    assert r.json()["site"]["learned"] is False and r.json()["site"]["documents"] == 3
    # without a site nothing is applied and no site field is answered
    plain = post(client, "/v1/repair", {"text": "Then we left the parking heap."}).json()
    assert plain["edits"] == [] and "site" not in plain
    # detection uses the site's profile too
    spans = post(client, "/v1/detect", {"text": "Then we left the parking heap.", "options": quiet}).json()[
        "spans"
    ]
    assert any("parking lot" in s["candidates"] for s in spans)


def test_sites_routes_list_show_and_forget(client: TestClient) -> None:
    assert client.get("/v1/sites").json() == {"sites": []}
    for n in range(2):
        post(client, "/v1/repair", {"text": f"Story {n} at the parking heap.", "options": TEACH})
    listed = client.get("/v1/sites").json()["sites"]
    assert [(s["name"], s["documents"], s["active"]) for s in listed] == [("example.com", 2, True)]
    detail = client.get("/v1/sites/EXAMPLE.com").json()
    assert detail["profile"][0] == {
        "spun": "parking heap",
        "original": "parking lot",
        "count": 2,
        "documents": 2,
    }
    assert set(detail["spinner_sources"]) == {"wn", "moby", "mythes", "phrases"}
    assert client.get("/v1/sites/other.org").status_code == 404
    assert client.delete("/v1/sites/example.com").status_code == 204
    assert client.delete("/v1/sites/example.com").json()["error"]["code"] == "unknown_site"
    assert client.get("/v1/sites").json() == {"sites": []}


def test_bad_site_options_are_clear_errors(client: TestClient) -> None:
    r = post(client, "/v1/repair", {"text": "Hello there.", "options": {"site": "../etc/passwd"}})
    assert r.status_code == 422 and "site" in r.json()["error"]["message"]
    r = post(client, "/v1/repair", {"text": "Hello there.", "options": {"learn": True}})  # no site: no effect
    assert r.status_code == 200 and "site" not in r.json()
    for name in ("a.com", "b.com", "c.com"):
        assert post(client, "/v1/repair", {"text": "Hello.", "options": {"site": name}}).status_code == 200
    r = post(client, "/v1/repair", {"text": "Hello.", "options": {"site": "d.com"}})
    assert r.status_code == 409 and r.json()["error"]["code"] == "too_many_sites"
    # in a batch, only the document that names one site too many fails
    batch = {"documents": [{"id": 1, "text": "Hi.", "options": {"site": "a.com"}}, {"id": 2, "text": "Hi."}]}
    batch["options"] = {"site": "e.com"}
    items = post(client, "/v1/repair/batch", batch).json()["results"]
    assert items[0]["ok"] and items[0]["result"]["site"]["name"] == "a.com"
    assert not items[1]["ok"] and items[1]["error"]["code"] == "too_many_sites"


def test_a_batch_teaches_its_later_documents_and_sites_survive_a_restart(tmp_path: Path) -> None:
    settings = Settings(sites_dir=tmp_path, site_min_documents=2, api_keys="")
    docs = [{"id": n, "text": f"Story {n} at the parking heap."} for n in range(2)]
    docs.append({"id": 9, "text": "And back to the parking heap.", "options": {"extra_phrases": []}})
    with TestClient(create_app(settings)) as c:
        items = post(c, "/v1/repair/batch", {"documents": docs, "options": TEACH}).json()["results"]
        assert [i["result"]["site"]["applied"] for i in items] == [False, False, True]
    with TestClient(create_app(settings)) as c:  # a new service over the same folder
        assert c.get("/v1/sites/example.com").json()["documents"] == 3


def test_a_sites_profile_downloads_as_a_file_the_command_line_applies_alike(
    client: TestClient, tmp_path: Path
) -> None:
    for n in range(3):
        post(client, "/v1/repair", {"text": f"Story {n} at the parking heap.", "options": TEACH})
    r = client.get("/v1/sites/example.com/profile")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/tab-separated-values")
    assert 'filename="example.com.tsv"' in r.headers["content-disposition"]
    path = tmp_path / "example.com.tsv"
    path.write_text(r.text, encoding="utf-8")
    text = "They parked at the parking heap near the hall."
    served = post(client, "/v1/repair", {"text": text, "options": {"site": "example.com", "learn": False}})
    local = unspin.repair(text, RepairOptions(profile=str(path)))
    assert local.text == served.json()["text"] == "They parked at the parking lot near the hall."
    assert [(e.start, e.end, e.confidence) for e in local.edits] == [
        (e["start"], e["end"], e["confidence"]) for e in served.json()["edits"]
    ]
    assert client.get("/v1/sites/nowhere.org/profile").json()["error"]["code"] == "unknown_site"


def test_reading_a_site_never_starts_one_and_empty_texts_teach_nothing() -> None:
    """Detection and ``learn: false`` read a known site's profile but never start a site (they once took a
    quota slot each), and a text without words is not counted as one of the site's documents."""
    import app

    reg = SiteRegistry(None, max_sites=2, min_documents=1)
    assert reg.profile("probe.example", create=False) is None and reg.names() == []
    text = "The officers stated the vice chairman got here."
    reg.record("news.example", text, app.repair(text), applied=False)
    assert reg.names() == ["news.example"]
    info = reg.record("news.example", "...", app.repair("..."), applied=False)
    assert not info.learned and info.documents == 1
