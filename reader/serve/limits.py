"""What one reader, one address and the whole server may use.

The caps on a session's process are resource limits the process sets on
itself before it imports anything (see `reader/serve/session_process.py`):
they travel from the server on its command line, as `limits_argument` writes
them and `parse_limits_argument` reads them back.
"""

from __future__ import annotations

import resource
from dataclasses import dataclass, fields

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_sessions: int = 32
    """Readers at once; the next one is told the server is full."""
    max_per_address: int = 8
    """Connections at once from one address (a household or a newsroom behind
    one NAT shares one)."""
    max_handshakes: int = 64
    """Connections still logging in, from everyone: what an unauthenticated
    flood can hold."""
    login_grace: float = 30.0
    """Seconds to log in and open the reader before the connection is closed."""
    idle_timeout: float = 1800.0
    """Seconds without a key from the reader before its session ends."""
    memory: int = 1024 * MIB
    """Address space of a session's process (RLIMIT_AS), in bytes. Virtual,
    not resident: Python and its threads reserve far more than they touch."""
    cpu: int = 600
    """CPU seconds a session's process may use in all (RLIMIT_CPU); a launch
    takes a fraction of one, a page a few milliseconds."""
    open_files: int = 256
    """File descriptors of a session's process (RLIMIT_NOFILE)."""
    file_size: int = 64 * MIB
    """Largest file a session's process may write (RLIMIT_FSIZE): its
    positions database."""

    def __post_init__(self) -> None:
        for field in fields(self):
            if getattr(self, field.name) <= 0:
                raise ValueError(f"{field.name} must be positive")


def process_limits(limits: Limits) -> list[tuple[int, int]]:
    """The resource limits of a session's process, as (RLIMIT_*, value) pairs.

    RLIMIT_NPROC is not among them: Linux counts it per user, over every
    thread of every session and the server itself, so it cannot cap one
    session; a service manager's task limit (systemd's TasksMax=) can.
    """
    return [
        (resource.RLIMIT_AS, limits.memory),
        (resource.RLIMIT_CPU, limits.cpu),
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_FSIZE, limits.file_size),
        # No core files: a core holds the memory of a reader's session.
        (resource.RLIMIT_CORE, 0),
    ]


def limits_argument(limits: Limits) -> str:
    """`process_limits` as one command-line argument: `resource=value,…`."""
    return ",".join(f"{number}={value}" for number, value in process_limits(limits))


def parse_limits_argument(text: str) -> list[tuple[int, int]]:
    """The pairs `limits_argument` wrote. Raises ValueError for anything else."""
    pairs = []
    for item in text.split(","):
        number, _, value = item.partition("=")
        pairs.append((int(number), int(value)))
    return pairs


def apply_process_limits(pairs: list[tuple[int, int]]) -> None:
    """Set each limit, soft and hard (so the process cannot raise it again),
    never above a hard limit the server itself already runs under."""
    for number, value in pairs:
        _, hard = resource.getrlimit(number)
        capped = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(number, (capped, capped))
