"""Check a non-editable install, from outside the checkout with the installed
Python: the reader starts on the bundled library and wears every bundled
theme (a wheel without the themes would fail at start)."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


async def start_and_cycle_themes() -> list[str]:
    from reader.text.options import LayoutOptions
    from reader.ui.app import build_app
    from reader.ui.themes import theme_names

    app = build_app(None, options=LayoutOptions())
    warnings: list[str] = []
    notify = app.notify

    def noted(message: str, **details: Any) -> None:
        if details.get("severity", "information") != "information":
            warnings.append(message)
        notify(message, **details)

    app.notify = noted  # type: ignore[method-assign]
    worn = []
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in theme_names():
            worn.append(app.theme_name)
            await pilot.press("T")
        await pilot.pause()
    app.session.close()
    if len(worn) < 4 or sorted(worn) != sorted(theme_names()):
        raise SystemExit(f"install check: themes worn {worn}, bundled {theme_names()}")
    if warnings:
        raise SystemExit(f"install check: the reader warned: {warnings[0]}")
    return worn


def main(checkout: Path) -> int:
    import reader

    if checkout in Path(reader.__file__).resolve().parents:
        print(f"install check: reader comes from the checkout ({reader.__file__})", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as home:
        for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            os.environ[name] = str(Path(home, name))
        worn = asyncio.run(start_and_cycle_themes())
    print(f"installed qari starts and wears its themes: {', '.join(worn)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve()))
