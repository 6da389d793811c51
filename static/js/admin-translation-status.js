/* Marks a language tab of modeltranslation's tabbed fields whose field is empty while the
   Ukrainian one is filled: the editor sees at a glance what the English version lacks.
   Runs once modeltranslation has built the tabs, and again as the editor types. */
(function () {
  "use strict";

  function isEmpty(panel) {
    var field = panel && panel.querySelector("input:not([type=hidden]), textarea, select");
    if (!field) return false;
    var value = field.value.replace(/<p>\s*(<br>)?\s*<\/p>/g, "").trim();
    return value === "";
  }

  function update(tab, missingLabel) {
    var link = tab.querySelector("a[href^='#tab_']");
    var id = link.getAttribute("href").slice(1);
    var match = id.match(/^(.*)_([a-z]{2})$/);
    if (!match || match[2] === "uk") return;
    var panel = document.getElementById(id);
    var original = document.getElementById(match[1] + "_uk");
    var missing = isEmpty(panel) && original && !isEmpty(original);
    tab.classList.toggle("mt-missing", Boolean(missing));
    var marker = link.querySelector(".mt-missing__marker");
    if (missing && !marker) {
      marker = document.createElement("span");
      marker.className = "mt-missing__marker";
      marker.textContent = " · " + missingLabel;
      link.appendChild(marker);
    } else if (!missing && marker) {
      marker.remove();
    }
  }

  function start() {
    var status = document.getElementById("translation-status");
    if (!status) return;
    var label = status.dataset.missing;
    function refresh() {
      document.querySelectorAll(".ui-tabs-nav li").forEach(function (tab) {
        update(tab, label);
      });
    }
    document.addEventListener("input", refresh);
    if (document.querySelector(".ui-tabs-nav li")) {
      refresh();
      return;
    }
    // modeltranslation builds the tabs in a jQuery ready handler, which may run after the
    // page's load event: wait for them rather than look once and find none.
    var observer = new MutationObserver(function () {
      if (document.querySelector(".ui-tabs-nav li")) {
        observer.disconnect();
        refresh();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
