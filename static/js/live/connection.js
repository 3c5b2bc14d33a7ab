// Shared Socket.IO connection for the live views: connects to /live, (re)joins on every
// (re)connect, keeps the newest state, and reports the connection status in an aria-live region.
/* global io */

const ACK_TIMEOUT_MS = 10000;

export function connectLive({ code, role, onState, on = {}, onJoined }) {
  const status = document.querySelector("[data-live-status]");
  const texts = status ? status.dataset : {};
  const setStatus = (key, cls) => {
    if (!status) return;
    status.textContent = texts[key] || "";
    status.classList.toggle("is-online", cls === "online");
    status.classList.toggle("is-offline", cls === "offline");
  };
  let version = -1;
  // Reconnect with jitter: when a server process goes away, a whole room reconnects at once;
  // spreading the first attempt over 1-3 s (and later ones up to 10 s) keeps that storm from
  // swamping the process that takes over (docs/deploy.md, fail-over).
  const socket = io("/live", {
    transports: ["websocket", "polling"],
    reconnectionDelay: 2000,
    reconnectionDelayMax: 10000,
    randomizationFactor: 0.5,
  });

  // Homecoming (docs/deploy.md): the process of the first join is this phone's home; after a
  // rolling restart the server asks phones away from home to reconnect, and nginx sends them back.
  let home = null;
  let pending = 0;
  let goingHome = false; // a deliberate reconnect: no "connection lost" for it
  const call = (event, payload) => new Promise((resolve) => {
    pending += 1;
    socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (err, ack) => {
      pending -= 1;
      if (err || !ack) {
        resolve({ ok: false, error: { code: "timeout", message: texts.timeout || "" } });
      } else {
        resolve(ack);
      }
    });
  });

  const handleState = (state) => {
    if (!state || typeof state.version !== "number" || state.version < version) return;
    version = state.version;
    onState(state);
  };

  socket.on("connect", async () => {
    goingHome = false;
    setStatus("connecting");
    const joinPayload = home ? { code, role, home } : { code, role };
    let ack = await call("join", joinPayload);
    // A process that has just taken over a whole room may answer late: ask again, with jitter.
    for (let attempt = 0; attempt < 5 && !ack.ok && ack.error.code === "timeout"
      && socket.connected; attempt += 1) {
      await new Promise((resolve) => { window.setTimeout(resolve, 1000 + Math.random() * 2000); });
      ack = await call("join", joinPayload);
    }
    if (ack.ok) {
      if (!home && ack.process) home = ack.process;
      setStatus("online", "online");
      version = -1; // after a reconnect the server's state is authoritative
      if (onJoined) onJoined(ack);
      handleState(ack.state);
    } else {
      status.textContent = ack.error.message;
      status.classList.add("is-offline");
    }
  });
  socket.on("disconnect", () => { if (!goingHome) setStatus("offline", "offline"); });
  socket.on("connect_error", () => setStatus("offline", "offline"));
  socket.on("state", handleState);
  // reconnect once nothing is waiting for an answer (a vote in flight is acknowledged first)
  const goHome = () => {
    if (pending > 0) { window.setTimeout(goHome, 200); return; }
    goingHome = true;
    socket.disconnect();
    socket.connect();
  };
  socket.on("go_home", goHome);
  for (const [name, handler] of Object.entries(on)) socket.on(name, handler);
  return { socket, call };
}

// The countdown text for a state ("Nog {n} seconden"); the server's clock offset is taken from
// the state, so countdowns agree with the server's timer. Empty when no timer runs.
export function countdownText(template, state) {
  if (!state || !state.timer_ends_at) return "";
  const offset = state.server_now - state.received_at / 1000;
  const now = Date.now() / 1000 + offset;
  const left = Math.max(0, Math.round(state.timer_ends_at - now));
  return (template || "{n}").replace("{n}", String(left));
}

// Keep every [data-live-timer] up to date; often enough that a freshly rendered view shows the
// seconds at once.
export function startCountdown(root, getState) {
  const tick = () => {
    const text = countdownText(root.dataset.textTimer, getState());
    for (const el of document.querySelectorAll("[data-live-timer]")) {
      if (text && el.textContent !== text) el.textContent = text;
    }
  };
  tick();
  window.setInterval(tick, 250);
}

// Fetch a server-rendered fragment for the newest state (presenter and control).
// `afterRender` re-applies live figures (counts) that may be newer than the fetched fragment.
export function fragmentRefresher(root, afterRender = () => {}) {
  let sequence = 0;
  return async () => {
    const mine = ++sequence;
    const response = await fetch(root.dataset.fragmentUrl, { credentials: "same-origin" });
    if (!response.ok || mine !== sequence) return false;
    const html = await response.text();
    if (mine !== sequence) return false;
    const active = document.activeElement;
    const focusKey = active && active.dataset ? active.dataset.command : null;
    // folded sections stay as the trainer left them
    const opened = new Map([...root.querySelectorAll("details[id]")].map((d) => [d.id, d.open]));
    root.innerHTML = html;
    for (const details of root.querySelectorAll("details[id]")) {
      if (opened.has(details.id)) details.open = opened.get(details.id);
    }
    afterRender();
    if (focusKey) {
      const again = root.querySelector(`[data-command="${CSS.escape(focusKey)}"]`);
      const fallback = root.querySelector("[data-focus-after-update]");
      (again || fallback)?.focus();
    }
    return true;
  };
}

/**
 * Live vote counts for the trainer's views (presenter and control): keeps the newest state and
 * count, refreshes the server fragment, and re-applies the count after a refresh (a fragment may
 * have been rendered before the newest count arrived).
 */
export function trainerView(root, { afterRender = () => {} } = {}) {
  let current = null;
  let lastCount = null;
  const setText = (selector, value) => {
    for (const el of document.querySelectorAll(selector)) el.textContent = String(value);
  };
  const currentRoundKey = () =>
    current && current.rounds && current.rounds.length ? current.rounds[current.rounds.length - 1].key : null;
  const applyCount = () => {
    if (!lastCount || lastCount.round !== currentRoundKey()) return;
    setText("[data-live-votes]", lastCount.votes);
    setText("[data-live-participants]", lastCount.participants);
  };
  const refresh = fragmentRefresher(root, () => {
    applyCount();
    afterRender(current);
  });
  return {
    refresh,
    state: () => current,
    setState(state) {
      current = { ...state, received_at: Date.now() };
      // A state carries the figures as of its sending: newer than any count before it (after a
      // reconnect, a count from before the drop must not overwrite them).
      if (typeof state.votes === "number") {
        lastCount = { round: currentRoundKey(), votes: state.votes, participants: state.participants };
      }
      refresh();
    },
    setCount(data) {
      lastCount = data;
      setText("[data-live-votes]", data.votes);
      setText("[data-live-participants]", data.participants);
    },
  };
}
