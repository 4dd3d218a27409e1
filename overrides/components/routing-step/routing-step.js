/* Routing tree, progressive enhancement only. Answers are links to #fragments, so the browser
   already shows the step (CSS :target) and Back/Forward move between steps. This script moves
   focus to the new step's heading (without scrolling) and announces it politely, and offers a
   print button on results. No network, no storage, no cookies. */
(function () {
  var tree = document.querySelector("[data-routing]");
  if (!tree) return;
  var status = tree.querySelector("[data-routing-status]");
  function show() {
    var id = location.hash.slice(1), step = id && document.getElementById(id);
    if (!step || step.parentNode !== tree) return;
    var heading = step.querySelector("h2");
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
    // After a tick, so screen readers notice the change in an already present live region.
    setTimeout(function () { status.textContent = heading.textContent; }, 100);
  }
  window.addEventListener("hashchange", show);
  show();
  Array.prototype.forEach.call(tree.querySelectorAll("[data-routing-print]"), function (item) {
    item.hidden = false;
    item.querySelector("button").addEventListener("click", function () { window.print(); });
  });
})();
