// Control view (also a phone remote): commands and moderation over the socket, with the same
// forms working as plain HTTP posts when JavaScript is unavailable.
import { connectLive, startCountdown, trainerView } from "./connection.js";

const root = document.getElementById("live-view");
const view = trainerView(root);
const { refresh } = view;
const showError = (message) => {
  const el = root.querySelector("[data-live-error]");
  if (el) el.textContent = message || "";
};

const live = connectLive({
  code: root.dataset.code,
  role: "control",
  onState: (state) => view.setState(state),
  on: {
    count: (data) => view.setCount(data),
    argument_new: () => refresh(),
  },
});
startCountdown(root, view.state);

const numberOrNull = (value) => (value === null || value === "" ? null : Number(value));

root.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const data = new FormData(form);
  let ack;
  if (form.hasAttribute("data-live-command")) {
    event.preventDefault();
    const payload = { name: data.get("name") };
    if (payload.name === "open_vote") payload.timer = numberOrNull(data.get("timer"));
    if (payload.name === "timer") payload.seconds = numberOrNull(data.get("seconds"));
    if (payload.name === "variation") payload.variation = data.get("variation");
    if (payload.name === "adhoc_variation") payload.text = data.get("text");
    ack = await live.call("command", payload);
  } else if (form.hasAttribute("data-live-moderate")) {
    event.preventDefault();
    const action = event.submitter ? event.submitter.value : "show";
    ack = await live.call("moderate", { argument: Number(data.get("argument")), action });
  } else {
    return;
  }
  if (ack.ok) {
    showError("");
    refresh();
  } else {
    showError(ack.error.message);
  }
});
