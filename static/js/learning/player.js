// Module player: answer blocks without a page load. Without JavaScript the forms post and
// redirect back to the block, so this module only makes the same flow smoother.
const live = document.getElementById("player-live");

function csrfToken(form) {
  const field = form.querySelector('input[name="csrf_token"]');
  return field ? field.value : "";
}

function announce(text) {
  if (!live) return;
  live.textContent = "";
  window.setTimeout(() => { live.textContent = text; }, 50);
}

async function submitBlock(form) {
  let response;
  let data;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
    });
    data = await response.json();
  } catch {
    form.submit();
    return;
  }
  const section = form.closest("section.block");
  if (data.ok && section) {
    const template = document.createElement("template");
    template.innerHTML = data.html.trim();
    const fresh = template.content.firstElementChild;
    section.replaceWith(fresh);
    const feedback = fresh.querySelector(".feedback");
    if (feedback) {
      feedback.focus();
      announce(feedback.dataset.summary || "");
    }
    const done = document.getElementById("module-complete");
    if (data.complete && done && !done.hasChildNodes()) {
      done.innerHTML = data.complete_html;
    }
    return;
  }
  const error = form.querySelector(".js-error");
  if (error) {
    error.textContent = data.error || "";
    error.hidden = false;
    error.focus();
    announce(data.error || "");
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-block-form")) return;
  event.preventDefault();
  if (form.dataset.busy) return; // a double click sends one answer
  form.dataset.busy = "1";
  submitBlock(form).finally(() => { delete form.dataset.busy; });
});
