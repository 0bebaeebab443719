"""Errors of the chat layer itself, beside the domain's tree.

BotError
├── UnknownCommand   a /word no command answers to
├── UsageError       a known command with arguments it cannot read; carries the command
├── MessageTooLong   more text than any command takes
├── NotYours         a button (or its short command) made for someone else's request
└── ChoiceExpired    a button whose list of choices is gone (too old, or the bot restarted)
"""

from __future__ import annotations


class BotError(Exception):
    pass


class UnknownCommand(BotError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown command /{name}")
        self.name = name


class UsageError(BotError):
    def __init__(self, command: str, usage: str) -> None:
        super().__init__(f"usage: /{command} {usage}".rstrip())
        self.command = command
        self.usage = usage


class MessageTooLong(BotError):
    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"message of {length} characters, limit {limit}")
        self.limit = limit


class NotYours(BotError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} belongs to another user")


class ChoiceExpired(BotError):
    def __init__(self, token: str) -> None:
        super().__init__(f"no list of choices {token!r}")
