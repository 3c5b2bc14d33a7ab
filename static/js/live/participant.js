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

const votesText = (n) => (n === 1 ? t.voteOne : fill(t.voteMany, { n }));
const optionLabel = (options, id) => {
  const option = options.find((o) => o.id === id);
  return option ? option.label : id;
};
const barValue = (r) => el("span", { className: "live-bar-value" },
  el("strong", { text: `${r.percent}%` }), document.createTextNode(" "),
  el("span", { className: "live-bar-count", text: `(${votesText(r.count)})` }));
const barTrack = (r, n) => el("span", { className: "live-bar-track", "aria-hidden": "true" },
  el("span", { className: `live-bar-fill round-${n} pct-${r.percent}` }));
const mineTag = () => el("span", { className: "live-mine", text: t.yourChoice });

function shift(now, before) {
  const diff = now.percent - before.percent;
  const cls = diff > 0 ? "is-up" : diff < 0 ? "is-down" : "is-same";
  const sign = diff > 0 ? "▲" : diff < 0 ? "▼" : "=";
  return el("span", { className: `live-shift ${cls}` }, el("span", { "aria-hidden": "true", text: sign }),
    document.createTextNode(` ${diff > 0 ? "+" : ""}${diff} ${t.pt}`),
    el("span", { className: "visually-hidden", text: ` ${t.ptLong}` }));
}

// The same charts as the `results_chart` macro in templates/live/_macros.html.
function resultsChart(rounds, options) {
  const revealed = rounds.filter((r) => r.results);
  if (!revealed.length) return null;
  if (revealed.length === 1) {
    const rnd = revealed[0];
    const list = el("ul", { className: "live-bars" });
    for (const r of rnd.results) {
      const mine = myVotes[rnd.key] === r.option;
      list.append(el("li", { className: `live-bar-row${mine ? " is-mine" : ""}` },
        el("span", { className: "live-bar-label", text: `${optionLabel(options, r.option)} ` },
          mine ? mineTag() : null),
        barTrack(r, 0), barValue(r)));
    }
    return el("figure", { className: "live-results live-chart" },
      el("figcaption", { className: "live-chart-caption", text: `${roundTitle(rnd)} ` },
        el("span", { className: "live-total", text: `(${votesText(rnd.total)})` })),
      list);
  }
  const legend = el("ul", { className: "live-legend" });
  revealed.forEach((rnd, n) => legend.append(el("li", {},
    el("span", { className: `live-swatch round-${n}`, "aria-hidden": "true" }),
    document.createTextNode(`${fill(t.roundTag, { n: n + 1 })} = ${roundTitle(rnd)} `),
    el("span", { className: "live-total", text: `(${votesText(rnd.total)})` }))));
  const groups = el("ul", { className: "live-groups" });
  for (const first of revealed[0].results) {
    const bars = el("ul", { className: "live-group-bars" });
    revealed.forEach((rnd, n) => {
      const r = rnd.results.find((x) => x.option === first.option);
      const mine = myVotes[rnd.key] === first.option;
      const before = n ? revealed[n - 1].results.find((x) => x.option === first.option) : null;
      bars.append(el("li", { className: `live-bar-row${mine ? " is-mine" : ""}` },
        el("span", { className: "live-round-tag", text: fill(t.roundTag, { n: n + 1 }) }),
        barTrack(r, n), barValue(r), before ? shift(r, before) : null, mine ? mineTag() : null));
    });
    groups.append(el("li", { className: "live-group" },
      el("span", { className: "live-bar-label", text: optionLabel(options, first.option) }), bars));
  }
  return el("figure", { className: "live-results live-compare" },
    el("figcaption", { className: "live-chart-caption" },
      el("span", { className: "live-legend-title", text: `${t.shiftTitle}:` }), legend),
    groups);
}

function shownArguments(state) {
  if (!state.shown || !state.shown.length) return null;
  const list = el("ul");
  for (const a of state.shown) list.append(el("li", { text: a.text }));
  return el("section", { className: "live-arguments", "aria-labelledby": "shown-arguments-heading" },
    el("h3", { id: "shown-arguments-heading", text: t.arguments }), list);
}

function dilemmaText(d, question = true) {
  const parts = [el("h2", { className: "live-dilemma-title", text: d.title, lang: contentLang }),
    el("div", { className: "live-situation", html: d.situation_html, lang: contentLang })];
  for (const v of d.variations_played) {
    parts.push(el("div", { className: "live-variation" },
      el("p", { className: "live-variation-label", text: t.whatIf }),
      el("div", { html: v.text_html, lang: contentLang })));
  }
  if (question) parts.push(el("p", { className: "live-question", text: d.question, lang: contentLang }));
  return parts;
}

function voteForm(state, rnd) {
  const mine = rnd ? myVotes[rnd.key] : null;
  const group = el("div", { className: "live-options", role: "group", "aria-labelledby": "vote-question" });
  for (const o of state.dilemma.options) {
    group.append(el("button", { type: "submit", name: "option", value: o.id, className: "live-option",
      "aria-pressed": mine === o.id ? "true" : "false" }, el("strong", { text: o.label, lang: contentLang }),
    el("span", { text: o.text, lang: contentLang })));
  }
  const form = el("form", { method: "post", action: root.dataset.voteUrl, className: "live-vote-form",
    "data-live-vote": true },
    el("input", { type: "hidden", name: "csrf_token", value: root.dataset.csrf }),
    el("input", { type: "hidden", name: "round", value: rnd ? rnd.key : "" }),
    el("h2", { className: "live-question", id: "vote-question", tabindex: "-1", text: state.dilemma.question }),
    group);
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
      section.append(resultsChart(item.rounds, item.options));
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
    if (state.phase === "voting") {
      // the phase and the countdown stay in sight while the member scrolls
      const head = el("div", { className: "live-vote-head" }, parts.pop());
      if (state.timer_ends_at) {
        head.append(el("p", { className: "live-timer live-timer-sticky", "data-live-timer": true,
          text: countdownText(root.dataset.textTimer, state) }));
      }
      parts.push(head, ...voteForm(state, rnd));
    }
    if (state.phase === "situation") {
      parts.push(...dilemmaText(state.dilemma), el("p", { className: "lead", text: t.situation }));
    } else {
      // folded away so the vote and the results come first; open on request
      const open = root.querySelector(".live-situation-details");
      parts.push(el("details", { className: "live-situation-details", open: open ? open.open : false },
        el("summary", { text: `${t.readSituation}: ${state.dilemma.title}` }),
        ...dilemmaText(state.dilemma, state.phase !== "voting")));
    }
    if (state.phase === "closed") parts.push(el("p", { className: "lead", text: t.closed }));
    if (state.phase === "revealed" || state.phase === "discussion") {
      parts.push(resultsChart(state.rounds, state.dilemma.options), shownArguments(state),
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

// When a vote opens: focus moves to the question above the buttons, and a polite live region
// says so (screen readers), so nobody has to look for the vote.
const announcer = document.querySelector("[data-live-announce]");
function announceVote(state) {
  const question = root.querySelector("#vote-question");
  if (question) question.focus({ preventScroll: false });
  window.scrollTo(0, 0);
  if (announcer) {
    announcer.textContent = "";
    window.setTimeout(() => { announcer.textContent = fill(t.voteOpen, { question: state.dilemma.question }); }, 100);
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
    const before = current;
    current = { ...state, received_at: Date.now() };
    render(current);
    const rnd = currentRound(current);
    const opened = current.phase === "voting" && (!before || before.phase !== "voting"
      || (currentRound(before) || {}).key !== (rnd || {}).key);
    if (opened) announceVote(current);
    else if (before && (before.phase !== current.phase || before.item !== current.item)
      && document.activeElement !== root.querySelector("#argument-text")) {
      window.scrollTo(0, 0); // a new step starts at the top of the phone
    }
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
