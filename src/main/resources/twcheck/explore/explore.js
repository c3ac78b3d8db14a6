// twcheck explore: the page. The whole path ("line") and how far along it we are ("at") live in
// the page's address (?step=…&step=…&at=N), so a reload or a shared link shows the same state;
// every state is asked of the server, which walks the model.
"use strict";

let line = [];   // action tokens of the path, possibly past the current state
let at = 0;      // how many of them are taken
let model = null;
let shown = null; // the last state shown
let renders = 0;

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function query(steps, extra) {
  const q = new URLSearchParams();
  for (const s of steps) q.append("step", s);
  for (const [k, v] of Object.entries(extra || {})) q.append(k, v);
  return q.toString();
}

async function getJson(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function showError(message) {
  $("error").hidden = !message;
  $("error").textContent = message || "";
}

function readAddress() {
  const q = new URLSearchParams(location.search);
  const steps = q.getAll("step");
  if (steps.length === 0 && !q.has("at")) return false;
  line = steps;
  const n = q.has("at") ? Number(q.get("at")) : steps.length;
  at = Number.isInteger(n) && n >= 0 && n <= steps.length ? n : steps.length;
  return true;
}

function writeAddress(push) {
  const extra = at === line.length ? {} : {at: String(at)};
  const url = "/?" + query(line, extra);
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
}

async function go(newLine, newAt, push = true) {
  line = newLine;
  at = newAt;
  writeAddress(push);
  await render();
}

async function render() {
  const path = line.slice(0, at);
  let view;
  try {
    view = await getJson("/api/state?" + query(path));
  } catch (e) {
    showError(e.message);
    return;
  }
  showError("");
  shown = view;
  $("position").textContent = "after step " + at + " of " + line.length + " (tick " + view.tick + ")";
  $("download").href = "/api/trace?" + query(path);
  $("back").disabled = at === 0;
  $("restart").disabled = at === 0;
  $("forward").disabled = at >= line.length;
  $("end").disabled = at >= line.length;
  drawStatus(view);
  drawState(view.state);
  drawProperties(view);
  drawActions(view);
  drawPath(view);
  drawChart(view.chart);
  document.body.dataset.ready = String(++renders); // tests wait for this to change
}

function drawStatus(view) {
  const s = $("status");
  s.replaceChildren();
  const violated = view.properties.filter((p) => !p.witness && p.here).map((p) => p.name);
  const reached = view.properties.filter((p) => p.witness && p.here).map((p) => p.name);
  if (violated.length) s.append(el("div", {class: "violated", id: "violations"}, "violates " + violated.join(", ")));
  if (reached.length) s.append(el("div", {class: "reached"}, "reaches " + reached.join(", ")));
  if (view.deadlock) s.append(el("div", {class: "deadlock"}, "deadlock: nothing can happen, and this is not an intended end"));
  if (view.end) s.append(el("div", {}, "an intended end: nothing more can happen"));
}

function drawState(state) {
  const box = $("state");
  box.replaceChildren();
  const scalars = el("table", {});
  for (const [name, value] of Object.entries(state)) {
    if (Array.isArray(value)) box.append(listCard(name, value));
    else if (value !== null && typeof value === "object") box.append(objectCard(name, value));
    else scalars.append(el("tr", {}, el("th", {}, name), el("td", {}, String(value))));
  }
  if (scalars.childElementCount) box.append(el("div", {class: "card"}, el("h3", {}, "other"), scalars));
}

function objectCard(name, object) {
  const table = el("table", {});
  for (const [k, v] of Object.entries(object)) {
    table.append(el("tr", {}, el("th", {}, k), el("td", {}, typeof v === "object" ? JSON.stringify(v) : String(v))));
  }
  return el("div", {class: "card", "data-field": name}, el("h3", {}, name), table);
}

function listCard(name, list) {
  const card = el("div", {class: "card", "data-field": name}, el("h3", {}, name + " (" + list.length + ")"));
  if (list.length && list.every((x) => x !== null && typeof x === "object" && !Array.isArray(x))) {
    const keys = [...new Set(list.flatMap((x) => Object.keys(x)))];
    const table = el("table", {}, el("tr", {}, ...keys.map((k) => el("th", {}, k))));
    for (const x of list) table.append(el("tr", {}, ...keys.map((k) => el("td", {}, k in x ? String(x[k]) : ""))));
    card.append(table);
  } else {
    card.append(el("div", {}, list.length ? list.map((x) => JSON.stringify(x)).join(", ") : "empty"));
  }
  return card;
}

function drawProperties(view) {
  const list = $("properties");
  list.replaceChildren();
  for (const p of view.properties) {
    const li = el("li", {"data-property": p.name}, el("b", {}, p.name), " (" + (p.witness ? "witness" : p.kind) + "): ");
    li.title = p.definition;
    if (p.steps !== undefined) {
      const word = p.witness ? "reached" : "violated";
      if (p.here) li.append(el("span", {class: p.witness ? "reached" : "violated"}, word + " here"));
      else if (p.steps.length) li.append(el("span", {}, word + " at step " + p.steps.join(", ")));
      else li.append(el("span", {}, "not " + word + " on this path"));
    } else {
      const parts = [];
      if (p.premise !== undefined) parts.push("premise (" + p.premiseName + ") " + (p.premise ? "holds" : "does not hold"));
      if (p.goal !== undefined) parts.push("goal (" + p.goalName + ") " + (p.goal ? "holds" : "does not hold"));
      parts.push(p.note);
      li.append(el("span", {}, parts.join("; ")));
    }
    if (p.searchable) {
      li.append(searchButton(p.name, "here", "shortest counterexample from here"),
        searchButton(p.name, "initial", "from the initial state"));
    }
    list.append(li);
  }
}

function searchButton(property, from, text) {
  const b = el("button", {"data-search": property, "data-from": from}, text);
  b.addEventListener("click", () => search(property, from));
  return b;
}

async function search(property, from) {
  const box = $("search-result");
  box.hidden = false;
  box.textContent = "searching for a counterexample of " + property + " " + (from === "here" ? "from here" : "from the initial state") + "…";
  try {
    const r = await getJson("/api/search?" + query(line.slice(0, at), {property, from}));
    box.textContent = r.summary + " (" + r.states + " states, " + r.seconds.toFixed(2) + " s)";
    if (r.verdict === "violated") await go(r.path, r.path.length);
  } catch (e) {
    box.textContent = e.message;
  }
}

function drawActions(view) {
  const box = $("actions");
  box.replaceChildren();
  if (!view.enabled.length) box.append(el("div", {}, "none"));
  const groups = new Map();
  for (const a of view.enabled) {
    if (!groups.has(a.group)) groups.set(a.group, []);
    groups.get(a.group).push(a);
  }
  for (const [name, actions] of groups) {
    const group = el("div", {class: "group"}, el("h3", {}, name));
    for (const a of actions) group.append(actionButton(a));
    box.append(group);
  }
}

function actionButton(a) {
  const b = el("button", {class: "action" + (line[at] === a.token ? " next" : ""), "data-token": a.token},
    el("span", {class: "token"}, a.token));
  for (const v of a.violates) b.append(el("span", {class: "flag violated"}, "violates " + v));
  for (const w of a.reaches) b.append(el("span", {class: "flag reached"}, "reaches " + w));
  const changes = el("div", {class: "changes"});
  changes.textContent = a.changes.length ? a.changes.map(describeChange).join("; ") : "no change to the state";
  b.append(changes);
  b.addEventListener("click", () => choose(a.token));
  return b;
}

function describeChange(c) {
  if (c.before !== undefined) return c.field + ": " + c.before + " → " + c.after;
  const parts = [];
  for (const x of c.removed || []) parts.push("−" + x);
  for (const x of c.added || []) parts.push("+" + x);
  return c.field + ": " + parts.join(", ");
}

function choose(token) {
  if (line[at] === token) return go(line, at + 1);
  return go(line.slice(0, at).concat([token]), at + 1);
}

function drawPath(view) {
  const list = $("path");
  list.replaceChildren();
  const item = (index, text, flags) => {
    const li = el("li", {"data-index": String(index)}, text);
    if (index === at) li.classList.add("current");
    if (index > at) li.classList.add("ahead");
    for (const f of flags) li.append(f);
    li.addEventListener("click", () => go(line, index));
    return li;
  };
  list.append(item(0, "initial", []));
  line.forEach((token, i) => {
    const step = i < at ? view.path[i] : null;
    const flags = [];
    if (step) {
      for (const v of step.violates) flags.push(el("span", {class: "flag violated"}, "violates " + v));
      for (const w of step.reaches) flags.push(el("span", {class: "flag reached"}, "reaches " + w));
    }
    list.append(item(i + 1, token, flags));
  });
}

function drawChart(chart) {
  const box = $("chart");
  if (chart.svg) box.innerHTML = chart.svg; // drawn by twcheck, every text in it escaped
  else box.replaceChildren(el("pre", {}, chart.text || chart.error || ""));
}

async function upload(file) {
  try {
    const response = await fetch("/api/trace", {method: "POST", body: await file.text()});
    const body = await response.json();
    if (!response.ok) throw new Error(file.name + ": " + body.error);
    await go(body.path, 0);
  } catch (e) {
    showError(e.message);
  }
}

async function start() {
  try {
    model = await getJson("/api/model");
  } catch (e) {
    showError(e.message);
    return;
  }
  $("model-name").textContent = model.name;
  $("model-headline").textContent = model.headline + " — " + model.details.join("; ");
  document.title = "twcheck explore: " + model.name;
  $("restart").addEventListener("click", () => go(line, 0));
  $("back").addEventListener("click", () => at > 0 && go(line, at - 1));
  $("forward").addEventListener("click", () => at < line.length && go(line, at + 1));
  $("end").addEventListener("click", () => go(line, line.length));
  $("upload").addEventListener("change", (e) => e.target.files.length && upload(e.target.files[0]));
  window.addEventListener("popstate", () => {
    if (!readAddress()) { line = []; at = 0; }
    render();
  });
  if (!readAddress()) {
    line = model.startPath;
    at = 0;
    writeAddress(false);
  }
  await render();
}

start();
