"""Fetching feeds from a loopback server: saving, charsets, dedupe, conditional GET,
and every way a server or a feed can be hostile."""

import dataclasses
import gzip
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from reader.article.load import load_article
from reader.feeds.fetch import STOPPED, FeedFinished, FeedStarted, ItemSaved, fetch_feeds
from reader.feeds.subscriptions import Feed
from reader.state.readmarks import READMARKS_FILENAME, ReadMarks
from tests.feeds.conftest import LIMITS, library_files
from tests.feeds.server import FIXTURES, Reply

RSS = "application/rss+xml"
UTF8_TITLES = [
    "استئناف مفاوضات سد النهضة في الخرطوم وسط تفاؤل حذر",
    "ارتفاع منسوب النيل الأزرق إلى أعلى مستوى منذ عشر سنوات",
    "الحكومة تثبت سعر رغيف الخبز المدعم حتى نهاية العام",
    "افتتاح أكبر محطة لتحلية المياه على ساحل البحر الأحمر",
    "مهرجان القاهرة السينمائي يعلن قائمة أفلام المسابقة الرسمية",
]
CP1256_TITLES = [
    "افتتاح ثلاث مدارس جديدة في محافظة الفيوم",
    "الأرصاد: طقس حار نهارا معتدل ليلا على أغلب الأنحاء",
    "انخفاض أسعار الدواجن في الأسواق بنسبة عشرة في المئة",
]


def fetch(places, *feeds, **options):
    options.setdefault("limits", LIMITS)
    return fetch_feeds(list(feeds), places, **options)


def titles(paths: list[Path] | tuple[Path, ...]) -> list[str]:
    return [load_article(path).title for path in paths]


def fixture(name: str) -> bytes:
    return (FIXTURES / "feeds" / name).read_bytes()


# -- saving --------------------------------------------------------------------------


def test_an_arabic_feed_is_saved_as_articles_with_front_matter(server, places):
    url = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", f"{RSS}; charset=utf-8")
    [result] = fetch(places, Feed("أخبار الوادي", url))
    assert result.ok and len(result.new) == 5
    assert titles(result.new) == UTF8_TITLES
    first = result.new[0]
    assert first.parent == places.library / "أخبار الوادي"
    assert first.name == "2026-08-28-استئناف-مفاوضات-سد-النهضة-في-الخرطوم-وسط-تفاؤل-حذر.md"
    article = load_article(first)
    meta = article.metadata
    assert (meta.source, meta.author, meta.date) == (
        "أخبار الوادي",
        "سلمى عبد الرحيم",
        "2026-08-28",
    )
    text = first.read_text()
    assert "url: https://wadi.example/news/1201\n" in text
    assert f"feed: {url}\n" in text
    assert "id: wadi-1201\n" in text
    # h2 headings are sections (so ] and [ work), links kept, scripts gone.
    assert [s.heading for s in article.headings] == ["خلافات قديمة", "الخطوات المقبلة"]
    assert "تفاصيل سابقة <https://wadi.example/news/1190>" in article.blocks[-1].text
    assert "alert" not in text


def test_new_items_are_unread_in_their_feed_folder(server, places):
    url = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)
    fetch(places, Feed("wadi", url))
    marks, _ = ReadMarks.open(places.state / READMARKS_FILENAME)
    assert marks.unread_counts() == {"wadi": 5}
    marks.close()


def test_progress_tells_each_feed_and_item(server, places):
    url = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)
    heard = []
    [result] = fetch(places, Feed("wadi", url), on_progress=heard.append)
    assert isinstance(heard[0], FeedStarted)
    assert [event.path for event in heard[1:-1] if isinstance(event, ItemSaved)] == list(result.new)
    assert heard[-1] == FeedFinished(result)


@pytest.mark.parametrize(
    ("name", "content_type", "body"),
    [
        ("declared in the XML", RSS, fixture("arabic-cp1256.xml")),
        ("wrong in the header", f"{RSS}; charset=utf-8", fixture("arabic-cp1256.xml")),
        ("Latin-1 in the header", "text/xml; charset=iso-8859-1", fixture("arabic-cp1256.xml")),
        (
            "declared nowhere",
            "text/xml",
            fixture("arabic-cp1256.xml").replace(b' encoding="windows-1256"', b""),
        ),
        ("only in the header", "text/xml; charset=windows-1256", fixture("arabic-cp1256.xml")),
    ],
)
def test_a_windows_1256_feed_decodes_right(server, places, name, content_type, body):
    url = server.reply("/masaa.xml", Reply(body=body, headers={"Content-Type": content_type}))
    [result] = fetch(places, Feed("masaa", url))
    assert result.ok, result.error
    assert titles(result.new) == CP1256_TITLES, name


def test_atom_with_html_content_keeps_its_sections(server, places):
    url = server.fixture("/atom", "feeds/atom-html.xml", "application/atom+xml")
    [result] = fetch(places, Feed("hibr", url))
    assert titles(result.new) == [
        "مكتبات بيروت الصغيرة: مقاومة بالورق & الحبر",
        "حين كان في بيروت ترام",
    ]
    bookshops, trams = (load_article(path) for path in result.new)
    assert [s.heading for s in bookshops.headings] == ["جيل جديد من الباعة", "دفتر القراء"]
    assert [b.text for b in bookshops.blocks if b.marker] == ["روايات مترجمة", "شعر"]
    assert bookshops.metadata.author == "رانيا حداد"
    assert [s.heading for s in trams.headings] == ["الخط الأخير"]


def test_relative_links_are_resolved_and_unsafe_ones_dropped(server, places):
    url = server.fixture("/mashreq/rss", "feeds/relative-links.xml", RSS)
    [result] = fetch(places, Feed("mashreq", url))
    water, unsafe = result.new
    text = water.read_text()
    assert f"url: {server.base}/n/88130\n" in text
    assert f"[الأرصاد تتوقع حرا شديدا](<{server.base}/n/88120>)" in text
    assert f"(<{server.base}/archive/water.html>)" in text
    unsafe_text = unsafe.read_text()
    assert "javascript" not in unsafe_text
    assert "url:" not in unsafe_text
    assert "اضغط هنا للتفاصيل." in unsafe_text


# -- dedupe and conditional GET -----------------------------------------------------


def test_a_second_fetch_sends_the_validators_and_saves_nothing(server, places):
    url = server.conditional("/wadi.xml", fixture("arabic-utf8.xml"), RSS)
    fetch(places, Feed("wadi", url))
    before = library_files(places)
    [again] = fetch(places, Feed("wadi", url))
    assert again.ok and again.new == ()
    assert library_files(places) == before
    second = server.requests[-1]
    assert second.headers["if-none-match"] == '"v1-3541"'
    assert "if-modified-since" in second.headers


def test_a_server_without_validators_still_gets_no_duplicates(server, places):
    url = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)
    fetch(places, Feed("wadi", url))
    [again] = fetch(places, Feed("wadi", url))
    assert again.new == ()
    assert len(library_files(places)) == 5


@pytest.mark.parametrize(
    ("change", "old", "new"),
    [("same link, new id", b">wadi-", b">renumbered-"), ("same id, new link", b"/news/", b"/a/")],
)
def test_an_item_known_by_its_id_or_its_link_is_not_saved_again(server, places, change, old, new):
    body = fixture("arabic-utf8.xml")
    url = server.reply("/wadi.xml", Reply(body=body, headers={"Content-Type": RSS}))
    fetch(places, Feed("wadi", url))
    server.reply("/wadi.xml", Reply(body=body.replace(old, new), headers={}))
    [again] = fetch(places, Feed("wadi", url))
    assert again.new == (), change


def test_a_new_item_in_a_known_feed_is_saved_alone(server, places):
    body = fixture("arabic-utf8.xml")
    url = server.reply("/wadi.xml", Reply(body=body, headers={"Content-Type": RSS}))
    fetch(places, Feed("wadi", url))
    newer = body.replace(
        b"<item>",
        b"<item><title>\xd8\xae\xd8\xa8\xd8\xb1 \xd8\xac\xd8\xaf\xd9\x8a\xd8\xaf</title><guid>wadi-2000</guid></item><item>",
        1,
    )
    server.reply("/wadi.xml", Reply(body=newer, headers={}))
    [again] = fetch(places, Feed("wadi", url))
    assert titles(again.new) == ["خبر جديد"]


def test_the_same_title_twice_gets_two_files(server, places):
    item = "<item><title>عاجل</title><guid>{}</guid><pubDate>Fri, 28 Aug 2026 06:40:00 GMT</pubDate></item>"
    body = f'<rss version="2.0"><channel><title>t</title>{item.format(1)}{item.format(2)}</channel></rss>'
    url = server.reply("/t.xml", Reply(body=body.encode(), headers={"Content-Type": RSS}))
    [result] = fetch(places, Feed("t", url))
    assert [path.name for path in result.new] == ["2026-08-28-عاجل.md", "2026-08-28-عاجل-2.md"]


# -- one feed failing ---------------------------------------------------------------


def test_one_failing_feed_does_not_stop_the_others(server, places):
    good = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)
    atom = server.fixture("/atom", "feeds/atom-html.xml", "application/atom+xml")
    missing = server.url("/gone.xml")
    broken = server.reply("/500", Reply(500, b"oops"))
    results = fetch(
        places, Feed("wadi", good), Feed("gone", missing), Feed("hibr", atom), Feed("err", broken)
    )
    assert [(len(r.new), r.error) for r in results] == [
        (5, None),
        (0, "the server answered 404 Not Found"),
        (2, None),
        (0, "the server answered 500 Internal Server Error"),
    ]


def test_a_failure_part_way_keeps_what_was_saved_whole_and_saves_the_rest_later(
    server, places, monkeypatch
):
    url = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)
    from reader.feeds import store

    real = store.write_new_file
    calls = []

    def disk_full_on_the_third(path, data, **options):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(path, data, **options)

    monkeypatch.setattr(store, "write_new_file", disk_full_on_the_third)
    [result] = fetch(places, Feed("wadi", url))
    assert result.error == "cannot save: No space left on device"
    assert titles(result.new) == UTF8_TITLES[:2]
    # Nothing half-written: every file in the library is a whole article.
    assert sorted(titles(library_files(places))) == sorted(UTF8_TITLES[:2])
    assert all(not path.name.startswith(".") for path in library_files(places))
    monkeypatch.setattr(store, "write_new_file", real)
    [again] = fetch(places, Feed("wadi", url))
    assert again.ok and titles(again.new) == UTF8_TITLES[2:]
    assert len(library_files(places)) == 5


def error_of(server, places, path, reply=None, **options):
    if reply is not None:
        server.reply(path, reply)
    [result] = fetch(places, Feed("f", server.url(path)), **options)
    assert result.new == ()
    assert library_files(places) == []
    assert result.error is not None and "\n" not in result.error
    return result.error


def test_malformed_feed(server, places):
    server.fixture("/bad.xml", "feeds/malformed.xml", RSS)
    assert error_of(server, places, "/bad.xml").startswith("malformed feed (")


def test_html_where_a_feed_was_expected(server, places):
    server.fixture("/page", "pages/gulf-solar-tender.html", "text/html; charset=utf-8")
    assert error_of(server, places, "/page") == "not a feed: the address gives an HTML page"


def test_binary_data_where_a_feed_was_expected(server, places):
    reply = Reply(
        body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", headers={"Content-Type": "image/png"}
    )
    assert error_of(server, places, "/x.png", reply) == "the answer is binary data, not text"


def test_a_timeout(server, places):
    error = error_of(server, places, "/slow", Reply(body=b"<rss/>", delay=2))
    assert error.startswith("timed out")


def test_a_server_that_drips_hits_the_total_timeout(server, places):
    reply = Reply(body=fixture("arabic-utf8.xml"), drip=0.1, headers={"Content-Type": RSS})
    assert error_of(server, places, "/drip", reply) == "no complete answer within 1.5 s"


def test_a_redirect_to_a_file_is_refused(server, places):
    server.redirect("/to-file", "file:///etc/passwd")
    assert error_of(server, places, "/to-file") == "refused to follow a redirect to a file: address"


def test_a_redirect_loop_stops(server, places):
    server.redirect("/loop", "/loop")
    assert error_of(server, places, "/loop") == "too many redirects (more than 5)"
    assert server.paths().count("/loop") == 6


def test_five_redirects_are_followed_six_are_not(server, places):
    server.fixture("/feed.xml", "feeds/arabic-utf8.xml", RSS)
    for hop in range(6):
        server.redirect(f"/hop{hop}", f"/hop{hop + 1}" if hop < 5 else "/feed.xml", 301)
    assert error_of(server, places, "/hop0") == "too many redirects (more than 5)"
    [result] = fetch(places, Feed("wadi", server.url("/hop1")))
    assert result.ok and len(result.new) == 5


def test_an_over_size_body_is_refused_by_its_length(server, places):
    reply = Reply(body=b"<rss>" + b" " * 300_000, headers={"Content-Type": RSS})
    assert error_of(server, places, "/big", reply) == "the answer is larger than 262144 bytes"


def test_an_over_size_body_without_a_length_is_cut_while_streaming(server, places):
    reply = Reply(body=b"<rss>" + b" " * 300_000, headers={"Content-Type": RSS}, length=False)
    assert error_of(server, places, "/big", reply) == "the answer is larger than 262144 bytes"


def test_a_gzip_bomb_stops_at_the_cap_in_bounded_memory(server, places):
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < LIMITS.max_bytes
    reply = Reply(body=bomb, headers={"Content-Type": RSS, "Content-Encoding": "gzip"})
    server.reply("/bomb", reply)
    tracemalloc.start()
    try:
        error = error_of(server, places, "/bomb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error == "the answer is larger than 262144 bytes decompressed"
    assert peak < 8 * LIMITS.max_bytes


def test_a_gzipped_feed_is_read(server, places):
    url = server.gzipped("/wadi.xml.gz", fixture("arabic-utf8.xml"), RSS)
    [result] = fetch(places, Feed("wadi", url))
    assert titles(result.new) == UTF8_TITLES


def test_billion_laughs_fails_fast(server, places):
    server.fixture("/lol.xml", "feeds/billion-laughs.xml", RSS)
    started = time.perf_counter()
    error = error_of(server, places, "/lol.xml")
    assert error.startswith("the feed declares XML entities, which are refused")
    # Not a timing test: expanding 10⁹ "lol"s would take minutes and gigabytes.
    assert time.perf_counter() - started < 30


def test_an_external_entity_is_refused(server, places):
    server.fixture("/xxe.xml", "feeds/external-entity.xml", RSS)
    error = error_of(server, places, "/xxe.xml")
    assert error.startswith("the feed declares XML entities, which are refused")


def test_a_parameter_entity_is_refused_and_never_fetched(server, places):
    server.fixture("/pe.xml", "feeds/parameter-entity.xml", RSS)
    error = error_of(server, places, "/pe.xml")
    assert error.startswith("the feed declares XML entities, which are refused")
    assert "/evil.dtd" not in server.paths()


def test_a_body_that_names_a_local_file_is_not_read_as_that_file(server, places, tmp_path):
    # feedparser.parse(bytes) would open a file of that name before parsing the bytes.
    local = tmp_path / "local-feed.xml"
    local.write_bytes(fixture("arabic-utf8.xml"))
    reply = Reply(body=str(local).encode(), headers={"Content-Type": RSS})
    assert error_of(server, places, "/path", reply).startswith("not a feed")


# -- the HTTP client ----------------------------------------------------------------


def test_requests_say_who_is_asking(server, places):
    url = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)
    fetch(places, Feed("wadi", url))
    headers = server.requests[0].headers
    assert headers["user-agent"].startswith("Qari/")
    assert headers["accept-encoding"] == "gzip, deflate"


def test_a_few_downloads_per_host_at_once(server, places):
    active, most = [0], [0]
    lock = threading.Lock()

    def counted(request):
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        time.sleep(0.05)
        with lock:
            active[0] -= 1
        return Reply(body=fixture("arabic-utf8.xml"), headers={"Content-Type": RSS})

    feeds = [Feed(f"f{n}", server.add(f"/f{n}.xml", counted)) for n in range(8)]
    results = fetch(places, *feeds)
    assert all(result.ok for result in results)
    assert 1 <= most[0] <= LIMITS.per_host


def test_the_proxy_from_the_environment_is_used(server, places, monkeypatch):
    from tests.feeds.server import FixtureServer

    proxy = FixtureServer().start()
    try:
        body = fixture("arabic-utf8.xml")
        proxy.reply("http://wadi.example/rss.xml", Reply(body=body, headers={"Content-Type": RSS}))
        monkeypatch.setenv("HTTP_PROXY", proxy.base)
        [result] = fetch(places, Feed("wadi", "http://wadi.example/rss.xml"))
    finally:
        proxy.stop()
    assert result.ok and len(result.new) == 5
    assert proxy.paths() == ["http://wadi.example/rss.xml"]


def test_a_parser_crash_on_one_feed_is_that_feeds_error(server, places, monkeypatch):
    import feedparser

    real = feedparser.parse

    def fragile(stream, **options):
        if "/bad" in options["response_headers"]["content-location"]:
            raise RecursionError("maximum recursion depth exceeded")
        return real(stream, **options)

    monkeypatch.setattr(feedparser, "parse", fragile)
    good = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)
    bad = server.fixture("/bad.xml", "feeds/arabic-utf8.xml", RSS)
    results = fetch(places, Feed("wadi", good), Feed("bad", bad))
    assert [(len(r.new), r.error) for r in results] == [
        (5, None),
        (0, "cannot read the feed (RecursionError: maximum recursion depth exceeded)"),
    ]


def test_a_locked_history_is_that_feeds_error(server, places, monkeypatch):
    import sqlite3

    from reader.feeds.history import FeedHistory

    def locked(self, feed, key, link):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(FeedHistory, "remember", locked)
    url = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)
    [result] = fetch(places, Feed("wadi", url))
    assert result.error == "cannot keep the feed history: database is locked"
    assert result.new == ()
    assert library_files(places) == []


def test_only_one_fetch_at_a_time(server, places):
    from reader.feeds.errors import FeedError
    from reader.feeds.history import FeedHistory

    url = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)
    with FeedHistory.open(places.state), pytest.raises(FeedError, match="another fetch"):
        fetch(places, Feed("wadi", url))


def test_a_stopped_fetch_ends_at_once_and_keeps_what_it_saved(server, places):
    good = server.fixture("/wadi.xml", "feeds/arabic-utf8.xml", RSS)
    # A server that would hold the fetch for its whole read timeout.
    slow = server.reply("/slow.xml", Reply(body=fixture("arabic-utf8.xml"), delay=5))
    stop = threading.Event()

    def stop_once_the_good_one_is_done(progress) -> None:
        if isinstance(progress, FeedFinished) and progress.result.feed.name == "wadi":
            stop.set()

    limits = dataclasses.replace(LIMITS, read_timeout=10, total_timeout=10)
    started = time.monotonic()
    results = fetch(
        places,
        Feed("wadi", good),
        Feed("slow", slow),
        on_progress=stop_once_the_good_one_is_done,
        stop=stop,
        limits=limits,
    )
    assert time.monotonic() - started < 4
    assert [(r.feed.name, len(r.new), r.error) for r in results] == [
        ("wadi", 5, None),
        ("slow", 0, STOPPED),
    ]


def test_a_feed_stopped_while_saving_is_downloaded_again_for_the_rest(server, places):
    url = server.conditional("/wadi.xml", fixture("arabic-utf8.xml"), RSS)
    stop = threading.Event()

    def stop_after_two(progress) -> None:
        if isinstance(progress, ItemSaved) and len(library_files(places)) == 2:
            stop.set()

    [first] = fetch(places, Feed("wadi", url), on_progress=stop_after_two, stop=stop)
    assert (len(first.new), first.error) == (2, STOPPED)
    [rest] = fetch(places, Feed("wadi", url))
    assert rest.ok and titles(rest.new) == UTF8_TITLES[2:]
