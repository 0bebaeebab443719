"""A season batch: the listing page and the whole folder as one zip."""

from __future__ import annotations

import hashlib
import io
import random
import zipfile

import httpx

from tests.integration.web.conftest import Box

BATCH = {
    f"[Group] Show (2024) [1080p]/[Group] Show - {n:02d}.mkv": random.Random(n).randbytes(
        200_000 + n
    )
    for n in range(1, 4)
} | {'[Group] Show (2024) [1080p]/Subs/<b>&"quote".ass': b"[Script Info]\n"}


async def test_a_batch_gets_a_page_and_a_zip_besides_each_file(box: Box) -> None:
    download = await box.torrent(BATCH, name="Show batch")
    links = await box.files.links(box.owner, download.id)
    assert [f.name for f in links.files] == list(BATCH)
    assert links.listing_url and links.zip_url
    assert links.zip_url.endswith("/%5BGroup%5D%20Show%20%282024%29%20%5B1080p%5D.zip")
    async with httpx.AsyncClient() as client:
        page = await client.get(box.local(links.listing_url))
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert "&lt;b&gt;&amp;&quot;quote&quot;.ass" in page.text
        assert "<b>" not in page.text
        hrefs = [part.split('"', 1)[0] for part in page.text.split('href="')[1:]]
        assert len(hrefs) == len(BATCH) + 1  # each file, and the zip
        for href, data in zip(hrefs[1:], BATCH.values(), strict=True):
            answer = await client.get(box.local(href.replace("&amp;", "&")))
            assert answer.content == data

        head = await client.head(box.local(links.zip_url))
        archive = await client.get(box.local(links.zip_url))
    assert archive.status_code == 200
    assert archive.headers["content-type"] == "application/zip"
    assert archive.headers["content-disposition"].startswith("attachment;")
    assert int(head.headers["content-length"]) == len(archive.content)
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == list(BATCH)
        for name, data in BATCH.items():
            assert hashlib.sha256(zf.read(name)).digest() == hashlib.sha256(data).digest()


async def test_unfinished_files_are_left_out(box: Box) -> None:
    download = await box.torrent(BATCH)
    files = box.torrents.files_by_hash[download.info_hash]
    files[0] = type(files[0])(files[0].index, files[0].name, files[0].size, 0.5)
    links = await box.files.links(box.owner, download.id)
    assert [f.index for f in links.files] == [1, 2, 3]
