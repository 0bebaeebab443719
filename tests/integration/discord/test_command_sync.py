"""The slash commands are synced at start only when the command table changed (Discord allows
200 command creations a day), remembered in a file under DATA_DIR; `iiitorrent admin
sync-commands` syncs whatever that file says."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

import pytest

from bot import cli
from bot.commands import COMMANDS, Command, Reply
from bot.commands.base import Context
from bot.discord.client import build_client, run_discord
from bot.discord.endpoint import use_api_base_url
from bot.discord.sync import COMMANDS_STATE_FILE
from bot.settings import Settings
from tests.harness.process import ROOT, process_env
from tests.standins.discord import ApiCall, DiscordStandIn
from tests.world import World


async def _pong(ctx: Context) -> Reply:
    return Reply("pong")


WITH_PING = [*COMMANDS, Command("ping", _pong, "are you there?")]


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / COMMANDS_STATE_FILE


def recorded(state: Path) -> str | None:
    """What the record of the last sync holds; None when there is no such file."""
    return state.read_text() if state.is_file() else None


def spoil(state: Path, record: bytes | None) -> None:
    """Leave a record that is not one: these bytes, or (None) a directory in its place."""
    if record is None:
        state.mkdir()
    else:
        state.write_bytes(record)


def syncs(standin: DiscordStandIn) -> list[ApiCall]:
    """The bulk overwrites of the global commands: what `CommandTree.sync` sends."""
    path = f"/applications/{standin.application_id}/commands"
    return [c for c in standin.calls if c.method == "PUT" and c.path == path]


async def start(
    standin: DiscordStandIn, world: World, state: Path, commands: list[Command] = COMMANDS
) -> None:
    """One start and stop of the bot, as `iiitorrent run` does it; logging in is when it syncs."""
    client = build_client(
        world.dispatcher, world.services, world.box.progress, commands=commands, sync_state=state
    )
    async with run_discord(client, standin.token):
        pass


@pytest.mark.usefixtures("api_base")
async def test_the_first_start_syncs_and_the_next_with_the_same_commands_does_not(
    standin: DiscordStandIn, world: World, state: Path
) -> None:
    await start(standin, world, state)
    first = recorded(state)

    assert len(syncs(standin)) == 1
    assert [c["name"] for c in standin.commands] == [c.name for c in COMMANDS]
    assert first and re.fullmatch(r"[0-9a-f]{64}\n", first)

    await start(standin, world, state)
    assert len(syncs(standin)) == 1  # nothing changed: Discord is not asked again
    assert recorded(state) == first


@pytest.mark.usefixtures("api_base")
async def test_a_changed_command_table_is_synced_once(
    standin: DiscordStandIn, world: World, state: Path
) -> None:
    await start(standin, world, state)
    before = recorded(state)

    await start(standin, world, state, WITH_PING)
    await start(standin, world, state, WITH_PING)

    assert len(syncs(standin)) == 2
    assert "ping" in {c["name"] for c in standin.commands}
    assert recorded(state) not in (None, before)


@pytest.mark.usefixtures("api_base")
async def test_another_bot_token_means_another_application_and_a_sync(
    standin: DiscordStandIn, world: World, state: Path
) -> None:
    await start(standin, world, state)
    async with DiscordStandIn() as other:
        other.application_id += 1
        other.bot_user["id"] = str(other.application_id)
        previous = use_api_base_url(other.base_url)
        try:
            await start(other, world, state)
        finally:
            use_api_base_url(previous)

        assert len(syncs(other)) == 1


@pytest.mark.parametrize(
    "record",
    [b"", b"not a digest\n", b"\xff\xfe\x00\x9c garbage", b"0" * 64 + b"\n"],
    ids=["empty", "words", "binary", "another-table"],
)
@pytest.mark.usefixtures("api_base")
async def test_a_corrupt_record_means_sync(
    standin: DiscordStandIn, world: World, state: Path, record: bytes
) -> None:
    spoil(state, record)

    await start(standin, world, state)
    await start(standin, world, state)

    assert len(syncs(standin)) == 1  # synced once, and the repaired record held
    assert re.fullmatch(r"[0-9a-f]{64}\n", recorded(state) or "")


@pytest.mark.usefixtures("api_base")
async def test_an_unreadable_record_means_sync_and_the_bot_still_starts(
    standin: DiscordStandIn, world: World, state: Path
) -> None:
    spoil(state, None)  # neither readable nor replaceable as a file

    await start(standin, world, state)
    await start(standin, world, state)

    assert len(syncs(standin)) == 2  # nothing could be recorded, so every start syncs
    assert recorded(state) is None


@pytest.mark.usefixtures("api_base")
async def test_a_refused_sync_is_not_recorded_and_the_bot_still_starts(
    standin: DiscordStandIn, world: World, state: Path
) -> None:
    path = f"/applications/{standin.application_id}/commands"
    standin.fail_next("PUT", path, retry_after=3600)  # Discord's daily limit on creations

    await start(standin, world, state)
    assert recorded(state) is None
    assert [c.status for c in syncs(standin)] == [429]

    await start(standin, world, state)
    assert [c.status for c in syncs(standin)] == [429, 200]
    assert recorded(state) is not None


def sync_command(standin: DiscordStandIn, data_dir: Path, *, token: str | None = None) -> Settings:
    environ = {
        "DISCORD_BOT_TOKEN": token or standin.token,
        "DISCORD_API_BASE_URL": standin.base_url,
        "DATA_DIR": str(data_dir),
    }
    return Settings.load(environ, env_file=None)


@pytest.mark.usefixtures("api_base")
async def test_admin_sync_commands_syncs_whatever_the_record_says(
    standin: DiscordStandIn,
    world: World,
    state: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await start(standin, world, state)
    before = recorded(state)
    args = cli.build_parser().parse_args(["admin", "sync-commands"])

    code = await cli._run_command(args, sync_command(standin, tmp_path))

    assert code == 0
    assert capsys.readouterr().out == f"synced {len(COMMANDS)} Discord slash command(s)\n"
    assert len(syncs(standin)) == 2
    assert recorded(state) == before  # the same table as the bot's own
    await start(standin, world, state)
    assert len(syncs(standin)) == 2


@pytest.mark.usefixtures("api_base")
async def test_admin_sync_commands_with_a_wrong_token_says_so(
    standin: DiscordStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = cli.build_parser().parse_args(["admin", "sync-commands"])

    code = await cli._run_command(args, sync_command(standin, tmp_path, token="wrong.token"))

    assert code == 1
    assert capsys.readouterr().err == "iiitorrent: Discord refused DISCORD_BOT_TOKEN\n"
    assert syncs(standin) == []
    assert recorded(tmp_path / COMMANDS_STATE_FILE) is None


async def test_admin_sync_commands_without_a_token_is_a_clear_error(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "admin", "sync-commands",
        cwd=tmp_path,  # no stray .env
        env={**process_env({"DATA_DIR": str(tmp_path)}), "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 30)

    assert process.returncode == 2
    assert err.decode() == (
        "iiitorrent: configuration error: "
        "DISCORD_BOT_TOKEN is not set; sync-commands logs in as the bot\n"
    )
    assert out == b""
