"""The main screen at 80x24: a right-to-left and a left-to-right article.

Regenerate with `pytest tests/ui/test_snapshots.py --snapshot-update` after
a deliberate change, and look at the report before committing.
"""

from __future__ import annotations

from tests.ui.conftest import LTR_ARTICLE, SEED
from tests.ui.helpers import settle


def test_main_screen_rtl_article(snap_compare, make_app, library):
    app = make_app(library / SEED.name)
    assert snap_compare(app, press=["]"], terminal_size=(80, 24), run_before=settle)


def test_main_screen_ltr_article(snap_compare, make_app, library):
    app = make_app(library / LTR_ARTICLE.name)
    assert snap_compare(app, press=["]"], terminal_size=(80, 24), run_before=settle)


def test_narrow_screen_rtl_article(snap_compare, make_app, library):
    app = make_app(library / SEED.name)
    assert snap_compare(app, terminal_size=(40, 12), run_before=settle)
