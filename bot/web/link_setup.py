"""Building the link service and its routes from settings, for the composition root."""

from __future__ import annotations

import os
from pathlib import Path

from bot.settings import Settings
from bot.web.files import LinkServer
from domain.links.keyfile import load_or_create_key
from domain.links.tokens import LinkKey, LinkSigner
from domain.ports import Clock, DownloadRepository, TorrentClient, UserRepository
from domain.services.files import FileService


def link_signer(settings: Settings, clock: Clock) -> LinkSigner:
    """LINK_SECRET's keys, newest first; without any, one generated once under DATA_DIR."""
    secrets = [secret.reveal() for secret in settings.link_secrets]
    if not secrets:
        secrets = [load_or_create_key(settings.data_dir)]
    return LinkSigner([LinkKey.from_secret(s) for s in secrets], clock, ttl=settings.link_ttl)


def download_root(settings: Settings) -> Path:
    # Absolute but not resolved: qBittorrent may report the same path, symlinks and all.
    return Path(os.path.abspath(settings.download_dir))


def build_file_service(
    settings: Settings,
    *,
    users: UserRepository,
    downloads: DownloadRepository,
    torrents: TorrentClient,
    clock: Clock,
) -> FileService:
    return FileService(
        users=users,
        downloads=downloads,
        torrents=torrents,
        signer=link_signer(settings, clock),
        download_dir=str(download_root(settings)),
        public_url=settings.public_url,
    )


def link_server(files: FileService | None, settings: Settings) -> LinkServer | None:
    return None if files is None else LinkServer(files, download_root(settings))
