"""Running ffprobe and ffmpeg for the player: bounded jobs, on-demand segments, their cache.

The decisions are `domain.streaming`'s; this package only carries them out. Every command line
is built by `commands` from a probe of a file the box downloaded: nothing from a request ever
reaches an argument.
"""
