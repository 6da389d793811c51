/* Videos in the text (images/video.py): the poster is a link to the video on its host;
 * pressing it here puts the host's player in its place instead, so nothing is loaded from
 * the host before the reader asks for it. */
(function () {
  "use strict";
  // The script comes once per text that has a video; one listener serves them all.
  if (window.amuVideos) return;
  window.amuVideos = true;

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-video-player]");
    // A new tab or window (Ctrl, Shift, middle button) still opens the host's page.
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const player = document.createElement("iframe");
    player.className = "video__player";
    player.src = link.dataset.videoPlayer;
    player.title = link.textContent.trim();
    player.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    player.allowFullscreen = true;
    player.referrerPolicy = "strict-origin-when-cross-origin";
    link.replaceWith(player);
    player.focus();
  });
})();
