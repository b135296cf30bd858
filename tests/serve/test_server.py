"""The server in this process, against asyncssh clients: logins, refusals
and limits. Nothing here starts a reader (see tests/e2e/test_serve.py)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import asyncssh
import pytest

from reader.serve.host_key import host_key
from reader.serve.limits import Limits
from reader.serve.options import ServeOptions
from reader.serve.server import AuthorizedKeys, Server
from reader.serve.ssh_session import NO_FILES, NO_TERMINAL, NOT_A_SHELL, SERVER_FULL

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def keys(tmp_path):
    """A reader's key, listed in an authorized_keys file, and a stranger's."""
    reader = asyncssh.generate_private_key("ssh-ed25519")
    stranger = asyncssh.generate_private_key("ssh-ed25519")
    listed = tmp_path / "authorized_keys"
    listed.write_bytes(reader.export_public_key())
    return reader, stranger, listed


@contextlib.asynccontextmanager
async def running(
    tmp_path: Path, authorized: Path | None = None, **limits: float
) -> AsyncIterator[tuple[Server, int]]:
    options = ServeOptions(
        library=tmp_path,
        port=0,
        authorized_keys=authorized,
        open=authorized is None,
        limits=replace(Limits(), **limits),
    )
    keys = None
    if authorized is not None:
        keys = AuthorizedKeys(authorized)
        keys.load()
    server = Server(options, host_key(tmp_path / "data"), keys, tmp_path / "state")
    port = await server.start()
    try:
        yield server, port
    finally:
        await server.stop()


async def until(condition, seconds: float = 5) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    pytest.fail("it never happened")


def connect(port: int, key: asyncssh.SSHKey | None = None, **options: object):
    return asyncssh.connect(
        "127.0.0.1",
        port,
        username="whoever",
        known_hosts=None,
        client_keys=[key] if key is not None else [],
        agent_path=None,
        config=None,
        **options,
    )


async def refusal(conn: asyncssh.SSHClientConnection, **request: object) -> tuple[str, int]:
    """What the client is told, on stderr, and the exit status."""
    done = await conn.run(**request, check=False)
    return str(done.stderr), done.exit_status or 0


def test_a_command_is_refused_in_one_line_and_the_server_goes_on(tmp_path, keys, capsys):
    reader, _, listed = keys

    async def scenario() -> None:
        async with running(tmp_path, listed) as (_, port):
            for _ in range(2):
                async with connect(port, reader) as conn:
                    said, status = await refusal(conn, command="cat /etc/passwd")
                    assert (said, status) == (NOT_A_SHELL.message + "\r\n", 1)

    asyncio.run(scenario())
    log = capsys.readouterr().err.splitlines()
    fingerprint = reader.get_fingerprint()
    assert f"user={fingerprint}" in log[0] and log[0].startswith("qari serve: connection addr=")
    assert log[1].startswith("qari serve: session-refused addr=127.0.0.1:")
    assert log[1].endswith(f"user={fingerprint} reason=exec")
    assert "passwd" not in "".join(log)


def test_file_transfer_is_refused(tmp_path, keys):
    reader, _, listed = keys

    async def scenario() -> None:
        async with running(tmp_path, listed) as (_, port):
            async with connect(port, reader) as conn:
                said = await refusal(conn, subsystem="sftp")
                assert said == (NO_FILES.message + "\r\n", 1)
            async with connect(port, reader) as conn:
                with pytest.raises(asyncssh.SFTPError):
                    async with conn.start_sftp_client():
                        pass

    asyncio.run(scenario())


def test_a_client_without_a_terminal_is_told_it_needs_one(tmp_path, keys):
    reader, _, listed = keys

    async def scenario() -> None:
        async with running(tmp_path, listed) as (_, port), connect(port, reader) as conn:
            assert await refusal(conn) == (NO_TERMINAL.message + "\r\n", 1)

    asyncio.run(scenario())


def test_an_unlisted_key_or_no_key_cannot_log_in(tmp_path, keys, capsys):
    reader, stranger, listed = keys

    async def scenario() -> None:
        async with running(tmp_path, listed) as (_, port):
            for key in (stranger, None):
                with pytest.raises(asyncssh.PermissionDenied):
                    async with connect(port, key):
                        pass
            async with connect(port, reader) as conn:  # still serving
                assert (await refusal(conn, command="ls"))[1] == 1

    asyncio.run(scenario())
    log = capsys.readouterr().err.splitlines()
    assert sum("refused" in line and "reason=no-login" in line for line in log) == 2


def test_a_key_added_to_the_file_is_taken_without_a_restart(tmp_path, keys):
    reader, stranger, listed = keys

    async def scenario() -> None:
        async with running(tmp_path, listed) as (_, port):
            with pytest.raises(asyncssh.PermissionDenied):
                async with connect(port, stranger):
                    pass
            listed.write_bytes(reader.export_public_key() + stranger.export_public_key())
            async with connect(port, stranger):
                pass

    asyncio.run(scenario())


def test_an_open_server_takes_anyone_by_any_name(tmp_path, capsys):
    async def scenario() -> None:
        async with running(tmp_path) as (_, port), connect(port) as conn:
            assert (await refusal(conn, command="id"))[1] == 1

    asyncio.run(scenario())
    assert "user=anonymous" in capsys.readouterr().err


def test_no_forwarding_either_way(tmp_path):
    async def scenario() -> None:
        target = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
        target_port = target.sockets[0].getsockname()[1]
        async with running(tmp_path) as (_, port), connect(port) as conn:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", target_port)
            with pytest.raises(asyncssh.ChannelListenError):
                await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", target_port)
        target.close()

    asyncio.run(scenario())


def test_one_session_per_connection(tmp_path):
    async def scenario() -> None:
        async with running(tmp_path) as (_, port), connect(port) as conn:
            first, _ = await conn.create_session(asyncssh.SSHClientSession, "ls")
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.create_session(asyncssh.SSHClientSession, "ls")
            first.close()

    asyncio.run(scenario())


def test_a_full_server_says_so(tmp_path, capsys):
    async def scenario() -> None:
        async with running(tmp_path, max_sessions=1) as (server, port):
            assert server.capacity.open_session()  # a reader already reading
            async with connect(port) as conn:
                said = await refusal(conn, term_type="xterm")
                assert said == (SERVER_FULL.message + "\r\n", 1)

    asyncio.run(scenario())
    assert "reason=server-full" in capsys.readouterr().err


def test_connections_from_one_address_are_capped(tmp_path, capsys):
    async def scenario() -> None:
        async with running(tmp_path, max_per_address=2) as (server, port):
            async with connect(port), connect(port):
                with pytest.raises(asyncssh.DisconnectError, match="too many connections"):
                    async with connect(port):
                        pass
                assert server.capacity.connections == 2
            await until(lambda: server.capacity.connections == 0)
            async with connect(port):  # the two closed: room again
                pass

    asyncio.run(scenario())
    assert "reason=too-many-from-address" in capsys.readouterr().err


async def silent_socket(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    await asyncio.sleep(0.05)
    return sock


def test_connections_that_never_log_in_are_capped_and_timed_out(tmp_path):
    async def scenario() -> None:
        async with running(tmp_path, max_handshakes=3, max_per_address=10, login_grace=1.0) as (
            server,
            port,
        ):
            idle = [await silent_socket(port) for _ in range(3)]
            with pytest.raises(ConnectionError):  # a flood is cut off at once
                async with connect(port):
                    pass
            # Each is closed once the login grace time is over.
            await until(lambda: server.capacity.connections == 0)
            async with connect(port):
                pass
            for sock in idle:
                sock.close()

    asyncio.run(scenario())


def test_garbage_on_the_port_is_dropped(tmp_path):
    garbage = [
        b"GET / HTTP/1.1\r\n\r\n",
        b"SSH-2.0-x\r\n" + os.urandom(70000),
        b"SSH-2.0-" + b"x" * 10000 + b"\r\n",
        b"\0" * 300,  # no line yet: waits for more, until the login grace time
    ]

    async def scenario() -> None:
        async with running(tmp_path, login_grace=1.0) as (server, port):
            for data in garbage:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(data)
                with contextlib.suppress(ConnectionError):
                    await asyncio.wait_for(reader.read(), 5)  # the server hangs up
                writer.close()
            async with connect(port) as conn:
                assert (await refusal(conn, command="ls"))[1] == 1
            await until(lambda: server.capacity.connections == 0)

    asyncio.run(scenario())


def test_the_server_imports_neither_the_ui_nor_textual():
    code = (
        "import sys, reader.serve.server, reader.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith(('reader.ui', 'textual'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert out.strip() == "[]"


def test_a_session_that_never_starts_is_closed_after_the_grace_time(tmp_path):
    async def scenario() -> None:
        async with running(tmp_path, login_grace=1.0) as (server, port), connect(port) as conn:
            # A session channel and no request on it (asyncssh's client has
            # no public call for that: its channel's own open does it).
            channel = asyncssh.SSHClientChannel(
                conn, asyncio.get_running_loop(), "strict", None, "strict", 2**20, 2**15
            )
            await channel._open(b"session")
            await until(lambda: server.capacity.connections == 0)

    asyncio.run(scenario())
