from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "audit_log" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "actor_id" INT,
    "action" VARCHAR(32) NOT NULL,
    "target" VARCHAR(255) NOT NULL,
    "detail" TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_audit_log_at_63718d" ON "audit_log" ("at");
        CREATE TABLE IF NOT EXISTS "anilist_links" (
    "username" VARCHAR(64),
    "anilist_user_id" INT,
    "encrypted_token" TEXT,
    "updated_at" TIMESTAMP NOT NULL,
    "user_id" INT NOT NULL PRIMARY KEY REFERENCES "users" ("id") ON DELETE CASCADE
);
        CREATE TABLE IF NOT EXISTS "invites" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code_hash" VARCHAR(64) NOT NULL UNIQUE,
    "role" VARCHAR(16) NOT NULL,
    "uses_left" INT NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "created_by_id" INT REFERENCES "users" ("id") ON DELETE SET NULL
);
        CREATE TABLE IF NOT EXISTS "oauth_states" (
    "nonce" VARCHAR(64) NOT NULL PRIMARY KEY,
    "expires_at" TIMESTAMP NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
        CREATE TABLE IF NOT EXISTS "user_quotas" (
    "disk_bytes" BIGINT,
    "active_torrents" INT,
    "downloads_per_day" INT,
    "user_id" INT NOT NULL PRIMARY KEY REFERENCES "users" ("id") ON DELETE CASCADE
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "oauth_states";
        DROP TABLE IF EXISTS "invites";
        DROP TABLE IF EXISTS "user_quotas";
        DROP TABLE IF EXISTS "anilist_links";
        DROP TABLE IF EXISTS "audit_log";"""


MODELS_STATE = (
    "eJztXWtv2zgW/SuGP3WBbJE4adIuBgs4bdrJjhvPNu7uYIqBQEu0TUQmVYlqY3Ty34eUrA"
    "clUrFsS5Y5/JIHyavHIUWee+6l9KO/JA50g5dDjEYooCOEH/r/6v3oY7CE7A9Z9UmvDzwv"
    "q+QFFEzdqD3AyGUNLZe1jGrANKA+sCmrnAE3gKzIgYHtI48iglkpDl2XFxKbNUR4nhWFGH"
    "0NoUXJHNIF9FnFlz9YMcIOfIRB8q/3YM0QdB3hssMA+hZy+AVElRZdeVHFLabvo9b8lFPL"
    "Jm64xAULb0UXBKcmCFNeOocY+oBCJ3cn/ELXd54UxRfNCqgfwvRqnazAgTMQujR351MrK+"
    "tb1t14Yt3fTCyrXwMrm2COM7vWIAJizi/hn4Ozi6uL1+eXF69Zk+gy05Krp/jUGTyxYQTS"
    "3aT/FNUDCuIWEdwivtHfJYDfLoCvRjixKUDMLn0DiNcApggnTTKIsxHWBsZL8Gi5EM/pgv"
    "17eVEB6P+Gn97+PPz04vLiH/yEhD0Q8eNyt64ZRFUc8wzj5FGqP5YllluN6a4BvpdBnQEM"
    "se2vPHb3bIp5gLgM8AQ+KhCWmOowpCvgm9z8NuFHXgbBVzc/dF98HP4Wjerlal0zGt99SJ"
    "rnhvrb0fi60AOh53BsLEDL4L9jNRQtoWIyESwL2Dtr05fJH9vM34ce7D4Ezhi7q/Uoqeqa"
    "248395Phx1+F/nk3nNzwmoHQN0npi8vCTJQepPf/28nPPf5v7/fx3U0ELwno3I/OmLWb/N"
    "7n1wRCSixMvlvAyWOUFCdXz1fq2UNuLeEFU2A/fAe+Y5VqyIAo153yUBljOCHsRzRUbhmM"
    "ANuyZWZNZj6vD3JUK/pT8gQkpdn5ffA9pUB5HsPunN0vpPG6PLx/O3x3038SgBdx5lXLwb"
    "JYAjCYR/fLr4xfR0IKQwfREZnfYOqvpKxRaFDNG3lTyyXzw3HGWkvspqvquos6O6yaJor1"
    "Z/Y2Z/RWkT7OCX0NUW4+j2AUmapNSV2KmjMx3LTMTRk+/ApKgKrdq8xiKybaOf4jeFfngw"
    "28q/OB0rviVSLAFPhsiagDcGbRHsD9fivwDl692gBf1koJcFQnIuxACpBbx6vKLDRAuA1f"
    "aidWvT8i+I58xy4BIp0q1lXSP2fdqgHJ8EufHTsm/AjPiLUAwaL/hyGFBySFWT/UmH4Fo6"
    "bmh1ZRFqbgi9MNZuCLU+UEzKvE+Veuz6pn35202a7Rh7aVrIAybOoM59RAC7jFsXx2ucFY"
    "Pis6LNlY5lUFOuw4W8mEeTsNRcIj8SElomDZibTJ0uNi1TbdXLTdQ1d3zL/UsKcZAhbAmI"
    "TYhhKWdU2ICwGu7PDSIQodP2XHaOqxTkva7e3r8XgkdPT1bXF5+vzx+obNr1EPs0YoFoDL"
    "GkPEi+vJNnmT/YTJD71w7Vm38SG7rYDWQ1U0MnJYDGvJuS2M3DLA74kP0Rz/AlcNR4K6sR"
    "g8GwvKP63yYJBk6O4B1sTn/5Qd8biG76YAiw+uADG7hN7d59GoEHBrXZNJ+qBCmsl10/MK"
    "jbW+5wMmdxlNpgFNht1iHKPdVC5IDbRwYNvWC6CHAvaQ1RjIOQvDEMrEq3sCzOG0xP3rLw"
    "dSbLs2ZhtWbAMS+nYtzTaz0AHftidhn7E1EDASgqhbC/aSoUF/iyXQ94nEiatIuk0MDNr1"
    "0bZ9uGWqrWipoYqucWaWSbDWrddVCdbiuua5K8tzAZ0Rf1mHspUtdZhrm2bHMWr2Ash13+"
    "fgzhnqh/b+90XFoD2wu6sPdWKlH877H9Ud2EN5aISbjWLIN7OYIMYuG1oUUAv5hYU489r0"
    "/S+fIFv35DnUkmTG45osVGg/NRmD+EAwnMRZ05LwQ672pCryMGftrDj5upH00DzbSZZikx"
    "96yFjENsx1Z87atfmx6eV9C7q6K1HtNsRNMFUQyDbxVAmLiYUWABuRqzNdcaRyh0rk6sjO"
    "l1sHYoqodPdzWlfJblDcCsHGuQ2bdPgLWFzDbwy/6cKE1DC/yQ/3GjgXzDSEev88xyy7f5"
    "dl1+iDRh/URx9slBnib/HGizIvjGuqWWHUxuTY6sX7bNbRtbPoBKP90JHDgty06EJkuVwV"
    "gUGyQwpX1ybNFmKCATv+TEL0qlb9zMas+7IXUT56iPGyLfizaKkhfz4SvizJyikTZuMmqZ"
    "8ofd2kpO+mq3rOUsnO7Pp41mPKMGvPb+oYwpu6TaXh1andi+NhSBf30Q4diQeVqz2p8qII"
    "ezAXVrTR54CuFCZYtqlDzUhTA8P2FWxf7WIZKvW3oFJGezTaYwcW0Y5qj+OQTsmj8rXc+e"
    "rq9TNq2ERcGn6D8VO3SfLdl2yvLoaPlM3QFC49/jtuagTMtgTMtNs2jqam/ayhuvbmbBN5"
    "7c2ZWl/jdaIUZFIDTOrj8fLy4uu1a+/SKZhpCPX+RzMmFM2QnW5dELH+z/34TuVminZFlw"
    "fZtPdnj39I6ghBrwCZIyL4OaXM02KS6YnowPADmPe/tvv+15jySbbvqL8wkTNpz+M77TSz"
    "y00aBSJdwrVaLJGYG8Wk04qJ7QLWCY4VYir7KMMz8aeisXnBbuf7WvVRwwqOK5rpt0d6/1"
    "+RcUFArdovshGtdMDZbPTpTFdoHEoPIN6GrOTMzLrVtXWrIxu5okCFRCtPAhhqkZzHAEyi"
    "rl46t8khbdCXd1DguWBl1f1+fNFOQ7Ab+Q6f58MZ9CG2oUQ+UcuDBbP21cH+T7MQRx+17E"
    "1D5FKEg5f8tP/ut7+UNqIZTgHGsO6XTzIj862TGt86MQ6DegrSy2GoQSgP+X6oro0CVcqL"
    "uHTLPgKxO1ybfyfkKFETX/GwPVz5F0poiVO26XEHkNLdlUfpx1cjVExo3h4mMYVal9FUSy"
    "HIRRcx4kTWchF+UMM6xnBC2I/nwR1iNGLHG60Pp+FA/BoSCvYBFddX/pscTBOgtpCeYggU"
    "+lOKT7UIZUWdckApqgNJ2VqrUg4KHqzpSj73o7kSZdFOo21kbwaD8/Orwen55etXF1dXr1"
    "6fppCXq6qwv779wOE/ybspZR+SPVDoG380fB/ierkoZUuNumFvSSmpF2Z5bF5wgGQXn3qQ"
    "y2wNyIqNHnWCLM9tCkkW+4a3hBx0am9mQ8hOEash9JG9kHGGdU0lYQBZGxO2OqZHuYogfI"
    "N+IE0CVgdVciYmnrJZPIU/VDUQXjfXEN2z002+gMdaqYODp6Vv4LEzUukmI3WkKmdicthr"
    "xqMOmn7x9Be/ssrk"
)
