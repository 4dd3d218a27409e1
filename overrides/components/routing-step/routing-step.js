/* Routing tree steps, progressive enhancement only: focus the new step's heading (without
   scrolling), announce it politely, offer a print button. No network, no storage, no cookies. */
(function () {
  var step = document.querySelector("[data-routing-step]");
  if (!step) return;
  var heading = step.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
  var status = step.querySelector("[data-routing-status]");
  if (status && heading) {
    // After a tick, so screen readers notice the change in an already present live region.
    setTimeout(function () {
      status.textContent = step.getAttribute("data-routing-label") + ": " + heading.textContent;
    }, 100);
  }
  var print = step.querySelector("[data-routing-print]");
  if (print) {
    print.hidden = false;
    print.querySelector("button").addEventListener("click", function () { window.print(); });
  }
})();
