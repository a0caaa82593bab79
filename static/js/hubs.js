// Small behaviours for the session, drop-in and follow-up pages (no inline script: the
// Content Security Policy forbids it). Everything works without this file; it only moves
// keyboard and screen-reader focus to what htmx has just put on the page.
(function () {
  "use strict";

  function focusHeading(root) {
    var heading = root && root.querySelector("#dropin-heading, .card-title");
    if (heading) {
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: false });
    }
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) return;
    // A drop-in form, its errors or its "saved" message: start reading from its heading,
    // or from the error summary when the form came back with problems.
    if (target.id === "dropin-panel") {
      var summary = target.querySelector(".error-summary, .duplicates");
      if (summary) {
        summary.setAttribute("tabindex", "-1");
        summary.focus();
      } else {
        focusHeading(target);
      }
    }
  });

  // Nothing useful has the focus: the page itself, a button just removed with the old content
  // (browsers move the focus off it at their next rendering, not at once) or a disabled one.
  function focusIsLost() {
    var active = document.activeElement;
    return !active || active === document.body || !active.isConnected || active.disabled;
  }

  // The head-count: htmx puts the focus back on the button pressed (they have ids); when that
  // button is now disabled ("Take one off" at zero), keep the focus in the tally on "Add one".
  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.id === "tally" && focusIsLost()) {
      var add = document.getElementById("tally-add");
      if (add) add.focus();
    }
  });

  // A follow-up card swapped in place (outerHTML): focus its new heading.
  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.classList && elt.classList.contains("follow-up")) {
      var summary = elt.querySelector(".error-summary");
      if (summary) {
        summary.setAttribute("tabindex", "-1");
        summary.focus();
      } else {
        focusHeading(elt);
      }
    }
  });
})();
