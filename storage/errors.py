"""Every error the storage layer raises on purpose, in one tree.

    StorageError                 the database or its files failed; never the caller's fault
    ├── DatabaseUrlError         DATABASE_URL is malformed or names an unsupported backend
    ├── DatabaseUnavailable      the database could not be reached or answered with an error
    ├── MigrationError           pending migrations could not be applied
    │   └── SchemaBehind         the database lacks migrations, and this process may not apply
    │                            them (`serve-files` reads a schema another process owns)
    └── BackupError              a backup or restore failed: tool missing or failing, file absent,
                                 unreadable or corrupt; the live database is left as it was

Repositories raise `domain.errors.NotFound` and `domain.errors.InvalidInput` for what the caller
asked wrongly, and these for what went wrong underneath. Messages are for logs, not for chat.
"""

from __future__ import annotations


class StorageError(Exception):
    """Base of every error the storage layer raises on purpose."""


class DatabaseUrlError(StorageError):
    pass


class DatabaseUnavailable(StorageError):
    pass


class MigrationError(StorageError):
    pass


class SchemaBehind(MigrationError):
    pass


class BackupError(StorageError):
    pass
