"""The feed commands as a user types them: qari feed …, qari fetch, qari add, qari list."""

import json
import os
from pathlib import Path

import pytest

from reader.article.load import load_article
from reader.cli import main
from reader.feeds.library import HINT, default_library, user_library
from reader.resources import articles_dir
from reader.state.readmarks import READMARKS_FILENAME, ReadMarks
from tests.feeds.conftest import library_files
from tests.feeds.server import FIXTURES, Reply

RSS = "application/rss+xml"


def qari(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def wadi(server):
    server.fixture("/rss/all.xml", "feeds/arabic-utf8.xml", f"{RSS}; charset=utf-8")
    return server.fixture("/", "pages/nile-dam-talks.html", "text/html; charset=utf-8")


def test_feed_add_follows_a_page_to_its_feed_and_names_it_from_its_title(
    capsys, places, server, wadi
):
    code, out, err = qari(capsys, "feed", "add", wadi)
    assert code == 0, err
    code, out, _ = qari(capsys, "feed", "list", "--json")
    assert json.loads(out) == [
        {"name": "أخبار الوادي", "url": server.url("/rss/all.xml"), "folder": None}
    ]


def test_feed_add_with_a_name_and_twice(capsys, places, server, wadi):
    feed = server.url("/rss/all.xml")
    assert qari(capsys, "feed", "add", feed, "--name", "wadi/../x")[0] == 0
    assert json.loads(qari(capsys, "feed", "list", "--json")[1])[0]["name"] == "wadi .. x"
    code, _, err = qari(capsys, "feed", "add", wadi)
    assert code == 1
    assert err == f"qari: already subscribed to {feed} as wadi .. x\n"


def test_feed_add_refuses_what_is_not_a_feed(capsys, places, server):
    page = server.fixture("/plain", "pages/gulf-solar-tender.html", "text/html")
    code, _, err = qari(capsys, "feed", "add", page)
    assert code == 1
    assert err == f"qari: {page} is a web page that names no RSS or Atom feed\n"
    server.reply("/404", Reply(404))
    code, _, err = qari(capsys, "feed", "add", server.url("/404"))
    assert (code, err) == (1, "qari: the server answered 404 Not Found\n")
    assert qari(capsys, "feed", "list", "--json")[1] == "[]\n"


def test_fetch_prints_a_line_per_feed_and_exits_1_if_any_failed(capsys, places, server, wadi):
    qari(capsys, "feed", "add", server.url("/rss/all.xml"), "--name", "wadi")
    server.reply(
        "/gone",
        Reply(
            200,
            b"<rss version='2.0'><channel><title>g</title></channel></rss>",
            {"Content-Type": RSS},
        ),
    )
    qari(capsys, "feed", "add", server.url("/gone"), "--name", "gone")
    server.reply("/gone", Reply(404))
    code, out, _err = qari(capsys, "fetch")
    assert code == 1
    assert sorted(line.strip() for line in out.splitlines()) == [
        "gone: the server answered 404 Not Found",
        "wadi: 5 new",
    ]
    code, out, _ = qari(capsys, "fetch", "wadi", "--json")
    assert code == 0
    assert json.loads(out) == [
        {"feed": "wadi", "url": server.url("/rss/all.xml"), "new": 0, "error": None}
    ]
    code, out, _ = qari(capsys, "fetch", "wadi")
    assert out.strip() == "wadi: unchanged"


def test_fetch_without_feeds_or_with_an_unknown_one(capsys, places):
    assert qari(capsys, "fetch")[2] == "qari: no feeds to fetch: add one with qari feed add URL\n"
    assert qari(capsys, "fetch", "nope")[0] == 1


def test_fetched_articles_are_the_library_that_qari_and_qari_list_open(
    capsys, places, server, wadi
):
    assert default_library() == (articles_dir(), HINT)
    assert user_library() is None
    qari(capsys, "feed", "add", server.url("/rss/all.xml"), "--name", "wadi")
    qari(capsys, "fetch")
    assert default_library() == (places.library, None)
    _code, out, _ = qari(capsys, "list", "--json")
    rows = json.loads(out)
    assert len(rows) == 5
    assert all(row["path"].startswith(str(places.library / "wadi")) for row in rows)


def test_feed_remove_keeps_the_articles(capsys, places, server, wadi):
    qari(capsys, "feed", "add", server.url("/rss/all.xml"), "--name", "wadi")
    qari(capsys, "fetch")
    code, out, _ = qari(capsys, "feed", "remove", "WADI")
    assert code == 0 and "Removed wadi" in out
    assert len(library_files(places)) == 5
    assert (
        qari(capsys, "feed", "remove", "wadi")[2]
        == "qari: no feed called 'wadi' (see qari feed list)\n"
    )


def test_opml_import_and_export_round_trip(capsys, places, tmp_path):
    code, out, err = qari(capsys, "feed", "import", str(FIXTURES / "feeds" / "subscriptions.opml"))
    # The file: URL is skipped, and says so; the rest are imported.
    assert code == 1
    assert err.startswith("qari: skipped بلا عنوان مفيد")
    assert "Imported 6 feeds (0 already there, 1 skipped)" in out
    feeds = json.loads(qari(capsys, "feed", "list", "--json")[1])
    assert [feed["name"] for feed in feeds] == [
        "أخبار الوادي",
        "جريدة المساء",
        "بوابة المشرق",
        "etc",
        "أخبار الوادي (2)",
        "Coastline",
    ]
    assert feeds[2]["folder"] == "محلي"
    code, exported, _ = qari(capsys, "feed", "export")
    assert code == 0 and exported.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml')
    again = tmp_path / "again.opml"
    again.write_text(exported)
    code, out, _ = qari(capsys, "feed", "import", str(again))
    assert (code, out.strip()) == (0, "Imported 0 feeds (6 already there, 0 skipped)")


def test_import_of_a_missing_or_hostile_file_is_one_line(capsys, places, tmp_path):
    assert (
        qari(capsys, "feed", "import", str(tmp_path / "none.opml"))[2]
        == f"qari: no such file: {tmp_path / 'none.opml'}\n"
    )
    lol = tmp_path / "lol.opml"
    lol.write_bytes((FIXTURES / "feeds" / "billion-laughs.xml").read_bytes())
    code, _, err = qari(capsys, "feed", "import", str(lol))
    assert code == 1 and "declares XML entities" in err and err.count("\n") == 1


def test_add_saves_the_main_text_of_a_page(capsys, places, server):
    url = server.fixture("/news/1201", "pages/nile-dam-talks.html", "text/html; charset=utf-8")
    code, _out, err = qari(capsys, "add", url)
    assert code == 0, err
    [path] = library_files(places)
    assert path.parent == places.library / "saved"
    article = load_article(path)
    meta = article.metadata
    assert meta.title == "استئناف مفاوضات سد النهضة في الخرطوم وسط تفاؤل حذر"
    assert (meta.source, meta.author, meta.date) == (
        "أخبار الوادي",
        "سلمى عبد الرحيم",
        "2026-08-28",
    )
    assert [s.heading for s in article.headings] == [
        "خلافات قديمة وملفات مفتوحة",
        "ما الذي تغير هذه المرة؟",
        "الخطوات المقبلة",
    ]
    text = path.read_text()
    assert "أبو خالد" not in text and "احجز رحلتك" not in text and "الأكثر قراءة" not in text
    marks, _ = ReadMarks.open(places.state / READMARKS_FILENAME)
    assert marks.unread_counts() == {"saved": 1}
    marks.close()
    assert qari(capsys, "add", url)[1].strip() == f"Already in the library: {url}"
    assert len(library_files(places)) == 1


def test_add_a_local_windows_1256_page(capsys, places):
    code, _, err = qari(capsys, "add", str(FIXTURES / "pages" / "cairo-bread-prices.html"))
    assert code == 0, err
    [path] = library_files(places)
    meta = load_article(path).metadata
    assert meta.title == "الحكومة تثبت سعر رغيف الخبز المدعم حتى نهاية العام"
    assert meta.author == "محمود فوزي"


def test_add_refuses_what_is_not_a_page(capsys, places, server):
    url = server.fixture("/feed.xml", "feeds/arabic-utf8.xml", RSS)
    assert qari(capsys, "add", url)[2] == f"qari: not a web page: {url} is {RSS}\n"
    assert qari(capsys, "add", "file:///etc/passwd")[0] == 1
    assert library_files(places) == []


def test_nothing_is_written_by_listing_or_a_plain_launch(capsys, places, home):
    qari(capsys, "feed", "list")
    qari(capsys, "list")
    default_library()
    # The library index is a cache (XDG_CACHE_HOME, safe to delete) that
    # `qari list` fills by design; nothing else may be written.
    cache = Path(os.environ["XDG_CACHE_HOME"])
    written = [p for p in home.rglob("*") if p.is_file() and cache not in p.parents]
    assert written == []


def test_what_a_server_says_reaches_the_terminal_harmless(capsys, places, server):
    title = "\x1b]0;pwned\x07\x1b[2J"
    item = f"<item><title>{title}</title><guid>1</guid></item>"
    body = f"<rss version='2.0'><channel><title>{title}</title>{item}</channel></rss>"
    server.reply("/evil", Reply(200, body.encode(), {"Content-Type": RSS}))
    assert qari(capsys, "feed", "add", server.url("/evil"))[0] == 0
    server.reply("/evil", Reply(500, b"", reason="\x1b[31mred\x1b]52;c;Zm9v\x07"))
    for argv in (["fetch"], ["fetch", "--json"], ["feed", "list"], ["feed", "export"]):
        _, out, err = qari(capsys, *argv)
        assert "\x1b" not in out + err, argv


def test_the_user_library_is_found_below_any_depth_of_folders(places):
    # Python 3.11's os.walk recurses: ~1,000 nested folders raised RecursionError.
    places.library.mkdir(parents=True)
    deep = str(places.library)
    for _ in range(1100):  # os.makedirs and Path.mkdir recurse themselves
        deep += "/d"
        os.mkdir(deep)
    try:
        assert user_library() is None
        Path(deep, "deep.txt").write_text("عنوان\n\nنص.\n", encoding="utf-8")
        assert user_library() == places.library
    finally:
        # pytest's clean-up of its temporary folders (shutil.rmtree) recurses
        # too: left in place, the tree breaks every later run that shares them.
        Path(deep, "deep.txt").unlink(missing_ok=True)
        while deep != str(places.library):
            os.rmdir(deep)
            deep = os.path.dirname(deep)


@pytest.mark.parametrize(
    "names",
    [
        ("web/node_modules/pkg/README.md",),
        ("venv/pyvenv.cfg", "venv/lib/notes.txt"),
    ],
)
def test_articles_the_lister_skips_leave_the_user_library_empty(places, names):
    # `qari DIR` would list nothing here: opening it would say "no articles".
    for name in names:
        path = places.library / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Headline\n")
    assert user_library() is None
    assert default_library() == (articles_dir(), HINT)


def test_an_article_named_in_capitals_fills_the_user_library(places):
    places.library.mkdir(parents=True)
    (places.library / "NOTE.MD").write_text("Headline\n")
    assert user_library() == places.library
    assert default_library() == (places.library, None)


def test_the_user_library_is_found_without_walking_its_subfolders(places, listed_folders):
    for name in ("top.txt", "feed/one.txt", "feed/older/two.txt"):
        path = places.library / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Headline\n")
    assert user_library() == places.library
    assert listed_folders == [str(places.library)]
