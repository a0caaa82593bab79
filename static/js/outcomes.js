// Outcomes pages: after the dashboard's figures are swapped in by htmx, move focus to the new
// heading so keyboard and screen-reader users land on the month and place they asked for.
document.addEventListener("htmx:afterSwap", function (event) {
  if (!event.detail.target || event.detail.target.id !== "dashboard-body") return;
  var heading = event.detail.target.querySelector(".dashboard-title");
  if (!heading) return;
  heading.setAttribute("tabindex", "-1");
  heading.focus();
});
