// The embed builder /widget/: a change of the form updates the preview and the <iframe> code
// at once (the form still works without JavaScript: submitting renders both again), and
// "Copier le code" puts the code in the clipboard, saying so in a live region.
(function () {
  "use strict";
  var form = document.getElementById("embed-form");
  var code = document.getElementById("embed-code");
  var preview = document.getElementById("embed-preview");
  var copy = document.getElementById("embed-copy");
  var status = document.getElementById("embed-copy-status");
  if (!form || !code || !preview) return;
  var heightInput = form.elements.hauteur;

  function widgetQuery() {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      value = String(value).trim();
      if (value && name !== "hauteur") query.append(name, value);
    });
    return query.toString();
  }

  function height() {
    var min = +heightInput.min, max = +heightInput.max;
    var value = parseInt(heightInput.value, 10);
    if (!isFinite(value)) value = +heightInput.defaultValue;
    return Math.max(min, Math.min(max, value));
  }

  function withQuery(base, query) { return query ? base + "?" + query : base; }

  function escapeAttribute(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  function update() {
    var query = widgetQuery();
    var h = String(height());
    code.value = code.dataset.template
      .replace("__SRC__", escapeAttribute(withQuery(form.dataset.widgetBase, query)))
      .replace("__HEIGHT__", h);
    var src = withQuery(form.dataset.previewBase, query);
    if (preview.getAttribute("src") !== src) preview.setAttribute("src", src);
    preview.setAttribute("height", h);
    var page = new URLSearchParams(query);
    page.set("hauteur", h);
    window.history.replaceState(null, "", withQuery(form.getAttribute("action"), page.toString()));
    if (status) status.textContent = "";
  }

  var timer = null;
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "SELECT") return; // "change" follows at once
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 400);
  });
  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    update();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    update();
  });

  function say(message) { if (status) status.textContent = message; }

  function copyBySelection() {
    code.focus();
    code.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    say(done ? status.dataset.copied : status.dataset.failed);
  }

  if (copy) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code.value).then(
          function () { say(status.dataset.copied); },
          copyBySelection
        );
      } else {
        copyBySelection();
      }
    });
  }
})();
