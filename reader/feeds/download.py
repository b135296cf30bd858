"""Downloading over HTTP from servers that may be hostile.

http and https only, also after a redirect; at most a few redirects; timeouts for the
connection, for each read and for the whole download; a body capped in bytes while it
streams and again as it is decompressed (so a gzip bomb stops at the cap, in bounded
memory); a few downloads per host at once; proxies from the environment (httpx's
`trust_env`); a User-Agent that says who is asking.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self
from urllib.parse import urljoin, urlsplit

import httpx

from reader import __version__
from reader.feeds.errors import FeedError

USER_AGENT = f"Qari/{__version__} (a terminal reader for Arabic news; feed fetcher)"
_MIB = 1024 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Only what the decoder below can bound; httpx would also offer brotli or zstd if
# installed, and decode them without a cap.
_ACCEPTED_ENCODINGS = "gzip, deflate"
# ETag and Last-Modified are echoed back to the server: a sane length, printable.
_MAX_VALIDATOR = 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * _MIB
    max_redirects: int = 5
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0
    per_host: int = 2
    connections: int = 8


@dataclass(frozen=True)
class Validators:
    """What a server gave to ask "has it changed?" with (conditional GET)."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Download:
    url: str
    """Where the body came from, after redirects: the base for relative links."""
    status: int
    """200, or 304 when the validators said nothing changed (and `body` is empty)."""
    body: bytes
    content_type: str
    validators: Validators

    @property
    def unchanged(self) -> bool:
        return self.status == 304


@dataclass
class Downloader:
    """Downloads for one batch (a fetch of all feeds), sharing connections.
    Use as an async context manager."""

    limits: Limits = field(default_factory=Limits)
    _client: httpx.AsyncClient | None = None
    _hosts: dict[str, asyncio.Semaphore] = field(default_factory=dict)
    _all: asyncio.Semaphore | None = None

    async def __aenter__(self) -> Self:
        limits = self.limits
        self._client = httpx.AsyncClient(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": _ACCEPTED_ENCODINGS},
            # No pool timeout: `_slot` keeps the downloads within the pool's size.
            timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout, pool=None),
            limits=httpx.Limits(max_connections=limits.connections),
            follow_redirects=False,
            trust_env=True,
        )
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def get(self, url: str, validators: Validators | None = None, *, accept: str) -> Download:
        """Download `url`. Raises `FeedError` with a one-line reason."""
        limits = self.limits
        try:
            # The clock starts once a slot is free: waiting behind other feeds is not slow.
            async with self._slot(url), asyncio.timeout(limits.total_timeout):
                return await self._follow(url, validators or Validators(), accept)
        except TimeoutError:
            raise FeedError(f"no complete answer within {limits.total_timeout:g} s") from None
        except httpx.TimeoutException:
            raise FeedError(_timeout_reason(limits)) from None
        except httpx.HTTPError as error:
            raise FeedError(f"cannot download: {_http_reason(error)}") from None

    @asynccontextmanager
    async def _slot(self, url: str) -> AsyncIterator[None]:
        host = (urlsplit(url).netloc or url).lower()
        per_host = self._hosts.setdefault(host, asyncio.Semaphore(self.limits.per_host))
        if self._all is None:
            self._all = asyncio.Semaphore(self.limits.connections)
        async with per_host, self._all:
            yield

    async def _follow(self, url: str, validators: Validators, accept: str) -> Download:
        assert self._client is not None, "a Downloader is used inside `async with`"
        headers = {"Accept": accept, **_conditional_headers(validators)}
        for _ in range(self.limits.max_redirects + 1):
            _check_scheme(url)
            request = self._client.build_request("GET", url, headers=headers)
            response = await self._client.send(request, stream=True)
            try:
                location = response.headers.get("location")
                if response.status_code in _REDIRECTS and location:
                    url = urljoin(url, location.strip())
                    continue
                return await self._answer(url, response)
            finally:
                await response.aclose()
        raise FeedError(f"too many redirects (more than {self.limits.max_redirects})")

    async def _answer(self, url: str, response: httpx.Response) -> Download:
        content_type = response.headers.get("content-type", "")
        if response.status_code == 304:
            return Download(url, 304, b"", content_type, Validators())
        if response.status_code != 200:
            reason = f" {response.reason_phrase}" if response.reason_phrase else ""
            raise FeedError(f"the server answered {response.status_code}{reason}")
        body = await _read_body(response, self.limits.max_bytes)
        return Download(url, 200, body, content_type, _validators(response.headers))


def _check_scheme(url: str) -> None:
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        raise FeedError(f"not a web address: {url!r}") from None
    if scheme not in ("http", "https"):
        raise FeedError(f"refused to follow a redirect to a {scheme or 'relative'}: address")


def _conditional_headers(validators: Validators) -> dict[str, str]:
    headers = {}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _validators(headers: httpx.Headers) -> Validators:
    def usable(value: str | None) -> str | None:
        if value and len(value) <= _MAX_VALIDATOR and value.isprintable():
            return value
        return None

    return Validators(usable(headers.get("etag")), usable(headers.get("last-modified")))


async def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FeedError(_too_large(max_bytes))
    decoder = _Decoder(response.headers.get("content-encoding", ""), max_bytes)
    received = 0
    async for chunk in response.aiter_raw():
        received += len(chunk)
        if received > max_bytes:
            raise FeedError(_too_large(max_bytes))
        decoder.feed(chunk)
    return decoder.finish()


class _Decoder:
    """Undo gzip or deflate, never holding more than `max_bytes` of output (plus one
    network chunk of input): zlib is asked for at most what is left of the cap."""

    def __init__(self, encoding: str, max_bytes: int) -> None:
        name = encoding.strip().lower()
        self._zlib: zlib._Decompress | None = None
        if name in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            # RFC 9110 means zlib-wrapped; some servers send raw deflate. 32 + … accepts a
            # zlib (or gzip) header; raw deflate is tried if that fails on the first bytes.
            self._zlib = zlib.decompressobj(32 + zlib.MAX_WBITS)
        elif name not in ("", "identity"):
            raise FeedError(f"the server sent an encoding Qari did not ask for: {encoding}")
        self._raw_fallback = name == "deflate"
        self._max = max_bytes
        self._parts: list[bytes] = []
        self._size = 0

    def feed(self, chunk: bytes) -> None:
        if self._zlib is None:
            self._keep(chunk)
            return
        try:
            self._inflate(chunk)
        except zlib.error:
            if not (self._raw_fallback and self._size == 0):
                raise FeedError("the compressed body is damaged") from None
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            self._raw_fallback = False
            self.feed(chunk)

    def _inflate(self, chunk: bytes) -> None:
        assert self._zlib is not None
        pending = chunk
        while pending:
            # One byte beyond the cap is enough to know the body is over it.
            self._keep(self._zlib.decompress(pending, self._max - self._size + 1))
            pending = self._zlib.unconsumed_tail

    def _keep(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._max:
            raise FeedError(_too_large(self._max, after="decompressed"))
        self._parts.append(data)

    def finish(self) -> bytes:
        if self._zlib is not None:
            try:
                self._keep(self._zlib.flush())
            except zlib.error:
                raise FeedError("the compressed body is damaged") from None
        return b"".join(self._parts)


def _too_large(max_bytes: int, after: str = "") -> str:
    size = f"{max_bytes // _MIB} MB" if max_bytes >= _MIB else f"{max_bytes} bytes"
    return f"the answer is larger than {size}" + (f" {after}" if after else "")


def _timeout_reason(limits: Limits) -> str:
    return (
        f"timed out (no connection within {limits.connect_timeout:g} s "
        f"or no data for {limits.read_timeout:g} s)"
    )


def _http_reason(error: httpx.HTTPError) -> str:
    # httpx wraps the OS's or the TLS library's message; the first line is the useful one.
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
