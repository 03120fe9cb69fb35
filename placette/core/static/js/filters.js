// On a phone, a filters box folds away (unless some filter is set) so that results come first.
// Without JavaScript it stays open: every filter is still there.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 47.99rem)").matches) return;
  if (new URLSearchParams(window.location.search).toString()) return;
  document.querySelectorAll("details.filters-box").forEach(function (box) {
    box.open = false;
  });
})();
