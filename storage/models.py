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
