// newsdesk reading room: small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // A briefing takes a few seconds: say so while the page is being written.
  var form = document.getElementById("brief-form");
  var status = document.getElementById("brief-status");
  if (form && status) {
    form.addEventListener("submit", function () { status.textContent = "Writing the briefing…"; });
  }
  // Escape closes a citation's popover by moving focus back out of it.
  document.addEventListener("keydown", function (event) {
    var el = document.activeElement;
    if (event.key === "Escape" && el && el.classList && el.classList.contains("cite-link")) {
      el.blur();
    }
  });
  // Arriving at a highlighted span (#hl): bring it into view and give it focus.
  var mark = document.getElementById("hl");
  if (mark && location.hash === "#hl") { mark.focus(); }
});
