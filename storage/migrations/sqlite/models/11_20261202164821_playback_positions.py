from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "playback_positions" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "file_index" INT NOT NULL,
    "seconds" REAL NOT NULL,
    "duration" REAL NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "download_id" INT NOT NULL REFERENCES "downloads" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_playback_po_user_id_d0ba99" UNIQUE ("user_id", "download_id", "file_index")
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "playback_positions";"""


MODELS_STATE = (
    "eJztXWtv27Ya/iuBP21ATpE66WUHwwAndbucpXFP4p4zbBgEWaZtIjLlSlQTY6f//ZC6WK"
    "REKaKsK8svWyPypaWHt+e98OXfo62zBLb3YgJdiNbTHfTI36N/nvw9QuaW/kNc4fRkZO52"
    "STF9gM2FHUiYQVUDhHWDMnPhYde0MClembYHyCNSYrlwh6GDyFPk2zZ96FikIpFOHvkIfv"
    "GBgZ01wBvgkoI//xxtwRKaBlzStqPfGf31F/kDoiV4Ir8Z1PKwiYN3ReAJGzvHtg0Th/V2"
    "D8YKAnvJfWrYXvDcwPtd8Owa4fdBRfp2C8NybH+Lksq7Pd446FAbIkyfrgECLvlt2jx2ff"
    "q59GsigGIEwi9LqoTvzsgswcr0bczAszCSZyPDuJ3Njfvp3DBGEoBaDqKdQV7VC75+TV/h"
    "H+OXF28u3p6/vnhLqgSveXjy5lv40wkwoWAAz+189C0oN7EZ1gjAZ8YP01UloWVFngc4hr"
    "MI4fhBAnEyDAeDcYIpSKZhSUgZCY2oAFGyZnl0ccgg+o5gguEWiGFlxFKwLiO5F/E/Bghy"
    "AYLz64/T+/nk4yfa/NbzvtgBWJP5lJaMg6f71NMfXv9InztkIwg3ikMjJ/+9nv96Qv88+W"
    "N2Ow3gdDy8doNfTOrN/xjRdzJ97BjIeTTMJYtJ/Dh+xHXwYS/gu/dqY7rirj0IpDqWADTA"
    "rhxtzSfDBmiNN+TPl68LuvY/k7urXyd3P7xMd9dtVDIOivj5w+2wkpMoLatnUq9nkgtsYH"
    "qEkUFsC2bUnPSmuJ8zgpVmVsSNhtCz09/nXKfGE+iHj5Pff+Q69mZ2+yGuzky4q5vZZXqj"
    "QsjxkQWWVXarlGwNE21AvTGEeUZVk9UDw6Ppg4VpPTya7tLgSpghQVtZOo/Idsyllx0Ul5"
    "H8+9/ugG0GkGY7P1bzSFvvoqaGu84mT6MhGgDrjJ08ZLNF2/E2/cRE5jr4JPrb9Jc41fh+"
    "E/RjjuIclJ6W0Jo9UrEBlTmlG+eqwI1ra9+7Oiy9ax63W/Z0gra2XZKPdvcycB8ENNwV4F"
    "4RfRgbnr+gb7uoRFJymtBKQe/ICqdeWxuw9G1gkP9bD5U6PqcJTVL71u8SJLVR2oXgDfTw"
    "DUQPQt7FFBcTLwRtUtGwSc0OmZfvAVeOeDES9dh0lSZeFK3g3xmA822ArIwKxgreCvj6oo"
    "QV8PVFrhWQFqWNE+FUkh/LAslKY7pvgNft+EGWu9+RrydLzANAMsRWIKrCkG6b4fo7Sjyq"
    "8BteUkE+O3KBuZwhex+NkuHynIPJqDLN4fed7FCZITB3yH+CoXJNYDSRJdpmIjLzOWpkUD"
    "t6njGOPHbNxwMFYnkM+XLyvQCH+/Lk/mrybjr6ViNn9JcQ3zjrKcLuXsgauQrFvJFWNWxn"
    "3R1n1AErDRDFCn6VFlf0VpEe5oIeQVRoryBT1ZGlqIyI5qaCEBordi2VVa8SCSWMrbx2dT"
    "4uoV2dj3O1K1rEA4xNl2wRMgAnEu0BPBq1Au/41asS+JJauQAHZTzCS4BNaMtoVYmEAgi3"
    "oUv1xXjI+rmFPJD3gxfRwLT3ve5gZyZ2M3KLhA2lA541TWyTJjo+thyROTF/sWBEtOlF3v"
    "RiETpazfTCS2rTy5CY+goi6G0qupI5Ue1J7I+FLdvP0S4np5PxQvpkg0AtYymDHLgCSY1w"
    "hHCGxpY4nPPecQFco9/AvqTVN3PmbmBAlzUA87NYbAPOG9I1wHyfak5RlAXTuYS5vTWN7M"
    "rZ7sirkJebRGHqWxB8S0Y3y6l5WqSlWQcZw2SEOoz30EpZE7b7fp2O6OlSoQRfjE0ucpwm"
    "JaXjpsRsppqre8kYzI5ydx9zAmUQLu/UMGza7X3lIAQsfJWT24EtfmYXDSqS72skr0PZrZ"
    "P+vLExvY2ML4QTqsdY3+28bySWL39rBU87SJbvChsrL6m31V5vqz0IQ1bbPCCOB5NWWqtG"
    "hPVjqtQcE9aaklrkMiznLmzUU0jaDkcFRCsn3Oy0k7BLfTTpBwmmwgk1FVbQHVW5OCtBVS"
    "7OcqkKLUolHxEe68j3wx51pKOnK2prXlidSKfRRDqEqlWzXjFymmL3mmJHtuhqkQwpWe3T"
    "7nNPB3xMTptiRbQ6JfBnu4B8loflUOWFdPT2s1rqQZPQamqRmsrO1uf91tEorAHWWNe8S1"
    "oc1vAtCzA/cTmIySuc3H6+uSmyBSTY72xzT+sYZI2H9G2PTJT1KWrvU9ScQoNcLllW1vka"
    "e+PF4MauoOchzvfzqzHWv1U0Pt2BnS08vMhXOC1jhjJcUhd26czRdqcG7E5ktcMrx93K6O"
    "msjFbVS6jq1sYU09ACJ2QioiDE9ScUeSDfJYNvXF9BcOsfv11pUuotxTXFz+TqBxXDZ8pr"
    "B/3qkhqUgwaCaNKoFhKwA/ClKFhQW3Ow4U38Ig6mU4+26pdq/06UnqmZdRta+8+9Rp7ju+"
    "FGyAPKPO8n9TLX5KcENhLHsYGJcjx8sUwK4AURagrhwxMWXtmNqfzCcDmb3XALw+V1euZ/"
    "/ng5JWAHWJNKMNzus6O3i2unFF8Q+uf57y6Ipf4loaNQob6N2YZDhZKdoSwrSyRUwLdtVq"
    "YvC+qUE7uuI/DiFiSJjQU02jo/ic5PUiY/iU4IrFqvC0K7orfXx2T0MZleWcCPOCaTPbZ7"
    "ZESMxKHdfhKFbIAGpzk8QmxtQE0g3QetKTQyqwYNuXGsyrHRQpngF0XGYEUvVTTACpxUyR"
    "As4aNiR3/dp9Zcx8EG4/ska7ptE16kz6917sPiuiIDb6Hlj5NTwqPVtG2KLoVmGOQoDbhI"
    "VoMuCXoFI5VAWAnYWz9VGO4vle4N5EUV1KOHqzfrI1GtHIliCJRkNF9WUiP8vHEizVhbP8"
    "3TN7xLR+xlx9vzx6b0WbSazqJ1kzPlPQDCfCnB89Mi7XNFauioSLU0St+Vul8lqq45dRVO"
    "DTAm7yOwWP7rfnabQ6YZmTSThhY++d8Jvaa1KfBHP698FFwKdbLwoU3exHtBf/aXUftdQj"
    "Eq7pI0+im2TBvIhkPs7L1R5XRWVlIFF33zR1woahUOamUE1UO7/tNaIWiyccO8lHo41z+q"
    "dy7cAgHGheHDiVDX8cPNr901xhEDbK5lRnNcX71x3MiNe7ZJFEFC/SFpU2rVyAiqB3j9C3"
    "QA2s4JXDPyhtastM4+1WdTa9Bf0iGgvJQKs6ptvWtrBv4ICeMBI9Ge+fWsqUWsZuu2DqvN"
    "h3qYAZZlwmq1n0jneGtlW2jUrs4a4wAyiJaxPTKAkFrN70lb16QphUCXCx+s4IE4YJbjiW"
    "AxLfZIGHxX1h0Nt4rcIg9gryPguvdXHLohA23BSXhGRgnPReOnMumMqhD5k4hpcjckchcs"
    "o1LLFSOhqd3z1C7eRI5kdrGLfmDglmV2zKDqU8DEBweBuekSUiAiK0xpIVVZk3oGDio2wl"
    "NYV2TsJ9NURSf97Hph1Uk/h+6lILzHE13sXRSHH0soAbBOXNCbrlCMhGcoYzcM53oJEIZY"
    "mMT8UFbIbmBYq5HM5Ty3IYsOcJFpa36j+U0fFqSG+Q073CVwTokpCHX9PEdvu9/Ltqszx+"
    "jMMT2zffX0guVr9DUMxczywrCkmBUGdfSRIbV4n0U6WtoHxwnVQ0e6Bblpo4sjSn1QELXv"
    "KJTtoGlSTRZbj7S/EhC9ol0/kdH7vig0/2kHCS+rwJ95SQX580D4cqkwZq0m5c8oddWkuO"
    "8WezllKSOnM/k/qzElmLWnN/UM4bJqU2Z4SV9J26T2NJv4eHMf3Log0KCY0tMiLcohE3Nj"
    "BJc3dKhKIQeJEvXnM9KDgGb7OWw/X8XSVOq7oFLa9qhtjz3YRHtqe5z5eOE8TRF2hY5ptr"
    "h4/wwqNuGXBl+jC9DLBN/9mdy/hMATJis0Btsd/X9YVRsw2zJgHrqttDf10M8KWtd+elnG"
    "vPbTy3z7Gi1LZcTQoQE69HGwvDyBOIzXlk6hkxJTEOr6RzNyMFxB63Dcksc6P0NaWq79LG"
    "ndKDuN5EPr35WSSo3xiPIJjhzncjpWROeiSLuc0kQ6g2uxsUQgri0mvbaYWLZJ06YZPsJQ"
    "kLj0Gf9TWljnS+p9XxON+wEICEEBx+XFVMiYxO9L5+MS+9L5OHdfokWCPGQ6M5U+6NOfrl"
    "DYle7R62mqZFdANZKUAc28HnVv7r7Vk4Ncn2xzT1v65Hgw6oKM3TxT57TIeL6Lahu7qHoj"
    "B7xiP82SubNyBW1gBMNRn/Pq1FzOdER5cHkh7asUKK8eID8guuX1PZkCObAyMilMV1RogK"
    "gWQPZu9vnyZnry6W56dX1/HZm7Dkt9UEgfJemi76aTmxTIS9/NMSkWoMwKaZjLwKxvXVeW"
    "2nCzKb5/VmqjTUnpzUCwGehQIB0KNIRQINFqUAOsEpfVDxXa1CrYp0ire3/BfnpGZeTKT4"
    "vURY+p2YimuAVLaMbLnk551jNVke2dktByHdrQPjY8iHUolQ6l0qFUWTEFoW4gzISqcPnk"
    "rPBasoysvp1M4nYy7dDLH/TqOvRWrrM1HumdQXGYocSEywp3PeNkeXonM03bS7S9pAdK/R"
    "FHp3L26yPvo5mQthQ0pjR6H00wRgVmj3js5ps7aPfr9FZDVLDzbRg681KDqskSejSixAj+"
    "lgA5Lacg2I3c57tzwQq4gGzRgn0l/1BNSqz9MzWjn1c+siigJwsf2hgi7wX92V9GzW48rZ"
    "20WZgIAVnlPBHqWkfQWrnWynuolUuEYbL5LMmssrBBU1Qeyb6vwqauyF8DHAy55Fvk9D0S"
    "KRV1FGGkjAvIS3uiM39V4LoLW1MeNe8R0iu4a0LtPmhNVdDotWk13GKrKjz81STVMWIvQl"
    "ESpyRZ9xEgHbKCD/L8STFC6UR81WHiU/+pOJrE50aqIyY6taIibpkAquqQpaO2VIFLyhTM"
    "WNkRpBYLw4boIR/YGQJzh/ynhKUdwRvS3k3UnILr3RffwWYdUFFD+r/jxhQBqoKPIYQgx9"
    "FwwKfY22AEndKhz6EHjlel3Q9L6D0Yi72YYsB1/iELTk6hLNs/jcfn52/GZ+ev3766ePPm"
    "1duzA+TZoiLsL68/UPhPWXtU1lhIJhT8SqeG6wIkl6onK6lQN9QW0HowIBk7si4sTUGS82"
    "dPEnGyGuScYA6ZwwTPBX7Em33DYR+dLu3NBH0cFZowAS60NiLOEJUUEgYzqaPjE4Y0lYsI"
    "wlfgesIDzfnec0ZEO87LOc7ppJJAOKquILovz87KBIGcneVHgdCylEfWQViYgzk/JIER0S"
    "k+JQMPjmIGx25m3/4P+Bw5yg=="
)
