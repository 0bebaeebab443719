"""qbittorrent-api and requests exceptions as the domain's TorrentClientError. No I/O."""

from __future__ import annotations

import qbittorrentapi
import requests

from domain.errors import TorrentClientError

# What a caller may see from a call into qbittorrent-api; anything else is a bug of ours.
FOREIGN_ERRORS: tuple[type[BaseException], ...] = (
    qbittorrentapi.APIError,
    requests.RequestException,
    NotImplementedError,
)


def translate(exc: BaseException, doing: str) -> TorrentClientError:
    """A TorrentClientError saying what went wrong while `doing` ("adding a torrent", ...).

    The caller raises it `from exc`. Messages are for logs and never carry the password.
    """
    return TorrentClientError(f"qBittorrent failed while {doing}: {_reason(exc)}".rstrip())


def _reason(exc: BaseException) -> str:
    # Order matters: LoginFailed and the HTTP errors are APIConnectionErrors too.
    if isinstance(exc, qbittorrentapi.LoginFailed | qbittorrentapi.Unauthorized401Error):
        return "login refused (wrong username or password)"
    if isinstance(exc, qbittorrentapi.Forbidden403Error):
        return f"forbidden (not logged in, or banned after failed logins) {_text(exc)}"
    if isinstance(exc, qbittorrentapi.UnsupportedMediaType415Error):
        return f"not a valid torrent {_text(exc)}"
    if isinstance(exc, qbittorrentapi.Conflict409Error):
        return f"conflict {_text(exc)}"
    if isinstance(exc, qbittorrentapi.HTTPError):
        return f"HTTP {_status(exc)} {_text(exc)}"
    if isinstance(exc, requests.Timeout) or "Timeout" in str(exc):
        return "timed out"
    if isinstance(exc, qbittorrentapi.APIConnectionError | requests.RequestException):
        return f"unreachable ({_first_line(exc)})"
    if isinstance(exc, NotImplementedError):
        return f"this qBittorrent version lacks the endpoint ({_first_line(exc)})"
    return f"{type(exc).__name__}: {_first_line(exc)}"


def _status(exc: qbittorrentapi.HTTPError) -> str:
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return str(status) if status is not None else "error"


def _text(exc: BaseException) -> str:
    text = _first_line(exc)
    return f"({text})" if text else ""


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:300] if lines else ""
