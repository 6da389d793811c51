// The editor's "Browse…" window (django-prose-editor's pickerUrl, CKEditor-style protocol):
// hands the chosen image's address, description and caption back to the picture dialog.
(function () {
  "use strict";
  const funcNum = Number(new URLSearchParams(window.location.search).get("CKEditorFuncNum"));

  function choose(element) {
    const editor = window.opener && window.opener.CKEDITOR;
    if (!editor || !funcNum) return;
    editor.tools.callFunction(funcNum, element.dataset.url, {
      id: element.dataset.id,
      alternative_text: element.dataset.alt || "",
      caption: element.dataset.caption || "",
    });
    window.close();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-picker-choose]").forEach(function (button) {
      button.addEventListener("click", function () { choose(button); });
    });
    const chosen = document.querySelector("[data-picker-chosen]");
    if (chosen) choose(chosen);
  });
})();
