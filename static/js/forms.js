// Every page's forms: the error summary takes focus so a person sees what is wrong, its links
// jump to the field in error, and switching language keeps what was typed. No inline script.
(function () {
  "use strict";

  var FOCUSABLE = "input:not([type=hidden]), select, textarea, button";

  // Open any folded section around an element, then move to it and focus it.
  var reveal = function (target) {
    for (var el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
    var field = target.matches(FOCUSABLE) ? target : target.querySelector(FOCUSABLE);
    var label = field && field.id ? document.querySelector("label[for='" + field.id + "']") : null;
    (label || target).scrollIntoView({ block: "center" });
    (field || target).focus({ preventScroll: true });
  };

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("[data-error-link]");
      if (!link) return;
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) return;
      event.preventDefault();
      reveal(target);
      if (history.replaceState) history.replaceState(null, "", link.hash);
    });
  }

  // Switching language reloads the page: keep the fields typed so far for the page that comes
  // back, in this tab only. Never files, hidden fields, passwords or codes.
  var STORE = "kept-form-values";
  var SECRET = /password|code|csrf|token/i;

  var keepable = function (el) {
    var type = (el.type || "").toLowerCase();
    if (!el.name || el.disabled || SECRET.test(el.name)) return false;
    if (el.autocomplete === "one-time-code" || el.autocomplete === "current-password") return false;
    return ["password", "file", "hidden", "submit", "button", "reset", "image"].indexOf(type) < 0;
  };

  var pageForms = function () {
    return Array.prototype.slice.call(document.querySelectorAll("main form"));
  };

  var store = function () {
    var forms = pageForms().map(function (form) {
      return Array.prototype.filter.call(form.elements, keepable).map(function (el) {
        var entry = { name: el.name, value: el.value };
        if (el.type === "radio" || el.type === "checkbox") entry.checked = el.checked;
        return entry;
      });
    });
    try {
      sessionStorage.setItem(STORE, JSON.stringify({ path: location.pathname, forms: forms }));
    } catch (e) {
      // Storage full or switched off: the language still changes, the values are lost.
    }
  };

  document.querySelectorAll("[data-language-switch]").forEach(function (form) {
    form.addEventListener("submit", store);
  });

  var restoreField = function (form, entry) {
    var found = form.querySelectorAll("[name='" + entry.name.replace(/'/g, "\\'") + "']");
    if (!found.length) {
      // Let the page build the field first (the filing form adds party rows).
      form.dispatchEvent(new CustomEvent("keep:missing", { detail: { name: entry.name } }));
      found = form.querySelectorAll("[name='" + entry.name.replace(/'/g, "\\'") + "']");
    }
    Array.prototype.forEach.call(found, function (el) {
      if (!keepable(el)) return;
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.value !== entry.value) return;
        el.checked = !!entry.checked;
      } else {
        el.value = entry.value;
      }
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  };

  var restore = function () {
    var kept;
    try {
      kept = JSON.parse(sessionStorage.getItem(STORE) || "null");
      sessionStorage.removeItem(STORE);
    } catch (e) {
      return;
    }
    if (!kept || kept.path !== location.pathname || !Array.isArray(kept.forms)) return;
    var forms = pageForms();
    kept.forms.forEach(function (entries, index) {
      if (forms[index] && Array.isArray(entries)) {
        entries.forEach(function (entry) { restoreField(forms[index], entry); });
      }
    });
  };

  // After every deferred script (DOMContentLoaded waits for them), so that page scripts
  // (villages, party rows) are ready.
  if (document.readyState === "complete") restore();
  else document.addEventListener("DOMContentLoaded", restore);
})();
