// Fitting the projector screen: nothing may scroll a beamer. Long content is split into pages
// ([data-pages] > [data-page]: "merge" shows them together when they fit), shown arguments rotate
// in sets that fit ([data-rotate]), and as a last resort the stage shrinks a little.
const ROTATE_MS = 9000;

const screenFits = (root) => {
  const stage = root.querySelector(".live-stage");
  const doc = document.documentElement;
  return doc.scrollHeight <= window.innerHeight && doc.scrollWidth <= window.innerWidth
    && (!stage || stage.scrollHeight <= stage.clientHeight + 1);
};

let rotation = null;

/** Which page of the current screen is shown: `index` of `count`, reset when the screen changes. */
export function createPager() {
  return { key: null, index: 0, count: 1 };
}

function showPage(root, container, index) {
  const pages = [...container.querySelectorAll(":scope > [data-page]")];
  pages.forEach((page, n) => { page.hidden = n !== index; });
  const indicator = root.querySelector("[data-page-indicator]");
  if (indicator) {
    indicator.textContent = pages.length > 1
      ? container.dataset.pageText.replace("{n}", index + 1).replace("{total}", pages.length) : "";
  }
}

function layoutPages(root, state, pager) {
  const container = root.querySelector("[data-pages]");
  pager.count = 1;
  if (!container) return;
  const pages = container.querySelectorAll(":scope > [data-page]");
  const key = `${state ? state.phase : ""}:${state ? state.item : ""}:${state ? state.rounds.length : ""}`;
  if (key !== pager.key) { pager.key = key; pager.index = 0; }
  if (container.dataset.pages === "merge") {
    pages.forEach((page) => { page.hidden = false; });
    const indicator = root.querySelector("[data-page-indicator]");
    if (indicator) indicator.textContent = "";
    if (screenFits(root)) return; // everything on one screen
  }
  pager.count = pages.length;
  pager.index = Math.min(pager.index, pager.count - 1);
  showPage(root, container, pager.index);
}

// Arguments on screen: as many as fit, rotating through the rest.
function layoutRotation(root) {
  if (rotation) window.clearInterval(rotation);
  rotation = null;
  const list = root.querySelector("[data-rotate]");
  if (!list) return;
  const items = [...list.children];
  const indicator = root.querySelector("[data-rotate-indicator]");
  const sets = [];
  let set = [];
  // an argument fits when its bottom stays inside the stage (the results beside it decide
  // nothing here; whatever they need is shrunk afterwards)
  const stage = root.querySelector(".live-stage");
  const limit = () => stage.getBoundingClientRect().bottom
    - parseFloat(getComputedStyle(stage).paddingBottom);
  const inside = (item) => item.getBoundingClientRect().bottom <= limit() + 0.5;
  items.forEach((item) => { item.hidden = true; });
  for (const item of items) {
    item.hidden = false;
    set.push(item);
    if (!inside(item) && set.length > 1) {
      set.forEach((done) => { done.hidden = true; });
      set.pop();
      sets.push(set);
      set = [item];
      item.hidden = false;
    }
  }
  if (set.length) sets.push(set);
  if (sets.length <= 1) {
    if (indicator) indicator.textContent = "";
    return;
  }
  let current = 0;
  const show = () => {
    items.forEach((item) => { item.hidden = true; });
    sets[current].forEach((item) => { item.hidden = false; });
    if (indicator) indicator.textContent = `(${current + 1}/${sets.length})`;
  };
  // the last set (left visible by the loop above) is shown first: start over at the first
  show();
  rotation = window.setInterval(() => {
    current = (current + 1) % sets.length;
    show();
  }, ROTATE_MS);
}

// Last resort for a dilemma longer than any screen: shrink the stage a little, never below 85 %.
function shrinkToFit(root) {
  const stage = root.querySelector(".live-stage");
  if (!stage) return;
  let scale = 1;
  stage.style.removeProperty("--fit");
  while (!screenFits(root) && scale > 0.86) {
    scale -= 0.05;
    stage.style.setProperty("--fit", String(scale));
  }
}

/** Lay out the current screen for this window size; `pager` keeps the page across re-renders. */
export function fitScreen(root, state, pager) {
  layoutPages(root, state, pager);
  layoutRotation(root);
  shrinkToFit(root);
}
