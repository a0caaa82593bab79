// The idle time-out, said before it happens (no inline script: the Content Security Policy
// forbids it). A signed-in page's <body> says how many seconds its session has left
// (``data-session-seconds-left``); every answer from the server says it again (the
// X-Session-Seconds-Left header), so working in htmx fragments keeps the clock right. Two minutes
// before the end, the #session-warning dialog asks "Stay signed in"; that button (or Escape)
// POSTs to the keep-alive URL, which pushes the limit on. If the time runs out, the dialog says
// so and offers to sign in again: anything typed in a form that keeps drafts (drafts.js) is still
// on this tablet and comes back after signing in.
(function () {
  "use strict";

  var WARN_BEFORE_MS = 2 * 60 * 1000;
  var CHECK_EVERY_MS = 5 * 1000; // timers sleep on a sleeping tablet: compare with the clock
  var deadline = null;
  var dialog = null;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function setSecondsLeft(value) {
    var seconds = parseInt(value, 10);
    if (isNaN(seconds)) return;
    deadline = Date.now() + seconds * 1000;
    if (dialog && dialog.open && !dialog.hasAttribute("data-signed-out") && seconds * 1000 > WARN_BEFORE_MS) {
      dialog.close();
    }
  }

  function show(state) {
    var signedOut = state === "signed-out";
    dialog.toggleAttribute("data-signed-out", signedOut);
    dialog.querySelectorAll("[data-when]").forEach(function (part) {
      part.hidden = part.getAttribute("data-when") !== state;
    });
    if (signedOut) {
      var back = document.querySelector("form[data-keep-draft][data-draft-url]");
      var next = back ? back.getAttribute("data-draft-url") : location.pathname + location.search;
      var link = dialog.querySelector("[data-sign-in-again]");
      link.href = dialog.getAttribute("data-sign-in-url") + "?next=" + encodeURIComponent(next);
    }
    dialog.setAttribute("aria-labelledby", signedOut ? "session-ended-title" : "session-warning-title");
    if (!dialog.open) dialog.showModal();
    var first = dialog.querySelector(signedOut ? "[data-sign-in-again]" : "[data-stay-signed-in]");
    if (first) first.focus();
  }

  function tick() {
    if (deadline === null || !dialog) return;
    var left = deadline - Date.now();
    if (left <= 0) {
      if (!dialog.hasAttribute("data-signed-out")) show("signed-out");
    } else if (left <= WARN_BEFORE_MS && !dialog.open) {
      show("warning");
    }
  }

  function staySignedIn() {
    var url = dialog.getAttribute("data-keep-alive-url");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(function (response) {
        if (response.status === 401) {
          show("signed-out");
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        if (body && body.signed_in) {
          setSecondsLeft(body.seconds_left);
          if (dialog.open) dialog.close();
        }
      })
      .catch(function () {
        // No connection: the session may still end; keep the dialog up so they can try again.
        var status = dialog.querySelector("[data-keep-alive-status]");
        if (status) status.textContent = "No connection: we could not reach the portal. Try again.";
      });
  }

  function setUp() {
    dialog = document.getElementById("session-warning");
    if (!dialog || !document.body.hasAttribute("data-session-seconds-left")) return;
    setSecondsLeft(document.body.getAttribute("data-session-seconds-left"));
    dialog.querySelector("[data-stay-signed-in]").addEventListener("click", staySignedIn);
    // Escape on the warning means "not yet": stay signed in. Once signed out, it just closes.
    dialog.addEventListener("cancel", function (event) {
      if (!dialog.hasAttribute("data-signed-out")) {
        event.preventDefault();
        staySignedIn();
      }
    });
    var later = dialog.querySelector("[data-close-signed-out]");
    if (later) later.addEventListener("click", function () { dialog.close(); });
    window.setInterval(tick, CHECK_EVERY_MS);
    document.addEventListener("visibilitychange", tick);
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var left = xhr && xhr.getResponseHeader("X-Session-Seconds-Left");
    if (left !== null && left !== undefined && left !== "") setSecondsLeft(left);
  });

  document.addEventListener("DOMContentLoaded", setUp);
})();
