// Peer forum: show only the fields that apply (no inline script; works on htmx-loaded fragments).
// Without this file every field shows, each with a hint saying when it is needed.
(function () {
  "use strict";

  function checked(form, name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : "";
  }

  // A field marked data-show-for="a b" applies only when the form's deciding choice is a or b.
  function toggle(form, value) {
    form.querySelectorAll("[data-show-for]").forEach(function (block) {
      var wanted = block.getAttribute("data-show-for").split(" ");
      var show = !value || wanted.indexOf(value) !== -1;
      block.hidden = !show;
      block.querySelectorAll("input, select, textarea").forEach(function (input) {
        input.disabled = !show;
      });
    });
  }

  function refresh(root) {
    (root || document).querySelectorAll("form[data-pf-request-form]").forEach(function (form) {
      toggle(form, checked(form, "intervention_type"));
    });
    (root || document).querySelectorAll("form[data-pf-decide-form]").forEach(function (form) {
      toggle(form, checked(form, "outcome") || "none");
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && (form.hasAttribute("data-pf-request-form") || form.hasAttribute("data-pf-decide-form"))) {
      refresh(form.parentNode);
    }
  });
  document.addEventListener("DOMContentLoaded", function () { refresh(document); });
  // After a decision on the meeting's page the agenda comes back with the next request open:
  // take the reader (and the keyboard) to it. An outerHTML swap detaches the old target, so the
  // whole document is refreshed.
  document.addEventListener("htmx:afterSwap", function (event) {
    refresh(document);
    var id = (event.detail && event.detail.target && event.detail.target.id) || "";
    if (id !== "agenda" && id.indexOf("decide-slot-") !== 0) { return; }
    var heading = document.querySelector("#agenda .pf-decide-slot .pf-decide h3");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  });
})();
