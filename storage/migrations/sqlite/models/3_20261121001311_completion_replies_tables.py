from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "completion_announcements" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "announced_at" TIMESTAMP NOT NULL,
    "download_id" INT NOT NULL UNIQUE REFERENCES "downloads" ("id") ON DELETE CASCADE
);
        CREATE TABLE IF NOT EXISTS "download_replies" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "platform" VARCHAR(16) NOT NULL,
    "chat_id" VARCHAR(64) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "request_id" INT NOT NULL UNIQUE REFERENCES "download_requests" ("id") ON DELETE CASCADE
);
        ALTER TABLE "downloads" DROP COLUMN "completion_announced";
        ALTER TABLE "download_requests" DROP COLUMN "reply_chat_id";
        ALTER TABLE "download_requests" DROP COLUMN "reply_kind";
        ALTER TABLE "download_requests" DROP COLUMN "reply_platform";"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "downloads" ADD "completion_announced" INT NOT NULL DEFAULT 0;
        ALTER TABLE "download_requests" ADD "reply_chat_id" VARCHAR(64);
        ALTER TABLE "download_requests" ADD "reply_kind" VARCHAR(16);
        ALTER TABLE "download_requests" ADD "reply_platform" VARCHAR(16);
        DROP TABLE IF EXISTS "completion_announcements";
        DROP TABLE IF EXISTS "download_replies";"""


MODELS_STATE = (
    "eJztXVtv2zYU/iuGnzogKxInTdphGOCkaZfNjbfE3YYVg0BLtE1EplyJamN0+e8jZd0okY"
    "okS7bM8aWNSR6J+g4v3zmHl2/9pWNB23s5xGiEPDJC+KH/Q+9bH4MlpH+Iso96fbBaJZks"
    "gYCpHZQHGNm0oGHTkkEOmHrEBSahmTNge5AmWdAzXbQiyME0Ffu2zRIdkxZEeJ4k+Rh99q"
    "FBnDkkC+jSjE//0GSELfgIvejn6sGYIWhbXLV9D7oGslgFgkyDrFdBxg0m74LS7JVTw3Rs"
    "f4kzEqs1WTg4FkGYsNQ5xNAFBFqpL2EVDb88StpUmiYQ14dxba0kwYIz4Nsk9eVTI0nrG8"
    "bteGLcX08Mo18BK9PBDGdaVy8AYs6q8P3g5Ozi7PXp+dlrWiSoZpxy8bR5dQLPRjAA6XbS"
    "fwryAQGbEgHcPL7B3zmArxbAlSMcyWQgplUvAXEIYIxwVCSBOGlhu8B4CR4NG+I5WdCf52"
    "cFgP4xvLv6eXj34vzsO/ZCh3aITXe5DXMGQRbDPME46krV27JAslab7hrgjTTqBGCITXe9"
    "ol9Ph5gHiPMAT+CjBGGBqApNugC+yfVfE/bkped9ttNN98WH4V9Bq16uw5zR+PZ9VDzV1K"
    "9G48uMBvyVxbAxAMmD/5bmELSEksGEk8xgb4WiL6M/6ozf+27sLgTWGNvrsJUUqebmw/X9"
    "ZPjhN04/b4eTa5Yz4HQTpb44z4xE8UN6f95Mfu6xn72/x7fXAbyOR+Zu8Mak3OTvPqsT8I"
    "ljYOerAaw0RlFyVHs2U88eUnMJS5gC8+ErcC0jl+MMHOm8k28qYwwnDv0naCo3FEaATdE0"
    "E5KZj+FDDmpGf4p6QJSavN8FX2MKlOYx9Mvp90KymZeH91fDt9f9Jw54HmeWtRwssykAg3"
    "nwvaxmrB4RKfQtREbO/BoTdy1kjVyBYt7Iihq2M98fZ6w0xZadVUMVdbZZtU0Uq4/suxzR"
    "d4r0YQ7oIUSp8TyAkWeqJnGqUtSUiOameW5K8WE1yAEqN68SiVpMtHP8h7OuTgclrKvTgd"
    "S6Ylk8wAS4dIqoAnAisTuA+/2dwDt49aoEvrSUFOAgj0fYggQgu4pVlUgogPAubKmtWHVz"
    "RPDKWa4oz6QADTF2fEq+lzAgqDlGKClZSA3NWMYAKaE9ehc1U2yDKYa6reMNyMoq6A84EL"
    "oosP/zfNFyvmLbAVY1ypiR0l76oEs15FiJwN3aufI29aCDUkZZB0umGbbtZInxFMymaazl"
    "82dU4RYmzE99+uyNMw3hmWMsgLfo/6On0T1Oo4kectjKTRtOqC3uvVOUOfPm7LiEdXN2LD"
    "VuWBZv24hjn3LLZqu45yFRkTaiRHTKIZUizbGAEnDzbfnkvERbPsmyu6Qts6yMq8my6pHu"
    "lJwm3J0m3KEJXUvNWdkGVN0x361Kmg74WDW7Ki3SjFG17wGzYV+8C+lneaQaqryQDnFIrN"
    "VMy80D/M5xIZrjX+G65eh+NwahZ83PdG8V256CptsArJGteZc88bCab1mA+Y7LQUyr0Lv9"
    "OBpl7Pv6fva89zNyh/PaugzFI1/MHbSBJNr3rKNdDa091XSj3MGVLVyrwhc4KuNQMVxaFk"
    "EdiFDLg7KifWvmuMsqFmdaRhudJYxOcwHEhEqOcUpEQYibXz/+QL+rCr5ReQXBbb797ssm"
    "UG8obiiAJWW6NeNX5Xlut1TSAM1tMYoVoVpIwGLgS1GwoLTmYIfX8Ys4GP3EzYrxsgGWWE"
    "CJ2WvXERa4Qh7tZBUackpC+7byLsPuhaz2F31tnnztKcbdtTbbcozbc3zXrBTlTiRUwHfX"
    "g7BLCRjwKAlBxK4Ee05Qo19jCnRdRxB+KNgCHAlotKujbbqw5sZfXlLBdQcK7xPT271V07"
    "psuzen9f2fxbJv5bYbORdviteB8202xkug5tZSi2O07359PjpbYZF8N4mCOB5bI+7tRuHW"
    "bQPeufitQrhWcLS+dyhim42qAh9rKveoyL06p+WMzX7XVnYNpMOlUVhPbxvQQe99z9M66H"
    "3oQW9Koz3RuQlF3pNIQgmAtSXfGVUcqE0ns+Q7ctjAjQUxQUS4iC/OK2Q3aFOqlZV7PLeh"
    "gw4789LW/Ebzmy4MSC3zm3Rzr4BzRkxBqJvnOXra/b9Mu9qVql2p6rhSW2WG+AsKKpLnhZ"
    "ucYlYYlNELCdXifSZVdOWlQpxQM3RkvyC37XRxRAtW5PhG5RVkes2TajrYevT5MwHRK5r1"
    "Exk974vO/n9cIcrLavBnXlJB/nwgfFmw9CBPmLWZJO9R6ppJke6m62rGUk5OL21/1mJKMN"
    "ud3dQxhMuaTbnm1e7hAhWtp/HQJ4v7YBuCwIJK5R4VWVEO7ZgLI9jNsEdTCjtYtHJdzkhj"
    "Ac32JWxfbmJpKvW/oFLa96h9jx2YRDvqexz7ZOo8Sm9CSmcXz59BwTbi0vBLeABQmcV3n5"
    "INiRg+EjpCE7hcsf83RbUDc1cOzFhtpaOpsZ4V9K69OSnjXntzIvevsTzeFaSXBuilj4fL"
    "y7M3GhlVj/3JiCkIdfOtGTsEzZAZb0ngsf7lfnwrMzN5uazJg0zS+7fH7u49QNALQGaIcH"
    "ZObuVpdpHpEW/AsAfoY8F3eyz4hvIJdjrJL/VLiezO4jvuNLNLDRoZIp3DtdhZIhDXHpNO"
    "e0xMG1AlWIaPiegevGfiT1lhfe5653Utu0e+gOPyYiocJdH2xZ028IhR+bQOXkoFnPVGn8"
    "6oQuFQugdxHbKSEtPzVtfmrY5s5AoCFQJfeRTAkDvJWQxAL9RVy8+t15C2aMtbyFvZYG2I"
    "r62Tg5yVUxDsVq4+X7lwBl2ITShwn8jdgxmx3XsH+z/OfGwyQHtTH9kEYe8le+1P/d1Ppa"
    "34DKcAYygYvi8dOpwALFZLIpTRyJRKtaWKOGW3qF+OxyMO9cubrG3w8cPlNR1/AhXQQpst"
    "NwJ/lzYY5EOQWgZDBUK5z6O0utYKZEte+KlbdNL99nBtcb3BIaDGH/FQH670gRJK4pRset"
    "wCpHh35UHa8cUIZRc014eJX0KtSmuq5CFI33eHGJE1bIQf5LCWP/5viNGIPm8UPk7BhvjZ"
    "dwhoAirmX/k9epgiQNVwPW0gkPifYnyKnVBGoJQ9uqI6sChbaa+UhbwHY7oWj/1oLkWZl1"
    "NoG9mbweD09GJwfHr++tXZxcWr18cx5PmsIuwvb94z+I/SZkrehqQdCn1hXcN1Ia62FiUv"
    "qZAaGluUElthxoqOCxYQ7OKTN3KRrAa50WvtxJtCKt5pV3dLyEFcZFdtQ8hWEashdJG5EH"
    "GGMKeQMICkjA5bHVJXLiIIX6DrCRcBy4MqKREdTykXT2GdqgLCYXEF0T05LnPNFy0lDw4e"
    "5y76om8kwk1G8khVSkSvYa8Yj9rr8oun/wBHtyuA"
)
