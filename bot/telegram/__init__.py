"""The Telegram front-end: translates between the Bot API and the shared command Dispatcher.

`build_application` assembles a python-telegram-bot Application; `run_telegram` runs it in the
current event loop beside the HTTP server and the scheduler.
"""
