"""Who may subscribe which chat, and who may change a subscription. Pure."""

from __future__ import annotations

from domain.errors import NotChatAdmin
from domain.models import ChatTarget, Subscription, TargetKind, User


def check_may_subscribe(user: User, target: ChatTarget, *, is_chat_admin: bool | None) -> None:
    """A person subscribes themselves in their private chat; in a group only its admins (or the
    box's admins) subscribe the group. Raises NotChatAdmin."""
    if target.kind is TargetKind.GROUP and not (is_chat_admin or user.is_admin):
        raise NotChatAdmin(f"user {user.id} is not an admin of chat {target.chat_id}")


def may_manage(
    user: User, subscription: Subscription, chat: ChatTarget, *, is_chat_admin: bool | None
) -> bool:
    """Box admins manage every subscription; a group's admins the group's (from that group);
    a person their own."""
    if user.is_admin:
        return True
    if subscription.target.kind is TargetKind.GROUP:
        return bool(is_chat_admin) and subscription.target == chat
    return subscription.user_id == user.id
