/* The rich-text editor's toolbar in the admin's language.
 *
 * django-prose-editor passes its dialog labels through window.gettext, but names its toolbar
 * buttons ("bold", "heading 2") and block styles ("Paragraph") in English in its code. Their
 * translations are in the project's djangojs catalogue (locale/uk/LC_MESSAGES/djangojs.po);
 * this script applies them as the editor draws its toolbar, without patching the package.
 */
(function () {
  "use strict";
  const translate = window.gettext;
  if (!translate) return;
  const ATTRIBUTES = ["title", "aria-label"];

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
