"""Periodic jobs: thin wrappers that call the domain services on a timer.

`jobs.py` lists every job in one place; `runner.py` runs them on APScheduler in the bot's event
loop; `leader.py` makes sure one process runs them when several share a PostgreSQL database.
"""
