// Forms that never lose what was typed (no inline script: the Content Security Policy forbids
// it; no eval). A form opts in with attributes:
//
//   data-keep-draft="<name>"  keep a draft of the form in this tab's sessionStorage (never
//                             localStorage: hub tablets are shared), put it back when the form is
//                             opened again (after a reload, or after signing in again), and clear
//                             it once the form is saved or the user signs out;
//   data-draft-url="<url>"    where this form can be opened on a page of its own (for coming
//                             back after signing in again; default: this page);
//   data-retry                when a save fails (no connection, a time-out, a server error) say
//                             so, keep everything, offer "Try again", and send it again by itself
//                             when the connection comes back. The form's hidden one-time
//                             submission token goes with every attempt, so a save that did reach
//                             the server before the connection dropped is not recorded twice.
//
// Drafts are kept per signed-in user (``data-user`` on <body>): another user signing in on the
// same tab never sees them, and signing out (a form with ``data-clears-drafts``) removes them all.
// Everything works without this file; it only adds the safety net.
(function () {
  "use strict";

  var PREFIX = "cls-draft:";
  var MAX_AGE_MS = 12 * 60 * 60 * 1000; // no longer than the longest session
  var RETRY_EVERY_MS = 30 * 1000; // while a failed save waits and the browser thinks it is online
  var RETRY_LIMIT = 10;
  var TIMEOUT_MS = 20 * 1000; // an htmx save with no answer by then counts as failed
  var SKIPPED = { csrfmiddlewaretoken: true };

  function store() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null; // storage switched off: the forms still work, without drafts
    }
  }

  function currentUser() {
    return document.body ? document.body.getAttribute("data-user") || "" : "";
  }

  function draftKey(form) {
    return PREFIX + currentUser() + ":" + form.getAttribute("data-keep-draft");
  }

  function draftKeys() {
    var storage = store();
    var keys = [];
    if (!storage) return keys;
    for (var i = 0; i < storage.length; i++) {
      var key = storage.key(i);
      if (key && key.indexOf(PREFIX) === 0) keys.push(key);
    }
    return keys;
  }

  function readDraft(key) {
    var storage = store();
    if (!storage) return null;
    try {
      var draft = JSON.parse(storage.getItem(key) || "null");
      if (draft && Date.now() - draft.savedAt < MAX_AGE_MS) return draft;
    } catch (error) {
      /* a damaged draft is dropped below */
    }
    storage.removeItem(key);
    return null;
  }

  function clearDraft(form) {
    var storage = store();
    if (storage && form.hasAttribute("data-keep-draft")) storage.removeItem(draftKey(form));
  }

  function clearAllDrafts() {
    var storage = store();
    draftKeys().forEach(function (key) { storage.removeItem(key); });
  }

  function draftable(element) {
    var type = (element.type || "").toLowerCase();
    return (
      element.name &&
      !SKIPPED[element.name] &&
      type !== "password" &&
      type !== "file" &&
      type !== "submit" &&
      type !== "button" &&
      type !== "reset"
    );
  }

  // The form's values by field name: the checked boxes, the chosen options, or each value.
  function snapshot(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!draftable(element)) return;
      var values = fields[element.name] || (fields[element.name] = []);
      var type = (element.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        if (element.checked) values.push(element.value);
      } else if (type === "select-multiple") {
        Array.prototype.forEach.call(element.options, function (option) {
          if (option.selected) values.push(option.value);
        });
      } else {
        values.push(element.value);
      }
    });
    return fields;
  }

  // Put values back (only fields the form still has); true if anything a person typed changed.
  function apply(form, fields) {
    var changed = false;
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!draftable(element) || !(element.name in fields)) return;
      var values = fields[element.name];
      var type = (element.type || "").toLowerCase();
      var before;
      if (type === "checkbox" || type === "radio") {
        before = element.checked;
        element.checked = values.indexOf(element.value) !== -1;
        if (before === element.checked) return;
      } else if (type === "select-multiple") {
        before = JSON.stringify(snapshotSelect(element));
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
        if (before === JSON.stringify(snapshotSelect(element))) return;
      } else {
        var index = seen[element.name] || 0;
        seen[element.name] = index + 1;
        if (index >= values.length || element.value === values[index]) return;
        element.value = values[index];
      }
      if (type !== "hidden") changed = true;
      element.dispatchEvent(new Event("change", { bubbles: true }));
    });
    return changed;
  }

  function snapshotSelect(select) {
    return Array.prototype.filter
      .call(select.options, function (option) { return option.selected; })
      .map(function (option) { return option.value; });
  }

  function saveDraft(form, extra) {
    var storage = store();
    if (!storage || !form.hasAttribute("data-keep-draft") || !currentUser()) return;
    var previous = readDraft(draftKey(form)) || {};
    var draft = {
      savedAt: Date.now(),
      url: form.getAttribute("data-draft-url") || location.pathname + location.search,
      fields: snapshot(form),
      sent: extra && "sent" in extra ? extra.sent : previous.sent || false,
    };
    try {
      storage.setItem(draftKey(form), JSON.stringify(draft));
    } catch (error) {
      /* storage full: nothing more to do */
    }
  }

  // A message in the form: at its top, or (``nearSave``) just above its buttons.
  function notice(form, className, html, role, nearSave) {
    var box = form.querySelector("." + className);
    if (!box) {
      box = document.createElement("div");
      box.className = className + " form-notice";
      box.setAttribute("role", role);
      box.setAttribute("tabindex", "-1");
      var buttons = form.querySelectorAll("button[type=submit]");
      var actions = nearSave && (form.querySelector(".form-actions") || buttons[buttons.length - 1]);
      if (actions) actions.parentNode.insertBefore(box, actions);
      else form.insertBefore(box, form.firstChild);
    }
    box.innerHTML = html;
    return box;
  }

  function removeNotice(form, className) {
    var box = form.querySelector("." + className);
    if (box) box.remove();
  }

  // ---- drafts -------------------------------------------------------------------------------

  function setUpForm(form) {
    if (form.__draftReady) return;
    form.__draftReady = true;
    if (form.hasAttribute("data-retry") && form.hasAttribute("hx-post")) {
      if (!form.hasAttribute("hx-request")) {
        form.setAttribute("hx-request", JSON.stringify({ timeout: TIMEOUT_MS }));
      }
    }
    if (!form.hasAttribute("data-keep-draft") || !currentUser()) return;
    var draft = readDraft(draftKey(form));
    // A form sent back with problems shows what was sent: nothing to put back.
    var answered = form.querySelector(".error-summary, .duplicates");
    if (draft && !answered) {
      var original = snapshot(form);
      if (apply(form, draft.fields)) {
        var box = notice(
          form,
          "draft-restored",
          "<p><strong>We have put back what you typed earlier.</strong> It has not been saved " +
            "yet: check it, then save it.</p>" +
            '<p><button type="button" class="button secondary small" data-draft-discard>' +
            "Start again with an empty form</button></p>",
          "status",
          false
        );
        box.querySelector("[data-draft-discard]").addEventListener("click", function () {
          clearDraft(form);
          apply(form, original);
          removeNotice(form, "draft-restored");
          var first = form.querySelector("input:not([type=hidden]), textarea, select");
          if (first) first.focus();
        });
      }
    }
    // Shown again (after a reload, or sent back with problems): it is a draft again, not sent.
    // A form nobody has typed in yet gets no draft until they do.
    if (draft) saveDraft(form, { sent: false });
  }

  function setUp() {
    // Another user's drafts (a shared tablet, signed in as someone else): gone.
    var user = currentUser();
    if (user) {
      var storage = store();
      draftKeys().forEach(function (key) {
        if (key.indexOf(PREFIX + user + ":") !== 0) storage.removeItem(key);
      });
    }
    document.querySelectorAll("form[data-keep-draft], form[data-retry]").forEach(setUpForm);
    // A plain (not htmx) form sent from the last page and not shown again: it was saved.
    if (user) {
      var here = {};
      document.querySelectorAll("form[data-keep-draft]").forEach(function (form) {
        here[draftKey(form)] = true;
      });
      draftKeys().forEach(function (key) {
        var draft = readDraft(key);
        if (draft && draft.sent === "page" && !here[key]) store().removeItem(key);
      });
    }
    // The sign-in page after a time-out: say that what was typed is still here.
    var kept = document.querySelector("[data-draft-notice]");
    if (kept && !user && draftKeys().length) kept.hidden = false;
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-keep-draft")) saveDraft(form);
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-keep-draft")) saveDraft(form);
  });

  // ---- sending, failing and sending again ---------------------------------------------------

  function isHtmx(form) {
    return form.hasAttribute("hx-post") || form.hasAttribute("hx-put");
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (form.hasAttribute && form.hasAttribute("data-clears-drafts")) {
        clearAllDrafts();
        return;
      }
      if (!form.hasAttribute || !(form.hasAttribute("data-keep-draft") || form.hasAttribute("data-retry"))) return;
      form.__lastSubmitter = event.submitter || null;
      saveDraft(form, { sent: isHtmx(form) ? "htmx" : "page" });
      // A whole-page save with no connection would end on the browser's error page.
      if (!isHtmx(form) && form.hasAttribute("data-retry") && navigator.onLine === false) {
        event.preventDefault();
        event.stopImmediatePropagation();
        failed(form, "offline");
      }
    },
    true
  );

  var MESSAGES = {
    offline:
      "<strong>This has not been saved yet: the connection has dropped.</strong> Everything you " +
      "typed is still here. It will be sent again by itself when the connection comes back, or " +
      "you can try again now.",
    server:
      "<strong>This has not been saved yet: the portal could not save it just now.</strong> " +
      "Everything you typed is still here. It will be tried again in a moment, or you can try " +
      "again now.",
    refused:
      "<strong>This has not been saved.</strong> The portal refused it (it may have been changed " +
      "by someone else, or you may not have access any more). Everything you typed is still " +
      "here: reload the page to see why.",
  };

  function failed(form, why) {
    var retry = why !== "refused";
    var box = notice(
      form,
      "save-failed",
      "<p>" + MESSAGES[why] + "</p>" +
        (retry ? '<p><button type="button" class="button" data-try-again>Try again</button></p>' : ""),
      "alert",
      true
    );
    if (retry) {
      form.__retryPending = true;
      box.querySelector("[data-try-again]").addEventListener("click", function () {
        resend(form);
      });
      schedule(form);
    }
    box.focus();
  }

  function schedule(form) {
    window.clearTimeout(form.__retryTimer);
    form.__retries = form.__retries || 0;
    if (form.__retries >= RETRY_LIMIT) return;
    form.__retryTimer = window.setTimeout(function () {
      if (form.__retryPending && navigator.onLine !== false) {
        form.__retries += 1;
        resend(form);
      } else {
        schedule(form);
      }
    }, RETRY_EVERY_MS);
  }

  function resend(form) {
    if (!form.isConnected) return;
    form.__retryPending = false;
    window.clearTimeout(form.__retryTimer);
    var box = form.querySelector(".save-failed");
    if (box) box.innerHTML = "<p>Sending again…</p>";
    // The button that sent it (e.g. "Use this person") goes with it again, as a hidden field.
    form.querySelectorAll("input[data-retry-submitter]").forEach(function (old) { old.remove(); });
    var submitter = form.__lastSubmitter;
    if (submitter && submitter.name && submitter.isConnected) {
      var again = document.createElement("input");
      again.type = "hidden";
      again.name = submitter.name;
      again.value = submitter.value;
      again.setAttribute("data-retry-submitter", "");
      form.appendChild(again);
    }
    form.requestSubmit();
  }

  window.addEventListener("online", function () {
    document.querySelectorAll("form[data-retry]").forEach(function (form) {
      if (form.__retryPending) resend(form);
    });
  });

  // The form that sent an htmx request (htmx re-tells a replaced form's events to a parent,
  // with that parent as ``elt``; the request's own element stays in ``requestConfig``).
  function formOf(event) {
    var detail = event.detail || {};
    var elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
    return elt && elt.tagName === "FORM" ? elt : elt && elt.form;
  }

  document.addEventListener("htmx:sendError", function (event) {
    var form = formOf(event);
    if (form && form.hasAttribute("data-retry")) failed(form, "offline");
  });
  document.addEventListener("htmx:timeout", function (event) {
    var form = formOf(event);
    if (form && form.hasAttribute("data-retry")) failed(form, "offline");
  });
  document.addEventListener("htmx:responseError", function (event) {
    var form = formOf(event);
    var xhr = event.detail && event.detail.xhr;
    if (!xhr) return;
    if (xhr.status === 401 && xhr.getResponseHeader("X-Sign-In")) {
      // The session ended (cls_portal.middleware.HtmxSignInMiddleware): keep the draft, sign in
      // again and come back to this form (or page).
      var back = location.pathname + location.search;
      if (form && form.hasAttribute("data-keep-draft")) {
        saveDraft(form);
        back = form.getAttribute("data-draft-url") || back;
      }
      location.assign(xhr.getResponseHeader("X-Sign-In") + "?next=" + encodeURIComponent(back));
      return;
    }
    if (form && form.hasAttribute("data-retry")) failed(form, xhr.status >= 500 ? "server" : "refused");
  });

  // A draft form sent and answered (htmx has swapped the answer in): if the form is no longer
  // on the page, it was saved, so its draft goes. (htmx tells the document even when the form
  // itself has been replaced.)
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = formOf(event);
    if (!form || !form.hasAttribute("data-keep-draft") || !event.detail.successful) return;
    var name = form.getAttribute("data-keep-draft");
    var shown = document.querySelectorAll("form[data-keep-draft]");
    var still = Array.prototype.some.call(shown, function (other) {
      return other.getAttribute("data-keep-draft") === name;
    });
    if (!still) clearDraft(form);
  });
  document.addEventListener("htmx:afterSettle", setUp);

  document.addEventListener("DOMContentLoaded", setUp);
  // Back/forward from the browser's cache: the page is as it was; its drafts may have changed.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) setUp();
  });
})();
