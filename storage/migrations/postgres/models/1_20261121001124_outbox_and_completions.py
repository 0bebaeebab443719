from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "gone_targets" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "platform" VARCHAR(16) NOT NULL,
    "chat_id" VARCHAR(64) NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_gone_target_platfor_9a8202" UNIQUE ("platform", "chat_id")
);
        CREATE TABLE IF NOT EXISTS "outbox" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "event" VARCHAR(191) NOT NULL,
    "platform" VARCHAR(16) NOT NULL,
    "chat_id" VARCHAR(64) NOT NULL,
    "target_kind" VARCHAR(16) NOT NULL,
    "notification" JSONB NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ NOT NULL,
    "claimed_until" TIMESTAMPTZ,
    "claim_token" VARCHAR(32),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "sent_at" TIMESTAMPTZ,
    CONSTRAINT "uid_outbox_event_6477a5" UNIQUE ("event", "platform", "chat_id")
);
CREATE INDEX IF NOT EXISTS "idx_outbox_state_b6cc41" ON "outbox" ("state", "next_attempt_at");
        ALTER TABLE "downloads" ADD "completion_announced" BOOL NOT NULL DEFAULT False;
        ALTER TABLE "download_requests" ADD "reply_chat_id" VARCHAR(64);
        ALTER TABLE "download_requests" ADD "reply_kind" VARCHAR(16);
        ALTER TABLE "download_requests" ADD "reply_platform" VARCHAR(16);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "downloads" DROP COLUMN "completion_announced";
        ALTER TABLE "download_requests" DROP COLUMN "reply_chat_id";
        ALTER TABLE "download_requests" DROP COLUMN "reply_kind";
        ALTER TABLE "download_requests" DROP COLUMN "reply_platform";
        DROP TABLE IF EXISTS "outbox";
        DROP TABLE IF EXISTS "gone_targets";"""


MODELS_STATE = (
    "eJztXO9v2jgY/ldQPu2k3lQY67bT6STasq23Fk4tvZs2TZFJDEQNdpY4a9Gu//vZzi8ncV"
    "JCCYScPwH2+wb7eR37eR87+aktsQlt7+U5vkc2Bqb2W+enhsAS0i+5uqOOBhwnqWEFBExt"
    "bmyGVrwUTD3iAoPQihmwPUiLTOgZruUQCyNainzbZoXYoIYWmidFPrK++1AneA7JArq04u"
    "tXjV6bfqW1FpphfQG8hfbtG/9pwgfoMSP207nTZxa0072weMN5uU5WDi+7QOQ9N2RtmOoG"
    "tv0lSoydFVlgFFtbiLDSOaSNAASyyxPXZ51ibQ4BiPoZtD8xCZoo+JhwBnybCCBM9aRM0/"
    "XReKLfDCe6rlWAzcCIQU6b6vHez1kTfu11+2/6b1+d9N9SE97MuOTNY/DXCTCBI4dnNNEe"
    "eT0gILDgGAugxnHIYXu2AG4BuKJTBmPa+CzGEaJlIEcFe0J5CR50G6I5WdCf/eMSSP8eXJ"
    "99HFy/6B//wv4Q07sjuG9GYU2PVzHUE5T5Zw7gCXwoGL2RfV3YJvfyDsAtAXMy/DxhV156"
    "3ndbBPHF1eAzx3e5Cmsux6MPkbkA+tnl+DQDtkcoNlWGc+zQCrjTY7l7ssZY7p4UjmVWlY"
    "YXmCY0dUDyCJ9TkIi1hHKURb8M0Gbo+DL6coCwl43yi6vhzWRw9VdqqJ8PJkNW00sN86j0"
    "RTYk8UU6/1xMPnbYz86X8WjI4cQembv8HxO7yReNtQn4BOsI3+sUfwGTqDgqSoXYwEvHhm"
    "SjMGd9txDqcCVQka4t0hQBHSCEfWRACcs6xdiGAJUGPHeJTOCn9Bp13dZxyW6jfToeX6YC"
    "fXqRXZ5ur06HdH7lEaZGFoEiLUviwHmxXonhii5P89wDmEG3Q3UTTF1Iu+WRaqimnTbCtW"
    "HT1TZgZTnZ7E6aQMQZXRrg99iF1hx9giuO8wVtEqAzgwTUMDm99eAhsq3HaABFpckAcMF9"
    "nMWm7lbaedplGMwFZ4Obs8H5UJMN3S3AGuX818kVD2v4rgtw+sZNQUyb0BndXl5qfBxPgX"
    "F3D1xTTw1oVoN7OFMS2+arlr1ltgQgMOcAsZ6wdhfEoESaEcL0tEKjh32uQalRmsweNRna"
    "RXdVRS6IHVqRwO5aL4CO5dGbrMJAFjwUQ8gTr+YJMPvTErevv+xJsW3amK1ZsfWw7xqVNN"
    "vEow347noSdilbAx4lIRaxK8Gec1Tob7AEui6WJHHFqMcOCu3qaBsuBBuKqynPFqro9HYG"
    "5hjZq3CUHIjWGg7oUqnVd8wNo572VFFvStQlCnvYenFdc+yV7tiAzLC7rELZ8p5tmGvrZs"
    "cBasYCyHXfp+AWHNuH9kl/DbRP+oVosyoZ2ne0d9Whjrzah/P2R7XvVd0dEjzU5tDTuxi+"
    "pzYxntbYhUEl38Mo1tcTqFPnCzP7zKHr+0/XkK57rBeFUIuHGQ9rsihC+7HOPYgPGMEJcO"
    "dQuv0g1B6V7TzMqZ1OuGEtx0NFthMtxep86D73IjZhrs/mrE2bH+te3jegq88lqs2GuA6m"
    "CrxgOVlfWIw8WgGwErkaE4oDlTuKRK4crd7PKYsLEyJikZWM38R1pezGCqwsWDu3oZMOdB"
    "GwFb9R/KYJE1LN/EYc7hVwzri1EOrt8xy17P5fll2lDyp9sD36YJ3McOyTKX4YIuJKyaFY"
    "XcoPMTesgxvCHzC469YRwL4m5+UQXSLphE3g0mGfgakij7sij3HY1mY0cZzbx2W677rr8M"
    "Z33WLiyOrSdEbRcyU/toGWB3smlXfKM24thHr7oxlhYs0sI94+TGP95814JMc665fNgCyD"
    "dP7t2NZaD1E1DfQSkBki5epvVug9Sucv7ALqHQy7fQdDQPkkW+iFnE502V3Gd9xoZidMGh"
    "kincO1XDuRuLdQQDkQwURyLDOvmBg2oEEwdR8Ry64slWWd1UsuGh9rmnHfQQkhKOG4abf2"
    "nVN81VtjXXrVK1yXWFV6GrWBR/TKD5OkvdqAs9psb0woWqz6exBtQlYEN7VuNW3dashhCr"
    "5RIdHKow2MYpGc7QGoF1K0S+d2seyZ3JIHPPAzHsVt3AJScy5vWp5jg5Uuf0doMchZvxaC"
    "3Xv9eg20qVUh3Lwus6Xgwhl0ITKgRD4plgczbrtXB7XfZz4yGKCdqW/ZxELeS/a3f2i7X0"
    "pr0QynAKHKbx9MnNT7Biu8b1AlDMVTULsShgqEcp/PaDVtFBQ+pJVaumUvYns+XOu/q+8g"
    "UUsfs94cLvFQd1twqjOnG0DXMhaaJKsLa47K8jqQ2KjEbmdrUc2J3Q+aq0u3yYvTDsFFZR"
    "zrZRzspqqAcGjeQnS7x+u8p41aFafPx7k3tdF/JNJjeMW5nOCiTnlUzNj2KlA+/gcqvJRj"
)
