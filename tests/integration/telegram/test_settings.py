"""/settings on a phone: the buttons under the settings change them, and the message shows what
is now stored."""

from __future__ import annotations

from domain.models import Platform, Preferences
from tests.integration.telegram.people import MEMBER_ID, Person
from tests.standins.telegram import TelegramStandIn
from tests.world import World


async def test_pressing_settings_buttons_changes_them(
    running: object, standin: TelegramStandIn, world: World
) -> None:
    mia = Person(standin, MEMBER_ID, "Mia")
    shown = await mia.send("/settings")
    assert "Preferred resolution: 1080p" in shown.text
    assert all(len(data.encode()) <= 64 for data in shown.button_data)

    await mia.press(shown, "/settings resolution 720")
    after = standin.message(shown.chat_id, shown.message_id)
    assert "Saved." in after.text and "Preferred resolution: 720p" in after.text
    await mia.press(after, "/settings trusted on")
    after = standin.message(shown.chat_id, shown.message_id)
    assert "Trusted uploaders only: on" in after.text
    assert "/settings trusted off" in after.button_data  # the toggle turned round

    user = await world.users.by_identity(Platform.TELEGRAM, str(MEMBER_ID))
    assert user is not None
    assert user.preferences == Preferences(resolution=720, trusted_only=True)


async def test_a_bad_value_typed_gets_a_reason_and_changes_nothing(
    running: object, standin: TelegramStandIn, world: World
) -> None:
    mia = Person(standin, MEMBER_ID, "Mia")
    answer = await mia.send("/settings resolution 900")
    assert "use one of 480, 720, 1080, 2160" in answer.text
    user = await world.users.by_identity(Platform.TELEGRAM, str(MEMBER_ID))
    assert user is not None and user.preferences == Preferences()
