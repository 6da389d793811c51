/* What other packages draw in the admin without a name or with the wrong structure, put
 * right for screen readers and keyboards (axe-core's serious and critical rules, checked by
 * tests/browser/test_admin_ukrainian.py), without patching the packages:
 *
 * - modeltranslation's language tabs (jQuery UI): each tab (role=tab, the focusable item) holds
 *   a link that can be focused too, a control inside a control (nested-interactive). The link
 *   is made inert and the tab itself switches on a click, through the tabs widget's API; the
 *   keyboard already works on the tab (arrows, Home, End, Enter, Space);
 * - select2 (autocomplete fields): the chosen value's box (role=textbox) and an empty field's
 *   box have no name (aria-input-field-name), the search field of a multiple choice has no
 *   label (label), its mouse-only «×» sits in the list of choices as a span (list);
 * - Django's file inputs are drawn in a fieldset whose legend names the group, not the input;
 * - the rich-text editor's editing area (role=textbox) stands for a hidden textarea;
 * - the magnifier icon of Django's two-list chooser has a name but no role;
 * - list_editable cells in lists and the cells of tabular inlines have no label: they take
 *   their column's heading (and, in a list, the row's title).
 * Each control is named after the words the screen already shows for it.
 */
(function () {
  "use strict";

  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").replace(/[:?]\s*$/, "").trim() : "";
  }

  function ensureId(element, suggestion) {
    if (!element.id) element.id = suggestion;
    return element.id;
  }

  // The words that name a form control: its label, the legend of the fieldset Django draws
  // around it, or the heading of its column in a table of forms.
  function nameSource(control) {
    if (!control || !control.id) return null;
    const label = document.querySelector(`label[for="${CSS.escape(control.id)}"]`);
    if (label) return label;
    const fieldset = control.closest("fieldset");
    const legend = fieldset && fieldset.querySelector(":scope > legend");
    return legend || columnHeading(control);
  }

  function columnHeading(control) {
    const cell = control.closest("td");
    const table = cell && cell.closest("table");
    if (!table || !table.tHead) return null;
    const field = [...cell.classList].find((name) => name.startsWith("field-"));
    if (field) {
      const heading = table.tHead.querySelector(`th.column-${CSS.escape(field.slice(6))}`);
      if (heading) return heading.querySelector(".text") || heading;
    }
    return table.tHead.rows[0].cells[cell.cellIndex] || null;
  }

  // In a list, «Головна: Назва новини»: which row a checkbox belongs to is part of its name.
  function rowName(control) {
    const row = control.closest("#result_list tbody tr");
    return row ? text(row.querySelector("th")) : "";
  }

  function nameControls(root) {
    const selector =
      "#result_list td input:not([type=hidden]):not(.action-select), #result_list td select, " +
      ".tabular td input:not([type=hidden]), .tabular td select, .tabular td textarea, " +
      "fieldset > .flex-container input[type=file]";
    root.querySelectorAll(selector).forEach((control) => {
      if (control.labels.length || control.hasAttribute("aria-label")) return;
      if (control.classList.contains("admin-autocomplete")) return;
      const name = [text(nameSource(control)), rowName(control)].filter(Boolean).join(": ");
      if (name) control.setAttribute("aria-label", name);
    });
    // The rich-text editor's editing area stands for its (hidden) textarea.
    root.querySelectorAll(".ProseMirror[role=textbox]:not([aria-label])").forEach((box) => {
      const name = text(nameSource(box.closest(".prose-editor")?.querySelector("textarea")));
      if (name) box.setAttribute("aria-label", name);
    });
    // The magnifier of Django's two-list chooser (users' groups and permissions) is named
    // like a picture, but drawn as a span without a role (aria-prohibited-attr).
    root.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select + .select2").forEach((container) => {
      const select = container.previousElementSibling;
      const source = nameSource(select);
      if (!source) return;
      const sourceId = ensureId(source, `${select.id}-name`);
      const box = container.querySelector("[role=combobox]");
      const rendered = container.querySelector(".select2-selection__rendered[role=textbox]");
      if (rendered) {
        // One value: the box reads «Категорія: Новини АМУ», the value's own box «Категорія».
        rendered.setAttribute("aria-labelledby", sourceId);
        const names = `${sourceId} ${rendered.id}`;
        if (box && box.getAttribute("aria-labelledby") !== names) {
          box.setAttribute("aria-labelledby", names);
        }
      } else if (box && !box.hasAttribute("aria-labelledby")) {
        box.setAttribute("aria-labelledby", sourceId);
      }
      const search = container.querySelector(".select2-search__field");
      if (search && !search.hasAttribute("aria-labelledby")) {
        search.setAttribute("aria-labelledby", sourceId);
      }
      // «Прибрати все» is a mouse-only «×»; the keyboard clears with Backspace.
      container.querySelectorAll(".select2-selection__clear:not([aria-hidden])").forEach((clear) => {
        clear.setAttribute("aria-hidden", "true");
      });
    });
  }

  function fixLanguageTabs(root) {
    const $ = window.jQuery || (window.django && window.django.jQuery);
    root.querySelectorAll(".ui-tabs-nav li[role=tab]:not([data-a11y])").forEach((tab) => {
      const link = tab.querySelector(".ui-tabs-anchor");
      if (!link || !$ || !$.fn.tabs) return;
      tab.dataset.a11y = "";
      link.inert = true;
      if (link.title) tab.title = link.title;
      tab.addEventListener("click", () => {
        const tabs = tab.closest(".ui-tabs");
        $(tabs).tabs("option", "active", [...tab.parentElement.children].indexOf(tab));
      });
    });
    const switcher = root.querySelector("#modeltranslation-main-switch");
    if (switcher && !switcher.hasAttribute("aria-label") && window.gettext) {
      switcher.setAttribute("aria-label", window.gettext("Language of the fields"));
      // Nothing to switch on a read-only page: no empty menu.
      if (!switcher.options.length) switcher.hidden = true;
    }
  }

  function fix() {
    fixLanguageTabs(document);
    nameAutocompletes(document);
    nameControls(document);
  }

  // The packages draw their widgets when jQuery is ready, add them with a new inline form,
  // and select2 redraws its boxes on every choice.
  const observer = new MutationObserver((mutations) => {
    if (mutations.some((mutation) => mutation.addedNodes.length)) fix();
  });

  function start() {
    fix();
    observer.observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
