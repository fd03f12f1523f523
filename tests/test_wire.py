"""The stream decoder: a connection's chunks decoded as UTF-8 wherever they were split."""

from __future__ import annotations

import pytest

from server_core.wire import StreamDecoder

SAMPLES = [
    "客户端1连接成功".encode(),
    b"plain ascii",
    b"\xff\xfe bad \xe4\xbd then good \xe4\xbd\xa0",  # invalid bytes, a cut character, a whole one
    "emoji 🎉 end".encode() + b"\xf0\x9f",  # ends inside a character
]


@pytest.mark.parametrize("data", SAMPLES)
def test_every_split_decodes_like_the_whole(data: bytes) -> None:
    whole = data.decode("utf-8", errors="backslashreplace")
    for cut in range(len(data) + 1):
        for second_cut in range(cut, len(data) + 1):
            decoder = StreamDecoder()
            parts = [
                decoder.feed(data[:cut]),
                decoder.feed(data[cut:second_cut]),
                decoder.feed(data[second_cut:]),
            ]
            assert "".join(parts) + decoder.finish() == whole, (cut, second_cut)


def test_a_character_comes_out_whole_in_the_chunk_that_completes_it() -> None:
    decoder = StreamDecoder()
    assert decoder.feed("你".encode()[:2]) == ""
    assert decoder.feed("你".encode()[2:] + b"!") == "你!"
    assert decoder.finish() == ""
