from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "airing_episodes" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "media_id" INT NOT NULL,
    "episode" INT NOT NULL,
    "airs_at" TIMESTAMPTZ NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "next_poll_at" TIMESTAMPTZ NOT NULL,
    "release_title" TEXT,
    "announced_at" TIMESTAMPTZ,
    CONSTRAINT "uid_airing_epis_media_i_ed91e9" UNIQUE ("media_id", "episode")
);
CREATE INDEX IF NOT EXISTS "idx_airing_epis_state_360633" ON "airing_episodes" ("state", "next_poll_at");
        CREATE TABLE IF NOT EXISTS "airing_shows" (
    "media_id" SERIAL NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "first_subscribed_at" TIMESTAMPTZ NOT NULL,
    "schedule_checked_at" TIMESTAMPTZ
);
        CREATE TABLE IF NOT EXISTS "subscriptions" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "media_id" INT NOT NULL,
    "platform" VARCHAR(16) NOT NULL,
    "chat_id" VARCHAR(64) NOT NULL,
    "target_kind" VARCHAR(16) NOT NULL,
    "auto_download" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_subscriptio_media_i_a4a0e6" UNIQUE ("media_id", "platform", "chat_id")
);
CREATE INDEX IF NOT EXISTS "idx_subscriptio_media_i_1c7f1e" ON "subscriptions" ("media_id");
        CREATE TABLE IF NOT EXISTS "auto_downloads" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "outcome" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "episode_id" INT NOT NULL REFERENCES "airing_episodes" ("id") ON DELETE CASCADE,
    "subscription_id" INT NOT NULL REFERENCES "subscriptions" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_auto_downlo_episode_21e5d8" UNIQUE ("episode_id", "subscription_id")
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "airing_episodes";
        DROP TABLE IF EXISTS "subscriptions";
        DROP TABLE IF EXISTS "airing_shows";
        DROP TABLE IF EXISTS "auto_downloads";"""


MODELS_STATE = (
    "eJztXWtv2zgW/SuBP80A2SJx0rRdLBZw2rSTnTSeTdzdwRQDQZZom7BMuRLVxpjtf19ST1"
    "IiFUmWbInll5lG5JWlw9e555JXf402rg0c/8UEehAtb7bQJ3+P/n7y1wiZG/oPcYXTk5G5"
    "3WbF9AI2505oYYZVDRDVDcvMuY8908KkeGE6PiCXSInlwS2GLiJXUeA49KJrkYrEOrsUIP"
    "glAAZ2lwCvgEcKPn8ebYANTQPa9N7x74z+/JP8AZENnshvhrV8bOLwWRF4wsbWdRzDxFG9"
    "7dpYQODY3KtG9wuvG3i3Da/dIvw+rEifbm5YrhNsUFZ5u8MrF6W1IcL06hIg4JHfprfHXk"
    "Bfl75NDFCCQPRmWZXo2RkbGyzMwMEMPHMjuzYyjPvpzHi8mRnGqAaglotoY5BH9cO3X9JH"
    "+Nv4/PLV5euLq8vXpEr4mOmVV9+jn86AiQxDeO5no+9huYnNqEYIPtN/mKaqCC1r8jzACZ"
    "xlCCcXMoizbjgYjDNMQTYMK0LKWGhEBYiSOcunk0MB0XcEEww3QAwrY5aD1Y7tXiT/GCDI"
    "JQjObj/ePM4mH3+jt9/4/hcnBGsyu6El4/DqLnf1p6uf6XWXLATRQpHe5OS/t7NfTuifJ3"
    "9M729COF0fL73wF7N6sz9G9JnMALsGcr8Zps1iklxOLnENnK4FfPO+XZmeuGlTg1zDEoAG"
    "2JSjjflkOAAt8Yr8eX5V0rT/mTy8/WXy8NN5vrnu45JxWMSPH26FrTmI8rZ6JPV6JHnAAa"
    "ZPGBnEjmBEzUhritu5YNhoZMXcaAgte/P7jGvUZAD99HHy+89cw95N7z8k1ZkB9/Zuep1f"
    "qBByA2QBu8lqlbNtYaANqDWGMM6oa7JYMzyaXpib1vqb6dkGV8J0CXoX2/2GHNe0/WKnuI"
    "7t3//6ABwzhLTY+ImbR+71Lr7VcOfZ7GrcRUNg3bErQ7ZYtBlv8ldMZC7DV6K/TX+Jc40f"
    "V2E7ShznsPS0gtfsk4oduMw531jqAnfurf3o7nDtVXO/1bKnA/RgyyV5aW9XB+7UQMPdAO"
    "4F8Yex4Qdz+rTzRiRFcgvtFPSOrHDutbUCduAAg/zfWjdqeMktNEntW7vXIKmd0i4E76CP"
    "7yBaC3kXU1xOvBB0SEXDITWPyLwCH3j1iBdj0Y6mqzTxomiF/y4ALNcAWRsVxApeBby6rK"
    "ACXl1KVUBalBcnoqFUvy8LLBv16b4B3nbgB1nebkvenkwxa4DqEFuBqQpd+tAMN9hS4tGE"
    "3/CWCvLZkQdMe4qcXdxLhstzUsmoMc3h151iV5kiMHPJf8KucktgNJElWmZiMvMpvsmgVn"
    "SZGEcue+a3lAKxPIa8OXlfgKN1efL4dvLuZvS9Rc4Y2BDfucsbhL2dkDVyFcp5I61qOO7y"
    "eJxRb1jpgCg2iKsccEY/KNLDnNBjiEr1CjJU3boUlTHR3FSwhcZKQktV3avMQgmxlfeuLs"
    "YVvKuLsdS7okU8wNj0yBJRB+DM4nAAj0YHgXf88mUFfEktKcBhGY+wDbAJnTpeVWahAMKH"
    "8KX6Ih6ycW4hD+Tj4GU0MB99b3uzM7N3Mw6LRDfKb3jWNPGQNNENsOWK5ET5ZMGYaOmlvv"
    "RiETraTHrhLbX0MiSmvoAI+quGoWTOVEcS+6OwFds5XuXq+WS8kT7ZIHDLWMpQD1yBpUY4"
    "RrhAYyscznnvegAu0a9gV1H1LZy5GxjQVQVgfhSLNWBZl24B5sfc7RRFWTCcK8jtB/PI3r"
    "qbLXkU8nCTeJv6BoTvUvDNJDVPy7w0K7UxTMboiPs9tFPWhXbfr9MRPZ0qlOCLieRSj9Pk"
    "rPS+KTGbaRbqthnBbK9w9z4nUAYR8s51w67D3mVKZzWVs1OBk9w72t4A0cI1Vqa/0trmUZ"
    "fRrB0K2MqDTZxRV9GQg6LMBZwuzyrEmy7PpOEmWpQ7My3cjSqXj/faiTokKtKFeKzP/3d6"
    "/p8Qt2akm7HThLvXhDt2oZsFYHK2Worvc0uHfKyeX8WaaJFYIMN7gLyWj+uhyhvpTWfPau"
    "+pJ7GnJNx0v3U/JqFn3U92tD4vt8e9sAVYE1/zIbvjsLpvVYD5gctBTB7h5P7T3V1rOntR"
    "/UzkcL61kjQgiRbzfDIQudCuRqt9byijPICtIzw9wFc4rSKoGB6pC7vIkqkVlCMqKFsyth"
    "aut6njcbI22ums4HRaK1NMqOQYMyYKQtz+id41ea86+Cb1FQS3/f57LJ9Avam4pQCWlOk2"
    "jF9V57n9apIWaG6HUawE1VIClgJfiYKFtTUHG97AL+NgOvfXQSMsh09K3jM3s/Wdu70LWR"
    "0v+to++TpSjLtvfbbjGLfvBp5VK8qdWaiA76EnYZ2c+6hLoOe5gvBDSVKmxECjrc8D6vOA"
    "Vc4D6gRcqrW6YE9C/PS9yo557MbtNnIuTlOmA+f7pCqTQN3SpxpqbJLvJ1HY8ysNLOmNw6"
    "37BrwL8VuFcK0htL4HQHhUILx+WiapLkgNLaOqJaMGXq2MSHF1LaE22aQOMCbPI1gY/vU4"
    "vZfoJYxNntNCC5/874QmVu4K/NE/FgEK07idzAPokCfxX9Cf/efo8E1CMSpvkjz6OZ5Kb1"
    "AUVMhSYDTZzlG0VMHJ7z4mTlFrsLOjYKge2u1v74hAq7vJg7dSD+f2e/XWgxsgwPjadR1g"
    "Isl+sNQoB/GcWHU1oadXDjt3X0+nd9zcfX2bXy8/fby+IbCHqJNKMPK8BDnysbms05uT+u"
    "r1405yZDqmjw1C/SG5Z61Zo2CoHuDtT9AhaPTbuI0Uz6K1PnjVH5GzqG2H7VU7iMRbqTCq"
    "Du13bUxMPz5WQzxgLA6nLp91NYm1vHFFB+bkUA8zRFMlMKdPjerjjQdZFlo43lglTOMDgA"
    "ziZWz2jNNQ1fyR3OuW3Eoh0Dv9pDaHmSQSwWJaHpEw+KZsO33RIg6LrMFOJy86frwibYYC"
    "tCXHlhgbJSIXne/rpCOqwTd+MzNN7oZE7sJptNZ0xVhoavc8tUsWkT2ZXRKiHxi4VZkd06"
    "n6lLv4g4vALPrWkoCsMKWlVGVJ6hnRJ5s64SlsKDKJk2mqorMEHHti1VkChh6lILzHF6Xi"
    "LztuklgoAbA++tCbplCMhO+V2aA9hnNrA4QhFmY9SstK2Q2ManWS6ojnNmTSAR4yHc1vNL"
    "/pw4TUMb9hu3sNnHNmCkLdPs/Ry+6Psuzqs2f67FnPtK89zp51ygzR12grZpEXRiXlrDCs"
    "o48MqcX7LPo1v7oxOM6oHTpyXJC7Fl1cUYaPkl377h6JPfo2aXZNqslk65P7LwREr2zVz2"
    "z0ui/amv+0hYSXNeDPvKWC/HkgfLnSNmbtJslHlLpuUtJ28109Z6lgp3MBPusxZZgdzm/q"
    "GcJV3aZC9+r2aww1vafpJMCrxzBvo8CDYkpPy7wolwzMlRGmfzyiK4VcJEr1J2ekqYFm+x"
    "K2L3exNJX6IaiU1h619tiDRbSn2uM0wHP36QZhTxiYZovL18+wYhdxafA1/mJSlc13n7MM"
    "zgg8YTJDY7DZ0v9HVbWAeSgBM222ytHUtJ0VVNfenFeR196cy/U1WpbLiKG3Buitj4Pl5R"
    "nE0X7t2il0cmYKQt1+b0YuhgtopccteazlGdLydofPknYcZ6eTfGj9+yiFUn08pnyCI8dS"
    "Tsea6FwU+ZBTnkgXcC0XSwTmWjHptWJiOSZNm2YECENB4tJn4k95Y50vqfdtTTzuNRAQgh"
    "KOy5upkDGJX5cuxhXWpYuxdF2iRYI8ZDozlT7o05+mUDiU7gPUhKwwZnrd6tu61ZODXI/B"
    "nIW/oJlz5adlornP1OzkTBchYtBMtCh9dr1nEjnbOhWh5Rq0I091eBBrTVxr4loT15p4M7"
    "2Q0gyb+RIUD3ZpfvmCrU4zXyPNvPbM5J1eXc9M78fS+7GGvR9LsnbsmeR2Qu5V44OEQ8G9"
    "0yS3YR8VuOBJ35W73rT59ZnZITp7cn9aH+fskCbb0CeO8s4I/64Bct5OQbA7+UjQ1gML4A"
    "GyRNf6lmHOTH/OsDye1GD7ztxESJRottRRzIy0h6g9RO0h7hPbOeZnwPvWC6Ssm1u64/cz"
    "PEAe2hdtjWsC10N0N1VRSz/E3RwpxVKJc/DwySibY8SmvlQSpyw90x4gpXmgBrnjoByh/N"
    "Hr5jDxh71V7E2FHQPNwcpvU1AFrlp6EyPlIUjdIsOBaC0HdorAzCX/qSDnIXhH7ncX307B"
    "cfslcLHZBlRUrft3cjNFgGogZEYQSNTMFJ9ySdMIG+WIwmYPojtKa5w29NfGfCdeKuFSij"
    "Jvp1B+oDfj8cXFq/HZxdXrl5evXr18fZZCXiwqw/769gOF/5R1eouKBBlQ8CsdGp4HUL1D"
    "RkVLhZqhtR1cqU9vbMm8YJuC9EzyTi6y1SBLIsZ1ds8+F11OFvuOY8tHndq7iSzvFf+cAA"
    "9aKxFniEtKCYOZ1dFB0CEN5TKC8BV4vvB0tzxEx5jo6Fy16BwdVDUQjqsriO75WZUPo5Ja"
    "8lDzWeHTqOQXsTB7jDzuyZjo5AQ1o5tHPVfz/f9b5dOe"
)
