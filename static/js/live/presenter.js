// Projector view: re-render the server fragment after every state change; live counts in place.
import { connectLive, fragmentRefresher, startCountdown } from "./connection.js";

const root = document.getElementById("live-view");
const refresh = fragmentRefresher(root);
let current = null;

const setText = (selector, value) => {
  for (const el of document.querySelectorAll(selector)) el.textContent = String(value);
};

connectLive({
  code: root.dataset.code,
  role: "presenter",
  onState: (state) => {
    current = { ...state, received_at: Date.now() };
    refresh();
  },
  on: {
    count: (data) => {
      setText("[data-live-votes]", data.votes);
      setText("[data-live-participants]", data.participants);
    },
    arguments: () => refresh(),
  },
});
startCountdown(root, () => current);
