// Click-to-load videos: the page asks nothing of PeerTube, YouTube or Vimeo until the visitor
// clicks; then the preview is replaced by the player's <iframe>. Without JavaScript the
// preview keeps its plain link to the video's page.
(function () {
  "use strict";
  document.querySelectorAll(".video-preview[data-embed]").forEach(function (preview) {
    var button = preview.querySelector(".video-preview-load");
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.className = "video-frame";
      frame.title = preview.dataset.title;
      frame.src = preview.dataset.embed;
      frame.allow = "fullscreen; picture-in-picture; encrypted-media";
      frame.allowFullscreen = true;
      // The site sends no referrer (same-origin policy); some players need the origin.
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      preview.replaceWith(frame);
      frame.focus();
    });
  });
})();
