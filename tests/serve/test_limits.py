import resource
import subprocess
import sys

import pytest

from reader.serve.limits import (
    MIB,
    Limits,
    limits_argument,
    parse_limits_argument,
    process_limits,
)


def test_the_limits_travel_on_the_command_line():
    limits = Limits(memory=512 * MIB, cpu=30, open_files=64, file_size=MIB)
    pairs = parse_limits_argument(limits_argument(limits))
    assert pairs == process_limits(limits)
    assert dict(pairs) == {
        resource.RLIMIT_AS: 512 * MIB,
        resource.RLIMIT_CPU: 30,
        resource.RLIMIT_NOFILE: 64,
        resource.RLIMIT_FSIZE: MIB,
        resource.RLIMIT_CORE: 0,
    }


@pytest.mark.parametrize("text", ["", "a=b", "1=2,3", "1:2"])
def test_a_garbled_limits_argument_is_refused(text):
    with pytest.raises(ValueError):
        parse_limits_argument(text)


@pytest.mark.parametrize("name", ["max_sessions", "max_per_address", "idle_timeout", "memory"])
def test_limits_are_positive(name):
    with pytest.raises(ValueError, match=name):
        Limits(**{name: 0})


def test_the_session_process_caps_itself(tmp_path):
    # In a child: the limits are for good (soft and hard), so not in pytest.
    limits = Limits(memory=700 * MIB, cpu=20, open_files=50, file_size=2 * MIB)
    code = (
        "import resource, sys\n"
        "from reader.serve.limits import apply_process_limits, parse_limits_argument\n"
        "apply_process_limits(parse_limits_argument(sys.argv[1]))\n"
        "for name in ('AS', 'CPU', 'NOFILE', 'FSIZE', 'CORE'):\n"
        "    print(name, *resource.getrlimit(getattr(resource, 'RLIMIT_' + name)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, limits_argument(limits)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert out[:5] == [
        f"AS {700 * MIB} {700 * MIB}",
        "CPU 20 20",
        "NOFILE 50 50",
        f"FSIZE {2 * MIB} {2 * MIB}",
        "CORE 0 0",
    ]
