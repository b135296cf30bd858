from reader.serve.capacity import TOO_MANY_FROM_ADDRESS, TOO_MANY_LOGGING_IN, Capacity
from reader.serve.limits import Limits


def test_each_address_has_its_own_cap():
    capacity = Capacity(Limits(max_per_address=2))
    first, second = capacity.admit("10.0.0.1"), capacity.admit("10.0.0.1")
    assert first.refusal is None and second.refusal is None
    third = capacity.admit("10.0.0.1")
    assert third.refusal == TOO_MANY_FROM_ADDRESS
    assert capacity.admit("10.0.0.2").refusal is None
    capacity.closed(first)
    capacity.closed(third)
    assert capacity.admit("10.0.0.1").refusal is None
    assert capacity.connections == 3


def test_logins_in_progress_are_capped_for_everyone():
    capacity = Capacity(Limits(max_handshakes=2, max_per_address=1))
    a = capacity.admit("a")
    refused = capacity.admit("a")  # past its address's cap, but still logging in
    assert refused.refusal == TOO_MANY_FROM_ADDRESS
    flood = capacity.admit("c")
    assert flood.refusal == TOO_MANY_LOGGING_IN
    capacity.closed(flood)  # counted in nothing: nothing to give back
    assert capacity.logging_in == 2
    capacity.logged_in(a)
    c = capacity.admit("c")
    assert c.refusal is None
    for ticket in (a, refused, c):
        capacity.closed(ticket)
        capacity.closed(ticket)  # twice is once
    assert (capacity.connections, capacity.logging_in) == (0, 0)


def test_sessions_are_capped():
    capacity = Capacity(Limits(max_sessions=2))
    assert capacity.open_session()
    assert capacity.open_session()
    assert not capacity.open_session()
    capacity.close_session()
    assert capacity.open_session()
    assert capacity.sessions == 2
