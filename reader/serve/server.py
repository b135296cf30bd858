"""`qari serve`: the library, read by anyone over SSH, and nothing else.

Built on asyncssh. Each connection logs in (a listed public key, or nobody
with `--open`), opens one session, and that session runs one reader process
in a pseudo-terminal of its own; no shell, no commands, no SFTP, no
forwarding of any kind.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import asyncssh

from reader.serve.capacity import Capacity, Ticket
from reader.serve.host_key import HostKeyError, fingerprint, host_key
from reader.serve.log import ANONYMOUS, log
from reader.serve.options import ServeOptions, options_problem
from reader.serve.ssh_session import EXIT_GRACE, STOPPING, ReaderSession, SessionContext
from reader.state.xdg import data_dir, state_dir

# Time for a client to close the connection itself once its session is over.
_CLOSE_GRACE = 2.0
# Dead clients are found by keepalives: three unanswered, a minute apart.
_KEEPALIVE_INTERVAL = 60.0
_KEEPALIVE_COUNT = 3


class ServeError(Exception):
    """Why the server cannot start, in one line."""


class AuthorizedKeys:
    """The `--authorized-keys` file, read again whenever it changes, so
    readers can be added or removed without a restart."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._keys: asyncssh.SSHAuthorizedKeys | None = None

    def load(self) -> None:
        """Read the file now. Raises ServeError if it is unusable."""
        try:
            stat = self.path.stat()
            keys = asyncssh.read_authorized_keys(str(self.path))
        except OSError as error:
            raise ServeError(f"cannot read {self.path}: {error.strerror or error}") from None
        except ValueError as error:
            raise ServeError(f"{self.path} is not an authorized_keys file ({error})") from None
        self._stamp = (stat.st_mtime_ns, stat.st_size)
        self._keys = keys

    def allows(self, key: asyncssh.SSHKey, address: str) -> bool:
        try:
            stat = self.path.stat()
            if (stat.st_mtime_ns, stat.st_size) != self._stamp:
                self.load()
        except (OSError, ServeError):
            # Gone or broken since the start: the last good list stands.
            pass
        if self._keys is None:
            return False
        return self._keys.validate(key, address, address) is not None


class Connection(asyncssh.SSHServer):
    """One client's connection: who it is, and its one session."""

    def __init__(self, server: Server) -> None:
        self._server = server
        self._connection: asyncssh.SSHServerConnection | None = None
        self._ticket: Ticket | None = None
        self.address = ""
        self._user: str | None = None
        self._offered: str | None = None
        self._session: ReaderSession | None = None
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._connection = conn
        host, port = conn.get_extra_info("peername")[:2]
        self.address = _address(host, port)
        self._ticket = ticket = self._server.capacity.admit(str(host))
        if ticket.refusal is not None:
            log("refused", addr=self.address, reason=ticket.refusal.reason)
        if not ticket.logging_in:
            conn.abort()
            return
        self._server.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        ticket = self._ticket
        if ticket is None or not (ticket.logging_in or ticket.for_address):
            return
        self._server.connections.discard(self)
        self._server.capacity.closed(ticket)
        if self._user is None and ticket.refusal is None:
            log("refused", addr=self.address, reason="no-login")

    # -- who it is ----------------------------------------------------------------

    def begin_auth(self, username: str) -> bool:
        refusal = self._ticket.refusal if self._ticket is not None else None
        if refusal is not None and self._connection is not None:
            # Only now, with the key exchange done, can the client read why.
            self._connection.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, refusal.message)
            return True
        # The user name is the client's to choose and means nothing here.
        return self._server.authorized_keys is not None

    def public_key_auth_supported(self) -> bool:
        return self._server.authorized_keys is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        keys = self._server.authorized_keys
        if keys is None or self._ticket is None or not keys.allows(key, self._ticket.address):
            return False
        # The last key validated is the one the login succeeds with: a
        # client that proves another key afterwards is validated again.
        self._offered = fingerprint(key)
        return True

    def auth_completed(self) -> None:
        assert self._ticket is not None
        self._user = self._offered or ANONYMOUS
        self._server.capacity.logged_in(self._ticket)
        log("connection", addr=self.address, user=self._user)
        # The session must start within the grace time too: until it does
        # the client can only send requests the server holds on to.
        grace = self._server.options.limits.login_grace
        self._timer = asyncio.get_running_loop().call_later(grace, self._not_started)

    # -- its session --------------------------------------------------------------

    def session_requested(self) -> Any:
        if self._session is not None or self._user is None or self._server.stopping:
            return False  # one reader per connection
        assert self._connection is not None
        server = self._server
        context = SessionContext(
            library=server.options.library,
            limits=server.options.limits,
            capacity=server.capacity,
            server_state=server.state,
            address=self.address,
            user=self._user,
            ended=self._session_ended,
        )
        self._session = ReaderSession(context)
        server.sessions.add(self._session)
        return self._connection.create_server_channel(encoding=None), self._session

    def _session_ended(self, session: ReaderSession) -> None:
        self._server.sessions.discard(session)
        self._close_later(_CLOSE_GRACE)

    def _not_started(self) -> None:
        if self._session is None or not self._session.started:
            self.close()

    def _close_later(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(delay, self.close)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()


class Server:
    def __init__(
        self,
        options: ServeOptions,
        key: asyncssh.SSHKey,
        authorized_keys: AuthorizedKeys | None,
        state: Path,
    ) -> None:
        self.options = options
        self.key = key
        self.authorized_keys = authorized_keys
        self.state = state
        """The server's state directory: readers' folders go under it."""
        self.capacity = Capacity(options.limits)
        self.connections: set[Connection] = set()
        self.sessions: set[ReaderSession] = set()
        self.stopping = False
        self._acceptor: asyncssh.SSHAcceptor | None = None

    async def start(self) -> int:
        """Listen; returns the port (the one chosen, for port 0)."""
        self._acceptor = await asyncssh.listen(
            self.options.host,
            self.options.port,
            server_factory=lambda: Connection(self),
            server_host_keys=[self.key],
            server_version="Qari",
            login_timeout=self.options.limits.login_grace,
            keepalive_interval=_KEEPALIVE_INTERVAL,
            keepalive_count_max=_KEEPALIVE_COUNT,
            public_key_auth=self.authorized_keys is not None,
            password_auth=False,
            kbdint_auth=False,
            gss_host=None,
            rdns_lookup=False,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_pty=True,
            line_editor=False,
        )
        return self._acceptor.get_port()

    async def stop(self) -> None:
        """Stop listening, end every session (each reader gives its client's
        terminal back), then close every connection."""
        self.stopping = True
        if self._acceptor is not None:
            self._acceptor.close()
        for session in list(self.sessions):
            session.end("server-stopping", signal.SIGTERM, STOPPING)
        deadline = time.monotonic() + EXIT_GRACE + 1
        while self.sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for connection in list(self.connections):
            connection.close()
        # Time for the last exit statuses and disconnects to go out.
        await asyncio.sleep(0.2)


def serve(options: ServeOptions) -> int:
    """Run the server until SIGTERM, SIGINT or SIGHUP; returns the exit
    status. Problems that stop it starting are one line on stderr."""
    problem = options_problem(options)
    if problem is not None:
        print(f"qari: {problem}", file=sys.stderr)
        return 2
    # asyncssh logs what clients send (versions, user names, commands):
    # none of that reaches the operator's log except through `log`.
    logging.getLogger("asyncssh").setLevel(logging.CRITICAL + 1)
    try:
        key = host_key(data_dir())
        authorized = None
        if options.authorized_keys is not None:
            authorized = AuthorizedKeys(options.authorized_keys)
            authorized.load()
        server = Server(options, key, authorized, state_dir())
        return asyncio.run(_run(server))
    except (HostKeyError, ServeError) as error:
        print(f"qari: {error}", file=sys.stderr)
        return 1


async def _run(server: Server) -> int:
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(_unexpected)
    options = server.options
    try:
        port = await server.start()
    except OSError as error:
        raise ServeError(
            f"cannot listen on {options.host}:{options.port}: {error.strerror or error}"
        ) from None
    stop = asyncio.Event()
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(number, stop.set)
    log(
        "listening",
        addr=_address(options.host, port),
        host_key=fingerprint(server.key),
        readers="anyone" if options.open else "authorized-keys",
        pid=os.getpid(),
    )
    await stop.wait()
    log("stopping", sessions=len(server.sessions))
    await server.stop()
    return 0


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _unexpected(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    # One line, never a traceback, and nothing the client sent.
    error = context.get("exception")
    log("internal-error", error=type(error).__name__ if error else "unknown")
