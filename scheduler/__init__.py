"""Periodic jobs: feeds, watchlists, airing, completions, outbox, backups, cleanup."""
