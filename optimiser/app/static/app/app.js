// The what-if page's own script (no inline script runs: the Content-Security-Policy forbids it).
// It starts the NHS.UK components, keeps the cap slider and the cap box in step, moves focus to a
// sensible place after an update, announces the headline to screen readers, and records how long
// the browser took from a control moving to the new table being painted (data-paint-ms on <body>;
// data-request-paint-ms from the request being sent, after htmx's wait for typing to stop), read by
// the browser tests.
import { initAll } from "/static/vendor/nhsuk-frontend/nhsuk-frontend.min.js";

// The class the design system's template sets with an inline script, set here instead.
document.body.classList.add("nhsuk-frontend-supported");
initAll();

let movedAt = null;
let sentAt = null;

function mirror() {
  for (const slider of document.querySelectorAll("input[data-mirror]")) {
    const box = document.getElementById(slider.dataset.mirror);
    slider.addEventListener("input", (event) => {
      event.stopPropagation(); // the box's own input event below is the one the form sends on
      box.value = slider.value;
      box.dispatchEvent(new Event("input", { bubbles: true }));
    });
    box.addEventListener("input", () => {
      if (box.value !== "") slider.value = box.value;
    });
  }
}

document.addEventListener("input", () => { movedAt = performance.now(); }, true);
document.addEventListener("click", (event) => {
  if (event.target.closest("button")) movedAt = performance.now();
}, true);

document.addEventListener("htmx:beforeRequest", () => { sentAt = performance.now(); });

document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.target?.id !== "results" && event.detail.elt?.id !== "results") return;
  const started = movedAt;
  const sent = sentAt;
  movedAt = null;
  requestAnimationFrame(() => requestAnimationFrame(() => {
    if (started !== null) {
      document.body.dataset.paintMs = (performance.now() - started).toFixed(1);
      document.body.dataset.requestPaintMs = (performance.now() - sent).toFixed(1);
      document.body.dataset.paints = String(Number(document.body.dataset.paints ?? 0) + 1);
    }
  }));
  const first = document.querySelector("#headline li, #problem li");
  const announce = document.getElementById("announce");
  if (first && announce) announce.textContent = first.textContent;
  if (!document.activeElement || document.activeElement === document.body) {
    document.getElementById("pins-heading")?.focus();
  }
});

mirror();
// htmx (loaded before this script) sets up the form when the document is parsed; then the page is ready.
document.addEventListener("DOMContentLoaded", () => { document.body.dataset.ready = "1"; });
