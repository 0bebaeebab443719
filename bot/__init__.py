"""Front-ends and the process: Telegram, console, HTTP, and `app.py`, the one composition root."""
