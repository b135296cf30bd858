import pytest

from reader.feeds.errors import FeedError
from reader.feeds.opml import read_opml, write_opml
from reader.feeds.subscriptions import (
    Feed,
    checked_url,
    find_feed,
    free_name,
    load_feeds,
    save_feeds,
)
from tests.feeds.server import FIXTURES

FEEDS = [
    Feed("أخبار الوادي", "https://wadi.example/rss/all.xml", "أخبار"),
    Feed("The Coastline Post", 'http://masaa.example/rss.xml?a=1&b=2&q="x\\y"'),
]


def test_subscriptions_survive_a_round_trip(tmp_path):
    path = tmp_path / "qari" / "feeds.toml"
    save_feeds(path, FEEDS)
    assert load_feeds(path) == FEEDS
    assert path.read_text().startswith("# Qari feeds.")


def test_no_file_is_no_feeds(tmp_path):
    assert load_feeds(tmp_path / "feeds.toml") == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[feed]\nname=", "is not valid TOML"),
        ('feed = "x"', "must be a list"),
        ('[[feed]]\nname = "a"', "has no url"),
        ('[[feed]]\nname = "a"\nurl = "file:///etc/passwd"', "only http and https"),
        ('[[feed]]\nname = "../a"\nurl = "https://e.org/"', "usable as a folder name"),
    ],
)
def test_a_broken_file_is_reported_in_one_line(tmp_path, text, problem):
    path = tmp_path / "feeds.toml"
    path.write_text(text)
    with pytest.raises(FeedError, match=problem) as raised:
        load_feeds(path)
    assert "\n" not in str(raised.value)


def test_urls_are_checked():
    assert checked_url(" wadi.example/rss ") == "https://wadi.example/rss"
    assert checked_url("http://a.example/x") == "http://a.example/x"
    assert checked_url("a.example:8080/x") == "https://a.example:8080/x"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "https://", "http://a b/", "ftp://x/"):
        with pytest.raises(FeedError):
            checked_url(bad)


def test_feeds_are_found_by_name_case_aside_or_by_url():
    assert find_feed(FEEDS, "أخبار الوادي") == FEEDS[0]
    assert find_feed([Feed("BBC", "https://b.example/")], "bbc").name == "BBC"
    assert find_feed(FEEDS, FEEDS[1].url) == FEEDS[1]
    with pytest.raises(FeedError, match="no feed called"):
        find_feed(FEEDS, "nothing")


def test_free_names_count_up():
    feeds = [Feed("wadi", "https://a.example/"), Feed("Wadi (2)", "https://b.example/")]
    assert free_name(feeds, "WADI") == "WADI (3)"
    assert free_name(feeds, "other") == "other"


def test_opml_lists_feeds_with_their_folders():
    outlines = read_opml((FIXTURES / "feeds" / "subscriptions.opml").read_bytes())
    assert [(o.title, o.url, o.folder) for o in outlines] == [
        ("أخبار الوادي", "https://wadi.example/rss/all.xml", "أخبار"),
        ("جريدة المساء", "http://masaa.example/rss.xml", "أخبار"),
        ("بوابة المشرق", "https://mashreq.example/rss", "محلي"),
        ("../../etc", "https://dots.example/feed", None),
        ("بلا عنوان مفيد\u202e", "file:///etc/passwd", None),
        ("أخبار الوادي", "https://other.example/feed", None),
        ("Coastline", "https://coastline.example/feed.atom", None),
    ]


def test_opml_round_trip():
    outlines = read_opml(write_opml(FEEDS).encode())
    assert [(o.title, o.url, o.folder) for o in outlines] == [
        (feed.name, feed.url, feed.folder) for feed in FEEDS
    ]


def test_opml_with_entities_is_refused():
    hostile = b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa">]><opml><body/></opml>'
    with pytest.raises(FeedError, match="declares XML entities"):
        read_opml(hostile)


@pytest.mark.parametrize("data", [b"", b"<opml><body>", b"<rss/>", b"\xff\xfe"])
def test_not_opml_is_one_line(data):
    with pytest.raises(FeedError) as raised:
        read_opml(data)
    assert "\n" not in str(raised.value)
