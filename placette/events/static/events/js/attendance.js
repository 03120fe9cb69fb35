// Roll call on the organiser's page without reloading: each present/absent form is posted
// with fetch, then its buttons and the counts are updated. Without JavaScript the same forms
// post and the page comes back at the row. A failed fetch falls back to the plain post.
(function () {
  "use strict";

  function update(form, result) {
    form.querySelectorAll("button[data-value]").forEach(function (button) {
      var pressed = button.dataset.value === result.attendance;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.value = pressed ? "" : button.dataset.value;
    });
    Object.keys(result.counts).forEach(function (key) {
      var target = document.querySelector('[data-count="' + key + '"]');
      if (target) target.textContent = result.counts[key];
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form.attendance-form") || form.dataset.plain) return;
    event.preventDefault();
    var submitter = event.submitter;
    var data = new FormData(form);
    if (submitter && submitter.name) data.set(submitter.name, submitter.value);
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (result) {
        update(form, result);
        form.removeAttribute("aria-busy");
      })
      .catch(function () {
        form.dataset.plain = "1";
        form.requestSubmit(submitter);
      });
  });
})();
