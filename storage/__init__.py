"""Tortoise-orm models, repositories that return domain objects, aerich migrations, backups.

Entry points: `database.open_database`, `migrate.migrate`, `backup.backup` and `backup.restore`,
and the repositories in `repositories/`. Nothing here runs at import time.
"""
