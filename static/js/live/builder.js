// Session builder, made smoother: the same buttons as without JavaScript (add, remove, up,
// down, programme), but posted in the background so only the two panes change and focus stays
// where it was; the library filters as you type; items can also be dragged into place.
const form = document.querySelector("form[data-builder]");

const cssEscape = (value) => (window.CSS && CSS.escape ? CSS.escape(value) : value);

function applyFilter() {
  const q = (form.querySelector("[name=q]")?.value || "").trim().toLowerCase();
  const theme = form.querySelector("[name=thema]")?.value || "";
  const audience = form.querySelector("[name=doelgroep]")?.value || "";
  const band = form.querySelector("[name=duur]")?.value || "";
  let shown = 0;
  for (const item of form.querySelectorAll(".builder-lib-item")) {
    const ok = (!theme || item.dataset.themes.split(" ").includes(theme))
      && (!audience || item.dataset.audience.split(" ").includes(audience))
      && (!band || item.dataset.band === band)
      && (!q || item.dataset.search.includes(q));
    item.hidden = !ok;
    if (ok) shown += 1;
  }
  const count = form.querySelector("[data-builder-count]");
  if (count) {
    const template = shown === 1 ? count.dataset.templateOne : count.dataset.templateMany;
    count.textContent = template.replace("{n}", String(shown));
  }
}

function renumber() {
  const items = [...form.querySelectorAll(".builder-list .builder-item")];
  items.forEach((item, index) => {
    const number = item.querySelector(".builder-number");
    if (number) number.textContent = `${index + 1}.`;
    const up = item.querySelector("button[value^='up:']");
    const down = item.querySelector("button[value^='down:']");
    if (up) up.disabled = index === 0;
    if (down) down.disabled = index === items.length - 1;
  });
}

function focusAfter(key, fallbackSelector) {
  const target = key && form.querySelector(`[data-focus-key="${cssEscape(key)}"]`);
  if (target && !target.disabled) {
    target.focus();
    return;
  }
  if (key && key.startsWith("up:")) {
    const other = form.querySelector(`[data-focus-key="${cssEscape(`down:${key.slice(3)}`)}"]`);
    if (other && !other.disabled) { other.focus(); return; }
  }
  if (key && key.startsWith("down:")) {
    const other = form.querySelector(`[data-focus-key="${cssEscape(`up:${key.slice(5)}`)}"]`);
    if (other && !other.disabled) { other.focus(); return; }
  }
  const fallback = form.querySelector(fallbackSelector);
  if (fallback) fallback.focus();
}

async function post(button) {
  const data = new FormData(form);
  data.set("action", button.value);
  const key = button.dataset.focusKey || "";
  const inSession = Boolean(button.closest("#builder-session"));
  let response;
  try {
    response = await fetch(form.getAttribute("action") || window.location.pathname, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    });
  } catch {
    form.requestSubmit(button); // offline or blocked: fall back to a normal post
    return;
  }
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const freshSession = doc.querySelector("#builder-session");
  const freshList = doc.querySelector(".builder-library-list");
  if (!freshSession || !freshList) {
    form.requestSubmit(button);
    return;
  }
  const announce = freshSession.querySelector("[data-builder-announce]");
  form.querySelector("#builder-session").replaceWith(freshSession);
  form.querySelector(".builder-library-list").replaceWith(freshList);
  const title = form.querySelector("[name=title]");
  const freshTitle = doc.querySelector("[name=title]");
  if (title && freshTitle && !title.value) title.value = freshTitle.value;
  applyFilter();
  enableDrag();
  // Re-set the status text so screen readers announce it in the (new) live region.
  const status = form.querySelector("[data-builder-announce]");
  if (status && announce) {
    const text = announce.textContent;
    status.textContent = "";
    window.setTimeout(() => { status.textContent = text; }, 50);
  }
  if (key === "programme") {
    focusAfter("", "#session-heading");
  } else if (inSession && key.startsWith("remove:")) {
    focusAfter("", "#session-heading");
  } else {
    focusAfter(key, "#session-heading");
  }
}

let dragged = null;

function enableDrag() {
  for (const item of form.querySelectorAll(".builder-list .builder-item")) {
    item.draggable = true;
    item.addEventListener("dragstart", (event) => {
      dragged = item;
      item.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.id);
    });
    item.addEventListener("dragend", () => {
      item.classList.remove("is-dragging");
      for (const other of form.querySelectorAll(".is-drop-target")) other.classList.remove("is-drop-target");
      dragged = null;
      renumber();
    });
    item.addEventListener("dragover", (event) => {
      if (!dragged || dragged === item) return;
      event.preventDefault();
      item.classList.add("is-drop-target");
    });
    item.addEventListener("dragleave", () => item.classList.remove("is-drop-target"));
    item.addEventListener("drop", (event) => {
      event.preventDefault();
      item.classList.remove("is-drop-target");
      if (!dragged || dragged === item) return;
      const box = item.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      item.parentNode.insertBefore(dragged, after ? item.nextSibling : item);
      renumber();
    });
  }
}

if (form) {
  document.documentElement.classList.add("js-builder");
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[name=action]");
    if (!button || !form.contains(button)) return;
    const verb = button.value.split(":")[0];
    if (!["add", "remove", "up", "down", "programme", "refresh", "filter"].includes(verb)) return;
    event.preventDefault();
    if (verb === "refresh" || verb === "filter") {
      applyFilter();
      return;
    }
    post(button);
  });
  for (const name of ["q", "thema", "doelgroep", "duur"]) {
    const input = form.querySelector(`[name=${name}]`);
    if (input) input.addEventListener(name === "q" ? "input" : "change", applyFilter);
  }
  enableDrag();
}
