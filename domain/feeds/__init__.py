"""User-defined RSS feeds: generic RSS/Atom items, stable item keys and filters. Pure; the one
module with I/O is `fetcher.py` (HTTP with URL safety and conditional GET)."""
