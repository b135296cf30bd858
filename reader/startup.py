"""The garbage collector, paused while the reader starts.

Starting the reader imports Textual and builds the screen: hundreds of
thousands of objects, nearly all of which live as long as the program.
CPython's collector traverses them again and again while they are being
created (about 115 collections before the first frame, counted with
`gc.callbacks`) and frees nothing. So it is paused from the start of
`qari` until the first frame is on the screen; then everything alive is
moved to the permanent generation (`gc.freeze`), so that later collections,
while reading, never scan the startup objects either.
"""

from __future__ import annotations

import gc


def pause_collector() -> None:
    gc.disable()


def resume_collector() -> None:
    """Freeze what starting created and collect again (idempotent)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
