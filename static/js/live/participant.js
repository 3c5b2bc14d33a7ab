// Participant view (phone first): renders the state, sends votes and arguments over the socket.
// "Je stem is ontvangen" appears only after the server acknowledged the committed vote.
import { connectLive, countdownText, startCountdown } from "./connection.js";

const root = document.getElementById("live-view");
const t = document.getElementById("live-texts").dataset;
// In a non-Dutch interface the (Dutch) course content is marked lang="nl" (WCAG 3.1.2).
const contentLang = root.dataset.contentLang || null;
const myVotes = {}; // round key -> option id, from acknowledgements and the join state
let current = null;
let voteStatus = { round: null, text: "", cls: "" };

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "html") node.innerHTML = value; // server-sanitised Markdown only
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
};
const fill = (template, values) =>
  Object.entries(values).reduce((s, [k, v]) => s.replace(`{${k}}`, String(v)), template);

const currentRound = (state) => (state.rounds.length ? state.rounds[state.rounds.length - 1] : null);

function phaseLine(state) {
  let text = t[`phase${state.phase.charAt(0).toUpperCase()}${state.phase.slice(1)}`] || state.phase;
  if (state.item >= 0 && !["summary", "ended"].includes(state.phase)) {
    text += " · " + fill(t.item, { n: state.item + 1, total: state.items_total });
  }
  return el("p", { className: "live-phase", text });
}

function roundTitle(rnd) {
  return rnd.number === 0 ? t.firstRound : fill(t.roundN, { n: rnd.number + 1 });
}

function resultsTable(rnd, options) {
  const body = el("tbody");
  for (const r of rnd.results) {
    const option = options.find((o) => o.id === r.option);
    const bar = el("span", { className: "live-bar", "aria-hidden": "true" },
      el("span", { className: `live-bar-fill pct-${r.percent}` }));
    const share = el("td", {}, bar, document.createTextNode(` ${r.percent}%`));
    body.append(el("tr", {}, el("th", { scope: "row", text: option ? option.label : r.option }),
      el("td", { text: String(r.count) }), share));
  }
  const caption = el("caption", { text: `${roundTitle(rnd)} ` },
    el("span", { className: "live-total", text: `(${fill(t.votesN, { n: rnd.total })})` }));
  const head = el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t.colOption }),
    el("th", { scope: "col", text: t.colVotes }), el("th", { scope: "col", text: t.colShare })));
  return el("table", { className: "live-results" }, caption, head, body);
}

function roundsSideBySide(rounds, options) {
  const revealed = rounds.filter((r) => r.results);
  if (!revealed.length) return null;
  const box = el("div", { className: "live-rounds" });
  for (const rnd of revealed) {
    box.append(el("div", { className: "live-round" }, resultsTable(rnd, options)));
  }
  return box;
}

function shownArguments(state) {
  if (!state.shown || !state.shown.length) return null;
  const list = el("ul");
  for (const a of state.shown) list.append(el("li", { text: a.text }));
  return el("section", { className: "live-arguments", "aria-labelledby": "shown-arguments-heading" },
    el("h3", { id: "shown-arguments-heading", text: t.arguments }), list);
}

function dilemmaText(d) {
  const parts = [el("h2", { className: "live-dilemma-title", text: d.title, lang: contentLang }),
    el("div", { className: "live-situation", html: d.situation_html, lang: contentLang })];
  for (const v of d.variations_played) {
    parts.push(el("div", { className: "live-variation" },
      el("p", { className: "live-variation-label", text: t.whatIf }),
      el("div", { html: v.text_html, lang: contentLang })));
  }
  parts.push(el("p", { className: "live-question", text: d.question, lang: contentLang }));
  return parts;
}

function voteForm(state, rnd) {
  const mine = rnd ? myVotes[rnd.key] : null;
  const group = el("div", { className: "live-options", role: "group", "aria-label": t.choose });
  for (const o of state.dilemma.options) {
    group.append(el("button", { type: "submit", name: "option", value: o.id, className: "live-option",
      "aria-pressed": mine === o.id ? "true" : "false" }, el("strong", { text: o.label, lang: contentLang }),
    el("span", { text: o.text, lang: contentLang })));
  }
  const form = el("form", { method: "post", action: root.dataset.voteUrl, className: "live-vote-form",
    "data-live-vote": true },
    el("input", { type: "hidden", name: "csrf_token", value: root.dataset.csrf }),
    el("input", { type: "hidden", name: "round", value: rnd ? rnd.key : "" }), group);
  let text = mine ? t.received : t.chooseStatus;
  let cls = mine ? "is-ok" : "";
  if (rnd && voteStatus.round === rnd.key && voteStatus.text) ({ text, cls } = voteStatus);
  const status = el("p", { className: `live-vote-status ${cls}`, "data-live-vote-status": true,
    role: "status", "aria-live": "polite", text });
  return [form, status];
}

function argumentForm() {
  return el("form", { method: "post", action: root.dataset.argumentUrl,
    className: "live-argument-form", "data-live-argument": true },
  el("input", { type: "hidden", name: "csrf_token", value: root.dataset.csrf }),
  el("div", { className: "field" },
    el("label", { for: "argument-text", text: t.argumentLabel }),
    el("textarea", { id: "argument-text", name: "text", maxlength: "280", rows: "3", required: true })),
  el("button", { type: "submit", className: "button", text: t.argumentSend }),
  el("p", { className: "live-argument-status", "data-live-argument-status": true, role: "status",
    "aria-live": "polite" }));
}

function summary(state) {
  const parts = [el("h2", { text: t.thanks })];
  if (state.related_modules && state.related_modules.length) {
    const list = el("ul");
    for (const m of state.related_modules) list.append(el("li", {}, el("a", { href: m.url, text: m.title })));
    parts.push(el("p", { text: t.related }), list);
  }
  for (const item of state.summary || []) {
    const section = el("section", { className: "live-summary-item" }, el("h3", { text: item.title }));
    if (item.rounds.length) {
      const box = el("div", { className: "live-rounds" });
      for (const rnd of item.rounds) box.append(resultsTable(rnd, item.options));
      section.append(box);
    } else {
      section.append(el("p", { text: t.noVotes }));
    }
    parts.push(section);
  }
  return parts;
}

function render(state) {
  // keep a half-written argument across re-renders
  const draft = root.querySelector("#argument-text");
  const draftText = draft ? draft.value : "";
  const hadFocus = document.activeElement && root.contains(document.activeElement)
    ? document.activeElement.getAttribute("value") || document.activeElement.id : null;
  const parts = [phaseLine(state)];
  const rnd = currentRound(state);
  if (state.phase === "lobby") {
    parts.push(el("p", { className: "lead", text: t.lobby }));
    parts.push(el("p", { className: "live-legal-note", text: t.legalNote }));
  } else if (state.phase === "summary" || state.phase === "ended") {
    parts.push(...summary(state));
  } else if (state.dilemma) {
    parts.push(...dilemmaText(state.dilemma));
    if (state.phase === "voting" && state.timer_ends_at) {
      parts.push(el("p", { className: "live-timer", "data-live-timer": true,
        text: countdownText(root.dataset.textTimer, state) }));
    }
    if (state.phase === "voting") parts.push(...voteForm(state, rnd));
    else if (state.phase === "closed") parts.push(el("p", { className: "lead", text: t.closed }));
    else if (state.phase === "situation") parts.push(el("p", { className: "lead", text: t.situation }));
    if (state.phase === "revealed" || state.phase === "discussion") {
      parts.push(roundsSideBySide(state.rounds, state.dilemma.options), shownArguments(state),
        argumentForm());
    }
  }
  root.replaceChildren(...parts.filter(Boolean));
  const textarea = root.querySelector("#argument-text");
  if (textarea && draftText) textarea.value = draftText;
  if (hadFocus) {
    const again = root.querySelector(`[value="${CSS.escape(hadFocus)}"]`) || root.querySelector(`#${CSS.escape(hadFocus)}`);
    if (again) again.focus();
  }
}

const live = connectLive({
  code: root.dataset.code,
  role: "participant",
  onJoined: (ack) => {
    const rnd = currentRound(ack.state);
    if (rnd && ack.state.you) myVotes[rnd.key] = ack.state.you.vote;
  },
  onState: (state) => {
    current = { ...state, received_at: Date.now() };
    render(current);
  },
  on: {
    arguments: (data) => {
      if (!current) return;
      current = { ...current, shown: data.shown };
      render(current);
    },
  },
});

startCountdown(root, () => current);

root.addEventListener("submit", async (event) => {
  const form = event.target;
  if (form.hasAttribute("data-live-vote")) {
    event.preventDefault();
    const option = event.submitter ? event.submitter.value : null;
    const round = form.querySelector("input[name=round]").value || null;
    if (!option) return;
    voteStatus = { round, text: t.sending, cls: "" };
    form.closest("#live-view").querySelector("[data-live-vote-status]").textContent = t.sending;
    const ack = await live.call("vote", { round, option });
    if (ack.ok) {
      myVotes[ack.round] = ack.option;
      voteStatus = { round: ack.round, text: t.received, cls: "is-ok" };
    } else {
      voteStatus = { round, text: ack.error.message, cls: "is-error" };
    }
    if (current) render(current);
  } else if (form.hasAttribute("data-live-argument")) {
    event.preventDefault();
    const textarea = form.querySelector("textarea");
    const status = form.querySelector("[data-live-argument-status]");
    const ack = await live.call("argument", { text: textarea.value });
    if (ack.ok) {
      textarea.value = "";
      status.textContent = t.argumentSent;
      status.className = "live-argument-status is-ok";
    } else {
      status.textContent = ack.error.message;
      status.className = "live-argument-status is-error";
    }
  }
});
