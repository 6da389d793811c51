/* What the admin's scripts draw, in the admin's language, from the project's djangojs
 * catalogue (locale/uk/LC_MESSAGES/djangojs.po), without patching the packages:
 *
 * - django-prose-editor passes its dialog labels through window.gettext, but names its
 *   toolbar buttons ("bold", "heading 2") and block styles ("Paragraph") in English in code;
 * - Django's calendar titles a month with the name its dates use: Ukrainian needs the
 *   nominative there («Грудень 2026»), the genitive in a date («6 грудня 2026»).
 */
(function () {
  "use strict";
  const translate = window.gettext;
  if (!translate) return;
  const ATTRIBUTES = ["title", "aria-label"];
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const NOMINATIVE = new Map(
    MONTHS.map((month) => [translate(month), window.pgettext ? pgettext("calendar caption", month) : month])
  );

  function localize(root) {
    root.querySelectorAll(".prose-menubar [title], .prose-menubar [aria-label]").forEach((element) => {
      ATTRIBUTES.forEach((name) => {
        const value = element.getAttribute(name);
        if (value && translate(value) !== value) element.setAttribute(name, translate(value));
      });
    });
    // The block style menu: «Heading 2», «Paragraph» as text.
    root.querySelectorAll(".prose-menubar__dropdown > *, .prose-menubar__dropdown * ").forEach((element) => {
      if (element.children.length) return;
      const text = element.textContent.trim();
      if (text && translate(text) !== text) element.textContent = translate(text);
    });
    root.querySelectorAll(".calendar caption").forEach((caption) => {
      const [month, ...rest] = caption.textContent.split(" ");
      if (NOMINATIVE.has(month) && NOMINATIVE.get(month) !== month) {
        caption.textContent = [NOMINATIVE.get(month), ...rest].join(" ");
      }
    });
  }

  // How long a description for search engines is, as it is typed («87 з 160 символів»).
  function countCharacters() {
    document.querySelectorAll('input[id^="id_meta_description"][maxlength]').forEach((input) => {
      const counter = document.createElement("div");
      counter.className = "help length-count";
      counter.setAttribute("aria-live", "polite");
      const update = () => {
        counter.textContent = interpolate(
          translate("%(count)s of %(max)s characters"),
          { count: input.value.length, max: input.maxLength },
          true
        );
      };
      update();
      input.addEventListener("input", update);
      input.after(counter);
    });
  }

  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === "attributes" || mutation.addedNodes.length) {
        localize(document);
        return;
      }
    }
  });

  function start() {
    countCharacters();
    localize(document);
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ATTRIBUTES,
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
