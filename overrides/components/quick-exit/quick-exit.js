/* Quick exit ("Snel weg"): leave at once by click, Enter, or Shift pressed 3 times on its own.
   Stores nothing and sends nothing: the only request is the navigation to the neutral page. */
(function (d, w) {
  // Material remembers UI choices (colour scheme, tabs, banners) in localStorage; this site stores nothing.
  w.__md_set = function () {};
  var root = d.querySelector("[data-qe-root]");
  if (!root) return;
  var links = d.querySelectorAll("a[data-qe]"), status = root.lastElementChild,
    title = d.title, count = 0, timer, modifier;

  function say(text) { status.textContent = text; }
  function reset() { count = 0; clearTimeout(timer); }
  function leave(event) {
    if (event) event.preventDefault();
    d.documentElement.style.display = "none"; // hide the page now, before the next one arrives
    d.title = "\u200b";                       // and the tab label, without showing the address instead
    var policy = d.createElement("meta");     // the neutral site must not learn where the reader was
    policy.name = "referrer"; policy.content = "no-referrer"; d.head.appendChild(policy);
    w.location.replace(links[0].href);        // replace: this page is not one Back press away
  }

  for (var i = 0; i < links.length; i++) links[i].addEventListener("click", leave);

  // Capture phase: counts even while focus is in the search field (as GOV.UK does).
  d.addEventListener("keydown", function (e) {
    if (e.key !== "Shift") { modifier = e.shiftKey; reset(); } // Shift+A is typing, not a signal
  }, true);
  d.addEventListener("keyup", function (e) {
    if (e.key !== "Shift") return;
    if (modifier) { modifier = false; return; }
    clearTimeout(timer);
    if (++count > 2) { count = 0; return leave(); }
    say(root.dataset[count > 1 ? "one" : "two"]);
    timer = setTimeout(function () { count = 0; say(root.dataset.expired); }, 5000);
  }, true);
  // The back/forward cache can bring a hidden page back: show it again and start over.
  w.addEventListener("pageshow", function (e) {
    if (e.persisted) { d.documentElement.style.display = ""; d.title = title; reset(); say(""); }
  });
})(document, window);
