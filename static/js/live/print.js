// A print button for record pages (report, attendance list): shown only when JavaScript runs.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
