/* unspin web form: repair, review edit by edit, export.
 *
 * Scraped text is hostile: every piece of it reaches the page through textContent or text nodes, never as
 * markup. The API's offsets count Unicode code points (Python str indices) while JS strings count UTF-16
 * units, so every offset is converted through a code-point → UTF-16 map before slicing.
 */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const config = $("config").dataset;
  const maxBytes = Number(config.maxBytes) || 2000000;
  // the diff and feedback with whole texts carry the text and its edited version: twice the limit, and more
  const pairMaxBytes = Number(config.pairMaxBytes) || 2 * maxBytes + 65536;
  // half of a surrogate pair, left when a slice cuts an emoji in two (JSON bodies must not hold one)
  const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

  const state = {
    source: "", // the exact text sent to /v1/repair
    edits: [], // {start, end (UTF-16), original, suggestion, confidence, source, alternatives, status, choice, el}
    current: -1,
    undo: [], // each entry: [{i, status, choice}, ...] restoring one user action
    spinScore: null,
    fileName: null,
    fileText: null, // a file's text as read (CR LF kept), used when the textarea still shows it
    fileBoxed: null, // the same as the text box holds it (LF only): compared on every keystroke, made once
    fileEol: null, // "\r\n" when the opened file ends every line so: kept when its text is edited
    sent: new Map(), // edit index → {key, decisions} already sent as feedback (taken back if it changes)
    textSent: false,
    staleShown: false, // the "text has changed" warning is on screen
  };
  const FEEDBACK_CHUNK = 500; // decisions per /web/feedback request (the server takes at most 2,000)

  /* ---------- offsets ---------- */

  /** map[i] = UTF-16 index of code point i; map[codePointLength] = text.length. */
  function codePointMap(text) {
    const map = [0];
    let u = 0;
    for (const ch of text) {
      u += ch.length;
      map.push(u);
    }
    return map;
  }

  // The engine's estimate of which sources the spinner drew from, as "WordNet 61% · phrase table 19%";
  // near-equal shares mean the text shows too little spin to tell.
  const SOURCE_NAMES = { wn: "WordNet", moby: "Moby", mythes: "MyThes", phrases: "phrase table" };
  function describeSources(sources) {
    const entries = Object.entries(sources || {}).filter(([, w]) => typeof w === "number");
    if (!entries.length) return "–";
    entries.sort((a, b) => b[1] - a[1]);
    if (entries[0][1] - entries[entries.length - 1][1] < 0.1) return "no clear source";
    return entries
      .slice(0, 2)
      .map(([name, w]) => `${SOURCE_NAMES[name] || name} ${Math.round(w * 100)}%`)
      .join(" · ");
  }

  // why an edit was suggested, in words (the API's source ids are for programs)
  const WHY = {
    "phrase-dictionary": "a phrase spinners are known to write",
    thesaurus: "a synonym a spinner's thesaurus gives for the original",
    contraction: "a mangled contraction",
    ocr: "OCR garble or broken characters",
    spintax: "a spintax group the spinner left unexpanded",
    feedback: "what editors taught",
    profile: "what was learned of this site's spinner",
  };

  /** Turn the API's edits into UTF-16 slices of `text`, checking each against the input. */
  function convertEdits(text, apiEdits) {
    const map = codePointMap(text);
    const n = map.length - 1;
    const edits = apiEdits
      .map((e) => {
        if (!Number.isInteger(e.start) || !Number.isInteger(e.end) || e.start < 0 || e.end < e.start || e.end > n) {
          throw new Error("the service returned an edit outside the text");
        }
        const start = map[e.start];
        const end = map[e.end];
        if (text.slice(start, end) !== e.original) {
          throw new Error("an edit does not match the text at its offsets");
        }
        return {
          start,
          end,
          original: String(e.original),
          suggestion: String(e.replacement),
          confidence: Number(e.confidence) || 0,
          source: String(e.source || ""),
          alternatives: Array.isArray(e.alternatives) ? e.alternatives : [],
          status: "pending",
          choice: String(e.replacement),
          el: null,
        };
      })
      .sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < edits.length; i++) {
      if (edits[i].start < edits[i - 1].end) throw new Error("the service returned overlapping edits");
    }
    return edits;
  }

  /* ---------- the final text ---------- */

  function effective(e, pendingMode) {
    if (e.status === "accepted") return e.choice;
    if (e.status === "rejected") return e.original;
    return pendingMode === "keep" ? e.original : e.suggestion;
  }

  function buildFinal() {
    const mode = $("pending-mode").value;
    const parts = [];
    let pos = 0;
    for (const e of state.edits) {
      parts.push(state.source.slice(pos, e.start), effective(e, mode));
      pos = e.end;
    }
    parts.push(state.source.slice(pos));
    return parts.join("");
  }

  /* ---------- rendering (text nodes and textContent only) ---------- */

  function shade(c) {
    if (c >= 0.85) return "c4";
    if (c >= 0.7) return "c3";
    if (c >= 0.5) return "c2";
    return "c1";
  }

  /** A replacement or original as a label: an edit that deletes a space (OCR's "world ,") or a mark has an
   *  empty or blank side, which would show as nothing at all. */
  function shown(s) {
    if (s === "") return "(nothing)";
    return s.trim() === "" ? "(space)" : s;
  }

  function pct(c) {
    if (c > 0 && c < 0.01) return "<1%";
    return Math.round(c * 100) + "%";
  }

  function updateMark(i) {
    const e = state.edits[i];
    const m = e.el;
    m.textContent = effective(e, $("pending-mode").value); // what the export will hold
    m.className = "edit " + (e.status === "pending" ? shade(e.confidence) : e.status) + (i === state.current ? " current" : "");
    m.setAttribute(
      "aria-label",
      `Edit ${i + 1} of ${state.edits.length}: “${shown(e.original)}” → “${shown(e.status === "pending" ? e.suggestion : effective(e, "apply"))}”, ` +
        `confidence ${pct(e.confidence)}, ${e.status}`
    );
  }

  function renderDoc() {
    const out = $("output");
    const frag = document.createDocumentFragment();
    let pos = 0;
    state.edits.forEach((e, i) => {
      if (e.start > pos) frag.append(document.createTextNode(state.source.slice(pos, e.start)));
      const m = document.createElement("mark");
      m.dataset.i = String(i);
      m.tabIndex = -1;
      m.setAttribute("role", "button");
      e.el = m;
      updateMark(i);
      frag.append(m);
      pos = e.end;
    });
    frag.append(document.createTextNode(state.source.slice(pos)));
    out.replaceChildren(frag);
    out.tabIndex = state.edits.length ? -1 : 0;
  }

  function options(e) {
    // The suggestion first, then the engine's ranked alternatives, without repeats.
    const seen = new Set();
    const list = [];
    for (const a of [{ replacement: e.suggestion, score: e.confidence, source: e.source }, ...e.alternatives]) {
      const r = String(a.replacement);
      if (seen.has(r)) continue;
      seen.add(r);
      list.push({ replacement: r, score: Number(a.score) || 0, source: String(a.source || "") });
    }
    return list;
  }

  function updateInspector() {
    const has = state.edits.length > 0;
    $("insp-empty").hidden = has;
    $("insp-body").hidden = !has;
    if (!has) {
      $("insp-pos").textContent = "–";
      return;
    }
    const i = state.current < 0 ? 0 : state.current;
    const e = state.edits[i];
    $("insp-pos").textContent = `${i + 1} of ${state.edits.length}`;
    $("insp-original").textContent = shown(e.original);
    $("insp-suggested").textContent = shown(e.suggestion);
    $("insp-confidence").textContent = pct(e.confidence);
    $("insp-source").textContent = WHY[e.source] ? `${WHY[e.source]} (${e.source})` : e.source;
    $("insp-status").textContent = e.status === "accepted" && e.choice !== e.suggestion ? `accepted: “${e.choice}”` : e.status;
    const ol = $("insp-alts");
    const items = options(e).map((o, k) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.k = String(k);
      b.textContent = `${shown(o.replacement)} (${pct(o.score)})`;
      if (o.source) b.title = "source: " + o.source;
      b.setAttribute("aria-pressed", String(e.status === "accepted" && e.choice === o.replacement));
      if (k < 9) b.setAttribute("aria-keyshortcuts", String(k + 1));
      li.append(b);
      return li;
    });
    ol.replaceChildren(...items);
    $("insp-custom").value = e.status === "accepted" ? e.choice : "";
  }

  function updateCounts() {
    const c = { pending: 0, accepted: 0, rejected: 0 };
    for (const e of state.edits) c[e.status]++;
    $("count-pending").textContent = String(c.pending);
    $("count-accepted").textContent = String(c.accepted);
    $("count-rejected").textContent = String(c.rejected);
    $("undo").disabled = state.undo.length === 0;
  }

  /* ---------- tooltip: original wording and ranked alternatives on hover/focus ---------- */

  function showTip(i) {
    const e = state.edits[i];
    const tip = $("tooltip");
    const head = document.createElement("div");
    const label = document.createElement("span");
    label.className = "tip-label";
    label.textContent = "Original: ";
    head.append(label, document.createTextNode(shown(e.original)));
    const conf = document.createElement("div");
    conf.textContent = `Confidence ${pct(e.confidence)} · ${e.status}`;
    const ol = document.createElement("ol");
    for (const o of options(e)) {
      const li = document.createElement("li");
      li.textContent = `${shown(o.replacement)} (${pct(o.score)})`;
      ol.append(li);
    }
    tip.replaceChildren(head, conf, ol);
    const r = e.el.getBoundingClientRect();
    tip.hidden = false;
    tip.style.left = Math.max(4, r.left + window.scrollX) + "px";
    tip.style.top = r.bottom + window.scrollY + 6 + "px";
  }

  function hideTip() {
    $("tooltip").hidden = true;
  }

  /* ---------- navigation and decisions ---------- */

  function select(i, focus) {
    if (!state.edits.length) return;
    i = Math.max(0, Math.min(state.edits.length - 1, i));
    const prev = state.current;
    state.current = i;
    if (prev >= 0 && prev < state.edits.length && prev !== i) {
      state.edits[prev].el.tabIndex = -1;
      updateMark(prev);
    }
    const e = state.edits[i];
    e.el.tabIndex = 0;
    updateMark(i);
    updateInspector();
    if (focus) {
      e.el.focus();
      e.el.scrollIntoView({ block: "nearest" });
    }
  }

  function decide(changes) {
    // changes: [{i, status, choice}] applied as one undoable step
    const before = changes.map(({ i }) => ({ i, status: state.edits[i].status, choice: state.edits[i].choice }));
    if (!changes.length) return;
    state.undo.push(before);
    apply(changes);
  }

  function apply(changes) {
    for (const { i, status, choice } of changes) {
      state.edits[i].status = status;
      state.edits[i].choice = choice;
      updateMark(i);
    }
    updateInspector();
    updateCounts();
  }

  function accept(i) {
    const e = state.edits[i];
    decide([{ i, status: "accepted", choice: e.status === "accepted" ? e.choice : e.suggestion }]);
  }

  function reject(i) {
    decide([{ i, status: "rejected", choice: state.edits[i].suggestion }]);
  }

  function pick(i, k) {
    const list = options(state.edits[i]);
    if (k >= 0 && k < list.length) decide([{ i, status: "accepted", choice: list[k].replacement }]);
  }

  function useCustom() {
    if (state.current < 0) return;
    const value = $("insp-custom").value;
    if (!value.trim()) {
      status("Type the wording to use first (or press r to keep the original).", true);
      return;
    }
    decide([{ i: state.current, status: "accepted", choice: value }]);
  }

  /** A number typed in a field, or NaN when the field is empty or not a number (Number("") is 0). */
  function fieldNumber(id) {
    const v = $(id).value.trim();
    return v === "" ? NaN : Number(v);
  }

  function bulkAccept() {
    const t = fieldNumber("bulk-threshold");
    if (!(t >= 0 && t <= 1)) {
      status("The confidence threshold must be between 0 and 1.", true);
      return;
    }
    const changes = [];
    state.edits.forEach((e, i) => {
      if (e.status === "pending" && e.confidence >= t) changes.push({ i, status: "accepted", choice: e.suggestion });
    });
    decide(changes);
    status(`Accepted ${changes.length} edit${changes.length === 1 ? "" : "s"} with confidence ≥ ${pct(t)}.`);
  }

  function undo() {
    const step = state.undo.pop();
    if (!step) return;
    apply(step);
    select(step[0].i, true);
  }

  function current() {
    return state.current < 0 ? 0 : state.current;
  }

  /* ---------- service calls ---------- */

  function authHeaders() {
    const key = $("api-key");
    if (!key || !key.value) return {};
    if (!/^[\x21-\x7e]+$/.test(key.value)) {
      throw new Error("the API key may only hold printable ASCII characters, without spaces");
    }
    return { Authorization: "Bearer " + key.value };
  }

  /** "example.com: profile of 113 swaps from 57 articles" (or why none was applied yet). */
  function describeSite(site) {
    const learned = `${site.documents} article${site.documents === 1 ? "" : "s"}`;
    if (!site.applied) return `${site.name}: learning (${learned} so far)`;
    return `${site.name}: profile of ${site.pairs} swap${site.pairs === 1 ? "" : "s"} from ${learned}`;
  }

  async function postJSON(url, body, limit = maxBytes) {
    const payload = JSON.stringify(body);
    if (new Blob([payload]).size > limit) throw new Error(`the text is too large (limit ${limit} bytes)`);
    const headers = { "Content-Type": "application/json", ...authHeaders() };
    let res;
    try {
      res = await fetch(url, { method: "POST", headers, body: payload });
    } catch (_) {
      throw new Error("the service cannot be reached (is it running, and is the network up?)");
    }
    let data = null;
    try {
      data = await res.json();
    } catch (_) {
      data = null;
    }
    const error = data && typeof data === "object" && data.error ? data.error : null;
    if (!res.ok) {
      let msg = error && error.message ? String(error.message) : `HTTP ${res.status} ${res.statusText}`.trim() + ", not from unspin itself (a proxy in between?)";
      if (res.status === 504) msg += ". Try a shorter text, or repair it in parts.";
      throw new Error(msg);
    }
    if (!data || typeof data !== "object") throw new Error("the answer was not the service's JSON (a proxy in between?)");
    return data;
  }

  function status(msg, isError) {
    const s = $("status");
    s.textContent = msg;
    s.classList.toggle("error", Boolean(isError));
  }

  /** The text to repair: the opened file's exact characters while the box shows them; once edited, the box's
   * text with the file's CR LF line ends put back (a text box holds LF only). */
  function inputText() {
    const v = $("source").value;
    if (state.fileText !== null && v === state.fileBoxed) return state.fileText;
    if (state.fileEol === "\r\n") return v.replace(/\r?\n/g, "\r\n");
    return v;
  }

  /** Whether an edited text is still the opened file (fixed here and there, so it keeps the file's name, its
   * CR LF line ends and, if the editing is undone, its exact bytes) rather than another text pasted over it:
   * an edit in one place leaves the file's beginning or its end as they were. */
  function sameDocument(text, file) {
    const n = Math.min(40, file.length);
    return text.slice(0, n) === file.slice(0, n) || (n > 0 && text.slice(-n) === file.slice(-n));
  }

  /** The review belongs to another text than the one in the box (typed in, a file opened, changed during the
   * repair). Computed, not remembered: a change undone by hand makes the review valid again. */
  function isStale() {
    return !$("review").hidden && inputText() !== state.source;
  }

  function noteStale() {
    const stale = isStale();
    if (stale && !state.staleShown) {
      status("The text has changed since it was repaired: press Repair again to review the new text.", true);
    } else if (!stale && state.staleShown) {
      status("The text is back to what was repaired: the review below applies again.");
    }
    state.staleShown = stale;
  }

  /** Decisions on the same text repaired again (another threshold, Repair pressed twice) are kept for the
   * same edits, with what was already sent as feedback; returns how many were carried over. */
  function carryDecisions(old, oldSent, edits) {
    const byKey = new Map(old.map((e, i) => [`${e.start}:${e.end}:${e.original}`, i]));
    const sent = new Map();
    let carried = 0;
    edits.forEach((e, i) => {
      const j = byKey.get(`${e.start}:${e.end}:${e.original}`);
      if (j === undefined) return;
      if (oldSent.has(j)) sent.set(i, oldSent.get(j)); // sent before, even if since undone: still to take back
      if (old[j].status === "pending") return;
      e.status = old[j].status;
      e.choice = old[j].choice;
      carried++;
    });
    state.sent = sent;
    return carried;
  }

  async function repair() {
    const text = inputText();
    if (!text.trim()) {
      status("Paste some text or open a .txt file first.", true);
      $("source").focus();
      return;
    }
    const minConf = fieldNumber("opt-min");
    if (!(minConf >= 0 && minConf <= 1)) {
      status("The confidence must be between 0 and 1.", true);
      return;
    }
    const btn = $("repair");
    btn.disabled = true;
    // decisions on the text repaired before are still the editor's judgements: keep them as lessons
    let saved = true;
    if (state.sent.size || state.edits.some((e) => e.status !== "pending")) saved = await sendFeedback(buildFinal());
    status("Repairing…");
    try {
      const options = { min_confidence: minConf, spin: $("opt-spin").checked, ocr: $("opt-ocr").checked };
      if ($("opt-learned").checked) Object.assign(options, await lessons());
      const site = $("opt-site").value.trim();
      if (site) options.site = site;
      const data = await postJSON("/v1/repair", { text, options });
      const sameText = text === state.source;
      const old = sameText ? state.edits : [];
      const oldSent = sameText ? state.sent : new Map();
      state.edits = convertEdits(text, data.edits || []);
      const carried = carryDecisions(old, oldSent, state.edits);
      state.source = text;
      state.spinScore = typeof data.spin_score === "number" ? data.spin_score : null;
      state.undo = [];
      if (!sameText) state.textSent = false;
      state.current = -1;
      renderDoc();
      $("spin-score").textContent = state.spinScore === null ? "–" : state.spinScore.toFixed(2);
      $("spin-verdict").textContent =
        data.english === false
          ? "(not English: left as it is)"
          : typeof data.spun === "boolean" ? (data.spun ? "(looks spun)" : "(looks unspun)") : "";
      $("spin-sources").textContent = describeSources(data.spinner_sources);
      $("site-stat").hidden = !data.site;
      $("site-info").textContent = data.site ? describeSite(data.site) : "–";
      $("review").hidden = false;
      updateCounts();
      if (state.edits.length) {
        select(0, false);
      } else {
        updateInspector();
      }
      const n = state.edits.length;
      const none = data.english === false ? "This text does not look like English: unspin leaves it as it is." : "No edits suggested.";
      let msg = n ? `${n} edit${n === 1 ? "" : "s"} suggested. Review them below (j/k to move, a/r to decide).` : none;
      if (carried) msg += ` ${carried} of your decisions on this text were kept.`;
      if (!saved) msg += " Your earlier decisions could not be saved as lessons.";
      state.staleShown = isStale(); // typed into while it was being repaired
      if (state.staleShown) msg = "The text was changed while it was being repaired: press Repair again to review it.";
      status(msg, state.staleShown);
      $("output").focus({ preventScroll: true });
      if (n) state.edits[0].el.focus();
    } catch (err) {
      status("Repair failed: " + err.message, true);
    } finally {
      btn.disabled = false;
    }
  }

  /** Swaps editors accepted (extra_phrases) or rejected (blocked), as /v1/repair options; {} if unavailable. */
  async function lessons() {
    try {
      const res = await fetch("/web/feedback/options", { headers: authHeaders() });
      if (!res.ok) return {};
      const data = await res.json();
      const out = {};
      if (Array.isArray(data.extra_phrases) && data.extra_phrases.length) out.extra_phrases = data.extra_phrases;
      if (Array.isArray(data.blocked) && data.blocked.length) out.blocked = data.blocked;
      return out;
    } catch (_) {
      return {};
    }
  }

  function contextWords(i) {
    const e = state.edits[i];
    const before = state.source.slice(Math.max(0, e.start - 80), e.start).replace(LONE_SURROGATE, "");
    const after = state.source.slice(e.end, e.end + 80).replace(LONE_SURROGATE, "");
    const left = before.split(/\s+/).filter(Boolean).slice(-3);
    const right = after.split(/\s+/).filter(Boolean).slice(0, 3);
    return { left: left.join(" "), right: right.join(" ") };
  }

  /** Send each decision once (and again only if it changed): accepted and rejected swaps teach repair.
   * In requests of at most FEEDBACK_CHUNK decisions; a request that fails leaves its decisions unsent.
   * False when a request failed (the status line says why). */
  async function sendFeedback(finalText) {
    if (!$("learn").checked) return true;
    const entries = []; // [edit index, what is now sent for it ({key, decisions}, or null), decisions]
    state.edits.forEach((e, i) => {
      const key = e.status === "pending" ? null : e.status + "\u0000" + e.choice;
      const before = state.sent.get(i);
      if ((before ? before.key : null) === key) return;
      const ctx = contextWords(i);
      const mine = [];
      if (e.status === "accepted") {
        mine.push({ original: e.original, replacement: e.choice, accepted: true, ...ctx });
        if (e.choice !== e.suggestion) mine.push({ original: e.original, replacement: e.suggestion, accepted: false, ...ctx });
      } else if (e.status === "rejected") {
        mine.push({ original: e.original, replacement: e.suggestion, accepted: false, ...ctx });
      }
      // a decision changed (or undone) after it was sent: take the old one back first
      const retracted = before ? before.decisions.map((d) => ({ ...d, retract: true })) : [];
      entries.push([i, key === null ? null : { key, decisions: mine }, [...retracted, ...mine]]);
    });
    let withText = config.storeText === "true" && !state.textSent;
    if (!entries.length && !withText) return true;
    do {
      const batch = [];
      let size = 0;
      while (entries.length && size + entries[0][2].length <= FEEDBACK_CHUNK) {
        size += entries[0][2].length;
        batch.push(entries.shift());
      }
      const body = { decisions: batch.flatMap(([, , d]) => d) };
      if (withText) {
        body.text = state.source;
        body.final = finalText;
      }
      // Marked as sent before the request, so a second export in quick succession cannot count them twice.
      const previous = batch.map(([i]) => [i, state.sent.get(i)]);
      for (const [i, now] of batch) {
        if (now === null) state.sent.delete(i);
        else state.sent.set(i, now);
      }
      if (withText) state.textSent = true;
      try {
        await postJSON("/web/feedback", body, pairMaxBytes);
      } catch (err) {
        for (const [i, was] of previous) {
          if (was === undefined) state.sent.delete(i);
          else state.sent.set(i, was);
        }
        if (withText) state.textSent = false;
        status("Could not save your decisions: " + err.message, true);
        return false;
      }
      withText = false;
    } while (entries.length);
    return true;
  }

  /** Exporting is refused once the text was edited after its repair: the review belongs to the old text. */
  function staleExport() {
    if (!isStale()) return false;
    status("The text has changed since it was repaired: press Repair again before exporting.", true);
    return true;
  }

  /* ---------- export ---------- */

  function baseName() {
    return (state.fileName && state.fileName.replace(/\.[^.]*$/, "")) || "unspin";
  }

  function download(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  }

  async function downloadText() {
    if (staleExport()) return;
    const text = buildFinal();
    download(baseName() + ".fixed.txt", text);
    status("Downloaded the corrected text.");
    await sendFeedback(text);
  }

  async function downloadDiff() {
    if (staleExport()) return;
    const text = buildFinal();
    try {
      const body = { before: state.source, after: text, name: state.fileName || "text" };
      const data = await postJSON("/web/diff", body, pairMaxBytes);
      download(baseName() + ".diff", data.diff);
      status("Downloaded the diff.");
    } catch (err) {
      status("Diff failed: " + err.message, true);
      return;
    }
    await sendFeedback(text);
  }

  async function copyText() {
    if (staleExport()) return;
    const text = buildFinal();
    try {
      await navigator.clipboard.writeText(text);
    } catch (_) {
      const ta = document.createElement("textarea");
      ta.value = text;
      document.body.append(ta);
      ta.select();
      const copied = document.execCommand("copy");
      ta.remove();
      if (!copied) {
        status("The browser did not allow copying: use Download text instead.", true);
        return;
      }
    }
    status("Copied the corrected text to the clipboard.");
    await sendFeedback(text);
  }

  /* ---------- wiring ---------- */

  function onFile() {
    const f = $("file").files[0];
    if (!f) return;
    if (f.size > maxBytes) {
      status(`${f.name} is too large (limit ${maxBytes} bytes).`, true);
      return;
    }
    // the file's exact characters: a byte-order mark kept, and text that is not UTF-8 refused rather than
    // silently turned into U+FFFD and downloaded that way
    f.arrayBuffer().then(
      (buf) => {
        let t;
        try {
          t = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(buf);
        } catch (_) {
          status(`${f.name} is not UTF-8 text; save it as UTF-8 first.`, true);
          return;
        }
        state.fileName = f.name;
        state.fileText = t;
        state.fileBoxed = t.replace(/\r\n?/g, "\n");
        state.fileEol = /\r\n/.test(t) && !/\r(?!\n)|(?<!\r)\n/.test(t) ? "\r\n" : null;
        $("source").value = t;
        state.staleShown = isStale(); // a review of another text is still on screen: exports are refused
        const again = state.staleShown ? " The review below is of the previous text." : "";
        status(`Loaded ${f.name}. Press Repair.${again}`, state.staleShown);
      },
      () => status(`Could not read ${f.name}.`, true)
    );
    $("file").value = ""; // choosing the same file again reloads it
  }

  function editIndexOf(node) {
    const m = node instanceof Element ? node.closest("mark.edit") : null;
    return m && m.dataset.i !== undefined ? Number(m.dataset.i) : -1;
  }

  function onKey(ev) {
    if ($("review").hidden || !state.edits.length) return;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t instanceof HTMLElement && (t.matches("input, textarea, select") || t.isContentEditable)) {
      if (t.id === "insp-custom" && ev.key === "Escape") select(current(), true);
      return;
    }
    // single keys act on the review only from the text, the inspector or nowhere in particular: on Repair or
    // Download an "a" must not accept an edit out of sight
    if (t instanceof Element && t !== document.body && !t.closest("#output, #inspector")) return;
    const i = current();
    let handled = true;
    const key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key; // Caps Lock or Shift: the same keys
    switch (key) {
      case "j":
      case "n":
        select(i + 1, true);
        break;
      case "k":
      case "p":
        select(i - 1, true);
        break;
      case "a":
        accept(i);
        select(i + 1, true);
        break;
      case "r":
        reject(i);
        select(i + 1, true);
        break;
      case "u":
        undo();
        break;
      case "e":
        $("insp-custom").focus();
        break;
      case "Escape":
        hideTip();
        break;
      case "Enter":
      case " ":
        if (editIndexOf(t) < 0) {
          handled = false;
        } else {
          select(i, false); // an edit is a button: pressing it opens it in the inspector
          $("insp-accept").focus();
        }
        break;
      default:
        if (/^[1-9]$/.test(key)) {
          pick(i, Number(key) - 1);
          state.edits[i].el.focus();
        } else {
          handled = false;
        }
    }
    if (handled) ev.preventDefault();
  }

  function init() {
    $("repair").addEventListener("click", repair);
    $("file").addEventListener("change", onFile);
    $("bulk-accept").addEventListener("click", bulkAccept);
    $("undo").addEventListener("click", undo);
    $("insp-accept").addEventListener("click", () => accept(current()));
    $("insp-reject").addEventListener("click", () => reject(current()));
    $("insp-custom-apply").addEventListener("click", useCustom);
    $("insp-custom").addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        ev.preventDefault();
        useCustom();
        select(current(), true);
      }
    });
    $("insp-alts").addEventListener("click", (ev) => {
      const b = ev.target instanceof Element ? ev.target.closest("button[data-k]") : null;
      if (!b) return;
      const k = b.dataset.k;
      pick(current(), Number(k));
      const again = $("insp-alts").querySelector(`button[data-k="${k}"]`); // the list was rebuilt
      if (again) again.focus();
    });
    $("source").addEventListener("input", () => {
      if (state.fileText !== null && !sameDocument($("source").value, state.fileBoxed)) {
        state.fileName = null; // another text pasted over the file's: its name and line ends no longer apply
        state.fileText = null;
        state.fileBoxed = null;
        state.fileEol = null;
      }
      noteStale();
    });
    $("pending-mode").addEventListener("change", () => state.edits.forEach((_, i) => updateMark(i)));
    $("download-text").addEventListener("click", downloadText);
    $("download-diff").addEventListener("click", downloadDiff);
    $("copy").addEventListener("click", copyText);
    const out = $("output");
    out.addEventListener("click", (ev) => {
      const i = editIndexOf(ev.target);
      if (i >= 0) select(i, true);
    });
    out.addEventListener("focusin", (ev) => {
      const i = editIndexOf(ev.target);
      if (i >= 0) {
        if (i !== state.current) select(i, false);
        showTip(i);
      }
    });
    out.addEventListener("focusout", hideTip);
    out.addEventListener("mouseover", (ev) => {
      const i = editIndexOf(ev.target);
      if (i >= 0) showTip(i);
    });
    out.addEventListener("mouseout", (ev) => {
      // a tap on a touch screen focuses the edit and then sends a mouseout: the tip stays while it has focus
      if (editIndexOf(ev.target) >= 0 && ev.target !== document.activeElement) hideTip();
    });
    document.addEventListener("keydown", onKey);
    const snapshot = () =>
      state.edits.map((e) => ({
        start: e.start,
        end: e.end,
        original: e.original,
        suggestion: e.suggestion,
        confidence: e.confidence,
        status: e.status,
        choice: e.choice,
        options: options(e).map((o) => o.replacement),
      }));
    window.unspinForm = { codePointMap, convertEdits, buildFinal, snapshot }; // for tests and the console
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
