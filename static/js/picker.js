// The community-solution picker (cls_portal.widgets.CheckboxPicker): a box that filters the
// grouped checkboxes as you type. No inline script (the Content Security Policy forbids it);
// without this file the picker is a plain grouped checkbox list and the filter box stays hidden.
(function () {
  "use strict";

  var announceTimer = null;

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function filter(picker, input, announce) {
    var wanted = words(input.value);
    var options = picker.querySelectorAll("[data-picker-option]");
    var shown = 0;
    options.forEach(function (option) {
      var box = option.querySelector("input[type=checkbox]");
      var text = option.textContent.toLowerCase();
      // Ticked ones stay in view, so the filter never hides what has been chosen.
      var match = (box && box.checked) || wanted.every(function (word) {
        return text.indexOf(word) !== -1;
      });
      option.hidden = !match;
      if (match) { shown += 1; }
    });
    picker.querySelectorAll("[data-picker-group]").forEach(function (group) {
      group.hidden = !group.querySelector("[data-picker-option]:not([hidden])");
    });
    var none = picker.querySelector("[data-picker-none]");
    if (none) { none.hidden = shown !== 0; }
    var count = picker.querySelector("[data-picker-count]");
    if (!count || !announce) { return; }
    var noun = picker.getAttribute("data-noun") || "choices";
    var message = !wanted.length ? ""
      : shown === options.length ? "All " + shown + " " + noun + " shown."
      : shown + " of " + options.length + " " + noun + " shown.";
    // Say the count once typing pauses, not at every key.
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(function () { count.textContent = message; }, 400);
  }

  function setUp(root) {
    if (!root.querySelectorAll) { return; }
    root.querySelectorAll("[data-picker]").forEach(function (picker) {
      var row = picker.querySelector("[data-picker-filter-row]");
      var input = picker.querySelector("[data-picker-filter]");
      if (!row || !input) { return; }
      row.hidden = false;
      if (input.value) { filter(picker, input, false); }
    });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input.matches && input.matches("[data-picker-filter]")) {
      filter(input.closest("[data-picker]"), input, true);
    }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input.matches && input.matches("[data-picker-filter]"))) { return; }
    if (event.key === "Enter") {
      event.preventDefault(); // filtering, not saving the form
    } else if (event.key === "Escape" && input.value) {
      event.preventDefault();
      input.value = "";
      filter(input.closest("[data-picker]"), input, true);
    }
  });

  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
})();
