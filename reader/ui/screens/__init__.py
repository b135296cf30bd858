"""The reader's screens: reading, help, contents."""
