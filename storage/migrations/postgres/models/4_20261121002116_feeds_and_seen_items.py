from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "feeds" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "url" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "reply_platform" VARCHAR(16),
    "reply_chat_id" VARCHAR(64),
    "reply_kind" VARCHAR(16),
    "primed" BOOL NOT NULL,
    "etag" VARCHAR(255),
    "last_modified" VARCHAR(64),
    "last_polled_at" TIMESTAMPTZ,
    "last_error" TEXT,
    "matched" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "owner_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
        CREATE TABLE IF NOT EXISTS "feed_seen_items" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key_hash" VARCHAR(40) NOT NULL,
    "seen_at" TIMESTAMPTZ NOT NULL,
    "feed_id" INT NOT NULL REFERENCES "feeds" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_feed_seen_i_feed_id_72f02d" UNIQUE ("feed_id", "key_hash")
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "feed_seen_items";
        DROP TABLE IF EXISTS "feeds";"""


MODELS_STATE = (
    "eJztXW1v2zgS/iuBP/WAXJE4adoeFgc4adrNrRvfJe7dYouFQEu0TVimXIluY+zlvy8p64"
    "0SqYiyZMtcftltSI5MPXyZZ2bI0R+9pedAN3g9wGiIAjJEeNH7x8kfPQyWkP5DVH160gOr"
    "VVrJCgiYuGF7gJFLG1oubRnWgElAfGATWjkFbgBpkQMD20crgjxMS/HadVmhZ9OGCM/Soj"
    "VG39bQIt4Mkjn0acXX32kxwg58gkH852phTRF0Ha7b6wD6FnJYB8JKi2xWYcUdJh/D1uwn"
    "J5btueslzkmsNmTu4UQEYcJKZxBDHxDoZN6EdTR687ho22laQPw1THrrpAUOnIK1SzJvPr"
    "HSsp5l3Y/G1uPt2LJ6CljZHmY4074GIRAz1oW/988v316+u7i6fEebhN1MSt4+b386hWcr"
    "GIJ0P+49h/WAgG2LEG4e3/DfBYBv5sCXIxzL5CCmXa8AcQRggnDcJIU4nWH7wHgJniwX4h"
    "mZ0z+vLksA/e/g4ebnwcOrq8u/sR/06ILYLpf7qKYfVjHMU4zjpaQ+lwWSteZ01wBvZFKn"
    "AENs+5sVfXu6xSwgLgI8hk8ShAWiOkzpEvjGt7+O2ZOXQfDNzU7dV58Hv4azermJaoaj+0"
    "9x88xUvxmOrnMjsF45DBsLkCL4H2gNQUso2Uw4yRz2TiT6Ov5Hnf370JPdh8AZYXcTzZKy"
    "obn7fPs4Hnz+Nzc+HwbjW1bT58YmLn11lduJkoec/O9u/PMJ+/Pkt9H9bQivF5CZH/5i2m"
    "78W4/1CayJZ2HvhwWcLEZxcdx7pqmni4wuYQUTYC9+AN+xCjVe35PqneJUGWE49uh/wqly"
    "R2EE2BapmYjMfIkeclQa/TleAXFp+vs++JFQoCyPoW9O3xeSrV4ePN4MPtz2njngeZxZ1b"
    "K/zJcADGbh+7KesX7EpHDtIDL0ZreY+Bsha+QalPNG1tRyvdnhOKOSiq2qVaMh6uy0apso"
    "qu/s+9zR94r0cW7oEUSZ/TyEkWeqNvFUKWpGxHDTIjel+LAeFACVm1epRC0m2jn+w1lXF/"
    "0K1tVFX2pdsSoeYAJ8qiJUAE4l9gdwr7cXePtv3lTAl7aSAhzW8Qg7kADkqlhVqYQGCO/D"
    "ltqJVTdHBG+85YryTArQAGNvTcn3EoYEtcAIJS1LqaGdyFggI3RA76Jhim0wxWhs63gD8r"
    "Ia+gOOhC4K7P8iX3S8H9j1gKNGGXNSxksfLqmGHCsxuDs7Vz5kHnRUg1HVwZKbhm07WRI8"
    "Bdo0i7Vcf8YdbkFhfu3RZ2+daQhPPWsOgnnvd6NGD6hG03EoYCs3bTihtrj3XlHmzJvLsw"
    "rWzeWZ1LhhVbxtI459yi2bneKex0RF2ogSUZVDlCLNiYAWcPNz+fyqwlw+z7O7dC6zqpyr"
    "yXHqke6MnCHcnSbckQlda5jzsg0Mdcd8tzqNdMjH1OyqrEgzRtWhN8yGffE+pK8VEDVUeS"
    "ET4pBYq7mZWwT4o+dDNMO/wE3L0f1ubEIvmp/Z1Sq2PQVTtwFYY1vzIX3icU3fqgDzC5eD"
    "mHbh5P7LcJiz7+v72Yvez9gdzo/WdSQe+2IeoAsk0b4XHe16jNpzTTfKA1y5wrMqfIPTKg"
    "4Vy6dtETSBCL08KCu6tqaev1SxOLMyxuisYHTacyAmVHKMMyIaQtz8+fEFfS8VfOP2GoLb"
    "/Pw9lE2g31bcUABLynRrxq+q89xuDUkDNLfFKFaMaikBS4CvRMHC1oaDHd/CL+Ng9BW3J8"
    "arBlgSAS20174jLHCFArrIFCZyRsL4toouw+6FrA4XfW2efB0oxt21OdtyjDvw1r6tFOVO"
    "JXTAd9+bsE8JGAgoCUHEVYK9IGjQr6ECfd8ThB9KrgDHAgZtdbRtH9a8+MtLanjuQON7Yu"
    "a6t26jLrvuzY364XOxHHpw242ciy/Fm8D5LhfjJVBzZ6nFMdqPv7wcnVU4JN9NoiCOx9aI"
    "e/txuHXXgHchfqsRrgqO1o8QCq8KhOWnZS7VKW1h3Kh6uVHXvtL926i5caHWOaQOCaH9ES"
    "iGfz2O7iX+koxMntMim5z8/4Sl8WoL/N5P0zUOkwacTNbIpT0JXrOf/Wdv/0PCMCofkjz6"
    "OZ7KHlB0qFBVYNU5zlGU1MHIbz8mzlCrcbKjIKgf2s0f79iCpnrIg5fSD+fmZ/XKR0sowP"
    "ja81wIsOQ8WCKUg3hCpdra0JOS/e7d16PRkNu7r+/y+vLL5+tbCnuIOm2EtpaXICMjATOV"
    "2Ry3128et5KRxQUBsSj1R/SZSrtGQVA/wJvfoEPQVp7r1vJ4FqXNxavuODmLvu1wvJSDSL"
    "yUDqtq33bXEhB7LtrNpM6DjMT+vMtnbW1iDR9cMYE5OdTHGaKpEpgzt0bN9ca9qIUGrjdW"
    "CdMEEGKLWhnLHeM0zGv+SJ91Rx+lEehqwZoaEYgEM0kkIotpeUTC4oey6fRF0ygssoAbk7"
    "zo8PGKZBgK0JZcW8rIaBG5aP1cJ1tR6vwuI2bI3TGRu3AbVdquMhKG2r1M7WIlsiOzi0P0"
    "RwZuVWaXmVSqxK5NuvLJw3C8zewtICuZ2lKqMqPtrG2C8FZ4SjYUGcfJDFUxWQIOvbGaLA"
    "HHHqWgvCcQfWii7LpJLKEFwObqQ2eGQjMSvlNmg+YYzp0DMUFEmPUoqStlN2jbqpVURzy3"
    "oZsO+0ioa/iN4Tdd2JBa5jfZ6a6Ac05MQ6ib5zlG7f5V1K65e2bunnXM97XD3bNWmSH+vj"
    "2KWeSF25pyVhi2MVeG9OJ9Nh1o5RgcJ9QMHTksyG07XTxRho+SU/veDok9urZptk2q6WYb"
    "0OdPBUSvTOunMkbvi47mP60Q5WU1+DMvqSF/PhK+XOkYszGT5CtKXzMpHrvJRs1YKsiZXI"
    "AvWkwpZvuzmzqGcFWzqTC92v0ag6L1NBqsyfwxzNsosKAytadlVpRHF+bcCtM/HtCUwh4W"
    "pfqTM9JEwLB9CduXm1iGSv0lqJTxPRrfYweUaEd9j6M1mXhPt5j4wsB0trpcf4YN24hLw+"
    "/RF5OqHL77mmZwxvCJ0B2awOWK/X/b1Dgw9+XATIatcjQ1GWcNvWvvz6u4196fy/1rrC6X"
    "EcMcDTBHH4+Wl6cQb89rK6fQyYlpCHXzsxl7BE2RnVy35LGWZ0jLy+0/S9phjJ1W8qF176"
    "MUWs3xiPIJrhxLOV1WxOSiyIec8kS6gGu5s0QgbjwmnfaY2C5gadOsNSZIkLj0hfhTXtjk"
    "S+r8WFOLewEFhKCE4/JiOmRM4vXSRb+CXrroS/USqxLkITOZqcxFn+4Mhcah9ADiOmQlI2"
    "b0Vtf0VkcucoWBCoGvPA5gyJ3kLAZgDurq5ec2Z0hbtOUdFKxcsLHCvxVAzstpCHYrmYlX"
    "PpxCH2IbKn1AISdmvqHQuM9wAjBWzn6eCpns5wrZz43BIN+C9DIYFAjlIb891rVZIDvywq"
    "vu6P0sH9JOByJ/fB24HrZP0xW15Otf9ZHSLH8ZBw+fAaM+Rtl8G1rilN4J3QGk5PLpUbo5"
    "yhHKn/euDxN/wlyX2aTkQMkEXzFiPN9yEV7IYa3+OckBRkP6vGH0OA0n4re1R0ATUDH303"
    "/ih2kCVA3P3BYCiXsuwafcR2eFg3JAT10Hzqxr7bRzULCwJhvx3o9mUpR5OY1u2b3v9y8u"
    "3vbPLq7evbl8+/bNu7ME8mJVGfbXd58Y/KdZK65oYtMFhb6zpeH7EKsd1SlKajQMjZ3ZSY"
    "xUa0X3BQcILjnKJ7lI1oAsuQejEoN66c5MrOxbvjFz0K29nfsyOwX0BtBH9lzEGaKaUsIA"
    "0jYmqndMS7mMIHyHfiA8Iy2POWVETLipWriJLSoFhKPmGqJ7flbl8yK0lTx2elb4wAj9RS"
    "K8gyUP5GVEzBF/xXDdQU+nPP8JmDgnng=="
)
