"""A reply longer than one Telegram message arrives whole, in several plain-text messages."""

from __future__ import annotations

from domain.models import Platform
from tests.integration.telegram.people import ADMIN_ID, Person
from tests.standins.telegram import MAX_TEXT_LENGTH, TelegramStandIn
from tests.world import World


async def test_a_long_status_list_arrives_in_several_messages_broken_between_downloads(
    admin: Person, standin: TelegramStandIn, world: World
) -> None:
    user = await world.services.accounts.identify(Platform.TELEGRAM, str(ADMIN_ID), "Alice")
    for number in range(1, 61):
        info_hash = f"{number:040x}"
        name = f"[SubsPlease] Sousou no Frieren - {number:02d} (1080p) [{number:08X}].mkv"
        await world.torrents.add(name, info_hash=info_hash, owner_id=user.id)
        await world.downloads.add(info_hash=info_hash, owner_id=user.id, name=name, request_id=None)

    mark = len(standin.calls)
    admin.write("/status")
    # Newest first, so the oldest download closes the list.
    await standin.wait_for(
        lambda c: c.method == "sendMessage" and c.ok and "\n#1 [SubsPlease]" in c.text,
        since=mark,
    )

    parts = [m.text for m in standin.sent(admin.chat)]
    assert len(parts) >= 2
    # Telegram's count, not the bot's: UTF-16 code units, at most the stand-in's limit.
    assert all(len(part.encode("utf-16-le")) // 2 <= MAX_TEXT_LENGTH for part in parts)
    assert parts[0].startswith("Your downloads (60):")
    whole = "\n".join(parts)
    for number in range(1, 61):
        assert f"#{number} [SubsPlease] Sousou no Frieren - {number:02d} (1080p)" in whole
    # No download is cut in half: every part after the first starts with a title line, and
    # ends with a progress line.
    assert all(part.startswith("#") for part in parts[1:])
    assert all(part.endswith("0% · 0 B/s · ETA ∞") for part in parts)
