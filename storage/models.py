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
