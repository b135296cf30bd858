"""The library's indexing, run in a worker process.

Indexing parses every file of a library, and files are hostile input: a
parser that runs long on one of them holds the interpreter lock for as long
as it runs, so in a thread of the reader it would freeze the screen and the
keys. In a process of its own it can only be slow, and the reader can end
it at once. The process is started with the ``spawn`` method, never
``fork``: forking a process that runs threads (Textual's) copies locks other
threads hold.

Updates (``reader.library.indexer``) come back through a pipe; a thread of
the reader's waits for them and hands each to a callback.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import NamedTuple

from reader.library.find import Library
from reader.library.indexer import Failed, Update

# How long `stop` waits for the process to end after SIGTERM before SIGKILL.
_TERMINATE_SECONDS = 0.5


class _Request(NamedTuple):
    library: Library
    index_path: Path | None
    opened: Path | None
    full_text: bool


class IndexProcess:
    """``update_index`` in a worker process; ``deliver`` gets each update.

    ``deliver`` is called from a thread of this object's; once ``stop`` is
    called, no further update is delivered (one being delivered at that
    moment may still arrive).
    """

    def __init__(
        self,
        library: Library,
        deliver: Callable[[Update], object],
        *,
        index_path: Path | None = None,
        opened: Path | None = None,
        full_text: bool = True,
    ) -> None:
        self._request = _Request(library, index_path, opened, full_text)
        self._deliver = deliver
        self._lock = threading.Lock()
        self._stopped = False
        self._process: multiprocessing.process.BaseProcess | None = None
        self._thread = threading.Thread(target=self._relay, name="qari-index-relay", daemon=True)

    def start(self) -> None:
        """Start the process (from the relay thread: starting takes a moment)."""
        self._thread.start()

    def stop(self) -> None:
        """End the process now, wherever it is."""
        with self._lock:
            self._stopped = True
            process = self._process
        if process is not None and process.is_alive():
            process.terminate()
            process.join(_TERMINATE_SECONDS)
            if process.is_alive():
                process.kill()
                process.join(_TERMINATE_SECONDS)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every update is delivered; False if ``timeout`` passed first."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _relay(self) -> None:
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        with self._lock:
            if self._stopped:
                return
            self._process = context.Process(
                target=_serve, args=(self._request, send), name="qari-index", daemon=True
            )
            self._process.start()
        # The process has its own copy: closing ours lets the pipe report
        # its end (EOFError) as soon as the process is gone.
        send.close()
        try:
            while True:
                update = receive.recv()
                with self._lock:
                    if self._stopped:
                        return
                self._deliver(update)
        except (EOFError, OSError):
            pass
        finally:
            receive.close()


def _serve(request: _Request, connection: Connection) -> None:
    """The worker process: index, sending each update; then end."""
    _silence()
    from reader.library.index import LibraryIndex
    from reader.library.indexer import update_index

    index = LibraryIndex.open(request.index_path)
    try:
        update_index(
            request.library,
            index,
            connection.send,
            opened=request.opened,
            full_text=request.full_text,
        )
    except (BrokenPipeError, EOFError):
        pass  # the reader has gone
    except Exception as error:  # whatever happens here, the reader gets a line, not a hang
        connection.send(Failed(str(error) or type(error).__name__))
    finally:
        index.close()
        connection.close()


def _silence() -> None:
    # The process shares the reader's terminal: a stray warning or traceback
    # written there would land in the middle of the screen.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
