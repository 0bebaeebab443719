from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "connect_codes" (
    "code_hash" VARCHAR(64) NOT NULL PRIMARY KEY,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "connect_codes";"""


MODELS_STATE = (
    "eJztXWtv2zgW/SuBP3WAbJE4adouBgM4adrJThrPJu7uYIqBIMu0TUSmXIlqY8z2vy+pJy"
    "lRiihLssTyy0wj8tLS4evcBy//Hm2cBbC9lxPoQrS63kKP/D3659HfI2Ru6D/EFY6PRuZ2"
    "mxbTB9ic24GEGVQ1QFg3KDPnHnZNC5PipWl7gDwiJZYLtxg6iDxFvm3Th45FKhLp9JGP4B"
    "cfGNhZAbwGLin4/Hm0AQtoGnBB245+Z/TXX+QPiBbgifxmUMvDJg7eFYEnbGwd2zZMHNbb"
    "PhpLCOwF96lhe8FzA++2wbMbhN8HFenbzQ3Lsf0NSitvd3jtoKQ2RJg+XQEEXPLbtHns+v"
    "Rz6ddEAMUIhF+WVgnfnZFZgKXp25iBZ26kz0aGcTedGQ/XM8MYSQBqOYh2BnlVL/j6FX2F"
    "f4xPz1+fvzm7OH9DqgSvmTx5/T386RSYUDCA5242+h6Um9gMawTgM+OH6aqK0LIizwMcw1"
    "mGcPwghTgdhoPBOMUUpNOwIqSMhEZUgChZszy6OOQQfUcwwXADxLAyYhlYF5Hcy/gfAwS5"
    "BMHZzcfrh9nk4++0+Y3nfbEDsCaza1oyDp7uMk9fXPxEnztkIwg3iqSRo//ezH49on8e/T"
    "m9uw7gdDy8coNfTOvN/hzRdzJ97BjI+WaYCxaT+HH8iOvgZC/gu/dqbbrirk0EMh1LABpg"
    "V4425pNhA7TCa/Ln6UVJ1/5ncn/16+T+xWm2u+6iknFQxM8fboeVnERZWT2Tej2TXGAD0y"
    "OMDGJbMKNmpDfF/ZwTrDWzIm40hJ69/mPGdWo8gV58nPzxE9ext9O7D3F1ZsJd3U4vsxsV"
    "Qo6PLLCos1tlZBuYaAPqjSHMM6qaLB8ZHk0fzE3r8ZvpLgyuhBkStJWF8w3Zjrnw8oPiMp"
    "J//9s9sM0A0nznx2oeaetd1NRw19n0aTREA2CdsVOEbL5oM95kn5jIXAWfRH+b/hKnGj+s"
    "g34sUJyD0uMKWrNHKragMmd040IVuHVt7UdXh6V3zf12y55O0M62S/LR7k4G7kRAw10D7i"
    "XRh7Hh+XP6tvNaJKWgCa0U9I6scOq1tQYL3wYG+b/1WKvjC5rQJLVv/S5BUlulXQjeQg/f"
    "QvQo5F1McTnxQtAmFQ2b1Dwg8/I94MoRL0aiGZuu0sSLohX8OwdwsQ2QlVHBWMFbAS/OK1"
    "gBL84LrYC0KGucCKeS/FgWSNYa030DvGnHD7Lc3ZZ8PVliHgGSIbYCURWGdNcM199S4lGH"
    "3/CSCvLZkQvMxRTZu2iUDJfnJCaj2jSH33fyQ2WKwMwh/wmGyg2B0USWaJuJyMynqJFB7e"
    "hFxjjy2DW/JRSI5THky8n3Ahzuy5OHq8m769H3Bjmjv4D41lldI+zuhKyRq1DOG2lVw3ZW"
    "h+OMOmClBaJYw6/S4YreKdLDXNAjiErtFWSqOrIUlRHR3FQQQmPFrqWq6lUqoYSxldeuzs"
    "YVtKuzcaF2RYt4gLHpki1CBuBUojuAR6NO4B2/elUBX1KrEOCgjEd4AbAJbRmtKpVQAOEu"
    "dKm+GA9ZP7eQB/J+8DIamPW+Nx3szMRuRm6RsKFswLOmiV3SRMfHliMyJxYvFoyINr3Im1"
    "4sQkfrmV54SW16GRJTX0IEvXVNVzInqj2J/bGw5fs52uXkdDJeSJ9sEKhlLGWQA1cgqRGO"
    "EM7R2AqHc947LoAr9BvYVbT65s7cDQzoqgZgfhaLbcBFQ7oBmB8yzSmKsmA6VzC3d6aRXT"
    "mbLXkV8nKTKEx9A4JvyelmBTWPy7Q0K5ExTEbogPEeWilrw3bfr9MRPV0qlOCLsclFjtNk"
    "pHTclJjN1HN1LxiD2V7u7n1OoAzC5Z0Zhm27va8chICFrwpyO7DFz+yiQUXyfa3kdai6dd"
    "KfN9amt5bxhXBCzRjrDzvvW4nlK95awdMWkuW7xsbKS+pttdfbag/CkNU2D4jjwaSV1roR"
    "Yf2YKg3HhHWmpJa5DKu5C1v1FJK2w1EB0dIJNzvtJDykPpr2gwRT4YTaCis4HFU5P6lAVc"
    "5PCqkKLcokHxEe6yj2w+51pKOnK2pnXlidSKfVRDqEqtWzXjFymmL3mmJHtuh6kQwZWe3T"
    "7nNPB3xMTptiRbQ6JfBnu4B8loflUOWFdPT2s1pqokloNbVMTWVn6/N+62gUNgBrrGvepy"
    "0Oa/hWBZifuBzE5BWO7j7d3jZmC8i7EWO/Mt9bcT6t2KnxfFatYo+1Gr32vaYZ5R5sbeEx"
    "PL7CcRWDiuGSuvCQbgltQWnBgrIlc2vpuBsZjZOV0UpnBaXTWptiQlXiTktFFIS4+dQYj+"
    "S7ZPCN6ysIbvPj91A6gXpLcUORIIVMt2YgSHWe268uaYDmthAOkkW1lIAlwFeiYEFtzcGG"
    "N/HLOJhOotmph6X72z16pmY2fgSmdy6rw3lfmydfB/Jx923Mtuzj9hzftaS83KmECvh2vQ"
    "jrWy4OugW6riNwP5RkN4wFNNr6YL0+WF/lYL3OZKlarwtiEqK31/HdOr67VwavPeK78+fN"
    "9rzzSOK0WT+Jwp7XHbGkN3K37uvwzvlvFcJVwtD6HgDhUYHg+XGZSXVJamgzqlpmVN+VSi"
    "0YVdcm1DpB6gBj8j6CjeFfD9O7AnsJI5PltNDCR/87ojcUtAX+6Oelj4J8qEdzH9rkTbyX"
    "9Gd/GXXfJRSj8i7Jop/hqbSBvEGFbAVGnXCOvKQKSn77PnGKWo3Ijpygemg3H94RgiYb5M"
    "FLqYdz86N668INEGB86Tg2MFFBPFgilIF4TqTaWtCTJ92u3ZfT6S23dl/eZPfLTx8vrwns"
    "AeqkEgw1L8FlM9hcyYzmuL5647iVZNO26WGDUH9I2pRaNXKC6gHe/AIdgEYvma9l8cxL64"
    "NX/TFy5m3bQX9JO5F4KRVmVdd618bE9BZPCeMBI9GddfmkrUWs4cAV7ZgrhnqYLpoqjjl9"
    "alQfb+xkW2jgeGMVN40HADKIlrHZ009DreYPpK0b0pRCoMs5a2p4IBLMCjwRLKblHgmD78"
    "qm0xctI7fII9jp5EWH91ck3ZCDtuTYEiOjhOei9bhOOqPk+R0jpsndkMhdsIxKLVeMhKZ2"
    "z1O7eBPZk9nFLvqBgVuV2TGDqk/5FT84CMzCSwsFZIUpLaUqK1LPCO8+bIWnsK7I2E+mqY"
    "rOEnDohVVnCRi6l4LwHk90p03ZcZNYQgmA9dGH3nSFYiR8r8wGzTGcmwVAGGJh1qOkrJTd"
    "wLBWK6mOeG5DFh3gItPW/Ebzmz4sSC3zG3a4S+CcEVMQ6uZ5jt52f5RtV58902fPemb76u"
    "ndIjfoaxiKmeeFYUk5Kwzq6CNDavE+fdNZF0YXR5ThoyRq39kjsUffFs22STVZbD3S/lJA"
    "9Mp2/VRG7/ui0Hx9Gd+PEMas1aTiGaWumhT33Xwnpyzl5HQuwGc1phSz7vSmniFcVW3KDa"
    "92b2OQ1J6mEx+vH4K8jQINiik9LtOiHDIx10aQ/vGAqhRykCjVXzEjTQQ02y9g+/pe4x+c"
    "Smnbo7Y99mAT7antcerjufN0jbArdEyzxeX7Z1CxDb80+BrdmFQl+O5zmsEZgSdMVmgMNl"
    "v6/7CqNmB2ZcBMuq2yNzXpZwWta29Pq5jX3p4W29doWSYjhg4N0KGPg+XlKcRhvLZ0Cp2M"
    "mIJQNz+akYPhElrJcUse6+IMaVm57rOkHUbZaSUfWv8upVBqjEeUT3DkuJDTsSI6F0XW5Z"
    "Ql0jlcy40lAnFtMem1xcSyTZo2zfARhoLEpc/4n7LCOl9S7/uaaNyPQEAISjguL6ZCxiR+"
    "XzobV9iXzsaF+xItEuQh05mp9EGf/nSFwq50D6A6ZIUR0/tW3/atnhzkevDnLPw5mzlXfl"
    "xmNPeYmq2c6SJEDJqxLUqfXe+ZiZztnYrQch3akqY6PIi1TVzbxLVNXNvE69kLKc1YMDdB"
    "8WCX5pfPyeo08xJp5rVmVjzo1dXMdDyWjscadjxWwd6xZ5LbCWlL4kLCoeDeapLbYIwKVP"
    "B47Bar3rT79ZnZISp7xfq0Ps7ZIk1eQI8oyjsj+FsC5KycgmC3cknQ1gVL4AKyRUvdZZgR"
    "09cZlvuTaoTvzE2ERIlmSxXFVEhriFpD1BriPr4dNkkGmVUWNmjeiz3Z91XY1BX5a4CDoZ"
    "B8czt455emDxomwwXkpT1RIGEduO7D1lRFLbm2vD5SiiVe5+DhU3fWx4hNFKokTmkyqz1A"
    "SrJmDTI+oxyh7EH1+jDxR+NVHE25+Ir6YGWDOlSBS8o6xxg+EaRKpGFD9FgM7BSBmUP+U8"
    "H4ieAtae82ak7BefvFd7DZBFTUtvnvuDFFgKph9g0hKLD9JviUG4CNoFMOaAbugS9MaYvw"
    "AnqPxnwn3irhqhBlXk6hbEpvx+Ozs9fjk7OLN6/OX79+9eYkgTxfVIb95c0HCv8xayLI22"
    "/IhIJf6dRwXYDkjmTlJRXqhsbi3RKd3tiSdWFhCpJZFQ9ykawGucC/LhNr/JwvPt7sW/bE"
    "H3Rpb8cPv5e3eAJcaK1FnCEqKSUMZlpHu4yHNJXLCMJX4HrCs/DFDk1GRPsyq/ky6aSSQD"
    "iqriC6pydVrpEltYod8ye5i2TJL2Jhrp1iLzEjolM5SPqCD3oK6fv/Aae3kbU="
)
