from __future__ import annotations

import hashlib

from newsdesk.ingest.ids import article_key, canonical_url, short_id


def test_canonical_url_normalises_scheme_host_fragment_tracking_and_query_order():
    u = "HTTPS://News.Example.COM:443/a/b?utm_source=x&z=2&a=1&fbclid=abc#section"
    assert canonical_url(u) == "https://news.example.com/a/b?a=1&z=2"
    assert canonical_url("http://example.com") == "http://example.com/"
    assert canonical_url("http://example.com:8080/x") == "http://example.com:8080/x"
    # the path is case-sensitive and kept
    assert canonical_url("https://example.com/A") != canonical_url("https://example.com/a")


def test_article_key_is_sha256_of_canonical_url():
    url = "https://example.com/story?utm_medium=rss&id=7"
    expected = hashlib.sha256(b"url\x00https://example.com/story?id=7").hexdigest()
    assert article_key(url, "t", "x") == expected
    assert article_key("https://EXAMPLE.com/story?id=7#top", "other", "other") == expected


def test_article_key_without_url_uses_normalised_title_and_text():
    a = article_key(None, "Hello  World", "Some TEXT,  here.")
    b = article_key(None, "hello world", "some text here")
    assert a == b
    assert a != article_key(None, "hello world", "other text")


def test_short_id_grows_on_collision_like_git():
    key = "abcdef0123456789" * 4
    assert short_id(key) == "abcdef01"
    assert short_id(key, {"abcdef01"}) == "abcdef0123"
    assert short_id(key, {"abcdef01", "abcdef0123"}) == "abcdef012345"
