from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "download_requests" ADD "kind" VARCHAR(16) NOT NULL DEFAULT 'source';
        ALTER TABLE "download_requests" ADD "again" BOOL NOT NULL DEFAULT False;
        -- Each existing request's kind, as the code before kinds told them apart.
        UPDATE "download_requests" SET "kind" = CASE
            WHEN "episode" IS NOT NULL THEN 'episode'
            WHEN LOWER(SUBSTR("query", 1, 7)) = 'magnet:' THEN 'magnet'
            ELSE 'source'
        END;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "download_requests" DROP COLUMN "kind";
        ALTER TABLE "download_requests" DROP COLUMN "again";"""


MODELS_STATE = (
    "eJztXWtv2zgW/SuBP80A2SJx0tdisUCSpp3spPFs4+4OphgIskzbRGTKlegmxmz/+5LUi5"
    "QoRZQlWWL5ZaYReWnp8HXug5d/jdbeHLjBiwvoQ7S83sCA/D36+9FfI2Sv6T/kFY6PRvZm"
    "kxbTB9ieuUzCZlUtENZlZfYswL7tYFK8sN0AkEekxPHhBkMPkado67r0oeeQikQ6fbRF8O"
    "sWWNhbArwCPin48mW0BnNoW3BO245+Z/Tnn+QPiObgifwmqxVgG7N3ReAJWxvPdS0bh/U2"
    "D9YCAncufGrYHntu4d2GPbtB+D2rSN9uZjmeu12jtPJmh1ceSmpDhOnTJUDAJ79Nm8f+ln"
    "4u/ZoIoBiB8MvSKuG7czJzsLC3LubgmVnps5Fl3U2m1v311LJGCoA6HqKdQV41YF+/pK/w"
    "t/Hp+evzN2evzt+QKuw1kyevv4c/nQITCjJ47qaj76zcxnZYg4HPjR+uqypCy4s8D3AMZx"
    "nC8YMU4nQYDgbjFFOQTsOKkHISBlEJomTNCujikEP0HcEEwzWQw8qJZWCdR3Iv4n8MEOQS"
    "BKc3H6/vpxcff6PNr4Pgq8vAuphe05Ixe7rLPP3p1c/0uUc2gnCjSBo5+u/N9Jcj+ufRH5"
    "O7awanF+Clz34xrTf9Y0Tfyd5iz0Leo2XPeUzix/EjoYOTvUDs3quV7cu7NhHIdCwBaIBd"
    "OVrbT5YL0BKvyJ+nr0q69j8Xn65+ufj002m2u+6ikjErEuePsMMqTqKsrJlJvZ5JPnCBHR"
    "BGBrErmVFT0pvyfs4J1ppZETcaQs9e/z4VOjWeQD99vPj9Z6Fjbyd3H+Lq3IS7up1cZjcq"
    "hLwtcsC8zm6VkW1gog2oN4Ywz6hqsnjgeDR9MLOdh0fbn1tCCTckaCtz7xG5nj0P8oPiMp"
    "J//+sn4NoM0nznx2oeaetd1NRw19n0aTREGbDe2CtCNl+0Hq+zT2xkL9kn0d+mvySoxvcr"
    "1o8FijMrPa6gNQekYgsqc0Y3LlSBW9fWfnR1WHnX3G+37OkE7Wy7JB/t71TgTgQM3DXgXh"
    "B9GFvBdkbfdlaLpBQ0YZSC3pEVQb12VmC+dYFF/u881Or4giYMSe1bvyuQ1FZpF4K3MMC3"
    "ED1IeRdXXE68EHRJRcslNQ/IvLYB8NWIFyfRjE1Xa+JF0WL/zgFcbAPkZXQwVohWwFfnFa"
    "yAr84LrYC0KGucCKeS+liWSNYa030DvGnHD3L83YZ8PVliHgBSIbYSUR2GdNcMd7uhxKMO"
    "vxElNeSzIx/Y8wlyd9EoGS7PSUxGtWmOuO/kh8oEgalH/sOGyg2B0UaObJuJyMznqJFB7e"
    "hFxjjy2LcfEwrE8xjy5eR7AQ735Yv7q4t316PvDXLG7RziW295jbC/k7JGoUI5b6RVLddb"
    "Ho4zmoCVFohiDb9Khyt6p0gPc0GPICq1V5Cp6qlSVE7EcFNJCI0Tu5aqqlephBbGVlG7Oh"
    "tX0K7OxoXaFS0SAca2T7YIFYBTie4AHo06gXf88mUFfEmtQoBZmYjwHGAbuipaVSqhAcJd"
    "6FJ9MR7yfm4pDxT94GU0MOt9bzrYmYvdjNwiYUPZgGdDE7ukid4WO57MnFi8WHAixvSibn"
    "pxCB2tZ3oRJY3pZUhMfQERDFY1XcmCqPEk9sfClu/naJdT08lEIXOyQaKW8ZRBDVyJpEE4"
    "QjhHYyscznnv+QAu0a9gV9HqmztzNzCgqxqAxVkstwEXDekGYL7PNKcpypLpXMHc3plGdu"
    "WtN+RVyMtdRGHqa8C+JaebFdQ8LtPSnETGsjmhA8Z7GKWsDdt9v05H9HSp0IIvxiYXNU6T"
    "kTJxU3I2U8/VPecMZnu5u/c5gTIIl3dmGLbt9r7yEAIOvirI7cAXP7OLsork+1rJ61B166"
    "Q/b63sYKXiCxGEmjHWH3betxLLV7y1gqcNJMt3jY1VlDTbaq+31R6EIettHpDHgykrrXUj"
    "wvoxVRqOCetMSS1zGVZzF7bqKSRth6MCooUXbnbGSXhIfTTtBwWmIgi1FVZwOKpyflKBqp"
    "yfFFIVWpRJPiI91lHsh93rSEdPV9TOvLAmkU6riXQIVatnveLkDMXuNcWObNH1Ihkyssan"
    "3eeeZnxMTZviRYw6JfFn+4B8VoDVUBWFTPT2s1pqokkYNbVMTeVn6/N+62gUNgBrrGt+Sl"
    "sc1vCtCrA4cQWIySsc3X2+vW3MFpB3I8Z+ZbG34nxasVPj+axaxR5rPXrte00zyiewcaXH"
    "8MQKx1UMKpZP6sJDuiWMBaUFC8qGzK2F569VNE5exiidFZROZ2XLCVWJOy0V0RDi5lNjPJ"
    "DvUsE3rq8huM2P30PpBPotxQ1FghQy3ZqBINV5br+6pAGa20I4SBbVUgKWAF+JgrHahoMN"
    "b+KXcTCTRLNTD0v3t3v0TM1s2mTYf+41CrytH26EIqDc835SL3tJfkpiI/E8F9iowFcVy2"
    "QAnhGhthBOnvDwqm5M1ReGy8nkVlgYLm+yM//zx8trAjbDmlSC4XYvOcDVO4fr4WIHmh+/"
    "B4rQ6NuK23KERrqMVaUQqYQO+HZNIcwdLQclcL7vSZxnJbk5YwGDtkkLYdJCVEkLYfKw6t"
    "brkoia6O3N6QRzOqFX5to9TifkT0vueWOXwlnJfhKFfDSBoDk8QuysQEMg3bPWNBqZaheb"
    "8QpCFFixb2hLLlJDkzFY06USDbASj0o6BCs4VPjR3/RhId/zsMU56sia7rqEF5ljQwd3uA"
    "hdkYO31PInyGnhfmnbNkWXQjuMyFMGXCZrQFcEvYaRSiKsBeydH+YK95da17WJohrq0cPV"
    "m81JlE5OonAESjH0LC9pEH7eOJFlrJ0fougb3pXDy/Lj7fnTKuYIUENHgA6TquI9ANI0Fe"
    "z5cZn2uSA1TAifXhrl1le61iKqbjh1HU4NMCbvI7FY/ut+cldApjmZLJOGDj763xG9HbMt"
    "8Ef/WGwRu4vnaLaFLnmT4AX92X+Ouu8SilF5l2TRz7Bl2kA+HGLj7qw6R4nykjq46Ns/j0"
    "FRq3GqKCeoH9rNHy0KQVMNchWl9MO5+VG98eEaSDAujXVNhQ4d7Nr+2t1g0CvA9lJlNMf1"
    "9RvHrVx05tpEESTUH5I2lVaNnKB+gDe/QDPQNh5zzagbWvPSJulPn02trL+UQ0BFKR1mVd"
    "d619pm/ggF4wEn0Z359aStRaxh67YJqy2GepgBllXCao2fyKTW6mRbaNWuzhvjALKIlrHe"
    "M4CQWs3vSVs3pCmNQFcLH6zhgUgwK/BE8JiWeyQssSubjoZbRG6RB7AzEXCH91ck3ZCDtu"
    "TYNiejheei9VOZdEbViPxJxQy5GxK5Y8uo0nLFSRhq9zy1izeRPZld7KIfGLhVmR03qPoU"
    "MPHBQ2Bq+4QUyMgKV1pKVZaknoVZxVZ4Cu+KjP1khqqYDJWHXlhNhsqheykI7wlk9ymXxe"
    "HHEloAbBIX9KYrNCPhOcp4GIZzMwcIQyzNuJ2UlbIbGNZqJc22yG3IogN8ZLuG3xh+04cF"
    "qWV+ww93BZwzYhpC3TzPMdvuj7LtmswxJnNMz2xfPb3X9gZ9C0Mx87wwLClnhayOOTKkF+"
    "9zSEcr++AEoWboyGFBbtvo4slSH5RE7XsaZTtom1STxTYg7S8kRK9s109lzL4vC81/2kDC"
    "y2rwZ1FSQ/48EL5cKYzZqEnFM0pfNSnuu9lOTVnKyZl7KJ7VmFLMutObeoZwVbUpN7zavQ"
    "lUUXuaXGzx6p7duiDRoLjS4zItyiMTc2WxyxsOqEohD8kS9Rcz0kTAsP0Ctl+sYhkq9UNQ"
    "KWN7NLbHHmyiPbU9TrZ45j1dI+xLHdN8cfn+ySq24ZcG36LbuqsE331J719C4AmTFRqD9Y"
    "b+P6xqDJhdGTCTbqvsTU36WUPr2tvTKua1t6fF9jValsmIYUIDTOjjYHl5CnEYr62cQicj"
    "piHUzY9m5GG4gE5y3FLEujhDWlau+yxph1F2WsmH1r8rJbUa4xHlkxw5LuR0vIjJRZF1OW"
    "WJdA7XcmOJRNxYTHptMXFcm6ZNs7YIQ0ni0mf8T1lhky+p931NNO4HICEEJRxXFNMhY5K4"
    "L52NK+xLZ+PCfYkWSfKQmcxU5qBPf7pCY1d6QK+nqZNdATVIUgY083rUvYX7Vk8Oct1vZz"
    "z8OZu5UH5cZjQPuJqtnOkiRAzasS3KnF3vmYmc752K0Aod2pKmOjyIjU3c2MSNTdzYxOvZ"
    "CynNmHP3OItgl+aXz8maNPMKaeaNZlY86PXVzEw8lonHGnY8VsHesWeS2wvS1jtuK9EE91"
    "aT3LIxKlHB47FbrHrT7jdnZoeo7BXr0+Y4Z4s0eQ4DoijvLPa3AshZOQ3BbuWSoI0PFsAH"
    "ZItWusswI2auMyz3J9UI35nZCMkSzZYqiqmQ0RCNhmg0xH18O3ySDDKrHGzRvBd7su+rsK"
    "kr8tcAB0Mh+RZ28Gb0FB11FBlM8ZXtDcGl3z33ctSCR0jv9WoItXvWmq6gJXe91wdKs2z1"
    "AjxivtP6GPHZVbXEKc0AtgdISaqxQQa1lCOUPd1fHyYxn4COoykXlFIfrGwkjC5wKZk0OW"
    "sxglTztlyIHoqBnSAw9ch/KliMEbwl7d1GzWk4b79uPWw3ARU1CP87bkwToGrYykMICgzm"
    "CT7lVnOLdcoBbec9cCBqbUafw+DBmu3kWyVcFqIsymmUgurteHx29np8cvbqzcvz169fvj"
    "lJIM8XlWF/efOBwn/M21XyRi8yoeA3OjV8HyC1c2x5SY26obEgwcQQYm3IujC3JRnAige5"
    "TNaAXBCUoBKg/VwAQ7zZtxy+cNClvZ3ghb1c7BfAh85KxhmiklLCYKd1jJ99SFO5jCB8A3"
    "4gTSBQ7AXmRIwDuJoDmE4qBYSj6hqie3pS5e5dUqs4muEkd/su+UUsTVBU7FrnREz+C0UH"
    "+kGPbn3/P8it8zw="
)
