"""A loopback stand-in for Nyaa's RSS search, speaking the wire format of nyaa.si.

The feed is rendered as Nyaa's own `rss.xml` template renders it (see the captures in
../shared/corpora/nyaa): the `nyaa:` namespace, Jinja's HTML escaping (`&#34;`, `&#39;`), sizes in
Jinja's binary `filesizeformat`, `Content-Type: application/xml`. Searches filter like Nyaa does:
every word must occur in the title (`-word` excludes), `c=` picks a category (`1_0` a whole main
category, `0_0` everything), `f=1` drops remakes, `f=2` keeps trusted uploads only; at most 75
items, in the order the test supplied them. Like Nyaa's, the RSS has that one page only: `p=` is
ignored (nyaa/search.py slices RSS results to the first page, whatever page was asked for).

    async with NyaaStandIn() as nyaa:
        nyaa.releases = [make_release("[Group] Show - 05 (1080p)", base_url=nyaa.url)]
        client = NyaaClient(http, nyaa.url)
        nyaa.mode = NyaaMode.HANG  # switchable at any time

`torrent_files` serves `/download/<id>.torrent` for releases made with `base_url=nyaa.url`.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from types import TracebackType

from aiohttp import web

from domain.models import Release

NAMESPACE = "https://nyaa.si/xmlns/nyaa"
PAGE_SIZE = 75

CATEGORY_NAMES = {
    "0_0": "All categories",
    "1_0": "Anime",
    "1_1": "Anime - Anime Music Video",
    "1_2": "Anime - English-translated",
    "1_3": "Anime - Non-English-translated",
    "1_4": "Anime - Raw",
    "2_0": "Audio",
    "2_1": "Audio - Lossless",
    "2_2": "Audio - Lossy",
    "3_0": "Literature",
    "3_1": "Literature - English-translated",
    "3_2": "Literature - Non-English-translated",
    "3_3": "Literature - Raw",
    "4_0": "Live Action",
    "4_1": "Live Action - English-translated",
    "4_2": "Live Action - Idol/Promotional Video",
    "4_3": "Live Action - Non-English-translated",
    "4_4": "Live Action - Raw",
    "5_0": "Pictures",
    "5_1": "Pictures - Graphics",
    "5_2": "Pictures - Photos",
    "6_0": "Software",
    "6_1": "Software - Applications",
    "6_2": "Software - Games",
}

ERROR_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>503 Service Temporarily Unavailable</title></head>\n"
    "<body><center><h1>503 Service Temporarily Unavailable</h1></center><hr>"
    "<center>nginx</center></body></html>\n"
)


class NyaaMode(StrEnum):
    OK = "ok"
    HANG = "hang"  # accept the request, never answer
    GARBAGE = "garbage"  # 200 with an HTML error page
    STATUS = "status"  # `status_code` with an HTML error page
    TRICKLE = "trickle"  # the real feed, one byte every `trickle_interval` seconds
    HUGE = "huge"  # a 200 RSS body that never ends


@dataclass(frozen=True, slots=True)
class NyaaQuery:
    q: str
    c: str
    f: str
    query_string: str


def escape(text: str) -> str:
    """Jinja's (markupsafe's) HTML escaping, which Nyaa's template applies to every value."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def format_size(size: int) -> str:
    """Jinja's `filesizeformat(binary=True)`, as Nyaa prints sizes."""
    if size == 1:
        return "1 Byte"
    if size < 1024:
        return f"{size} Bytes"
    prefixes = ("KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")
    unit = 1024
    for index, prefix in enumerate(prefixes):
        unit = 1024 ** (index + 2)
        if size < unit:
            return f"{1024 * size / unit:.1f} {prefix}"
    return f"{1024 * size / unit:.1f} {prefixes[-1]}"


def torrent_id(release: Release) -> int:
    """Nyaa's torrent id, from the view URL (`…/view/<id>`); 0 when it has none."""
    match = re.search(r"/view/(\d+)", release.view_url)
    return int(match[1]) if match else 0


def make_release(
    title: str,
    *,
    base_url: str = "https://nyaa.si",
    torrent_id: int | None = None,
    info_hash: str | None = None,
    size: int = 1_503_238_554,  # "1.4 GiB", which survives the round trip through the feed
    seeders: int = 10,
    leechers: int = 1,
    downloads: int = 100,
    category: str = "1_2",
    trusted: bool = False,
    remake: bool = False,
    published: datetime | None = None,
) -> Release:
    """A Release as Nyaa would list it; the hash and id are derived from the title unless given."""
    digest = hashlib.sha1(title.encode()).hexdigest()
    number = torrent_id if torrent_id is not None else int(digest[:6], 16)
    base = base_url.rstrip("/")
    return Release(
        title=title,
        info_hash=info_hash or digest,
        torrent_url=f"{base}/download/{number}.torrent",
        view_url=f"{base}/view/{number}",
        size=size,
        seeders=seeders,
        leechers=leechers,
        downloads=downloads,
        category=category,
        trusted=trusted,
        remake=remake,
        published=published or datetime(2024, 3, 2, 2, 9, 32, tzinfo=UTC),
    )


def render_item(release: Release, *, searched: bool = True) -> str:
    """One `<item>`, as Nyaa's template renders it.

    The description's hash is lower-case in search results (served from Elasticsearch) and
    upper-case in unsearched listings (served from the database), as on nyaa.si.
    """
    description_hash = release.info_hash if searched else release.info_hash.upper()
    number = torrent_id(release)
    size = format_size(release.size)
    category = CATEGORY_NAMES.get(release.category, release.category)
    published = (release.published or datetime.now(UTC)).astimezone(UTC)
    title = escape(release.title)
    return f"""
		<item>
			<title>{title}</title>
				<link>{escape(release.torrent_url)}</link>
				<guid isPermaLink="true">{escape(release.view_url)}</guid>
				<pubDate>{published.strftime("%a, %d %b %Y %H:%M:%S -0000")}</pubDate>

				<nyaa:seeders>{release.seeders}</nyaa:seeders>
				<nyaa:leechers>{release.leechers}</nyaa:leechers>
				<nyaa:downloads>{release.downloads}</nyaa:downloads>
				<nyaa:infoHash>{release.info_hash}</nyaa:infoHash>
			<nyaa:categoryId>{escape(release.category)}</nyaa:categoryId>
			<nyaa:category>{escape(category)}</nyaa:category>
			<nyaa:size>{size}</nyaa:size>
			<nyaa:comments>0</nyaa:comments>
			<nyaa:trusted>{"Yes" if release.trusted else "No"}</nyaa:trusted>
			<nyaa:remake>{"Yes" if release.remake else "No"}</nyaa:remake>
			<description><![CDATA[<a href="{escape(release.view_url)}">#{number} | {title}</a> | {size} | {escape(category)} | {description_hash}]]></description>
		</item>"""  # noqa: E501


def feed_head(term: str | None, base_url: str = "https://nyaa.si") -> str:
    label = f'"{term}"' if term else "Home"
    base = base_url.rstrip("/")
    return f"""<rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:nyaa="{NAMESPACE}" version="2.0">
	<channel>
		<title>Nyaa - {escape(label)} - Torrent File RSS</title>
		<description>RSS Feed for {escape(label)}</description>
		<link>{base}/</link>
		<atom:link href="{base}/?page=rss" rel="self" type="application/rss+xml" />"""


FEED_TAIL = "\n\t</channel>\n</rss>"


def build_feed(
    releases: Iterable[Release], *, term: str | None = None, base_url: str = "https://nyaa.si"
) -> bytes:
    """A Nyaa RSS document listing `releases`, as nyaa.si renders a search for `term`."""
    items = "".join(render_item(release, searched=term is not None) for release in releases)
    return (feed_head(term, base_url) + items + FEED_TAIL).encode()


def matches(release: Release, q: str, c: str, f: str) -> bool:
    """Does Nyaa's search `q`, category `c`, filter `f` list this release?"""
    title = release.title.casefold()
    for word in q.replace('"', " ").casefold().split():
        if word.startswith("-") and len(word) > 1:
            if word[1:] in title:
                return False
        elif word not in title:
            return False
    main, _, sub = (c or "0_0").partition("_")
    release_main, _, release_sub = release.category.partition("_")
    if main != "0" and (main != release_main or (sub not in ("", "0") and sub != release_sub)):
        return False
    if f == "1" and release.remake:
        return False
    return not (f == "2" and not release.trusted)


class NyaaStandIn:
    """Nyaa on a free loopback port, for as long as the `async with` lasts."""

    def __init__(self, releases: Sequence[Release] = (), *, host: str = "127.0.0.1") -> None:
        self.releases: list[Release] = list(releases)
        self.torrent_files: dict[int, bytes] = {}
        self.queries: list[NyaaQuery] = []
        self.mode = NyaaMode.OK
        self.status_code = 503
        self.trickle_interval = 0.05
        self._host = host
        self._port = 0
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()

    @property
    def url(self) -> str:
        if not self._port:
            raise RuntimeError("the stand-in is not running")
        return f"http://{self._host}:{self._port}"

    async def __aenter__(self) -> NyaaStandIn:
        app = web.Application()
        app.router.add_get("/", self._home)
        app.router.add_get(r"/download/{id:\d+}.torrent", self._download)
        self._closing = asyncio.Event()
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._closing.set()  # lets hanging, trickling and endless answers end
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        self._port = 0

    async def _home(self, request: web.Request) -> web.StreamResponse:
        if request.query.get("page") != "rss":
            return web.Response(
                text="<!DOCTYPE html><html><body>Nyaa</body></html>", content_type="text/html"
            )
        q, c, f = (request.query.get(key, "") for key in ("q", "c", "f"))
        self.queries.append(NyaaQuery(q=q, c=c, f=f, query_string=request.rel_url.raw_query_string))
        mode = NyaaMode(self.mode)
        if mode is NyaaMode.HANG:
            await self._closing.wait()
            raise web.HTTPServiceUnavailable()
        if mode is NyaaMode.GARBAGE:
            return web.Response(text=ERROR_PAGE, content_type="text/html")
        if mode is NyaaMode.STATUS:
            return web.Response(status=self.status_code, text=ERROR_PAGE, content_type="text/html")
        listed = [r for r in self.releases if matches(r, q, c, f)][:PAGE_SIZE]
        body = build_feed(listed, term=q or None, base_url=self.url)
        if mode is NyaaMode.TRICKLE:
            return await self._stream(request, body, self.trickle_interval)
        if mode is NyaaMode.HUGE:
            return await self._endless(request, q)
        return web.Response(
            body=body,
            headers={"Content-Type": "application/xml", "Cache-Control": "max-age=300"},
        )

    async def _download(self, request: web.Request) -> web.Response:
        data = self.torrent_files.get(int(request.match_info["id"]))
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(body=data, headers={"Content-Type": "application/x-bittorrent"})

    async def _stream(
        self, request: web.Request, body: bytes, interval: float
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/xml"})
        await response.prepare(request)
        try:
            for index in range(len(body)):
                if self._closing.is_set():
                    break
                await response.write(body[index : index + 1])
                await asyncio.sleep(interval)
        except ConnectionError:
            pass  # the client gave up, as it should
        return response

    async def _endless(self, request: web.Request, term: str) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/xml"})
        await response.prepare(request)
        filler = "".join(
            render_item(make_release(f"Filler {n}", base_url=self.url)) for n in range(100)
        ).encode()
        try:
            await response.write(feed_head(term or None, self.url).encode())
            while not self._closing.is_set():
                await response.write(filler)
        except ConnectionError:
            pass
        return response
