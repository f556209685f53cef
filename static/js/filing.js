// The filing form: villages follow the chosen township, party rows can be added and removed,
// and the submit button cannot be pressed twice. Without JavaScript the form still works.
(function () {
  "use strict";

  var form = document.querySelector("[data-filing-form]");
  if (!form) return;

  // Villages: keep the full grouped list and show only the chosen township's villages.
  var township = form.querySelector("[data-township-select]");
  var village = form.querySelector("[data-village-select]");
  if (township && village) {
    var placeholder = village.options[0].cloneNode(true);
    var groups = Array.prototype.map.call(village.querySelectorAll("optgroup"), function (group) {
      return group.cloneNode(true);
    });

    var showVillages = function () {
      var chosen = township.value;
      var selected = village.value;
      village.innerHTML = "";
      village.appendChild(placeholder.cloneNode(true));
      groups.forEach(function (group) {
        if (!chosen) {
          if (group.children.length) village.appendChild(group.cloneNode(true));
        } else if (group.getAttribute("data-parent") === chosen) {
          Array.prototype.forEach.call(group.children, function (option) {
            village.appendChild(option.cloneNode(true));
          });
        }
      });
      village.value = selected;
      if (village.value !== selected) village.value = "";
    };
    township.addEventListener("change", showVillages);
    showVillages();
  }

  // Party rows: clone the last row with blank fields, renumbering applicants-0-name and the like.
  var FIELD = /^(applicants|respondents)-\d+-/;

  var renumber = function (side) {
    var list = side.querySelector("[data-party-list]");
    var template = list.getAttribute("data-label-template");
    var rows = list.querySelectorAll("[data-party-row]");
    var prefix = side.getAttribute("data-party-side");
    Array.prototype.forEach.call(rows, function (row, index) {
      var replace = function (value) {
        return value.split(" ").map(function (part) {
          return part.replace(FIELD, prefix + "-" + index + "-");
        }).join(" ");
      };
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, replace(value));
        });
      });
      row.querySelector("[data-party-label]").textContent = template.replace("__N__", String(index + 1));
      var remove = row.querySelector("[data-remove-party]");
      if (remove) remove.hidden = index === 0;
    });
    var max = parseInt(side.getAttribute("data-max-rows"), 10) || 10;
    var full = rows.length >= max;
    side.querySelector("[data-add-party]").hidden = full;
    side.querySelector("[data-party-limit]").hidden = !full;
  };

  var blank = function (row) {
    row.querySelectorAll("input").forEach(function (input) {
      input.value = "";
      input.required = false;
      input.classList.remove("is-invalid");
      input.removeAttribute("aria-invalid");
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && !/-error$/.test(id);
      });
      if (described.length) input.setAttribute("aria-describedby", described.join(" "));
      else input.removeAttribute("aria-describedby");
      input.autocomplete = "off";
    });
    row.querySelectorAll(".invalid-feedback").forEach(function (el) { el.remove(); });
    return row;
  };

  form.querySelectorAll("[data-party-side]").forEach(function (side) {
    var list = side.querySelector("[data-party-list]");
    var max = parseInt(side.getAttribute("data-max-rows"), 10) || 10;
    side.querySelector("[data-add-party]").addEventListener("click", function () {
      var rows = list.querySelectorAll("[data-party-row]");
      if (rows.length >= max) return;
      var row = blank(rows[rows.length - 1].cloneNode(true));
      list.appendChild(row);
      renumber(side);
      row.querySelector("input").focus();
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-party]");
      if (!button) return;
      var row = button.closest("[data-party-row]");
      var previous = row.previousElementSibling;
      row.remove();
      renumber(side);
      if (previous) previous.querySelector("input").focus();
    });
    renumber(side);
  });

  // One tap sends the form once; the idempotency key covers a second send anyway.
  var submit = form.querySelector("[data-submit]");
  if (submit) {
    var label = submit.textContent;
    form.addEventListener("submit", function () {
      submit.disabled = true;
      submit.textContent = submit.getAttribute("data-busy-label") || label;
    });
    window.addEventListener("pageshow", function () {
      submit.disabled = false;
      submit.textContent = label;
    });
  }

  // Values kept across a language switch may name party rows added by hand: add them again.
  form.addEventListener("keep:missing", function (event) {
    var match = /^(applicants|respondents)-(\d+)-/.exec(event.detail.name);
    if (!match) return;
    var side = form.querySelector("[data-party-side='" + match[1] + "']");
    var add = side && side.querySelector("[data-add-party]");
    var wanted = parseInt(match[2], 10) + 1;
    while (add && !add.hidden && side.querySelectorAll("[data-party-row]").length < wanted) {
      add.click();
    }
  });
})();
