// On a phone, a filters box folds away so that results (or the map) come first; its summary
// says how many filters are set. Without JavaScript it stays open: every filter is still there.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 47.99rem)").matches) return;
  document.querySelectorAll("details.filters-box").forEach(function (box) {
    box.open = false;
  });
})();
