// The player page's one script: plays the HLS stream, natively where the browser can (Safari)
// and through hls.js over Media Source Extensions elsewhere. What it shows on failure is the
// web front-end's wording; the server only answers with a status.
(function () {
  "use strict";
  var video = document.getElementById("player");
  var status = document.getElementById("status");
  var audio = document.getElementById("audio");
  if (!video) {
    return;
  }
  var hls = null;

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "status error" : "status";
  }

  function explain(code) {
    if (code === 503) {
      return "The box is busy converting another video for someone. Try again in a few minutes, or use Download.";
    }
    if (code === 410) {
      return "This link has expired. Ask the bot for a new one.";
    }
    if (code === 403) {
      return "This link is not valid any more. Ask the bot for a new one.";
    }
    if (code === 422) {
      return "This part of the file cannot be played in the browser. Use Download to watch it in a player app.";
    }
    return "The video stopped loading. Reload the page, or use Download.";
  }

  // Safari's own HLS player is the one Apple tunes for iPhones; elsewhere hls.js is.
  function native() {
    var can = !!video.canPlayType("application/vnd.apple.mpegurl");
    var apple = navigator.vendor === "Apple Computer, Inc.";
    return can && (apple || !(window.Hls && window.Hls.isSupported()));
  }

  function load(src, at, play) {
    if (hls) {
      hls.destroy();
      hls = null;
    }
    if (at > 0) {
      video.addEventListener("loadedmetadata", function () {
        video.currentTime = at;
      }, { once: true });
    }
    if (play) {
      video.addEventListener("canplay", function () {
        video.play().catch(function () {});
      }, { once: true });
    }
    if (native()) {
      video.src = src;
      return;
    }
    if (!(window.Hls && window.Hls.isSupported())) {
      say("This browser cannot play the stream. Use Download to watch it in a player app.", true);
      return;
    }
    hls = new window.Hls({ maxBufferLength: 30, backBufferLength: 60 });
    hls.on(window.Hls.Events.ERROR, function (_event, data) {
      if (!data.fatal) {
        return;
      }
      var code = data.response && data.response.code;
      say(explain(code), true);
      if (hls) {
        hls.destroy();
        hls = null;
      }
    });
    hls.loadSource(src);
    hls.attachMedia(video);
  }

  video.addEventListener("error", function () {
    if (!hls) {
      say(explain(0), true);
    }
  });
  video.addEventListener("playing", function () {
    if (status.className === "status") {
      say("");
    }
  });

  if (audio) {
    audio.addEventListener("change", function () {
      var option = audio.options[audio.selectedIndex];
      load(option.value, video.currentTime, !video.paused);
    });
  }
  load(video.dataset.src, 0, false);
})();
