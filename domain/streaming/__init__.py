"""Playing a downloaded file in a phone's browser: what a file holds (`probe`), what to do with
each of its streams (`decisions`), and how it is cut into HLS segments (`segments`). Pure: the
adapter that runs ffprobe and ffmpeg lives in `bot.streaming`."""
