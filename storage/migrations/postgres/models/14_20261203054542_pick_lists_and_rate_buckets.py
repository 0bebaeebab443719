from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "pick_lists" (
    "token" VARCHAR(16) NOT NULL PRIMARY KEY,
    "owner_id" INT NOT NULL,
    "query" TEXT NOT NULL,
    "show" TEXT,
    "candidates" JSONB NOT NULL,
    "created" DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_pick_lists_created_74611c" ON "pick_lists" ("created");
        CREATE TABLE IF NOT EXISTS "rate_buckets" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "user_id" INT NOT NULL,
    "command" VARCHAR(32) NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "updated" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "uid_rate_bucket_user_id_7118b3" UNIQUE ("user_id", "command")
);
CREATE INDEX IF NOT EXISTS "idx_rate_bucket_updated_bc025a" ON "rate_buckets" ("updated");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "rate_buckets";
        DROP TABLE IF EXISTS "pick_lists";"""


MODELS_STATE = (
    "eJztXWtv27Ya/iuBP21ATpE6aZsdDAOS1N1y5sY9SXrOsGEQZIm2BcuUq0sTY6f//ZDUjZ"
    "QoRZR15fhla0S+tPTw9rwXvvxrsnNMYHuvrizXguvZ3vLQ35N/nvw1gfoO/4Nf4fRkou/3"
    "aTF+4OtLm0jopKoGwrqkTF96vqsbPipe6bYH0CNUYrjW3rcciJ7CwLbxQ8dAFZF0+iiA1p"
    "cAaL6zBv4GuKjgjz8mO2BaumaZuO3odyZ//on+sKAJntFvklqer/vkXSF49rW9Y9ua7of1"
    "9lttZQHbZD41bI881/zDnjy7hf4HUhG/3VIzHDvYwbTy/uBvHJjUtqCPn64BBC76bdy87w"
    "b4c/HXRADFCIRfllYJ352SMcFKD2yfgmeppc8mmna3eNQeZo+aNhEA1HAg7gz0qh75+jV+"
    "hX9MX1+8u7g8f3txiaqQ10yevPsW/nQKTChI4Ll7nHwj5bqvhzUI+NT4obqqIrS0yMsAx3"
    "CWIRw/SCFOh+FoME4xBek0rAgpJaEQ5SCK1iwPLw45RN8jTHxrB/iwUmIZWM1I7lX8jxGC"
    "XILg4+3H2cPj1cdPuPmd532xCVhXjzNcMiVPD5mn3739Hj930EYQbhRJIyf/vX385QT/ef"
    "L74m5G4HQ8f+2SX0zrPf4+we+kB76jQedJ000ak/hx/Ijp4GQvYLv3ZqO7/K5NBDIdiwAa"
    "YVdOdvqzZgO49jfoz9dvS7r2P1f3N79c3X/3Ottdd1HJlBSx84fZYQUnUVZWzaRBzyQX2E"
    "D3ECOzfJszox5Rb/L7OSdYa2ZF3GgMPTv77ZHp1HgCfffx6rfvmY6dL+5+jqtTE+5mvrjO"
    "blQQOgE0gFlnt8rINjDRRtQbY5hnWDVZbSkejR8sdWP7pLumxpRQQwK3YjpP0HZ008sPiu"
    "tI/sOv98DWCaT5zo/VPNTW+6ip8a6z6dNoiBJgnalThGy+aDfdZZ/oUF+TT8K/jX+JUY0f"
    "NqQfCxRnUnpaQWv2UMUWVOaMblyoAreurf3d1WHhXfO43XKgE7Sz7RJ9tHsQgTsRUHDXgH"
    "uF9GFf84IlfttlLZJS0IRSCgZHVhj12tgAM7CBhv5vbGt1fEETiqQOrd8FSGqrtAtac8vz"
    "5xbccnkXVVxOvKBlo4qajWr2yLwCD7hixIuSaMamKzXxwmiRf+cALrYB0jIyGCtYK+Dbiw"
    "pWwLcXhVZAXJQ1ToRTSXwscyRrjemhAd604wca7mGPvh4tMVsARYgtR1SGId01ww32mHjU"
    "4TespIR8duIC3VxA+xCNkvHynMRkVJvmsPtOfqgsIHh00H/IULlFMOrQ4G0zEZn5HDUyqh"
    "29yBiHHrv6U0KBaB6Dvhx9L/DDffnq4ebq/WzyrUHOGJiWP3fWM+i7By5rZCqU80ZcVbOd"
    "dX+cUQWstEAUa/hVOlzRO0V6nAt6BFGpvQJNVUeUolIiiptyQmiM2LVUVb1KJaQwtrLa1f"
    "m0gnZ1Pi3UrnARC7Cvu2iLEAE4legO4MmkE3inb95UwBfVKgSYlLEIm8DXLVtEq0olJEC4"
    "C11qKMZD2s/N5YGsH7yMBma9700HO1Oxm5FbJGwoG/CsaGKXNNEJfMPhmROLFwtKRJlexE"
    "0vBqKj9UwvrKQyvYyJqa8saHmbmq5kRlR5EodjYcv3c7TLielkrJA62cBRy2jKIAYuR1Ih"
    "HCGco7EVDud8cFxgreGv4FDR6ps7czcyoKsagNlZzLcBFw3pBmB+yDQnKcqc6VzB3N6ZRn"
    "bj7PboVdDLXUVh6jtAviWnmxXUPC3T0oxERtMpoR7jPZRS1obtflinIwa6VEjBF2OTixin"
    "yUipuCk+m6nn6jYpg9lR7u5jTqCMwuWdGYZtu71vHAiB4d8U5Hagi1/YRUlF9H2t5HWoun"
    "Xin9c2urcR8YUwQs0Y6/ud963E8hVvreB5b6Hlu8bGykqqbXXQ2+oAwpDlNg/w48GElda6"
    "EWHDmCoNx4R1pqSWuQyruQtb9RSitsNRYcGVE252yknYpz6a9oMAU2GE2gor6I+qXJxVoC"
    "oXZ4VUBRdlko9wj3UU+2GPOtIx0BW1My+sSqTTaiIdRNXqWa8oOUWxB02xI1t0vUiGjKzy"
    "aQ+5pyHXD1i8VMb1O4wljP+Z6026YJjxsITtiumqtIhSVjnRAi5An+X5YqiyQio2/kUbQK"
    "KnKSNAmRGAnq0vRwVEo7ABWGNN/j5tcVzDtyrA7MRlIEavcHL3eT4vs7Sk2O9t/YDraGgH"
    "tfDbHpmG7FPU3qeoOYkGuVgqsrxrO4514IMbO9pehrg4ikKOsf6tpmnvHuxt7tFQtsJpFS"
    "Of5qK6Vp+uMmXVa8Gqh1Y7f+W4OxFqT8soQ0gFQ4ix0fk0tMTFm4pICHHz6Vq26LtE8I3r"
    "Swhu8+O3L01KvqW4oeikQv2gZnBSde1gWF3SgHLQQohSFtVSApYAX4mCkdqKg41v4pdxMJ"
    "XYtVOvX/c3zgxMzWza0Dp87jXxnMANN0IWUOr5MKmXvkY/xbGROI4NdFjgP41lMgAvkVBb"
    "CCdPaHhFN6bqC8P1YjFnFobr2+zM//zxeobAJlijSla43edHbx+Xekm+IAwvrqK/EKHml4"
    "SeArGGNmZbDsRKd4aqrCyVkAHfrlmZuoqpV07sug7Hi1uSgjcWUGir7C8q+0uV7C8q3bJs"
    "vc4JnIveXh1CUoeQBmUBP+IQUv5Q9JERMQJHoodJFPIBGozm8GT5xgY0BNIDaU2ikVk3aM"
    "iNY1WOjRbKBb9IMgZreqmiAVbipEqHYAUfFT36mz4T6DqOr1G+T7Sm2zbiRep0YO8+LKYr"
    "cvCWWv4YOSk8Wm3bpvBSqIdBjsKA82QV6IKg1zBScYSlgL3zM5vh/lLrVkZWVEI9erx6c9"
    "5coo5EtXAkiiJQgtF8eUmF8MvGiSxj7fw0z9Dwrhyxlx9vLx+bUmfRGjqL1k9Gmg8AcLPR"
    "kOenZdrnCtVQUZFyaZSBK3R7TVRdceo6nBr4PnofjsXyXw+LuwIyTclkmbRl+Cf/O8GX4L"
    "YF/uTHVQDJlVsny8Cy0Zt4r/DP/jTpvkswRuVdkkU/w5ZxA/lwiL190OqczspLyuCib/+I"
    "C0atxkGtnKB8aDd/WisETTRumJWSD+fmR/XetXaAg3Fp+HAq1Hf8cPtrd4NxxMDX1yKjOa"
    "4v3zhu5T5DW0eKIKL+FmpTaNXICcoHePMLNAFt7xDXjLihNS+tcnsN2dRK+ks4BJSVkmFW"
    "da137XTijxAwHlAS3Zlfz9paxBq2bquw2mKoxxlgWSWsVvmJVI63TraFVu3qtDEOQA1pGb"
    "sjAwix1fwBtXWLmpIIdLHwwRoeiASzAk8EjWm5R0Jju7LpaLhV5BbZgoOKgOvfX5F0Qw7a"
    "kpPwlIwUnovWT2XiGVUj8icVU+RuTOSOLKNCyxUloajdy9Qu3kSOZHaxi35k4FZldtSgGl"
    "LAxM8OBI+6i0gBj6xQpaVUZY3qaT6p2ApPoV2RsZ9MURWV9LPvhVUl/Ry7lwLxHo93bXpZ"
    "HH4sIQXAKnHBYLpCMhKeo4z9MJxbE0Df8rlJzJOyUnZjhbVayVzOchu06AAX6rbiN4rfDG"
    "FBapnf0MNdAOeMmIRQN89z1Lb7d9l2VeYYlTlmYLavgV5ffQu/hqGYeV4YlpSzQlJHHRmS"
    "i/cZqKOFfXCMUDN0pF+Q2za6OLzUByVR+45E2Q7aJtVosfVQ+ysO0Svb9VMZte/zQvOf9x"
    "biZTX4MyspIX8eCV+uFMas1KTiGSWvmhT33fIgpizl5FQm/xc1phSz7vSmgSFcVW3KDS/h"
    "K2nb1J4WV4G/eSC3LnA0KKr0tEyLctDE3Gjk8oYeVSnoQF6i/rKr6fnjUrH9mO0Xq1iKSv"
    "0tqJSyPSrb4wA20YHaHheBv3SeZ9B3uY5purh8/yQV2/BLg6/RBehVgu/+SO9fguDZRyu0"
    "D3Z7/P+wqjJgdmXATLqtsjc16WcJrWs/vK5iXvvhdbF9DZdlMmKo0AAV+jhaXp5CHMZrC6"
    "fQyYhJCHXzoxk6vrWyjOS4JYt1cYa0rFz3WdL6UXZayYc2vCslpRrjEeXjHDku5HS0iMpF"
    "kXU5ZYl0DtdyYwlHXFlMBm0xMWwdp03TAuhbnMSlL/ifssIqX9Lg+xpp3FvAIQQlHJcVky"
    "FjErsvnU8r7Evn08J9CRdx8pCpzFTqoM9wukJiV7qHr6epk10BNkhSRjTzBtS9hfvWQA5y"
    "fbKM7Rypuvfk1XImc7r4tMxkvkcVNawz9+hwFt74j9vyB2YCb0UTLTaJq/RuzSun6KNcTg"
    "RPMaFKBKQwpnRNprxNuKpVRTuur4hrDeKqQ9My44CkqqZaVkoZao8w1Eb8P4/+B9vRy0Mx"
    "OdivsFAzqHe5SZaA/n7x+Xo+O/l0P7u5fbiNOiBhiaQQP0ozzd/Prua8WJKeeJytH3BLnx"
    "zPilDJk7lsnXJGF9XW9lH1Vg7qx/E2JnX3+MqygUYGiDqv32vYA9UR1cFlhRTP4/A8D6Af"
    "MDk7YclaTMm0txYPZQesuxjTIJuBW+AaLkGZFlIwV4E52Js1LZKspIQWybGbqJjZFO3PYh"
    "p/RkptBpzNQIV0q5DuMYR081aDBmB9TzUlKbSZVXBIEfP3CO3rwNjyM9VSpadlqiLuM21J"
    "KramJEbgGc4OfYxK5NbzHcBqz2r6jqRoXOcQLUuQkohIYf5vO2aFePvElO5URCmDAsqgEM"
    "aUjDIyD9vI/ACg+WA7XK6QlJUyBQ/V0jxUrccwgS3g+FhL74JpbokdUIjAZZVLYC6LL4G5"
    "PHspRABRf5cXul5yeX0ioXx9R/j6SJwlwVJoJWbF1I439NU4WNKI5Fdkurx8VaZqtqLA7Y"
    "Bp6TH9V9eODEybo3unIrRMh7akz40PYnWcWR1n7hNidZx5xKOZuN+KDevXjmMDHfLxzslm"
    "EF8i4bYgT550S96uF4s5Q5yvb7NhiJ8/Xs9QJ3zPkjh1P7k6VIObWLnOTnvSfWMTa5UCEy"
    "4v3PeME+Xpvcw05TdQvu4BOGSPSF9WsF8feSf8FWpLQkd4q3fCkzHKMXvEY7fY3IG7X10x"
    "MUYFu9iGoW4/aFE1MS0PnwbQyN8CIGflJAR7+uZNBbRRrUK4SVnGeuSCFXAB2qKFvCcZse"
    "5dKJMfVwE0MKAny8CyfQt6r/DP/jRpd+PpzLGy1CHkubdLdYVUqG8dQWnlSisfoFYu4E+j"
    "A6bQrDJ8DV8TdST7vgmbukF/jXAwFJJvXsDukUjJqKNwTzm4AL20xwteqAPXfdia9Kh5T5"
    "ZvbI6djjFqD6Q1WUFbAXDsbPwAgLQzkb0evD5G9GXkUuKUXph5BEjJzZyjTGJRjlD2Mpz6"
    "MLHX78g4mvhn/usjxss4ICNuuQCq+pBlo7ZkgUvIFExZ2aGFLRaabcFtMbALCB4d9J8Kln"
    "Zo4Xxm86g5Cde7L4Hj601AhQ3p/44bkwSoGj6GEIICR0OCT7m3QSOd0qPPYQCOV6ndD6bl"
    "bbXlgU8xrHXxAXlGTqKbLn+YTs/P303Pzt9evrl49+7N5VkCeb6oDPvr258x/Ke0PSpvLE"
    "QTyvqKp4brAiiWLj8vKVE3NBbQmhiQtD1aF0ydc4TmxSwQjKwCuSCYQ+QwwUuBH/Fm33LY"
    "R69LeztBH0eFJlwB1zI2PM4QlZQSBj2to+ITxjSVywjCV+B63GRUxd5zSkQ5zqs5zvGkEk"
    "A4qi4huq/PqpzuRLWKo0DOznLnLRzoc+9BLEngmoqoE52CgQe9HjP89n8aYygF"
)
