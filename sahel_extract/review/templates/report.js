// sahel-extract report: filtering, sorting, the event panel with highlights, review marks.
// Text from the records and articles enters the page only through textContent and attribute
// values, never as markup; nothing here opens a connection.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("report-data").textContent);
  const EVENTS = DATA.events;
  const DOCS = DATA.docs;
  const CHANGE = DATA.diff_kinds;
  const STORE = "sahel-extract-report:" + DATA.report_key;
  const $ = (id) => document.getElementById(id);
  const tbody = document.querySelector("#events tbody");
  const PAGE = 100;  // rows drawn at a time: a 10,000-row table would take seconds to lay out
  const DOTS = DATA.dots;  // [event index, x, y, radius, placed only to a region (1/0)]
  const dotOf = new Map(DOTS.map((d) => [d[0], d]));

  // --- small DOM helpers ---------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v; else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // --- marks ---------------------------------------------------------------------------------
  let marks = {};
  try { marks = JSON.parse(localStorage.getItem(STORE) || "{}") || {}; } catch (e) { marks = {}; }
  function saveMarks() {
    try { localStorage.setItem(STORE, JSON.stringify(marks)); } catch (e) { /* private mode: keep in memory */ }
    refreshReviewCells();
    reviewStatus();
  }
  function markedCount() { return Object.keys(marks).filter((k) => !k.startsWith("missed:")).length; }
  function markOf(i) { return marks[EVENTS[i].doc + ":" + EVENTS[i].id]; }
  function setMark(i, mark) {
    const key = EVENTS[i].doc + ":" + EVENTS[i].id;
    if (mark === null) delete marks[key]; else marks[key] = mark;
    saveMarks();
  }
  function reviewCell(cell, i) {
    const m = markOf(i);
    cell.textContent = m ? m.status : "";
    cell.className = "review-cell" + (m ? " " + m.status : "");
  }
  function refreshReviewCells() {
    for (const [i, tr] of rows) reviewCell(tr.querySelector(".review-cell"), i);
    $("marked-count").textContent = String(markedCount());
  }

  // --- table rows, built when first shown ----------------------------------------------------
  const rows = new Map();
  const HAS_CHANGES = Boolean(document.querySelector('#events th[data-sort="change"]'));
  function row(i) {
    let tr = rows.get(i);
    if (tr) return tr;
    const e = EVENTS[i];
    const actors = el("td");
    for (const a of e.actors) actors.append(el("span", { class: "actor " + a.role, title: a.role + " · " + a.type }, a.name), " ");
    const flags = el("td");
    for (const f of e.flags) flags.append(el("span", { class: "flag" }, f), " ");
    tr = el("tr", { "data-i": i, tabindex: 0, class: i === selected ? "selected" : null },
      el("td", { class: "num" }, i + 1),
      el("td", { class: "nowrap" }, e.date || "–", e.precision && e.precision !== "day" ? el("small", {}, " (" + e.precision + ")") : null),
      el("td", {}, e.type, el("br"), el("small", {}, e.sub)),
      el("td", {}, e.place || "–"),
      el("td", {}, e.admin1 || "–"),
      el("td", {}, e.country || e.cc || "–"),
      actors,
      el("td", { class: "num" }, e.fatalities === null ? "–" : e.fatalities),
      flags,
      el("td", { class: "num" }, e.confidence.toFixed(2)),
      // "unchanged" is the rule, not news: only changes are written in the row
      HAS_CHANGES ? el("td", {}, el("span", { class: "change " + (CHANGE[i] || "") }, CHANGE[i] === "unchanged" ? "" : CHANGE[i] || "")) : null,
      el("td", { class: "review-cell" }));
    reviewCell(tr.lastChild, i);
    rows.set(i, tr);
    return tr;
  }
  let order = EVENTS.map((e) => e.i);
  let matching = order;
  let drawn = 0;
  function draw(count) {
    // the first `count` matching rows, in the current order
    const frag = document.createDocumentFragment();
    for (const i of matching.slice(0, count)) frag.append(row(i));
    tbody.replaceChildren(frag);
    drawn = Math.min(count, matching.length);
    const more = $("more");
    more.hidden = drawn >= matching.length;
    more.textContent = "Show " + Math.min(PAGE, matching.length - drawn) + " more of " + (matching.length - drawn) + " not shown";
  }
  $("more").addEventListener("click", () => draw(drawn + PAGE));
  // scrolling to the end of the table draws the next rows
  new IntersectionObserver((seen) => { if (seen.some((x) => x.isIntersecting) && drawn < matching.length) draw(drawn + PAGE); },
                           { root: $("table-wrap"), rootMargin: "200px" }).observe($("more"));

  // --- filtering -----------------------------------------------------------------------------
  const haystacks = EVENTS.map((e) => {
    const doc = DOCS[e.doc];
    const parts = [e.place, e.admin1, e.admin2, e.country, e.type, e.sub, e.date, e.date_text, doc.id, doc.title,
                   ...e.actors.map((a) => a.name + " " + (a.full || "")), ...e.flags];
    for (const [start, end, sentence] of e.evidence) parts.push(sentence !== null ? sentence : (doc.text || "").slice(start, end));
    return parts.filter(Boolean).join(" \u0001 ").toLowerCase();
  });
  function span(e) {
    // first and last day an event's date can mean, as ISO strings, for date-range filters
    if (!e.date) return null;
    if (e.date.length === 4) return [e.date + "-01-01", e.date + "-12-31"];
    if (e.date.length === 7) {
      const last = new Date(Date.UTC(Number(e.date.slice(0, 4)), Number(e.date.slice(5, 7)), 0)).getUTCDate();
      return [e.date + "-01", e.date + "-" + String(last).padStart(2, "0")];
    }
    return [e.date, e.date];
  }
  function current() {
    const v = (id) => ($(id) ? $(id).value : "");
    return {
      text: v("f-text").trim().toLowerCase(), country: v("f-country"), admin1: v("f-admin1"), type: v("f-type"),
      actor: v("f-actor"), flag: v("f-flag"), from: v("f-from"), to: v("f-to"),
      conf: Number(v("f-conf") || 0), review: v("f-review"), change: v("f-change"),
    };
  }
  function keep(e, f) {
    if (f.country && (e.country || e.cc) !== f.country) return false;
    if (f.admin1 && e.admin1 !== f.admin1) return false;
    if (f.type && e.type !== f.type) return false;
    if (f.actor && !e.actors.some((a) => a.name === f.actor)) return false;
    if (f.flag && !e.flags.includes(f.flag)) return false;
    if (f.from || f.to) {
      const s = span(e);
      if (!s) return false;
      // an event is in a range when all the days its date can mean are: "2024" is not in July
      if (f.from && s[0] < f.from) return false;
      if (f.to && s[1] > f.to) return false;
    }
    if (e.confidence < f.conf) return false;
    if (f.review) {
      const m = markOf(e.i);
      if (f.review === "unmarked" ? m : (!m || m.status !== f.review)) return false;
    }
    if (f.change && (CHANGE[e.i] || "") !== f.change) return false;
    if (f.text) {
      for (const word of f.text.split(/\s+/)) if (!haystacks[e.i].includes(word)) return false;
    }
    return true;
  }
  function drawDots(kept) {
    const solid = [], vague = [];
    for (const [i, x, y, r, v] of DOTS) {
      if (!kept[i]) continue;
      (v ? vague : solid).push("M" + (x - r) + "," + y + "a" + r + "," + r + " 0 1,0 " + 2 * r + ",0a" + r + "," + r + " 0 1,0 " + -2 * r + ",0");
    }
    $("dots").setAttribute("d", solid.join(""));
    $("dots-vague").setAttribute("d", vague.join(""));
  }
  let keptNow = new Uint8Array(EVENTS.length).fill(1);
  function applyFilters() {
    const f = current();
    const kept = new Uint8Array(EVENTS.length);
    for (const e of EVENTS) kept[e.i] = keep(e, f) ? 1 : 0;
    matching = order.filter((i) => kept[i]);
    keptNow = kept;
    drawDots(kept);
    // keep the selected event drawn when it still matches
    const at = selected === null ? -1 : matching.indexOf(selected);
    draw(Math.max(PAGE, at + 1));
    $("shown").textContent = matching.length + " of " + EVENTS.length + " events";
    $("shown").dataset.shown = String(matching.length);
  }
  let pending = 0;
  function schedule() {
    if (pending) cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => { pending = 0; applyFilters(); });
  }
  const form = $("filters");
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", (ev) => ev.preventDefault());
  form.addEventListener("reset", () => setTimeout(applyFilters, 0));
  for (const bar of document.querySelectorAll(".chart .bar")) {
    bar.addEventListener("click", () => { $("f-from").value = bar.dataset.from; $("f-to").value = bar.dataset.to; applyFilters(); });
  }

  // --- sorting -------------------------------------------------------------------------------
  const KEYS = {
    i: (e) => e.i, date: (e) => e.date || "", type: (e) => e.type + " " + e.sub, place: (e) => e.place || "",
    admin1: (e) => e.admin1 || "", country: (e) => e.country || e.cc || "", fatalities: (e) => e.fatalities ?? -1,
    confidence: (e) => e.confidence, change: (e) => CHANGE[e.i] || "", review: (e) => (markOf(e.i) || {}).status || "",
  };
  let sorted = { key: "i", down: false };
  function sortBy(key) {
    sorted = { key, down: sorted.key === key ? !sorted.down : false };
    const get = KEYS[key];
    const keys = EVENTS.map(get);
    order = EVENTS.map((e) => e.i).sort((a, b) => {
      const x = keys[a], y = keys[b];
      const c = x < y ? -1 : x > y ? 1 : a - b;
      return sorted.down ? -c : c;
    });
    const kept = new Set(matching);
    matching = order.filter((i) => kept.has(i));
    draw(Math.max(drawn, PAGE));
    for (const th of document.querySelectorAll("#events th[data-sort]")) {
      th.setAttribute("aria-sort", th.dataset.sort === key ? (sorted.down ? "descending" : "ascending") : "none");
    }
  }
  for (const th of document.querySelectorAll("#events th[data-sort]")) th.addEventListener("click", () => sortBy(th.dataset.sort));

  // --- highlights ----------------------------------------------------------------------------
  // Paint text[from:to) of a document: every span boundary starts a new piece; a piece covered
  // by spans is one <mark> carrying the classes and labels of all of them (spans may nest).
  function painted(text, from, spans) {
    const frag = document.createDocumentFragment();
    const to = from + text.length;
    const inside = spans.filter(([s, e]) => e > from && s < to);
    const cuts = new Set([from, to]);
    for (const [s, e] of inside) { cuts.add(Math.max(s, from)); cuts.add(Math.min(e, to)); }
    const points = [...cuts].sort((a, b) => a - b);
    for (let n = 0; n + 1 < points.length; n++) {
      const a = points[n], b = points[n + 1];
      const piece = text.slice(a - from, b - from);
      const on = inside.filter(([s, e]) => s <= a && e >= b);
      if (!on.length) { frag.append(document.createTextNode(piece)); continue; }
      const kinds = [...new Set(on.map((x) => x[2]))];
      frag.append(el("mark", { class: "hl " + kinds.map((k) => "hl-" + k).join(" "), title: on.map((x) => x[3]).join("\n") }, piece));
    }
    return frag;
  }

  // --- the event panel -----------------------------------------------------------------------
  const detail = $("detail");
  let selected = null;
  function field(label, value) {
    return value === null || value === undefined || value === "" ? null : el("div", { class: "kv" }, el("span", { class: "k" }, label), el("span", { class: "v" }, value));
  }
  function sourceLink(doc) {
    if (doc.url) return el("a", { href: doc.url, target: "_blank", rel: "noopener noreferrer" }, doc.title || doc.url);
    return el("span", {}, doc.title ? doc.title + " — " + doc.source : doc.source);
  }
  function show(i) {
    const e = EVENTS[i];
    const doc = DOCS[e.doc];
    if (selected !== null && rows.get(selected)) rows.get(selected).classList.remove("selected");
    selected = i;
    row(i).classList.add("selected");
    const dot = dotOf.get(i);
    const ring = $("dot-selected");
    ring.setAttribute("cx", dot ? dot[1] : -10);
    ring.setAttribute("cy", dot ? dot[2] : -10);
    ring.setAttribute("r", dot ? dot[3] + 2 : 0);
    const actors = el("div", { class: "v" });
    for (const a of e.actors) actors.append(el("span", { class: "actor " + a.role, title: a.type + (a.full ? " · " + a.full : "") }, a.name + " (" + a.role + ")"), " ");
    const tolls = e.casualties.map((c) => c.kind + " " + (c.low === c.high ? c.count : c.low + "–" + c.high) + (c.victims ? " (" + c.victims + ")" : "")).join("; ");
    const evidence = el("ol", { class: "evidence" });
    for (const [start, end, sentence] of e.evidence) {
      const text = sentence !== null ? sentence : (doc.text || "").slice(start, end);
      evidence.append(el("li", { "data-start": start }, painted(text, start, e.spans)));
    }
    const parts = [
      el("h2", {}, "#" + (i + 1) + " " + e.type, el("small", {}, " · " + e.sub)),
      el("p", { class: "source" }, sourceLink(doc), doc.published ? " · published " + doc.published : null),
      field("date", (e.date || "unresolved") + (e.precision ? " (" + e.precision + ")" : "") + (e.date_text ? " — “" + e.date_text + "”" : "")),
      field("place", [e.place, e.admin2, e.admin1, e.country || e.cc].filter(Boolean).join(", ") + (e.loc_precision ? " · precision " + e.loc_precision : "") + (e.lat !== null ? " · " + e.lat + ", " + e.lon : "")),
      e.actors.length ? el("div", { class: "kv" }, el("span", { class: "k" }, "actors"), actors) : null,
      field("toll", (e.fatalities !== null ? e.fatalities + " killed" : "no toll") + (tolls ? " — " + tolls : "")),
      field("flags", e.flags.join(", ")),
      field("confidence", e.confidence.toFixed(2)),
      field("event id", e.id),
      CHANGE[i] ? field("change", CHANGE[i] + " since the earlier run") : null,
      el("h3", {}, "Evidence"),
      evidence,
    ];
    if (doc.text !== null) {
      const article = el("details", { class: "article" }, el("summary", {}, "Whole article (" + doc.text.length + " characters)"));
      const body = el("div", { class: "article-text" });
      const sentenceSpans = e.evidence.map(([s, t]) => [s, t, "evidence", "evidence sentence"]);
      body.append(painted(doc.text, 0, sentenceSpans.concat(e.spans)));
      article.append(body);
      parts.push(article);
    }
    parts.push(reviewBox(i), missedBox(i));
    detail.replaceChildren(...parts.filter(Boolean));
  }
  tbody.addEventListener("click", (ev) => { const tr = ev.target.closest("tr"); if (tr) show(Number(tr.dataset.i)); });
  tbody.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    const tr = ev.target.closest("tr"); if (tr) show(Number(tr.dataset.i));
  });
  function reveal(i) {
    // bring event i into the table (clearing filters that hide it) and scroll to it
    if (!matching.includes(i)) { form.reset(); applyFilters(); }
    show(i);
    const at = matching.indexOf(i);
    if (at >= drawn) draw(at + 1);
    row(i).scrollIntoView({ block: "nearest" });
  }
  // the dot under the pointer: the nearest shown one within its radius (the last drawn wins)
  const svg = $("map");
  function dotAt(ev) {
    const point = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(svg.getScreenCTM().inverse());
    let best = null, bestDistance = Infinity;
    for (const d of DOTS) {
      if (!keptNow[d[0]]) continue;
      const distance = Math.hypot(d[1] - point.x, d[2] - point.y);
      if (distance <= d[3] + 1.5 && distance <= bestDistance) { best = d; bestDistance = distance; }
    }
    return best;
  }
  svg.addEventListener("click", (ev) => { const d = dotAt(ev); if (d) reveal(d[0]); });
  svg.addEventListener("mousemove", (ev) => {
    const d = dotAt(ev);
    const e = d ? EVENTS[d[0]] : null;
    $("map-tip").textContent = e ? [e.place, e.date || "no date", e.type, e.fatalities !== null ? e.fatalities + " killed" : null].filter(Boolean).join(" · ") : "Map of event locations";
  });

  // --- review controls -----------------------------------------------------------------------
  function gold(e) {
    // the event as a gold event, in the fields `sahel-extract evaluate` reads
    return {
      date: e.date, date_precision: e.precision, event_type: e.type, sub_event_type: e.sub, place: e.place,
      admin1: e.admin1, country: e.cc, latitude: e.lat, longitude: e.lon,
      actors: e.actors.map((a) => a.name), killed: e.fatalities, core: e.core,
    };
  }
  function reviewBox(i) {
    const e = EVENTS[i];
    const m = markOf(i);
    const box = el("fieldset", { class: "review" }, el("legend", {}, "Review"));
    const buttons = el("div", { class: "marks" });
    for (const status of ["correct", "wrong", "corrected"]) {
      const b = el("button", { type: "button", class: "mark " + status + (m && m.status === status ? " on" : ""), "data-mark": status }, status);
      b.addEventListener("click", () => {
        if (status === "corrected") setMark(i, { status, fields: (m && m.fields) || gold(e), note: m ? m.note || "" : "" });
        else setMark(i, { status, note: m ? m.note || "" : "" });
        show(i);
      });
      buttons.append(b);
    }
    if (m) {
      const unmark = el("button", { type: "button", class: "mark none", "data-mark": "none" }, "unmark");
      unmark.addEventListener("click", () => { setMark(i, null); show(i); });
      buttons.append(unmark);
    }
    box.append(buttons);
    if (m && m.status === "corrected") box.append(editor(m.fields, (next) => { m.fields = next; setMark(i, m); }, recordCoords(e)));
    if (m) {
      const note = el("textarea", { class: "note", rows: 2, placeholder: "note (exported with the mark)" });
      note.value = m.note || "";
      note.addEventListener("change", () => { m.note = note.value; setMark(i, m); });
      box.append(el("label", { class: "edit" }, "note", note));
    }
    return box;
  }
  // Fields of a gold event, edited in place; `save` gets the new fields on every change, and
  // `coords(place)` says which coordinates go with a place (the record's own, for its own place).
  function editor(f, save, coords) {
    const grid = el("div", { class: "editor" });
    const inputs = {};
    const add = (name, label, input) => { inputs[name] = input; grid.append(el("label", { class: "edit" }, label, input)); };
    const text = (name, value) => { const x = el("input", { type: "text", name }); x.value = value ?? ""; return x; };
    add("date", "date", text("date", f.date));
    const precision = el("select", { name: "date_precision" });
    for (const p of ["", "day", "week", "month", "year"]) precision.append(el("option", { value: p, selected: (f.date_precision || "") === p }, p || "–"));
    add("date_precision", "date precision", precision);
    const type = el("select", { name: "event_type" });
    for (const t of Object.keys(DATA.types)) type.append(el("option", { value: t, selected: f.event_type === t }, t));
    add("event_type", "type", type);
    const sub = el("select", { name: "sub_event_type" });
    const fillSub = () => {
      sub.replaceChildren();
      for (const s of DATA.types[type.value] || []) sub.append(el("option", { value: s, selected: f.sub_event_type === s }, s));
    };
    fillSub();
    type.addEventListener("change", fillSub);
    add("sub_event_type", "sub-type", sub);
    add("place", "place", text("place", f.place));
    add("admin1", "region (admin1)", text("admin1", f.admin1));
    add("country", "country code", text("country", f.country));
    add("actors", "actors (initiator first, comma-separated)", text("actors", (f.actors || []).join(", ")));
    const killed = el("input", { type: "number", name: "killed", min: 0, step: 1 });
    killed.value = f.killed ?? "";
    add("killed", "killed", killed);
    const core = el("input", { type: "checkbox", name: "core" });
    core.checked = f.core !== false;
    add("core", "core event (not background or aggregate)", core);
    grid.addEventListener("change", () => {
      const place = inputs.place.value.trim() || null;
      const [latitude, longitude] = coords(place);
      const next = {
        date: inputs.date.value.trim() || null, date_precision: inputs.date_precision.value || null,
        event_type: inputs.event_type.value, sub_event_type: inputs.sub_event_type.value, place,
        admin1: inputs.admin1.value.trim() || null, country: inputs.country.value.trim().toUpperCase() || null,
        latitude, longitude,
        actors: inputs.actors.value.split(",").map((s) => s.trim()).filter(Boolean),
        killed: inputs.killed.value === "" ? null : Math.max(0, Math.round(Number(inputs.killed.value))),
        core: inputs.core.checked,
      };
      save(next);
    });
    return grid;
  }
  function recordCoords(e) {
    // the record's coordinates belong to the record's place: a corrected place drops them
    return (place) => (place === e.place ? [e.lat, e.lon] : [null, null]);
  }

  // --- events the extractor missed, added by the reviewer to a document ----------------------
  function missedOf(doc) { return marks["missed:" + doc] || []; }
  function missedBox(i) {
    const e = EVENTS[i];
    const box = el("fieldset", { class: "review missed" }, el("legend", {}, "Events the extractor missed in this article"));
    missedOf(e.doc).forEach((fields, n) => {
      const entry = el("div", { class: "missed-entry", "data-missed": n });
      const remove = el("button", { type: "button", class: "mark none", "data-remove": n }, "remove");
      remove.addEventListener("click", () => {
        const list = missedOf(e.doc).filter((_, k) => k !== n);
        if (list.length) marks["missed:" + e.doc] = list; else delete marks["missed:" + e.doc];
        saveMarks(); show(i);
      });
      entry.append(el("p", {}, "missed event " + (n + 1) + " ", remove),
        editor(fields, (next) => { missedOf(e.doc)[n] = next; saveMarks(); }, () => [null, null]));
      box.append(entry);
    });
    const add = el("button", { type: "button", class: "mark", id: "add-missed" }, "add a missed event");
    add.addEventListener("click", () => {
      const fresh = { date: null, date_precision: "day", event_type: "Battles", sub_event_type: DATA.types.Battles[0],
                      place: null, admin1: null, country: e.cc, latitude: null, longitude: null, actors: [], killed: null, core: true };
      marks["missed:" + e.doc] = missedOf(e.doc).concat([fresh]);
      saveMarks(); show(i);
    });
    box.append(add);
    return box;
  }

  // --- export --------------------------------------------------------------------------------
  function exportLines() {
    const byDoc = new Map();
    for (const e of EVENTS) {
      if (!byDoc.has(e.doc)) byDoc.set(e.doc, []);
      byDoc.get(e.doc).push(e);
    }
    const lines = [];
    let partial = 0;
    for (const [d, events] of byDoc) {
      const ms = events.map((e) => markOf(e.i));
      if (ms.every((m) => !m)) continue;
      if (ms.some((m) => !m)) { partial += 1; continue; }
      const doc = DOCS[d];
      const golds = [];
      events.forEach((e, n) => {
        const m = ms[n];
        if (m.status === "wrong") return;
        const g = m.status === "corrected" ? Object.assign(gold(e), m.fields) : gold(e);
        golds.push(Object.assign({ event_id: e.id, review: m.status }, g, m.note ? { note: m.note } : {}));
      });
      for (const fields of missedOf(d)) golds.push(Object.assign({ review: "missed" }, fields));
      lines.push(JSON.stringify({ doc_id: doc.id, article: doc.source, url: doc.url, published: doc.published,
                                  reviewed_with: "sahel-extract report", events: golds }));
    }
    return { lines, partial };
  }
  function reviewStatus() {
    const { lines, partial } = exportLines();
    const missed = Object.keys(marks).filter((k) => k.startsWith("missed:")).reduce((n, k) => n + marks[k].length, 0);
    $("review-status").textContent = markedCount() + " events marked, " + missed + " missed events added; " + lines.length +
      " documents fully reviewed (exported)" + (partial ? ", " + partial + " partly reviewed (not exported until every event is marked)" : "") + ".";
  }
  $("export").addEventListener("click", () => {
    const { lines } = exportLines();
    const blob = new Blob([lines.map((l) => l + "\n").join("")], { type: "application/x-ndjson" });
    const a = el("a", { href: URL.createObjectURL(blob), download: "review-gold.jsonl" });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });
  $("clear-marks").addEventListener("click", () => {
    if (confirm("Forget every mark of this report?")) { marks = {}; saveMarks(); if (selected !== null) show(selected); }
  });

  // --- tabs ----------------------------------------------------------------------------------
  function tab(name) {
    for (const b of document.querySelectorAll(".tab")) { const on = b.dataset.tab === name; b.classList.toggle("on", on); b.setAttribute("aria-selected", String(on)); }
    for (const p of document.querySelectorAll(".panel")) p.classList.toggle("on", p.id === "tab-" + name);
  }
  for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => tab(b.dataset.tab));
  for (const a of document.querySelectorAll("#changes .goto")) {
    a.addEventListener("click", (ev) => { ev.preventDefault(); tab("events"); reveal(Number(a.dataset.i)); });
  }

  refreshReviewCells();
  reviewStatus();
  applyFilters();
  document.body.dataset.ready = "1";
})();
