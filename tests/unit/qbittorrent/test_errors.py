from __future__ import annotations

import re

import pytest
import qbittorrentapi
import requests

from domain.errors import ExternalServiceError, TorrentClientError
from domain.qbittorrent.errors import FOREIGN_ERRORS, translate


def http_error(kind: type[qbittorrentapi.HTTPError], status: int, text: str) -> BaseException:
    response = requests.Response()
    response.status_code = status
    response._content = text.encode()
    return kind(text, response=response)


@pytest.mark.parametrize(
    ("exc", "says"),
    [
        (qbittorrentapi.LoginFailed(), "login refused"),
        (http_error(qbittorrentapi.Unauthorized401Error, 401, "Unauthorized"), "login refused"),
        (
            http_error(qbittorrentapi.Forbidden403Error, 403, "Your IP address has been banned."),
            "forbidden.*banned",
        ),
        (
            http_error(
                qbittorrentapi.UnsupportedMediaType415Error,
                415,
                "Error: 'x.torrent' is not a valid torrent file.",
            ),
            "not a valid torrent",
        ),
        (http_error(qbittorrentapi.Conflict409Error, 409, "already there"), "conflict"),
        (http_error(qbittorrentapi.InternalServerError500Error, 500, "boom"), "HTTP 500"),
        (
            qbittorrentapi.APIConnectionError(
                "Failed to connect to qBittorrent. Connection Error: ConnectionError(refused)"
            ),
            "unreachable",
        ),
        (
            qbittorrentapi.APIConnectionError(
                "Failed to connect to qBittorrent. Unknown Error: ReadTimeout(read timed out)"
            ),
            "timed out",
        ),
        (requests.ConnectTimeout("connect timed out"), "timed out"),
        (requests.ConnectionError("refused"), "unreachable"),
        (NotImplementedError("Endpoint 'torrents/addTags' is Not Implemented"), "lacks"),
        (qbittorrentapi.APIError("odd"), "APIError: odd"),
    ],
)
def test_foreign_errors_become_torrent_client_errors(exc: BaseException, says: str) -> None:
    assert isinstance(exc, FOREIGN_ERRORS)

    error = translate(exc, "adding a torrent")

    assert isinstance(error, TorrentClientError) and isinstance(error, ExternalServiceError)
    assert error.service == "qBittorrent"
    assert str(error).startswith("qBittorrent failed while adding a torrent: ")
    assert re.search(says, str(error)), str(error)


def test_long_messages_are_cut_to_one_line() -> None:
    error = translate(qbittorrentapi.APIError("x" * 1000 + "\nsecond line"), "listing torrents")
    assert "second line" not in str(error) and len(str(error)) < 400
