// Projector view: re-render the server fragment after every state change; live counts in place.
import { connectLive, fragmentRefresher, startCountdown } from "./connection.js";

const root = document.getElementById("live-view");
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
// A fragment may have been rendered before the newest count arrived: re-apply it.
const refresh = fragmentRefresher(root, applyCount);

connectLive({
  code: root.dataset.code,
  role: "presenter",
  onState: (state) => {
    current = { ...state, received_at: Date.now() };
    refresh();
  },
  on: {
    count: (data) => {
      lastCount = data;
      setText("[data-live-votes]", data.votes);
      setText("[data-live-participants]", data.participants);
    },
    arguments: () => refresh(),
  },
});
startCountdown(root, () => current);
