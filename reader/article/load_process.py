"""Loading articles in a process of their own.

The parsers are linear, but a 64 MiB article is still seconds of Python,
and a thread of the reader's own would share the GIL with the UI: a single
C call (a decode, an expression over a whole paragraph) holds it as long as
it runs, and a thread cannot be stopped. In a child process the parse can
neither stall the UI nor outlive the reader's interest in it: `cancel` kills
the child at once, and the next load starts another.

The child (`python -m reader.article.load_process READER_PID`) reads requests from its
standard input and answers on its standard output, each message a pickle
behind its length. An article comes back in parts, a few hundred KiB at a
time, so that unpickling any one of them holds the UI's GIL only briefly.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from reader.article.load import MAX_ARTICLE_BYTES, load_article
from reader.article.model import Article, ArticleError, Block, Section

_LENGTH = struct.Struct(">Q")
# A part of an article holds about this much text, or this many blocks.
_PART_CHARS = 256 * 1024
_PART_BLOCKS = 4096
# What a parser can raise on a hostile file, besides ArticleError: the
# message names the error, as a load in the reader's own process would.
_PARSE_ERRORS = (OSError, ValueError, RecursionError, MemoryError)


class LoadCancelled(Exception):
    """The load was cancelled (`ArticleLoader.cancel`) before it finished."""


class ArticleLoader:
    """Loads articles in a child process, one at a time, from any thread."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._in_flight = False
        self._cancelled = False
        # One load at a time; `cancel` does not wait for it.
        self._loading = threading.Lock()
        self._guard = threading.Lock()

    def load(self, path: Path, *, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
        """The article at `path`, as `load_article` reads it. Raises
        ArticleError as it does, and LoadCancelled after `cancel`."""
        with self._loading:
            process = self._start()
            try:
                assert process.stdin is not None and process.stdout is not None
                _send(process.stdin, (os.fsencode(path), max_bytes))
                return _receive_article(process.stdout, path)
            except (OSError, EOFError, pickle.UnpicklingError) as error:
                self._stop(process)
                with self._guard:
                    if self._cancelled:
                        raise LoadCancelled(str(path)) from error
                raise ArticleError(f"{path} could not be read (its reader stopped)") from error
            finally:
                with self._guard:
                    self._in_flight = False

    def cancel(self) -> None:
        """Stop the load under way, if any, at once (from any thread); an
        idle child is kept for the next load."""
        with self._guard:
            if self._in_flight and self._process is not None:
                self._cancelled = True
                self._process.kill()

    def close(self) -> None:
        """Stop the child process. Safe to call twice."""
        with self._guard:
            process, self._process = self._process, None
            self._cancelled = self._in_flight
        if process is not None:
            process.kill()
            process.wait()

    def _start(self) -> subprocess.Popen[bytes]:
        with self._guard:
            self._cancelled = False
            self._in_flight = True
            if self._process is None or self._process.poll() is not None:
                self._process = subprocess.Popen(
                    [sys.executable, "-m", "reader.article.load_process", str(os.getpid())],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    # Nothing of the child may reach the terminal the UI draws on.
                    stderr=subprocess.DEVNULL,
                    close_fds=True,
                )
            return self._process

    def _stop(self, process: subprocess.Popen[bytes]) -> None:
        process.kill()
        process.wait()
        with self._guard:
            if self._process is process:
                self._process = None


def _receive_article(stream: IO[bytes], path: Path) -> Article:
    """The article sent by `_parts`, put back together."""
    sections: list[Section] = []
    heading: str | None = None
    level = 0
    blocks: list[Block] | None = None  # of the section being received
    header: tuple[Any, ...] = ()
    while True:
        for message in _receive(stream):
            kind = message[0]
            if kind == "error":
                raise ArticleError(message[1])
            if blocks is not None and kind in ("section", "end"):
                sections.append(Section(heading, level, tuple(blocks)))
            if kind == "article":
                header = message
            elif kind == "section":
                _, heading, level = message
                blocks = []
            elif kind == "blocks" and blocks is not None:
                blocks.extend(message[1])
            elif kind == "end":
                _, metadata, notices = header
                return Article(path, metadata, tuple(sections), notices)


def _parts(article: Article) -> Iterator[list[tuple[Any, ...]]]:
    """The messages an article is sent as, grouped in parts of bounded size."""
    part: list[tuple[Any, ...]] = [("article", article.metadata, article.notices)]
    size = 0
    for section in article.sections:
        part.append(("section", section.heading, section.level))
        batch: list[Block] = []
        for block in section.blocks:
            batch.append(block)
            size += len(block.text)
            if size >= _PART_CHARS or len(batch) >= _PART_BLOCKS:
                part.append(("blocks", batch))
                yield part
                part, batch, size = [], [], 0
        if batch:
            part.append(("blocks", batch))
    part.append(("end",))
    yield part


def _send(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        raise EOFError
    (length,) = _LENGTH.unpack(header)
    data = stream.read(length)
    if len(data) < length:
        raise EOFError
    return pickle.loads(data)


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """The child's loop: load each requested article and send it back."""
    while True:
        try:
            raw_path, max_bytes = _receive(requests)
        except EOFError:
            return
        path = Path(os.fsdecode(raw_path))
        try:
            article = load_article(path, max_bytes=max_bytes)
        except ArticleError as error:
            _send(replies, [("error", str(error))])
            continue
        except _PARSE_ERRORS as error:
            _send(replies, [("error", f"{path}: {error!r}")])
            continue
        for part in _parts(article):
            _send(replies, part)


def _die_with_the_reader(reader: int) -> None:
    # A reader that ends without closing its loader (SIGKILL, os._exit after
    # a lost terminal) must not leave a parse running: Linux kills the
    # child when its parent dies. Elsewhere the child stops at its next
    # read or write on the closed pipes.
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        return
    if os.getppid() != reader:  # it died before the request took effect
        os._exit(0)


if __name__ == "__main__":
    _die_with_the_reader(int(sys.argv[1]) if len(sys.argv) > 1 else os.getppid())
    # The replies get the pipe; anything else written to standard output,
    # even from C, goes nowhere instead of into the middle of a reply.
    replies = os.fdopen(os.dup(1), "wb")
    nowhere = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nowhere, 1)
    os.close(nowhere)
    serve(sys.stdin.buffer, replies)
