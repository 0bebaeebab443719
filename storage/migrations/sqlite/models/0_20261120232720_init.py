from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "users" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "display_name" VARCHAR(255) NOT NULL,
    "preferences" JSON NOT NULL,
    "banned" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS "download_requests" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "query" TEXT NOT NULL,
    "episode" INT,
    "state" VARCHAR(16) NOT NULL,
    "info_hash" VARCHAR(40),
    "source" TEXT,
    "release_title" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_download_re_state_b55dd3" ON "download_requests" ("state");
CREATE TABLE IF NOT EXISTS "downloads" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "info_hash" VARCHAR(40) NOT NULL,
    "name" TEXT NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "added_at" TIMESTAMP NOT NULL,
    "completed_at" TIMESTAMP,
    "owner_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    "request_id" INT REFERENCES "download_requests" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_downloads_owner_i_6c1def" UNIQUE ("owner_id", "info_hash")
);
CREATE INDEX IF NOT EXISTS "idx_downloads_info_ha_5e5a9d" ON "downloads" ("info_hash");
CREATE TABLE IF NOT EXISTS "identities" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "platform" VARCHAR(16) NOT NULL,
    "external_id" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_identities_platfor_401a9b" UNIQUE ("platform", "external_id")
);
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztmm1v2zYQgP+KoU8ZkAWJ56bFUBSwE2f1mthD4mxFi0KgJdomIpEqRTUxOv/3kbReqD"
    "dH8iy/CPqU+Hgnkc8dpbsTf2o2MaHlnl2TZ2wRYGq/t35qGNiQ/5MaO21pwHGiESFgYGJJ"
    "ZdPXklIwcRkFBuMDU2C5kItM6BoUOQwRzKXYsywhJAZXRHgWiTyMvntQZ2QG2RxSPvD1q8"
    "avzf/lowhPiT4H7lz79k3+NOELdIWS+Ok86VMErfgqkJy4lOts4UjZALMbqSjmMNENYnk2"
    "jpSdBZsTHGojzIR0BvkkAIPi8ox6YlFizj6AYJ2r+UcqqykqNiacAs9iCoSJHsk0XR+Oxv"
    "pDf6zrWglsBsECOZ+qK1c/E1P4tX3Redt599tl5x1XkdMMJW+Xq1tHYFaGEs9wrC3lOGBg"
    "pSEZK1BDP6TYXs0BzYGrGiUY88knGQdE10EOBHuibIMX3YJ4xub8Z+d8DdK/u/dXH7v3J5"
    "3zX8QNCd8dq30z9EfackhQjyjLvynAY/iSE72BflVso728A7hrYI77n8fiyrbrfrdUiCd3"
    "3c+Sr73wR25Hwz8CdQX61e2ol4DtMs6mTDiHBrXAHY/li8sCsXxxmRvLYiiOF5gmNHXA0o"
    "SvOSSGbJhNWbVLgDZ9w7PgnyPEvi7KB3f9h3H37q9YqF93x30x0o6FeSA9SbokvEjrn8H4"
    "Y0v8bH0ZDfsSJ3HZjMo7RnrjL5qYE/AY0TF51jl/hUkgDkQxFxvEdizINnJz0nYLrvbfBI"
    "2nt+9pmY/ppTIr1eT1/OoIdu52UqyIKYV8WS4rRzVutBHXA9sm28AqaoHpU2biGlYSccA3"
    "hEI0w5/gQnIe8CkBbGS93f2i6NGFx/iWXwYBFEijAKDgOayeYruVL54vmT+bZTrUfbjqXv"
    "e1rNDdAtag1ryPrnhc4VsUcHzjxhDzKbSGj7e3mozjCTCengE19VhAixHSJglJqJsestt2"
    "UgIwmElAYiVi3jk+WNMSUNz0emdA99dcQYeg6QXssRfAl0gXZcrU0KAWhdOu61ToIJdvsh"
    "KBrFg0GUI68Tq8wn9/Pazt1/176hQeWsxW3Cl0iUeNUr3CyKIOfHf9EKY8WwMuT0IQs0ph"
    "Txk29Dd4BVJKMoq4fOqhQUO7PG2DQrBhUy9mWcPuLd/OwBxha+FHyZH0+PyAXtvi8xxzQ6"
    "/HLRuvH4rXMzq7/uwVr7tl+7qKRdPWfb3/6LlN+/H17pgSVNndx/zOWIQ6diIlzrvnm958"
    "uocWkKvIRa0efznKRCFFe1ll93BgQsyT24WW0TYMx07X9QvRSgvBSo4SOdzfU0JtcW2eL0"
    "KKgSVCrTlPtM8eouqVok0C1aYWncSqWzFquJfgnDCrIerLTgHUl51c1GKoqZnqnT0Xqpma"
    "7LnJno86e64yM5TUM7LCwBv5GaFYUPPVuF4ZHyVZjfP8LCTQr2H6sf1Mz0Quz44XevYB8n"
    "zISbsawm6/eVOANtfKxS3H4rwdCqeQQv7SyWg2/PkwGuZUMHGzZLKHDNb6t2WhQuegNqKu"
    "vZ962BBAWxMPWQxh90zc9oNW7SssC73AtP7bRfIzRSKBExdIfruYAIxhxuO7R/jjBOBst0"
    "RGCY9MuFVVrgglu6XeG41uY9R7g+Qnoce7Xp8/f6QLuBJaJRPpcxRNzZP/CKpXzZPK0A+z"
    "HXtoUZDbj429urNOS/5/XMUP1B4ltXjPeHNcaoe6LpyqrOm6kCJjrmVUdf7I6bq6DkQ6TW"
    "G3s3dRxYXdD16r+3usaNmhmDQVR7GKQ2yqEoR99RrSvTgvcpiSa+WXz+ep45T8jgzijDw2"
    "v5ZTTHZfx+3ntNnWKrYS+eT2X2bL/wBW/nsM"
)
