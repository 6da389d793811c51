/* Galleries in the text (images/gallery.py): each thumbnail is a link to the large image;
 * here it opens in the gallery's <dialog> instead, with its caption, previous and next
 * (buttons, arrow keys or a swipe). Escape closes it and the focus returns to the thumbnail. */
(function () {
  "use strict";
  // The script comes once per text that has a gallery; one listener serves them all.
  if (window.amuGalleries) return;
  window.amuGalleries = true;

  function show(gallery, index) {
    const links = gallery.querySelectorAll(".gallery__link");
    const dialog = gallery.querySelector(".gallery__dialog");
    index = (index + links.length) % links.length;
    const link = links[index];
    const thumbnail = link.querySelector("img");
    let large = dialog.querySelector(".gallery__large");
    if (!large) {
      large = document.createElement("img");
      large.className = "gallery__large";
      dialog.querySelector(".gallery__view").prepend(large);
    }
    large.src = link.getAttribute("href");
    large.width = Number(link.dataset.width);
    large.height = Number(link.dataset.height);
    large.alt = thumbnail ? thumbnail.alt : "";
    const caption = link.closest("figure").querySelector("figcaption");
    dialog.querySelector(".gallery__caption").replaceChildren(
      ...(caption ? caption.cloneNode(true).childNodes : [])
    );
    dialog.querySelector(".gallery__position").textContent = index + 1 + " / " + links.length;
    dialog.dataset.index = index;
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest(".gallery__link");
    if (link) {
      // A new tab or window (Ctrl, Shift, middle button) still opens the image itself.
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      const gallery = link.closest("[data-gallery]");
      const dialog = gallery.querySelector(".gallery__dialog");
      if (typeof dialog.showModal !== "function") return;
      event.preventDefault();
      show(gallery, Array.from(gallery.querySelectorAll(".gallery__link")).indexOf(link));
      dialog.opener = link;
      dialog.showModal();
      dialog.querySelector(".gallery__close").focus();
      return;
    }
    const button = event.target.closest("[data-gallery-step], [data-gallery-close]");
    if (!button) return;
    const dialog = button.closest(".gallery__dialog");
    if (button.hasAttribute("data-gallery-close")) dialog.close();
    else show(dialog.closest("[data-gallery]"), Number(dialog.dataset.index) + Number(button.dataset.galleryStep));
  });

  document.addEventListener("keydown", function (event) {
    const dialog = event.target.closest && event.target.closest(".gallery__dialog[open]");
    if (!dialog || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
    event.preventDefault();
    show(dialog.closest("[data-gallery]"), Number(dialog.dataset.index) + (event.key === "ArrowRight" ? 1 : -1));
  });

  // On a phone, a sideways swipe: to the left for the next photo, to the right for the previous.
  let swipe = null;
  document.addEventListener("touchstart", function (event) {
    const dialog = event.target.closest && event.target.closest(".gallery__dialog[open]");
    const touch = event.touches[0];
    swipe = dialog && event.touches.length === 1 ? { dialog, x: touch.clientX, y: touch.clientY } : null;
  }, { passive: true });
  document.addEventListener("touchend", function (event) {
    if (!swipe) return;
    const touch = event.changedTouches[0];
    const dx = touch.clientX - swipe.x;
    const dy = touch.clientY - swipe.y;
    const dialog = swipe.dialog;
    swipe = null;
    if (Math.abs(dx) < 50 || Math.abs(dx) < 2 * Math.abs(dy)) return;  // a tap or a scroll
    show(dialog.closest("[data-gallery]"), Number(dialog.dataset.index) + (dx < 0 ? 1 : -1));
  }, { passive: true });

  // Escape, the close button or the form: the focus goes back to the thumbnail.
  document.addEventListener("close", function (event) {
    const dialog = event.target;
    if (dialog.classList && dialog.classList.contains("gallery__dialog") && dialog.opener) {
      dialog.opener.focus();
    }
  }, true);
})();
