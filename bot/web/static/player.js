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

  // Where the viewer is, told to the box now and then, so the link offers to resume later. Not
  // before playback has started: opening the page and leaving must not forget the last place.
  var positionUrl = video.dataset.positionUrl;
  var started = false;
  var lastReport = 0;
  var REPORT_EVERY = 10000;

  function report() {
    var duration = video.duration;
    if (!positionUrl || !started || !isFinite(duration) || duration <= 0) {
      return;
    }
    lastReport = Date.now();
    fetch(positionUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ position: video.currentTime, duration: duration }),
      keepalive: true,
      credentials: "omit",
    }).catch(function () {});
  }

  video.addEventListener("playing", function () {
    started = true;
  });
  video.addEventListener("timeupdate", function () {
    if (!video.paused && Date.now() - lastReport >= REPORT_EVERY) {
      report();
    }
  });
  video.addEventListener("pause", report);
  video.addEventListener("seeked", report);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      report();
    }
  });
  window.addEventListener("pagehide", report);

  // "Resume from 12:34" when the box remembers a place; either button puts the offer away.
  var resume = document.getElementById("resume");
  if (resume) {
    var at = parseFloat(video.dataset.resume);
    document.getElementById("resume-yes").addEventListener("click", function () {
      resume.hidden = true;
      seekTo(at);
      video.play().catch(function () {});
    });
    document.getElementById("resume-no").addEventListener("click", function () {
      resume.hidden = true;
    });
    video.addEventListener("play", function () {
      resume.hidden = true;
    });
  }

  function seekTo(at) {
    if (video.readyState >= 1) {
      video.currentTime = at;
      return;
    }
    video.addEventListener("loadedmetadata", function () {
      video.currentTime = at;
    }, { once: true });
  }

  // "Mark episode N watched" once the viewer is 85 % of the way through.
  var watched = document.getElementById("watched");
  var WATCHED_SHARE = 0.85;
  if (watched) {
    video.addEventListener("timeupdate", function () {
      var duration = video.duration;
      if (watched.hidden && isFinite(duration) && duration > 0 &&
          video.currentTime >= duration * WATCHED_SHARE) {
        watched.hidden = false;
      }
    });
    watched.addEventListener("click", function () {
      watched.disabled = true;
      fetch(watched.dataset.url, { method: "POST", credentials: "omit" })
        .then(function (answer) {
          if (!answer.ok) {
            throw answer.status;
          }
          return answer.json();
        })
        .then(function (result) {
          if (result.changed) {
            watched.textContent = "Episode " + result.episode + " marked watched on AniList";
          } else {
            watched.textContent = "AniList already has you at episode " + result.progress;
          }
        })
        .catch(function (code) {
          watched.disabled = false;
          say(explainWatched(code), true);
        });
    });
  }

  function explainWatched(code) {
    if (code === 409) {
      return "Your AniList sign-in has expired. Send /link to the bot, then try again.";
    }
    if (code === 404) {
      return "That show is not on your AniList watching list.";
    }
    if (code === 403 || code === 410) {
      return explain(code);
    }
    return "AniList did not answer. Try again in a minute.";
  }

  // ASS/SSA tracks drawn by libass (JASSUB, WebAssembly) with the file's own fonts, over the
  // video; the track's WebVTT stays the fallback where it cannot run. The browser's captions
  // menu still chooses the track: a chosen ASS track is hidden from the browser and drawn here.
  var libass = null;
  var drawn = null; // the <track> element libass draws
  var staticBase = video.dataset.static;

  function absoluteUrl(relative) {
    return new URL(relative, document.baseURI).href; // the worker resolves against its own URL
  }

  function startLibass(element) {
    if (!staticBase || !window.JASSUB || typeof WebAssembly !== "object") {
      return false;
    }
    try {
      if (!libass) {
        var fonts = (video.dataset.fonts || "").split(" ").filter(Boolean).map(absoluteUrl);
        libass = new window.JASSUB({
          video: video,
          subUrl: absoluteUrl(element.dataset.ass),
          workerUrl: absoluteUrl(staticBase + "jassub-worker.js"),
          wasmUrl: absoluteUrl(staticBase + "jassub-worker.wasm"),
          fonts: fonts,
          availableFonts: { "liberation sans": absoluteUrl(staticBase + "default.woff2") },
          fallbackFont: "liberation sans",
        });
      } else {
        libass.setTrackByUrl(absoluteUrl(element.dataset.ass));
      }
    } catch (_error) {
      libass = null;
      return false;
    }
    drawn = element;
    return true;
  }

  function chooseSubtitles() {
    var elements = video.querySelectorAll("track");
    var chosen = null;
    for (var i = 0; i < elements.length; i++) {
      var mode = elements[i].track.mode;
      if (mode === "showing" || (elements[i] === drawn && mode === "hidden")) {
        chosen = elements[i];
        break;
      }
    }
    if (chosen && chosen === drawn) {
      return;
    }
    if (drawn && libass) {
      libass.freeTrack();
    }
    drawn = null;
    if (chosen && chosen.dataset.ass && startLibass(chosen)) {
      chosen.track.mode = "hidden"; // its cues stay readable; libass draws it
    }
  }

  if (staticBase) {
    video.textTracks.addEventListener("change", chooseSubtitles);
    video.addEventListener("loadedmetadata", chooseSubtitles, { once: true });
  }

  if (audio) {
    audio.addEventListener("change", function () {
      var option = audio.options[audio.selectedIndex];
      load(option.value, video.currentTime, !video.paused);
    });
  }
  load(video.dataset.src, 0, false);
})();
