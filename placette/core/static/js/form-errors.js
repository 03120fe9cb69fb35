// The error summary of a form sent back (core/form_errors.html): focused on load, so that a
// screen reader reads it first and the keyboard starts from it (autofocus does it where the
// browser honours it on a focusable <div>); each link moves the focus to its field.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  if (document.activeElement === document.body || !document.activeElement) {
    summary.focus();
  }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });
})();
