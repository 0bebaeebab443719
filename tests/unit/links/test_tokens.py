from __future__ import annotations

import pytest

from domain.errors import LinkExpired, LinkRefused
from domain.links.tokens import MAX_TTL, LinkClaims, LinkKey, LinkKind, LinkSigner, _sign
from tests.fakes import FakeClock

OLD = LinkKey.from_secret("old secret")
NEW = LinkKey.from_secret("new secret")


def signer(clock: FakeClock, *keys: LinkKey, ttl: int = 3600) -> LinkSigner:
    return LinkSigner(keys or (NEW,), clock, ttl=ttl)


def issue(s: LinkSigner, **fields: int) -> str:
    args = {"download_id": 7, "user_id": 3, "file_index": 2} | fields
    return s.issue(LinkKind.FILE, **args)


def test_a_fresh_link_opens_what_it_names() -> None:
    clock = FakeClock()
    s = signer(clock)
    claims = s.verify(issue(s))
    assert (claims.kind, claims.download_id, claims.file_index, claims.user_id) == (
        LinkKind.FILE,
        7,
        2,
        3,
    )
    assert claims.expires == int(clock().timestamp()) + 3600


FIELDS = ["version", "kind", "download", "file", "user", "expires", "key", "signature"]


@pytest.mark.parametrize("position", range(len(FIELDS)), ids=FIELDS)
@pytest.mark.parametrize("change", ["bump", "drop", "pad", "empty"])
def test_any_changed_field_is_refused(position: int, change: str) -> None:
    s = signer(FakeClock())
    fields = issue(s).split(".")
    value = fields[position]
    if change == "bump":
        last = value[-1]
        value = value[:-1] + (
            "1" if last == "0" else "0" if last.isdigit() else "A" if last != "A" else "B"
        )
    elif change == "drop":
        value = value[:-1]
    elif change == "pad":
        value = "0" + value
    else:
        value = ""
    fields[position] = value
    with pytest.raises(LinkRefused) as caught:
        s.verify(".".join(fields))
    assert not isinstance(caught.value, LinkExpired)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "v1",
        "v1.f.1.0.1.1.abcdef01",
        "x" * 5000,
        "v1.f.1.0.1.99999999999.abcdef01." + "A" * 43 + ".extra",
        "v1.f.-1.0.1.99999999999.abcdef01." + "A" * 43,
        "v1.f.１.0.1.99999999999.abcdef01." + "A" * 43,  # a full-width digit
        "v1.f.1.0.1.99999999999.abcdef01." + "A" * 42 + "=",
        "v1.f.1.0.1.99999999999.abcdef01." + "A" * 43 + "\n",
    ],
)
def test_garbage_is_refused(token: str) -> None:
    with pytest.raises(LinkRefused):
        signer(FakeClock()).verify(token)


def test_a_link_for_another_kind_is_refused() -> None:
    s = signer(FakeClock())
    token = s.issue(LinkKind.LISTING, download_id=7, user_id=3)
    with pytest.raises(LinkRefused):
        s.verify(token.replace(".l.", ".z.", 1))


def test_expiry_edges() -> None:
    clock = FakeClock()
    s = signer(clock, ttl=60)
    token = issue(s)
    clock.advance(59)
    assert s.verify(token).download_id == 7  # one second left
    clock.advance(1)
    with pytest.raises(LinkExpired):  # the expiry instant itself is past
        s.verify(token)
    clock.advance(10**6)
    with pytest.raises(LinkExpired):
        s.verify(token)


def test_an_expired_link_with_a_bad_signature_says_refused_not_expired() -> None:
    clock = FakeClock()
    s = signer(clock, ttl=60)
    token = issue(s)
    clock.advance(120)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(LinkRefused) as caught:
        s.verify(forged)
    assert not isinstance(caught.value, LinkExpired)


def test_ttl_is_capped() -> None:
    clock = FakeClock()
    s = signer(clock, ttl=10 * MAX_TTL)
    assert s.ttl == MAX_TTL
    assert s.verify(issue(s)).expires == int(clock().timestamp()) + MAX_TTL


def test_a_genuinely_signed_far_future_expiry_is_refused() -> None:
    """Even a correct signature (a key leaked from a misconfigured box) cannot mint a link that
    lives for years."""
    clock = FakeClock()
    s = signer(clock)
    claims = LinkClaims(LinkKind.FILE, 7, 2, 3, int(clock().timestamp()) + 365 * 86400, NEW.id)
    token = f"{claims.payload()}.{_sign(NEW, claims.payload())}"
    with pytest.raises(LinkRefused):
        s.verify(token)


def test_issuing_never_extends_past_the_ttl() -> None:
    clock = FakeClock()
    s = signer(clock, ttl=60)
    now = int(clock().timestamp())
    assert s.verify(issue(s, expires=now + 10**6)).expires == now + 60
    assert s.verify(issue(s, expires=now + 5)).expires == now + 5


def test_key_rotation() -> None:
    clock = FakeClock()
    before = signer(clock, OLD)
    old_link = issue(before)
    rotated = signer(clock, NEW, OLD)
    assert rotated.verify(old_link).key_id == OLD.id  # old links keep working
    new_link = issue(rotated)
    assert rotated.verify(new_link).key_id == NEW.id  # new links use the newest key
    with pytest.raises(LinkRefused):
        before.verify(new_link)  # a box without the new key refuses it
    retired = signer(clock, NEW)
    with pytest.raises(LinkRefused):
        retired.verify(old_link)  # removing a key ends its links


def test_a_link_signed_by_another_box_is_refused() -> None:
    clock = FakeClock()
    other = signer(clock, LinkKey.from_secret("someone else"))
    with pytest.raises(LinkRefused):
        signer(clock).verify(issue(other))


def test_a_known_key_id_with_the_wrong_key_is_refused() -> None:
    clock = FakeClock()
    impostor = LinkKey(id=NEW.id, secret=b"guessing")
    with pytest.raises(LinkRefused):
        signer(clock).verify(issue(signer(clock, impostor)))


def test_keys_never_show_in_a_repr() -> None:
    assert "new secret" not in repr(NEW)


@pytest.mark.parametrize("bad", [-1, 10**18])
def test_out_of_range_ids_are_not_issued(bad: int) -> None:
    with pytest.raises(ValueError):
        issue(signer(FakeClock()), download_id=bad)
