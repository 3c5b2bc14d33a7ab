// Projector view: re-render the server fragment after every state change; live counts in place.
import { connectLive, startCountdown, trainerView } from "./connection.js";

const root = document.getElementById("live-view");
const view = trainerView(root);
const { refresh } = view;

connectLive({
  code: root.dataset.code,
  role: "presenter",
  onState: (state) => view.setState(state),
  on: {
    count: (data) => view.setCount(data),
    arguments: () => refresh(),
  },
});
startCountdown(root, view.state);
