#!/bin/sh
# A daily PostgreSQL base backup beside the continuous WAL archive: with both, the database can be
# rebuilt to any moment up to the last archived segment (archive_timeout bounds that at 5 min).
# Runs in the `pg-base-backup` service, over the server's Unix socket (pg_hba allows local
# replication), as the postgres account.
set -eu
BACKUPS=/base-backups
ARCHIVE=/wal-archive
KEEP="${BASE_BACKUP_KEEP:-7}"
INTERVAL="${BASE_BACKUP_INTERVAL:-86400}"

until pg_isready -h /var/run/postgresql -q; do sleep 5; done
while true; do
    stamp="$(date -u +%Y%m%dT%H%M%SZ)"
    target="$BACKUPS/base-$stamp"
    if pg_basebackup -h /var/run/postgresql -U "$POSTGRES_USER" -D "$target.partial" \
        --format=tar --gzip --wal-method=fetch --checkpoint=fast --no-password; then
        mv "$target.partial" "$target"
        echo "base backup $target done"
        # Keep the newest $KEEP, then drop archived WAL the oldest kept one no longer needs.
        ls -1d "$BACKUPS"/base-* 2>/dev/null | grep -v '\.partial$' | sort -r \
            | tail -n +"$((KEEP + 1))" | xargs -r rm -rf
        oldest="$(ls -1d "$BACKUPS"/base-* | grep -v '\.partial$' | sort | head -n 1)"
        label="$(tar -xzOf "$oldest/base.tar.gz" backup_label 2>/dev/null \
            | sed -n 's/^START WAL LOCATION: .* (file \(.*\))$/\1/p')"
        [ -n "$label" ] && pg_archivecleanup "$ARCHIVE" "$label"
    else
        rm -rf "$target.partial"
        echo "base backup failed; trying again in an hour" >&2
        sleep 3600
        continue
    fi
    sleep "$INTERVAL"
done
