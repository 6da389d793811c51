// Share links (templates/includes/share_links.html). The links work without this script;
// it only shows the two buttons that need one: "copy link", and the device's own share
// sheet where the browser has the Web Share API (phones, mostly).
(function () {
  "use strict";
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var status = box.querySelector("[data-share-status]");
    var native = box.querySelector("[data-share-native]");
    var copy = box.querySelector("[data-share-copy]");
    if (native && navigator.share) {
      native.hidden = false;
      native.querySelector("button").addEventListener("click", function () {
        // A reader who closes the share sheet rejects the promise: nothing to report.
        navigator.share({ title: box.dataset.title, url: box.dataset.url }).catch(function () {});
      });
    }
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.querySelector("button").addEventListener("click", function () {
        navigator.clipboard.writeText(box.dataset.url).then(
          function () { status.textContent = box.dataset.copied; },
          function () { status.textContent = box.dataset.copyFailed; }
        );
      });
    }
  });
})();
