import os
import stat

import asyncssh
import pytest

from reader.serve.host_key import HOST_KEY_FILENAME, HostKeyError, fingerprint, host_key


def test_made_on_first_run_private_and_reused(tmp_path):
    folder = tmp_path / "data" / "qari"
    first = host_key(folder)
    path = folder / HOST_KEY_FILENAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [HOST_KEY_FILENAME]  # no temporary left
    again = host_key(folder)
    assert fingerprint(again) == fingerprint(first)
    assert fingerprint(first).startswith("SHA256:")
    assert first.algorithm == b"ssh-ed25519"


def test_a_key_open_to_others_is_refused(tmp_path):
    host_key(tmp_path)
    path = tmp_path / HOST_KEY_FILENAME
    os.chmod(path, 0o644)
    with pytest.raises(HostKeyError, match=r"open to others.*0644.*chmod 600"):
        host_key(tmp_path)


def test_a_damaged_key_is_refused_and_kept(tmp_path):
    path = tmp_path / HOST_KEY_FILENAME
    path.write_bytes(b"not a key")
    os.chmod(path, 0o600)
    with pytest.raises(HostKeyError, match="not a usable private key"):
        host_key(tmp_path)
    assert path.read_bytes() == b"not a key"


def test_an_existing_key_is_used(tmp_path):
    key = asyncssh.generate_private_key("ssh-ed25519")
    path = tmp_path / HOST_KEY_FILENAME
    key.write_private_key(str(path))
    os.chmod(path, 0o600)
    assert fingerprint(host_key(tmp_path)) == fingerprint(key)
