"""A feed's bytes as UTF-8 (feed_encoding): bytes that are UTF-8 already keep all but their
declaration, as if decoded, the declaration rewritten, and encoded again."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from letterpress import feed_encoding
from letterpress.feeds import parse_feed

LEADS = st.sampled_from(["", " ", "\n\t", "\u00a0", "\x85", "\u2028", "\ufeff"])
DECLARATIONS = st.sampled_from(
    [
        '<?xml version="1.0" encoding="utf-16"?>', "<?xml version='1.0' encoding='ISO-8859-1'?>",
        '<?xml version="1.0"?>', "<?xml encoding=utf-16 standalone='yes' ?>", "", "<?xml",
        '<?xml version="1.0" encoding="é"?>',
    ]
)  # fmt: skip
BROKEN = st.sampled_from([b"", b"\xff", b"\xed\xa0\x80", b"\xc3", b"\xc0\xaf"])


def _transcoded_as_text(body: bytes) -> bytes:
    """The general reading: decoded, the declaration rewritten, encoded again."""
    text = body.decode("utf-8", errors="replace")
    declaration = re.match(r"\s*<\?xml[^>]*?\?>", text[:512])
    if declaration:
        encoding = r"""\sencoding\s*=\s*["']?[A-Za-z0-9._:-]+["']?"""
        text = re.sub(encoding, "", declaration.group(0)) + text[declaration.end() :]
    return text.encode("utf-8", errors="replace")


@settings(max_examples=300, deadline=None)
@given(LEADS, DECLARATIONS, st.text(max_size=30), BROKEN, st.integers(0, 2))
def test_utf8_bytes_are_kept_as_their_text_would_give_them(
    lead: str, declaration: str, rest: str, broken: bytes, where: int
) -> None:
    pieces = [(lead + declaration).encode(), rest.encode()]
    pieces.insert(where, broken)
    body = b"".join(pieces)
    assert feed_encoding._transcode(body, "utf-8") == _transcoded_as_text(body)


def test_a_utf8_feed_declaring_utf16_is_read_as_written() -> None:
    body = (
        '<?xml version="1.0" encoding="utf-16"?><rss><channel><title>Caf\u00e9 \u2013 news</title>'
        "<item><title>\u00c9t\u00e9</title></item></channel></rss>"
    ).encode()
    feed = parse_feed(body, "https://example.org/feed.xml")
    assert (feed.title, feed.entries[0].title) == ("Caf\u00e9 \u2013 news", "\u00c9t\u00e9")
