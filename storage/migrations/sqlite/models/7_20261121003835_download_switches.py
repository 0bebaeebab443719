from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "download_switches" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "stalled_hash" VARCHAR(40) NOT NULL,
    "replacement_hash" VARCHAR(40) NOT NULL,
    "replacement_title" TEXT NOT NULL,
    "switched_at" TIMESTAMP NOT NULL,
    "owner_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    "root_request_id" INT NOT NULL REFERENCES "download_requests" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_download_sw_root_re_39340a" UNIQUE ("root_request_id", "stalled_hash")
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "download_switches";"""


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
    "b+KXcTCTRLNTD0v3t3v0TM1s/AhM71xWh/O+Nk++DuTj7tuYbdnHHXhb31HycqcSOuDb9S"
    "Jsbrk46Bbo+57E/VCS3TAWMGibg/XmYH2Vg/Umk6VuvS6JSYje3sR3m/juXhm89ojvzp83"
    "2/POI4XTZv0kCnl/rKA5PELsrEBDIN2z1jQamWpXQ/EKQuSa3jc4IOfr1mQM1jRKRwOsxC"
    "adDsEKJml+9Dd93ML3PGxxrg6yprsu4UXm4MXBTdZCV+TgLbX8CXJaGLDbtk3RpdAOY5qU"
    "AZfJGtAVQa9hpJIIawF758dhwv2l1oVXoqiGevRw9WYTy99JLD9HoBSDd/KSBuHnjRNZxt"
    "p5GHrf8K4coJMfb8/H+5tDFA0dojjMYf/3AEgP+rPnx2Xa54LUMEFQemmUW1/pYoCouuHU"
    "dTg1wJi8j8Ri+a/7yV0BmeZkskwaOvjof0f0fsG2wB/9Y7FF7DaTo9kWuuRNghf0Z/856r"
    "5LKEblXZJFP8OWaQP5cIiNu7PqHMbIS+rgom8/op2iVuNcRk5QP7SbP5wRgqZ6REOU0g/n"
    "5kf1xodrIMH40vNcYKOC01yJUAbiGZFqa0FPnnS7dl9OJrfC2n15k90vP3+8vCawM9RJJR"
    "hSZclVsdheqozmuL5+47iVq6JcmyiChPpD0qbSqpET1A/w5hdoBtrGY64ZdUNrXtqkTemz"
    "qZX1l3IIqCilw6zqWu9a28wfoWA84CS6M7+etLWINWzdNmG1xVAPM8CySlit8ROZ5ESdbA"
    "ut2tV5YxxAFtEy1nsGEFKr+T1p64Y0pRHoauGDNTwQCWYFngge03KPhCV2ZdPRcIvILfIA"
    "diYC7vD+iqQbctCWJB3hZLTwXLR+KpPOqBqRP6mYIXdDIndsGVVarjgJQ+2ep3bxJrIns4"
    "td9AMDtyqz4wZVnwImPngITG2fkAIZWeFKS6nKktSzMKvYCk/hXZGxn8xQFZPj79ALq8nx"
    "N3QvBeE9gexG2rI4/FhCC4BN4oLedIVmJDxHGQ/DcG7mAGGIpTmLk7JSdgPDWq0kKha5DV"
    "l0gI9s1/Abw2/6sCC1zG/44a6Ac0ZMQ6ib5zlm2/1Rtl2TOcZkjumZ7aunN4PeoG9hKGae"
    "F4Yl5ayQ1TFHhvTifeae8i6MLp4s9UFJ1L6nUbaDtkk1WWwD0v5CQvTKdv1Uxuz7stD8pw"
    "0kvKwGfxYlNeTPA+HLlcKYjZpUPKP0VZPivpvt1JSlnJzJ5P+sxpRi1p3e1DOEq6pNueHV"
    "7l2KitrT5GKLV/fs1gWJBsWVHpdpUR6ZmCuLXd5wQFUKeUiWqL+YkSYChu0XsP1iFctQqR"
    "+CShnbo7E99mAT7antcbLFM+/pGmFf6pjmi8v3T1axDb80+Bbdd1wl+O5Lev8SAk+YrNAY"
    "rDf0/2FVY8DsyoCZdFtlb2rSzxpa196eVjGvvT0ttq/RskxGDBMaYEIfB8vLU4jDeG3lFD"
    "oZMQ2hbn40Iw/DBXSS45Yi1sUZ0rJy3WdJO4yy00o+tP5dKanVGI8on+TIcSGn40VMLoqs"
    "yylLpHO4lhtLJOLGYtJri4nj2jRtmrVFGEoSlz7jf8oKm3xJve9ronE/AAkhKOG4opgOGZ"
    "PEfelsXGFfOhsX7ku0SJKHzGSmMgd9+tMVGrvSA3o9TZ3sCqhBkjKgmdej7i3ct3pykOt+"
    "O+Phz9nMhfLjMqN5wNVs5UwXIWLQjm1R5ux6z0zkfO9UhFbo0JY01eFBbGzixiZubOLGJl"
    "7PXkhpxpy7x1kEuzS/fE7WpJlXSDNvNLPiQa+vZmbisUw81rDjsQr2jj2T3F6Qtt5xW4km"
    "uLea5JaNUYkKHo/dYtWbdr85MztEZa9YnzbHOVukyXMYEEV5Z7G/FUDOymkIdiuXBG18sA"
    "A+IFu00l2GGTFznWG5P6lG+M7MRkiWaLZUUUyFjIZoNESjIe7j2+GTZJBZ5WCL5r3Yk31f"
    "hU1dkb8GOBgKybewgzejp+ioo8hgiq9sbwgu/e65l6MWPEJ6r1dDqN2z1nQFLbnrvT5Qmm"
    "WrF+AR853Wx4jPrqolTmkGsD1ASlKNDTKopRyh7On++jCJ+QR0HE25oJT6YGUjYXSBS8mk"
    "yVmLEaSat+VC9FAM7ASBqUf+U8FijOAtae82ak7Deft162G7CaioQfjfcWOaAFXDVh5CUG"
    "AwT/Apt5pbrFMOaDvvgQNRazP6HAYP1mwn3yrhshBlUU6jFFRvx+Ozs9fjk7NXb16ev379"
    "8s1JAnm+qAz7y5sPFP5j3q6SN3qRCQW/0anh+wCpnWPLS2rUDY0FCSaGEGtD1oW5LckAVj"
    "zIZbIG5IKgBJUA7ecCGOLNvuXwhYMu7e0EL+zlYr8APnRWMs4QlZQSBjutY/zsQ5rKZQTh"
    "G/ADaQKBYi8wJ2IcwNUcwHRSKSAcVdcQ3dOTKnfvklrF0Qwnudt3yS9iaYKiYtc6J2LyXy"
    "g60A96dOv7/wHYARS2"
)
