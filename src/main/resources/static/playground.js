// The playground: calls the service's HTTP API and shows its answers. No build step, no framework; every piece of
// text from an answer goes into the page as text (textContent), never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) {
      node.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child !== undefined && child !== null) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

async function call(method, path, body, headers) {
  const response = await fetch(path, { method, body, headers });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  return { status: response.status, json, text };
}

function errorText(answer) {
  const error = answer.json && answer.json.error;
  return error ? `${answer.status} ${error.code}: ${error.message}` : `HTTP ${answer.status} ${answer.text}`;
}

// the title with the spans the agents matched (NER evidence: start/end in UTF-16 units, as in JavaScript) marked
function highlightedTitle(title, agents) {
  const spans = [];
  const collect = (evidence) => {
    for (const match of (evidence && evidence.matches) || []) {
      if (Number.isInteger(match.start) && Number.isInteger(match.end) && match.end > match.start) {
        spans.push([match.start, match.end, match.brand]);
      }
    }
    for (const step of (evidence && evidence.steps) || []) {
      collect(step.evidence);
    }
  };
  for (const agent of agents || []) {
    collect(agent.evidence);
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const node = el("div", { class: "title" });
  let at = 0;
  for (const [start, end, brand] of spans) {
    if (start < at || end > title.length) {
      continue;
    }
    node.append(title.slice(at, start), el("mark", { title: `matched ${brand}` }, title.slice(start, end)));
    at = end;
  }
  node.append(title.slice(at));
  return node;
}

function percent(confidence) {
  return typeof confidence === "number" ? `${(confidence * 100).toFixed(1)}%` : "";
}

function evidenceSummary(agent) {
  const evidence = agent.evidence || {};
  const cell = el("td");
  if (Array.isArray(evidence.matches) && evidence.matches.length) {
    cell.append(el("div", null, "matched in the title: " + evidence.matches
      .map((m) => `"${m.span}" → ${m.brand} (${m.match_type || m.match_class || "match"})`).join(", ")));
  }
  if (Array.isArray(evidence.neighbours) && evidence.neighbours.length) {
    const list = el("ul", { class: "neighbours" });
    for (const neighbour of evidence.neighbours.slice(0, 5)) {
      list.append(el("li", null, `${neighbour.brand} · ${Number(neighbour.similarity).toFixed(2)} · `
        + neighbour.product_name));
    }
    cell.append(el("div", null, "nearest catalogue products:"), list);
  }
  if (Array.isArray(evidence.steps)) {
    cell.append(el("div", null, "steps: " + evidence.steps.map((s) => `${s.agent} ${s.status}`
      + (s.brand ? ` ${s.brand} ${percent(s.confidence)}` : "")).join(" → ")
      + (evidence.stopped_at ? ` (stopped at ${evidence.stopped_at})` : "")));
  }
  if (agent.message) {
    cell.append(el("div", { class: "error" }, agent.message));
  }
  const details = el("details", null, el("summary", null, "all evidence"),
    el("pre", null, JSON.stringify(evidence, null, 2)));
  cell.append(details);
  return cell;
}

function answerCard(title, answer) {
  const card = el("div", { class: "card answer" });
  if (!answer || answer.error) {
    card.append(el("div", { class: "title" }, title),
      el("div", { class: "error" }, answer && answer.error ? `${answer.error.code}: ${answer.error.message}`
        : "no answer"));
    return card;
  }
  card.append(highlightedTitle(answer.product_name || title, answer.agents));
  const verdict = el("div", null);
  if (answer.brand) {
    verdict.append(el("span", { class: "brand" }, answer.brand),
      el("span", { class: "confidence" }, `confidence ${percent(answer.confidence)}`));
  } else {
    verdict.append(el("span", { class: "brand none" }, "no brand"),
      el("span", { class: "confidence" }, "no candidate reached the service's minimum confidence"));
  }
  verdict.append(el("span", { class: "confidence" },
    `· ${answer.language} · ${answer.method} · ${answer.latency_ms} ms`));
  card.append(verdict);
  if ((answer.candidates || []).length) {
    const table = el("table", { class: "candidates" },
      el("tr", null, el("th", null, "candidate"), el("th", null, "confidence"), el("th", null, "proposed by")));
    for (const candidate of answer.candidates) {
      table.append(el("tr", null, el("td", null, candidate.brand), el("td", null, percent(candidate.confidence)),
        el("td", null, (candidate.agents || []).join(", "))));
    }
    card.append(table);
  }
  const agents = el("table", { class: "agents" }, el("tr", null, el("th", null, "agent"), el("th", null, "status"),
    el("th", null, "brand"), el("th", null, "latency"), el("th", null, "evidence")));
  for (const agent of answer.agents || []) {
    agents.append(el("tr", { "data-agent": agent.agent },
      el("td", null, agent.agent),
      el("td", { class: `status-${agent.status}` }, agent.status),
      el("td", null, agent.brand ? `${agent.brand} ${percent(agent.confidence)}` : ""),
      el("td", null, agent.latency_ms === undefined ? "" : `${agent.latency_ms} ms`),
      evidenceSummary(agent)));
  }
  card.append(agents);
  return card;
}

async function infer(event) {
  event.preventDefault();
  const titles = $("titles").value.split("\n").map((t) => t.trim()).filter((t) => t);
  const results = $("results");
  if (!titles.length) {
    $("status").textContent = "Type a product title first.";
    return;
  }
  const item = (title) => {
    const request = { product_name: title, method: $("method").value, language_hint: $("language").value };
    if ($("category").value.trim()) {
      request.category = $("category").value.trim();
    }
    return request;
  };
  $("status").textContent = `Asking about ${titles.length} title(s)…`;
  $("infer").disabled = true;
  try {
    const single = titles.length === 1;
    const answer = single
      ? await call("POST", "infer", JSON.stringify(item(titles[0])), { "Content-Type": "application/json" })
      : await call("POST", "infer/batch", JSON.stringify({ items: titles.map(item) }),
        { "Content-Type": "application/json" });
    results.replaceChildren();
    if (single && answer.status === 200) {
      results.append(answerCard(titles[0], answer.json));
    } else if (!single && answer.status === 200) {
      answer.json.items.forEach((one, i) => results.append(answerCard(titles[i], one)));
    } else {
      results.append(el("div", { class: "card error" }, errorText(answer)));
    }
    $("status").textContent = answer.status === 200 ? `Answered ${titles.length} title(s).` : "The service refused.";
  } catch (e) {
    $("status").textContent = `The service could not be reached: ${e}`;
  } finally {
    $("infer").disabled = false;
  }
}

async function refreshStats() {
  const stats = $("stats");
  try {
    const answer = await call("GET", "catalog/stats");
    stats.replaceChildren();
    if (answer.status !== 200) {
      stats.append(el("dt", null, "error"), el("dd", null, errorText(answer)));
      return;
    }
    for (const [name, value] of Object.entries(answer.json)) {
      stats.append(el("dt", null, name.replaceAll("_", " ")), el("dd", { "data-stat": name }, value));
    }
  } catch (e) {
    stats.replaceChildren(el("dt", null, "error"), el("dd", null, String(e)));
  }
}

async function upload(event) {
  event.preventDefault();
  const file = $("catalog-file").files[0];
  const report = $("upload-report");
  if (!file) {
    report.textContent = "Choose a CSV file first.";
    return;
  }
  const headers = { "Content-Type": "text/csv" };
  if ($("api-key").value) {
    headers["X-Api-Key"] = $("api-key").value;
  }
  report.textContent = `Loading ${file.name}…`;
  try {
    const answer = await call("POST", "catalog", file, headers);
    report.textContent = answer.status === 200 ? JSON.stringify(answer.json, null, 2) : errorText(answer);
    refreshStats();
  } catch (e) {
    report.textContent = `The service could not be reached: ${e}`;
  }
}

$("infer-form").addEventListener("submit", infer);
$("upload-form").addEventListener("submit", upload);
$("refresh-stats").addEventListener("click", refreshStats);
refreshStats();
