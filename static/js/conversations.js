// Conversations pages: small behaviours only, no inline script (the Content Security Policy
// forbids it). Everything works without this file; it only adds conveniences.
(function () {
  "use strict";

  // "Choose everyone on this page" on a waiting list, and a running count of who is chosen.
  function boxes(name) {
    return Array.prototype.slice.call(
      document.querySelectorAll('input[type="checkbox"][name="' + name + '"]')
    );
  }

  function refresh(name) {
    var chosen = boxes(name).filter(function (box) { return box.checked; }).length;
    document.querySelectorAll('[data-selected-count="' + name + '"]').forEach(function (out) {
      out.textContent = chosen === 0 ? "" : chosen + (chosen === 1 ? " person chosen." : " people chosen.");
    });
    document.querySelectorAll('[data-select-all="' + name + '"]').forEach(function (all) {
      var total = boxes(name).length;
      all.checked = total > 0 && chosen === total;
      all.indeterminate = chosen > 0 && chosen < total;
    });
  }

  function setUp(root) {
    root.querySelectorAll("[data-select-all]").forEach(function (all) {
      all.hidden = false;
      refresh(all.getAttribute("data-select-all"));
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-select-all]")) {
      var name = target.getAttribute("data-select-all");
      boxes(name).forEach(function (box) { box.checked = target.checked; });
      refresh(name);
    } else if (target.matches && target.matches('input[type="checkbox"][name]')) {
      refresh(target.name);
    }
  });

  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:afterSwap", function (event) { setUp(event.target); });
})();
