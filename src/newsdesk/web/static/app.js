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
  // A citation's popover opens upward when it would run past the bottom of the viewport.
  function place(cite) {
    var pop = cite.querySelector(".pop");
    if (!pop) { return; }
    pop.classList.remove("up");
    var box = cite.getBoundingClientRect();
    var h = pop.offsetHeight || 220;
    if (window.innerHeight - box.bottom < h + 24 && box.top > h + 24) {
      pop.classList.add("up");
    }
  }
  Array.prototype.forEach.call(document.querySelectorAll(".cite"), function (cite) {
    cite.addEventListener("mouseenter", function () { place(cite); });
    cite.addEventListener("focusin", function () { place(cite); });
  });
  // Arriving at a highlighted span (#hl): bring it into view and give it focus.
  var mark = document.getElementById("hl");
  if (mark && location.hash === "#hl") { mark.focus(); }
});
