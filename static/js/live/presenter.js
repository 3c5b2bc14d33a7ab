// Projector view: re-renders the server fragment after every state change, fits it to the screen
// (pages and rotating sets instead of scrolling) and lets the trainer steer from this window with
// keys, a presenter clicker or the discreet on-screen buttons. The server checks every command.
import { connectLive, startCountdown, trainerView } from "./connection.js";
import { createPager, fitScreen } from "./fit.js";

const root = document.getElementById("live-view");
const remote = document.querySelector("[data-remote]");
const toast = document.querySelector("[data-live-error]");
const IDLE_MS = 3500;
const pager = createPager();

function layout() {
  const state = view.state();
  fitScreen(root, state, pager);
  updateRemote(state);
  // for tests and tools: the screen size and state version this layout was made for
  root.dataset.fitted = `${window.innerWidth}x${window.innerHeight}:${screenData().version}`;
}

const view = trainerView(root, {
  afterRender: (state) => {
    if (state) setPending(pendingFrom(state));
    layout();
  },
});
const { refresh } = view;

const live = connectLive({
  code: root.dataset.code,
  role: "presenter",
  onState: (state) => view.setState(state),
  on: {
    count: (data) => view.setCount(data),
    arguments: () => refresh(),
    argument_new: (data) => setPending([...pending, { id: data.id, text: data.text }]),
  },
});
startCountdown(root, view.state);
let resizeTimer = null;
window.addEventListener("resize", () => {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(layout, 100);
});

// --- steering ---------------------------------------------------------------------------------

const NEXT_COMMAND = {
  lobby: "start", situation: "open_vote", voting: "close_vote", closed: "reveal",
  revealed: "discuss", discussion: "next",
};

const screenData = () => (root.querySelector(".live-screen") || { dataset: {} }).dataset;
const commandsNow = () => (screenData().commands || "").split(" ").filter(Boolean);
const phaseNow = () => screenData().phase || "lobby";

function showError(message) {
  if (!toast) return;
  toast.textContent = message || "";
  if (message) window.setTimeout(() => { if (toast.textContent === message) toast.textContent = ""; }, 6000);
}

// A clicker pressed twice must not send the next command twice: while a command is on its way,
// keys are ignored until its answer comes back or the screen has already moved on (the new state
// can arrive before the answer does).
let busyAt = null; // the screen version a command was sent from, while it is on its way
async function command(payload) {
  if (busyAt !== null && busyAt === screenData().version) return;
  if (!commandsNow().includes(payload.name)) return;
  busyAt = screenData().version || "";
  const ack = await live.call("command", payload).finally(() => { busyAt = null; });
  if (ack.ok) {
    showError("");
    view.setState(ack.state);
  } else {
    showError(ack.error.message);
  }
}

const defaultTimer = () => Number(root.dataset.defaultTimer) || null;

function nextStep() {
  if (pager.index < pager.count - 1) {
    pager.index += 1;
    layout();
    return;
  }
  const name = NEXT_COMMAND[phaseNow()];
  if (!name) return;
  command(name === "open_vote" ? { name, timer: defaultTimer() } : { name });
}

function previousStep() {
  if (pager.index > 0) {
    pager.index -= 1;
    layout();
    return;
  }
  command({ name: "previous" });
}

function playVariation() {
  const next = (screenData().variations || "").split(" ").filter(Boolean)[0];
  if (next) command({ name: "variation", variation: next });
}

function timer() {
  const state = view.state();
  const seconds = defaultTimer() || 60;
  if (phaseNow() === "voting") {
    let left = seconds;
    if (state && state.timer_ends_at) {
      const offset = state.server_now - state.received_at / 1000;
      left = Math.round(state.timer_ends_at - (Date.now() / 1000 + offset)) + 30;
    }
    command({ name: "timer", seconds: Math.max(5, Math.min(600, left)) });
  } else {
    command({ name: "open_vote", timer: seconds });
  }
}

// --- moderation from this window (a lone trainer with one laptop) -----------------------------

const moderateOverlay = document.querySelector('[data-overlay="moderate"]');
const pendingCount = document.querySelector("[data-pending-count]");
let pending = []; // [{id, text}] arguments waiting for the trainer

function setPending(list) {
  pending = list;
  pendingCount.textContent = pending.length ? String(pending.length) : "";
  remote.querySelector('[data-key="moderate"]').disabled = pending.length === 0
    && moderateOverlay.hidden;
  if (!moderateOverlay.hidden) renderModeration();
}

function pendingFrom(state) {
  return (state && state.arguments ? state.arguments : [])
    .filter((a) => a.status === "pending").map((a) => ({ id: a.id, text: a.text }));
}

function renderModeration() {
  const list = moderateOverlay.querySelector("[data-moderate-list]");
  const texts = moderateOverlay.dataset;
  list.replaceChildren();
  if (!pending.length) {
    const empty = document.createElement("li");
    empty.textContent = texts.empty;
    list.append(empty);
  }
  for (const argument of pending) {
    const item = document.createElement("li");
    const text = document.createElement("p");
    text.textContent = argument.text;
    const buttons = document.createElement("span");
    for (const action of ["show", "hide"]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `live-remote-button${action === "show" ? " is-primary" : ""}`;
      button.dataset.moderate = action;
      button.dataset.argument = String(argument.id);
      button.textContent = texts[action];
      buttons.append(button);
    }
    item.append(text, buttons);
    list.append(item);
  }
}

moderateOverlay.addEventListener("click", async (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-moderate]") : null;
  event.stopPropagation(); // a click inside the list does not close it
  if (!button) return;
  const id = Number(button.dataset.argument);
  const ack = await live.call("moderate", { argument: id, action: button.dataset.moderate });
  if (!ack.ok) {
    showError(ack.error.message);
    return;
  }
  setPending(pending.filter((a) => a.id !== id));
  const next = moderateOverlay.querySelector("[data-moderate]");
  (next || moderateOverlay).focus();
});

function moderate() {
  renderModeration();
  toggleOverlay("moderate");
}

// --- overlays: QR, blank screen, help ---------------------------------------------------------

let returnFocus = null;
function toggleOverlay(name, force) {
  const overlay = document.querySelector(`[data-overlay="${name}"]`);
  if (!overlay) return;
  const open = force === undefined ? overlay.hidden : force;
  for (const other of document.querySelectorAll("[data-overlay]")) {
    if (other !== overlay) other.hidden = true;
  }
  overlay.hidden = !open;
  document.body.classList.toggle("has-overlay", open);
  if (open && overlay.getAttribute("role") === "dialog") {
    returnFocus = document.activeElement;
    overlay.tabIndex = -1;
    overlay.focus();
  } else if (!open && returnFocus && document.contains(returnFocus)) {
    returnFocus.focus();
  }
}

function closeOverlays() {
  for (const overlay of document.querySelectorAll("[data-overlay]")) overlay.hidden = true;
  document.body.classList.remove("has-overlay");
}

function fullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else if (document.documentElement.requestFullscreen) {
    document.documentElement.requestFullscreen().catch(() => {});
  }
}

const ACTIONS = {
  next: nextStep,
  back: previousStep,
  reveal: () => command({ name: "reveal" }),
  variation: playVariation,
  timer,
  qr: () => toggleOverlay("qr"),
  blank: () => toggleOverlay("blank"),
  help: () => toggleOverlay("help"),
  moderate,
  fullscreen,
};

const KEYS = {
  ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "back", PageUp: "back",
  r: "reveal", v: "variation", a: "moderate", t: "timer", q: "qr", b: "blank", ".": "blank", f: "fullscreen",
  "?": "help",
};

document.addEventListener("keydown", (event) => {
  wake();
  if (event.ctrlKey || event.altKey || event.metaKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]")) return;
  // Space and Enter on a focused button press that button
  if ((event.key === " " || event.key === "Enter") && target instanceof HTMLElement
      && target.closest("button, a")) return;
  if (event.key === "Escape") {
    closeOverlays();
    return;
  }
  const action = KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
  if (!action) return;
  const blank = document.querySelector('[data-overlay="blank"]');
  // on a blank screen any key but B brings the picture back first
  if (blank && !blank.hidden && action !== "blank") {
    closeOverlays();
    event.preventDefault();
    return;
  }
  event.preventDefault();
  ACTIONS[action]();
});

remote.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-key]") : null;
  if (button && !button.disabled) ACTIONS[button.dataset.key]();
});
for (const overlay of document.querySelectorAll("[data-overlay]:not([data-overlay=moderate])")) {
  overlay.addEventListener("click", () => closeOverlays());
}

function updateRemote(state) {
  const phase = phaseNow();
  const commands = commandsNow();
  const nextButton = remote.querySelector('[data-key="next"]');
  const label = remote.querySelector("[data-next-label]");
  const texts = remote.dataset;
  let name = NEXT_COMMAND[phase];
  if (pager.index < pager.count - 1) name = "page";
  else if (name === "next" && screenData().lastItem === "true") name = "summary";
  const available = name === "page" || name === "summary" ? true : commands.includes(name);
  label.textContent = (name && texts[`label${name.charAt(0).toUpperCase()}${name.slice(1)}`])
    || texts.labelNone;
  nextButton.disabled = !name || !available;
  remote.querySelector('[data-key="back"]').disabled = !(pager.index > 0 || commands.includes("previous"));
  remote.querySelector('[data-key="reveal"]').disabled = !commands.includes("reveal");
  remote.querySelector('[data-key="variation"]').disabled = !(commands.includes("variation")
    && (screenData().variations || "").trim());
  remote.querySelector('[data-key="timer"]').disabled = !(commands.includes("timer")
    || commands.includes("open_vote"));
  return state;
}

// --- discreet controls: visible while the mouse moves or a key is pressed ---------------------

let idleTimer = null;
function wake() {
  document.body.classList.remove("is-idle");
  window.clearTimeout(idleTimer);
  idleTimer = window.setTimeout(() => {
    if (!remote.contains(document.activeElement) && !remote.matches(":hover")) {
      document.body.classList.add("is-idle");
    }
  }, IDLE_MS);
}
document.addEventListener("mousemove", wake);
document.addEventListener("pointerdown", wake);
remote.addEventListener("focusin", wake);
remote.addEventListener("focusout", wake);
wake();
layout();
