"""`iiitorrent`: the entrypoint. Reads settings, configures logging once, runs one command."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.logging_setup import configure_logging
from bot.settings import Settings, SettingsError
from storage.errors import SchemaBehind

logger = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iiitorrent", description="A self-hosted anime torrent box behind a chat bot."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bots, the HTTP server and the scheduler")
    commands.add_parser(
        "serve-files",
        help="only the public file server (links, the player) of this node's qBittorrent",
    )
    commands.add_parser("console", help="the bot's commands in this terminal")
    commands.add_parser("migrate", help="apply database migrations")
    backup = commands.add_parser("backup", help="write a backup of the database")
    backup.add_argument(
        "--to", type=Path, default=None, help="folder for the backup (default DATA_DIR/backups)"
    )
    restore = commands.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("file", type=Path, help="a file written by `iiitorrent backup`")
    admin = commands.add_parser("admin", help="maintenance an admin runs by hand")
    admin_commands = admin.add_subparsers(dest="admin_command", required=True)
    admin_commands.add_parser(
        "reencrypt", help="re-encrypt stored AniList tokens under the first ENCRYPTION_KEY"
    )
    admin_commands.add_parser(
        "sync-commands",
        help="register the Discord slash commands now (a start does so only when they changed)",
    )
    return parser


async def _sync_discord_commands(settings: Settings) -> int:
    """`iiitorrent admin sync-commands`: log in with DISCORD_BOT_TOKEN, register the slash
    commands whatever DATA_DIR's record of the last sync says, record them, exit."""
    if settings.discord_bot_token is None:
        raise SettingsError("DISCORD_BOT_TOKEN is not set; sync-commands logs in as the bot")
    import discord

    from bot.discord.endpoint import use_api_base_url
    from bot.discord.sync import COMMANDS_STATE_FILE, register_commands

    use_api_base_url(settings.discord_api_base_url)
    token, state = settings.discord_bot_token.reveal(), settings.data_dir / COMMANDS_STATE_FILE
    try:
        count = await register_commands(token, state)
    except discord.LoginFailure:
        print("iiitorrent: Discord refused DISCORD_BOT_TOKEN", file=sys.stderr)
        return 1
    except (discord.HTTPException, discord.RateLimited, OSError) as exc:
        print(f"iiitorrent: the Discord commands were not synced: {exc}", file=sys.stderr)
        return 1
    print(f"synced {count} Discord slash command(s)")
    return 0


async def _run_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "admin" and args.admin_command == "sync-commands":
        return await _sync_discord_commands(settings)  # needs no database, nothing of bot.app
    # Imported here so `iiitorrent --help` stays quick and nothing heavy loads before it is needed.
    from bot import app
    from storage.backup import backup, restore
    from storage.migrate import migrate

    match args.command:
        case "run":
            await app.run(settings)
        case "serve-files":
            await app.serve_files(settings)
        case "console":
            await app.console(settings, interactive=sys.stdin.isatty())
        case "migrate":
            applied = await migrate(settings.database_url)
            print(
                f"applied {len(applied)} migration(s)"
                + (f": {', '.join(applied)}" if applied else "")
            )
        case "backup":
            destination = args.to or settings.data_dir / "backups"
            print(await backup(settings.database_url, destination))
        case "admin":
            done, dropped = await app.reencrypt_tokens(settings)
            print(f"re-encrypted {done} token(s); dropped {dropped} no key could open")
        case "restore":
            await restore(settings.database_url, args.file)
            print(f"restored {args.file}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.load()
    except SettingsError as exc:
        print(f"iiitorrent: configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.secrets())
    try:
        return asyncio.run(_run_command(args, settings))
    except KeyboardInterrupt:
        return 130
    except SettingsError as exc:
        print(f"iiitorrent: configuration error: {exc}", file=sys.stderr)
        return 2
    except SchemaBehind as exc:
        print(f"iiitorrent: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
