"""Tables, as tortoise-orm models. Only storage/ sees these; repositories hand out domain objects.

Enums are stored as short strings (not tortoise's enum fields) so that a new domain state needs no
migration; the repositories convert them. No docstrings or descriptions on models and fields:
tortoise turns them into table comments, so editing prose would be a schema change. Timestamps are
timezone-aware UTC (`use_tz`). Any change here needs a migration in both dialect folders
(see `storage/migrate.py`); a test fails until it has them.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

# Long enough for every Role, RequestState and DownloadState value, with room to grow.
ENUM_LENGTH = 16
INFO_HASH_LENGTH = 40
CHAT_ID_LENGTH = 64
EVENT_LENGTH = 191  # fits a unique index on any backend
NODE_NAME_LENGTH = 32  # bot.settings.NODE_NAME


class User(Model):
    id = fields.IntField(primary_key=True)
    role = fields.CharField(max_length=ENUM_LENGTH)
    display_name = fields.CharField(max_length=255)
    preferences: fields.JSONField[dict[str, object]] = fields.JSONField(default=dict)
    banned = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    identities: fields.ReverseRelation[Identity]

    class Meta:
        table = "users"


# How a person is known on one platform; one user may have several. (Model docstrings become
# table comments, so the notes here stay comments to keep the schema free of prose.)
class Identity(Model):
    id = fields.IntField(primary_key=True)
    platform = fields.CharField(max_length=ENUM_LENGTH)
    external_id = fields.CharField(max_length=64)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="identities", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identities"
        unique_together = (("platform", "external_id"),)


class DownloadRequest(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="download_requests", on_delete=fields.CASCADE
    )
    query = fields.TextField()
    episode = fields.IntField(null=True)
    # domain.models.RequestKind. Every request is written with its kind; the default is there
    # so the column could be added to the existing table (SQLite wants one for NOT NULL), and
    # the migration fills in each existing row's kind from its episode and query.
    kind = fields.CharField(max_length=ENUM_LENGTH, default="source", db_default="source")
    again = fields.BooleanField(default=False, db_default=False)  # an EPISODE's `/get … again`
    # The AniList show, when the request came from a path that knows it (the watchlist, a
    # subscription); a plain /get leaves it unknown. The completion notice's "✓ Watched" needs it.
    media_id = fields.IntField(null=True)
    state = fields.CharField(max_length=ENUM_LENGTH, db_index=True)
    info_hash = fields.CharField(max_length=INFO_HASH_LENGTH, null=True)
    source = fields.TextField(null=True)
    release_title = fields.TextField(null=True)
    error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "download_requests"


class Download(Model):
    id = fields.IntField(primary_key=True)
    owner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="downloads", on_delete=fields.CASCADE
    )
    info_hash = fields.CharField(max_length=INFO_HASH_LENGTH, db_index=True)
    name = fields.TextField()
    state = fields.CharField(max_length=ENUM_LENGTH)
    added_at = fields.DatetimeField()
    completed_at = fields.DatetimeField(null=True)
    request: fields.ForeignKeyNullableRelation[DownloadRequest] = fields.ForeignKeyField(
        "models.DownloadRequest", related_name="downloads", null=True, on_delete=fields.SET_NULL
    )
    # The qBittorrent node it was placed on (QBITTORRENT_NODES); rows from before nodes, and
    # every row of a box with one qBittorrent, are on the one node "default".
    node = fields.CharField(max_length=NODE_NAME_LENGTH, default="default", db_default="default")

    class Meta:
        table = "downloads"
        unique_together = (("owner", "info_hash"),)


# The chat a download request came from, told when it completes. (A table of its own rather than
# columns, so that adding it left the existing tables as they were.)
class DownloadReply(Model):
    id = fields.IntField(primary_key=True)
    request: fields.OneToOneRelation[DownloadRequest] = fields.OneToOneField(
        "models.DownloadRequest", related_name="reply", on_delete=fields.CASCADE
    )
    platform = fields.CharField(max_length=ENUM_LENGTH)
    chat_id = fields.CharField(max_length=CHAT_ID_LENGTH)
    kind = fields.CharField(max_length=ENUM_LENGTH)

    class Meta:
        table = "download_replies"


# A download whose completion its owner was told of (or had nobody to tell): never announced twice.
class CompletionAnnouncement(Model):
    id = fields.IntField(primary_key=True)
    download: fields.OneToOneRelation[Download] = fields.OneToOneField(
        "models.Download", related_name="announcement", on_delete=fields.CASCADE
    )
    announced_at = fields.DatetimeField()

    class Meta:
        table = "completion_announcements"


# An owner moved from a stalled torrent to another release: one per (first request, torrent).
class DownloadSwitch(Model):
    id = fields.IntField(primary_key=True)
    root_request: fields.ForeignKeyRelation[DownloadRequest] = fields.ForeignKeyField(
        "models.DownloadRequest", related_name="switches", on_delete=fields.CASCADE
    )
    owner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="download_switches", on_delete=fields.CASCADE
    )
    stalled_hash = fields.CharField(max_length=INFO_HASH_LENGTH)
    replacement_hash = fields.CharField(max_length=INFO_HASH_LENGTH)
    replacement_title = fields.TextField()
    switched_at = fields.DatetimeField()

    class Meta:
        table = "download_switches"
        unique_together = (("root_request", "stalled_hash"),)


# The notification outbox: one row per (event, target), written in the transaction of the change
# that caused it; `claimed_until`/`claim_token` are a dispatcher's lease on the row.
class OutboxEntry(Model):
    id = fields.IntField(primary_key=True)
    event = fields.CharField(max_length=EVENT_LENGTH)
    platform = fields.CharField(max_length=ENUM_LENGTH)
    chat_id = fields.CharField(max_length=CHAT_ID_LENGTH)
    target_kind = fields.CharField(max_length=ENUM_LENGTH)
    notification: fields.JSONField[dict[str, object]] = fields.JSONField()
    state = fields.CharField(max_length=ENUM_LENGTH)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    claimed_until = fields.DatetimeField(null=True)
    claim_token = fields.CharField(max_length=32, null=True)
    last_error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox"
        unique_together = (("event", "platform", "chat_id"),)
        indexes = (("state", "next_attempt_at"),)


# Chats that can never be reached again (bot blocked, chat deleted): skipped from then on.
class GoneTarget(Model):
    id = fields.IntField(primary_key=True)
    platform = fields.CharField(max_length=ENUM_LENGTH)
    chat_id = fields.CharField(max_length=CHAT_ID_LENGTH)
    reason = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "gone_targets"
        unique_together = (("platform", "chat_id"),)


# Invite codes are kept only as SHA-256 hashes: a database backup hands out no usable code.
class Invite(Model):
    id = fields.IntField(primary_key=True)
    code_hash = fields.CharField(max_length=64, unique=True)
    role = fields.CharField(max_length=ENUM_LENGTH)
    uses_left = fields.IntField()
    expires_at = fields.DatetimeField()
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="invites", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "invites"


# Who did what to whom; actor_id is a plain integer so the log outlives the users it names.
class AuditLogEntry(Model):
    id = fields.IntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True, db_index=True)
    actor_id = fields.IntField(null=True)
    action = fields.CharField(max_length=32)
    target = fields.CharField(max_length=255, default="")
    detail = fields.TextField(default="")

    class Meta:
        table = "audit_log"


# Issued /connect codes, kept only as SHA-256 hashes like invites, deleted when used.
class ConnectCode(Model):
    code_hash = fields.CharField(max_length=64, primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="connect_codes", on_delete=fields.CASCADE
    )
    expires_at = fields.DatetimeField()

    class Meta:
        table = "connect_codes"


# A user's share overrides; a null column means "the default from settings".
class UserQuota(Model):
    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="quota", on_delete=fields.CASCADE, primary_key=True
    )
    disk_bytes = fields.BigIntField(null=True)
    active_torrents = fields.IntField(null=True)
    downloads_per_day = fields.IntField(null=True)

    class Meta:
        table = "user_quotas"


# The token column holds only Fernet ciphertext; null for a read-only link by username.
class AniListLink(Model):
    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="anilist_link", on_delete=fields.CASCADE, primary_key=True
    )
    username = fields.CharField(max_length=64, null=True)
    anilist_user_id = fields.IntField(null=True)
    encrypted_token = fields.TextField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "anilist_links"


# Issued OAuth states, deleted when used: each works once.
class OAuthState(Model):
    nonce = fields.CharField(max_length=64, primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="oauth_states", on_delete=fields.CASCADE
    )
    expires_at = fields.DatetimeField()

    class Meta:
        table = "oauth_states"


# A user's RSS feed. `settings` holds the filters and actions as typed; `reply_*` is the chat
# new items are announced in (null: nobody to tell); `etag`/`last_modified` make the next GET
# conditional; `primed` is set by the first good poll, which marks what was there as seen.
class Feed(Model):
    id = fields.IntField(primary_key=True)
    owner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="feeds", on_delete=fields.CASCADE
    )
    url = fields.TextField()
    settings: fields.JSONField[dict[str, object]] = fields.JSONField(default=dict)
    reply_platform = fields.CharField(max_length=ENUM_LENGTH, null=True)
    reply_chat_id = fields.CharField(max_length=CHAT_ID_LENGTH, null=True)
    reply_kind = fields.CharField(max_length=ENUM_LENGTH, null=True)
    primed = fields.BooleanField(default=False)
    etag = fields.CharField(max_length=255, null=True)
    last_modified = fields.CharField(max_length=64, null=True)
    last_polled_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)
    matched = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "feeds"


# An item a feed has seen, by the SHA-1 of its stable key (info hash, else GUID, else link).
class FeedSeenItem(Model):
    id = fields.IntField(primary_key=True)
    feed: fields.ForeignKeyRelation[Feed] = fields.ForeignKeyField(
        "models.Feed", related_name="seen_items", on_delete=fields.CASCADE
    )
    key_hash = fields.CharField(max_length=40)
    seen_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "feed_seen_items"
        unique_together = (("feed", "key_hash"),)


# A show a chat follows: one row per (show, chat); `user` is who subscribed (auto-downloads are
# theirs).
class Subscription(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="subscriptions", on_delete=fields.CASCADE
    )
    media_id = fields.IntField(db_index=True)
    platform = fields.CharField(max_length=ENUM_LENGTH)
    chat_id = fields.CharField(max_length=CHAT_ID_LENGTH)
    target_kind = fields.CharField(max_length=ENUM_LENGTH)
    auto_download = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    from_watchlist = fields.BooleanField(default=False, db_default=False)  # watchlist auto made it

    class Meta:
        table = "subscriptions"
        unique_together = (("media_id", "platform", "chat_id"),)


# A subscribed show's names and when its airing schedule was last fetched from AniList.
class AiringShow(Model):
    media_id = fields.IntField(primary_key=True)
    title = fields.TextField()
    query = fields.TextField()
    first_subscribed_at = fields.DatetimeField()
    schedule_checked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "airing_shows"


# One aired or coming episode of a subscribed show; FOUND once announced (never twice).
class AiringEpisode(Model):
    id = fields.IntField(primary_key=True)
    media_id = fields.IntField()
    episode = fields.IntField()
    airs_at = fields.DatetimeField()
    state = fields.CharField(max_length=ENUM_LENGTH)
    next_poll_at = fields.DatetimeField()
    release_title = fields.TextField(null=True)
    announced_at = fields.DatetimeField(null=True)

    class Meta:
        table = "airing_episodes"
        unique_together = (("media_id", "episode"),)
        indexes = (("state", "next_poll_at"),)


# An announced episode one auto-download subscription still has to get (outcome null) or got.
class AutoDownload(Model):
    id = fields.IntField(primary_key=True)
    episode: fields.ForeignKeyRelation[AiringEpisode] = fields.ForeignKeyField(
        "models.AiringEpisode", related_name="auto_downloads", on_delete=fields.CASCADE
    )
    subscription: fields.ForeignKeyRelation[Subscription] = fields.ForeignKeyField(
        "models.Subscription", related_name="auto_downloads", on_delete=fields.CASCADE
    )
    outcome = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "auto_downloads"
        unique_together = (("episode", "subscription"),)


# Where a user stopped in one file of a download, for the player's "Resume"; one row per
# (user, download, file), rewritten as they watch.
class PlaybackPosition(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="playback_positions", on_delete=fields.CASCADE
    )
    download: fields.ForeignKeyRelation[Download] = fields.ForeignKeyField(
        "models.Download", related_name="playback_positions", on_delete=fields.CASCADE
    )
    file_index = fields.IntField()
    seconds = fields.FloatField()
    duration = fields.FloatField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "playback_positions"
        unique_together = (("user", "download", "file_index"),)


# The recent send starts of one rate window (a chat, or a bot's whole output), shared by every
# process on the database: JSON seconds since the epoch on the database's clock, oldest first.
class SendSlot(Model):
    key = fields.CharField(max_length=CHAT_ID_LENGTH + 16, primary_key=True)
    starts: fields.JSONField[list[float]] = fields.JSONField()
    last_start = fields.FloatField()

    class Meta:
        table = "send_slots"


# Search results a button picks from (`domain.picks`), when several processes share the
# database: the candidates as JSON, `created` in seconds since the epoch on the database's clock.
class PickListRow(Model):
    token = fields.CharField(max_length=16, primary_key=True)
    owner_id = fields.IntField()
    query = fields.TextField()
    show = fields.TextField(null=True)
    candidates: fields.JSONField[list[dict[str, object]]] = fields.JSONField()
    created = fields.FloatField(db_index=True)

    class Meta:
        table = "pick_lists"


# One user's token bucket of one command (`domain.security.ratelimit`), shared by every process
# on the database; `updated` in seconds since the epoch on the database's clock.
class RateBucket(Model):
    id = fields.IntField(primary_key=True)
    user_id = fields.IntField()
    command = fields.CharField(max_length=32)
    tokens = fields.FloatField()
    updated = fields.FloatField(db_index=True)

    class Meta:
        table = "rate_buckets"
        unique_together = (("user_id", "command"),)
