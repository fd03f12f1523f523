"""Messages as bytes: hex beside whole characters, and back from the text events carry."""

from __future__ import annotations

from server_core.hexview import CUT, hex_rows
from server_core.wire import decode, to_bytes
from tui_app.cells import ELLIPSIS


def test_the_nine_bytes_of_a_three_character_word() -> None:
    data = "客户端".encode()
    assert len(data) == 9
    assert hex_rows(data) == [("e5 ae a2 e6 88 b7 e7 ab af", "客户端")]


def test_rows_never_split_a_character_and_show_invalid_and_control_bytes_escaped() -> None:
    data = "abcdefghijklmn客".encode() + b"\xff\x1b[31m"
    rows = hex_rows(data)
    assert rows[0] == ("61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e", "abcdefghijklmn")
    assert rows[1] == ("e5 ae a2 ff 1b 5b 33 31 6d", "客\\xff\\x1b[31m")
    assert all(len(hexes.split()) <= 16 for hexes, _ in rows)


def test_the_text_of_an_event_gives_back_its_bytes() -> None:
    for data in ("客户端1连接成功".encode(), b"\xe5\xae", b"a\xffb\x00", "😀 ok".encode()):
        assert to_bytes(decode(data)) == data
    assert to_bytes("a\\\\xff") == b"a\\xff"  # a literal backslash written as two


def test_a_piece_of_a_cut_character_has_a_mark_of_its_own() -> None:
    rows = hex_rows("a你".encode() + "好".encode()[:1], carried=0, unfinished=1)
    assert rows == [("61 e4 bd a0 e5", f"a你{CUT}")]
    assert hex_rows("你好".encode(), carried=2) == [("a0 e5 a5 bd", f"{CUT}好")]
    assert CUT != ELLIPSIS  # "…" is text cut short for want of room, not a cut character
