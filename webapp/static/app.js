// Progressive enhancement only: every page works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Facet checkboxes and the sort menu apply at once.
  var form = document.getElementById("search-form");
  if (form) {
    document.querySelectorAll('input[type=checkbox][form="search-form"], #sort').forEach(function (el) {
      el.addEventListener("change", function () {
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      });
    });
    // Empty fields would only clutter the URL.
    form.addEventListener("submit", function () {
      document.querySelectorAll('[form="search-form"], #search-form [name]').forEach(function (el) {
        if (el.name && el.value === "" && el.type !== "checkbox") { el.disabled = true; }
      });
    });
  }
  // Copy buttons for citation lines.
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      if (!field) { return; }
      var done = function () { button.textContent = button.dataset.done; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () { field.select(); document.execCommand("copy"); done(); });
      } else { field.select(); document.execCommand("copy"); done(); }
    });
  });
});
