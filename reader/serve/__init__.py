"""`qari serve`: the SSH server. It starts reader processes; it never imports
`reader.ui` (see `server.py`)."""
