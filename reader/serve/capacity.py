"""How many connections and sessions the server holds, and who is turned
away: plain counting, so that every limit can be tested without a socket."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from reader.serve.limits import Limits


class Refusal(NamedTuple):
    reason: str
    """For the log."""
    message: str
    """For the client."""


TOO_MANY_LOGGING_IN = Refusal("too-many-logging-in", "the server is busy; try again later")
TOO_MANY_FROM_ADDRESS = Refusal(
    "too-many-from-address", "too many connections from your address; try again later"
)


@dataclass
class Ticket:
    """One connection, and what it is counted in."""

    address: str
    refusal: Refusal | None
    logging_in: bool
    for_address: bool


class Capacity:
    def __init__(self, limits: Limits) -> None:
        self._limits = limits
        self._by_address: Counter[str] = Counter()
        self._logging_in = 0
        self.sessions = 0

    def admit(self, address: str) -> Ticket:
        """Count a new connection from `address`, or say why it is turned away.

        Past the cap on logins in progress a connection is counted in
        nothing: it is closed at once, as a flood should be. Past its
        address's cap it still counts as logging in (that cap bounds what a
        flood holds) until it has been told why, which a client can read only
        after the key exchange.
        """
        if self._logging_in >= self._limits.max_handshakes:
            return Ticket(address, TOO_MANY_LOGGING_IN, logging_in=False, for_address=False)
        self._logging_in += 1
        if self._by_address[address] >= self._limits.max_per_address:
            return Ticket(address, TOO_MANY_FROM_ADDRESS, logging_in=True, for_address=False)
        self._by_address[address] += 1
        return Ticket(address, None, logging_in=True, for_address=True)

    def logged_in(self, ticket: Ticket) -> None:
        if ticket.logging_in:
            ticket.logging_in = False
            self._logging_in -= 1

    def closed(self, ticket: Ticket) -> None:
        self.logged_in(ticket)
        if ticket.for_address:
            ticket.for_address = False
            self._by_address[ticket.address] -= 1
            if not self._by_address[ticket.address]:
                del self._by_address[ticket.address]

    def open_session(self) -> bool:
        """Count a new reader, unless the server already has its fill."""
        if self.sessions >= self._limits.max_sessions:
            return False
        self.sessions += 1
        return True

    def close_session(self) -> None:
        self.sessions -= 1

    @property
    def connections(self) -> int:
        """Connections counted for their address."""
        return sum(self._by_address.values())

    @property
    def logging_in(self) -> int:
        return self._logging_in
