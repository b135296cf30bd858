"""The terminal Qari draws on: which one it is, and how to stop it reordering
right-to-left text that Qari has already reordered (visual mode)."""
