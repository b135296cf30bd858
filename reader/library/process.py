"""The library's indexing, run in a worker process.

Indexing parses every file of a library, and files are hostile input: a
parser that runs long on one of them holds the interpreter lock for as long
as it runs, so in a thread of the reader it would freeze the screen and the
keys. In a process of its own it can only be slow, and the reader can end
it at once. The process is started with ``spawn``, never a plain ``fork``
of the reader: forking a process that runs threads (Textual's) copies
locks other threads hold. It ends when the library is indexed.

Updates (``reader.library.indexer``) come back through a pipe; a thread of
the reader's waits for them and hands each to a callback.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import NamedTuple

from reader.library.find import Library
from reader.library.updates import Failed, Finished, Update

# How long `stop` waits for the process to end after SIGTERM before SIGKILL.
_TERMINATE_SECONDS = 0.5


class _Request(NamedTuple):
    library: Library
    index_path: Path
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
        # Resolved here, once, in the reader's own environment.
        if index_path is None:
            from reader.library.index import default_index_path

            index_path = default_index_path()
        if opened is not None:
            opened = Path(os.path.abspath(opened))
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
        """End the process, and the helpers it reads with, now, wherever they are."""
        with self._lock:
            self._stopped = True
            process = self._process
        if process is None or process.pid is None:
            return
        for signal_number in (signal.SIGTERM, signal.SIGKILL):
            if not process.is_alive():
                break
            _signal_group(process.pid, signal_number)
            process.join(_TERMINATE_SECONDS)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _relay(self) -> None:
        # spawn: a fresh interpreter, never a fork of the reader's threads.
        # (A fork server would start later children faster, but it stays
        # for the whole session, one more process per reader served.)
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        with self._lock:
            if self._stopped:
                return
            self._process = context.Process(
                target=_serve, args=(self._request, send), name="qari-index", daemon=True
            )
            try:
                _start_resource_tracker()
                self._process.start()
            except (OSError, RuntimeError, ValueError) as error:
                # No process can be started (a main module without its
                # `if __name__ == "__main__"` guard, no more processes…).
                self._deliver(Failed(f"The library cannot be read: {error}"))
                return
        # The process has its own copy: closing ours lets the pipe report
        # its end (EOFError) as soon as the process is gone.
        send.close()
        update: Update | None = None
        try:
            while True:
                update = receive.recv()
                with self._lock:
                    if self._stopped:
                        return
                self._deliver(update)
        except (EOFError, OSError):
            # Killed (out of memory?) or crashed: the reader must not wait
            # for the rest for ever.
            last = "text" if self._request.full_text else "summaries"
            finished = isinstance(update, Finished) and update.stage == last
            if not (self._stopped or finished or isinstance(update, Failed)):
                self._deliver(Failed("The library's indexing stopped unexpectedly."))
        finally:
            receive.close()


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker, which every start method
    but fork needs, as if `sys.stderr` were the process's own.

    The tracker is handed `sys.stderr.fileno()`; in a Textual app
    `sys.stderr` captures prints and its `fileno()` is -1, which makes
    starting any process fail ("bad value(s) in fds_to_keep"). Nothing of
    the reader writes to `sys.stderr` in the moment it is swapped.
    """
    from multiprocessing import resource_tracker

    captured = sys.stderr
    sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def _signal_group(pid: int, signal_number: int) -> None:
    # The worker leads a process group of its own (see _serve): signalled
    # as a group, its helpers go with it.
    try:
        os.killpg(pid, signal_number)
    except (OSError, AttributeError):  # no such group; no killpg (Windows)
        try:
            os.kill(pid, signal_number)
        except OSError:
            pass  # gone already


def _serve(request: _Request, connection: Connection) -> None:
    """The worker process: index, sending each update; then end."""
    _silence()
    if hasattr(os, "setpgrp"):  # POSIX
        # A group of its own, so that stopping it stops the helpers it
        # forks; and a lower priority, so that the reader answers first.
        os.setpgrp()
        os.nice(5)
    # The reader starts this process as a daemon, so that it never waits
    # for it at exit; but a daemon may start no process, and the helpers
    # reading a large library's texts are processes (see ``readers``).
    # Here, in the process itself, that is only a flag of its own: the
    # reader still sees a daemon, and `stop` ends the helpers with it.
    multiprocessing.current_process().daemon = False
    from reader.library.index import LibraryIndex
    from reader.library.indexer import update_index
    from reader.library.readers import helpers_to_use

    index = LibraryIndex.open(request.index_path)
    try:
        update_index(
            request.library,
            index,
            connection.send,
            opened=request.opened,
            full_text=request.full_text,
            helpers=helpers_to_use(),
            listing=False,
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
