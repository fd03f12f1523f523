"""Why something failed, in the user's language: a validator's or argparse's reason (English, by
its shape), a system call's errno, and how a file is named in those messages.
"""

from __future__ import annotations

import errno
import os
import re
from typing import TYPE_CHECKING

from server_core.numbers import DIGITS

from .choice_names import named_list
from .tables import SOURCE, TABLES, TEXTS, tr

if TYPE_CHECKING:
    from server_core.port_taken import PortTaken


def reason(text: str, lang: str) -> str:
    """A reason the engine gives in English ("closed by peer", "ConnectionResetError: Connection
    reset by peer"), in ``lang`` when it is a known one (the class name stays as Python says it)."""
    key = f"reason.{text}"
    if key in TEXTS:
        return tr(key, lang)
    if lang != SOURCE and (match := _OS_ERROR.fullmatch(text)):
        words = _ERRNO_WORDS.get(lang, {}).get(match["text"], match["text"])
        return tr("why.os_error", lang, kind=match["kind"], text=words)
    if lang != SOURCE:  # the system's words alone: "Broken pipe"
        return _ERRNO_WORDS.get(lang, {}).get(text, text)
    return text


def lowercase_system_words(text: str) -> str:
    """``text`` (a line the command writes on standard error) with the system's words that end it
    (``...: No such file or directory``, Python's ``strerror``) as the lab says every reason:
    lowercase, as its own table words them (``no such file or directory``)."""
    return _SYSTEM_WORDS_AT_END.sub(lambda said: ": " + _ERRNO_WORDS[SOURCE][said[1]], text)


def shown_path(path: str | os.PathLike[str]) -> str:
    """How the app and the command line name a file: its absolute path (symbolic links kept)."""
    return os.path.abspath(os.path.expanduser(path))


# What the system says of a failed call ("No such file or directory"), by language, for the
# reasons that quote it.
_ERRNO_WORDS = {
    lang: {
        os.strerror(getattr(errno, key[6:])): text
        for key, text in table.items()
        if key.startswith("errno.") and hasattr(errno, key[6:])
    }
    for lang, table in TABLES.items()
}

# The system's words ("No such file or directory") ending a reason, after ": ".
_SYSTEM_WORDS_AT_END = re.compile(rf": ({'|'.join(map(re.escape, _ERRNO_WORDS[SOURCE]))})$")

# A system call's failure as the engine words it: the exception's class, then what the system said.
_OS_ERROR = re.compile(r"(?P<kind>[A-Z]\w*Error): (?P<text>.*)")

_JOINS = "merge joins a server recording with a clients recording"  # server_core.merge.JOINS

# The engine's, the validators' and argparse's reasons, in English, by shape: the key of each
# one's text. A ``why`` group is itself a reason (translated in turn), a ``names`` group a list.
_WHY = (
    (r"argument (?P<name>[^\s:]+(?:/[^\s:]+)*): (?P<why>.*)", "why.argument"),
    (r"invalid choice: (?P<text>.*) \(choose from (?P<names>.*)\)", "why.choice"),
    (r"unrecognized arguments: (?P<text>.*)", "why.unrecognized"),
    (r"the following arguments are required: (?P<names>.*)", "why.required"),
    (r"expected one argument", "why.one_value"),
    (r"not allowed with argument (?P<name>\S+)", "why.not_with"),
    (r"has no effect without (?P<name>\S+)", "why.needs"),
    (r"invalid (?P<kind>\w+) value: (?P<text>.*)", "why.value"),
    (r"ambiguous option: (?P<text>.*) could match (?P<names>.*)", "why.ambiguous"),
    (r"(?P<text>.*) already exists; add --overwrite to replace it", "why.exists_overwrite"),
    (r"(?P<text>.*) does not end in \.svg", "why.not_svg"),
    (r"no picture of (?P<path>.*) could be drawn", "why.no_picture"),
    (rf"(?P<first>.*) and (?P<second>.*) are the same file: {_JOINS}", "why.merge_same_file"),
    (rf"(?P<first>.*) and (?P<second>.*) hold the same events: {_JOINS}", "why.merge_same_events"),
    (
        r"(?P<path>.*) already holds both sides \(a run, an app export or a merged file\): "
        r"nothing to merge it with",
        "why.merge_both_sides",
    ),
    (rf"(?P<first>.*) and (?P<second>.*) are both server recordings: {_JOINS}", "why.merge_both_server"),
    (rf"(?P<first>.*) and (?P<second>.*) are both client recordings: {_JOINS}", "why.merge_both_client"),
    (r"(?P<path>.*) has no wall-clock anchor \(recorded by an older tcp-lab\)", "why.merge_no_anchor"),
    (
        r"(?P<first>.*) and (?P<second>.*) were recorded (?P<seconds>\d+) s apart: not one session",
        "why.merge_apart",
    ),
    (
        r"no client in one of (?P<first>.*) and (?P<second>.*) talked to a handler in the other",
        "why.merge_no_pairs",
    ),
    (
        r"(?P<path>.*:\d+): not UTF-8 text \(byte (?P<byte>0x[0-9a-f]{2}) at byte (?P<at>\d+)\), "
        r"so not a tcp-lab recording",
        "why.not_utf8_file",
    ),
    (
        r"(?P<path>.*:\d+): seq (?P<text>.*) where (?P<due>\d+) was due: events are missing or out of order",
        "why.seq_gap",
    ),
    (r"(?P<path>.*:\d+): t (?P<text>.*) is not a time in seconds", "why.not_time"),
    (r"(?P<path>.*:\d+): side (?P<text>.*) is neither server nor client", "why.not_side"),
    (r"(?P<path>.*:\d+): kind (?P<text>.*) is not a name", "why.not_kind"),
    (
        r"(?P<path>.*:\d+): (?P<name>[a-z_]+) (?P<text>.*) is not (?P<wanted>text|an? [a-z -]+(?: \(Unix "
        r"seconds\))?|bytes as \\xNN escapes)",
        "why.field_type",
    ),
    (r"(?P<text>.*) already exists", "why.exists"),
    (
        r"(?P<name>\S+) listens on (?P<count>\d+) ports from the one given, so at most (?P<port>\d+)",
        "why.ports_from",
    ),
    (r"no connect within (?P<seconds>\S+) s", "why.no_connect"),
    (r"no reply within (?P<seconds>\S+) s", "why.no_reply"),
    (r"connect failed: (?P<text>.*)", "why.connect_failed"),
    (r"reply failed: (?P<text>.*)", "why.reply_failed"),
    (r"silent for (?P<seconds>\S+) s", "why.silent"),
    (r"sent more than (?P<count>\d+) bytes", "why.sent_more"),
    (r"reply not taken within (?P<seconds>\S+) s", "why.reply_not_taken"),
    (r"refused: (?P<why>.*)", "why.refused"),
    (r"at most (?P<count>\d+) clients at once", "why.at_most"),
    (r"gave up: (?P<why>.*)", "why.gave_up"),  # an exhibit's handler, waiting for a lock
    (
        r"waited (?P<seconds>\S+) s for lock (?P<lock>\S+) \(held by (?P<holder>\S+) meanwhile\)",
        "why.waited_held",
    ),
    (r"waited (?P<seconds>\S+) s for lock (?P<lock>\S+)", "why.waited"),
    (r"cannot start thread: (?P<text>.*)", "why.no_thread"),
    (r"cannot start a handler thread: (?P<text>.*)", "why.no_handler_thread"),
    (r"client failed: (?P<kind>[A-Z]\w*): (?P<text>.*)", "why.client_failed"),
    (r"handler failed: (?P<kind>[A-Z]\w*): (?P<text>.*)", "why.handler_failed"),
    (r"out of descriptors: (?P<text>.*)", "why.out_of_descriptors"),
    (r"cannot connect: (?P<text>.*)", "why.cannot_connect"),
    (r"bad request: (?P<text>.*)", "why.bad_request"),
    (r"history: older events could not be kept \((?P<why>.*)\); exports will miss them", "why.history_lost"),
    (r"(?P<step>[a-z]+) failed: (?P<text>.*)", "why.call_failed"),
    (r"(?P<path>.*): no events in it, so not a tcp-lab recording", "why.no_events"),
    (r"(?P<path>.*): binary data \(a NUL byte\), not text, so not a tcp-lab recording", "why.binary"),
    (r"(?P<path>.*): the line is cut short \(the file ends inside it\)", "why.cut_short"),
    (r"(?P<path>.*): not a line of JSON, so not a tcp-lab recording", "why.not_json"),
    (r"(?P<path>.*): not a tcp-lab event \(it needs seq, t, side and kind\)", "why.not_event"),
    (
        r"(?P<path>.*): the text's size in UTF-8 \((?P<size>\d+)\) does not fit bytes (?P<count>\d+), "
        r"so not a tcp-lab recording",
        "why.text_size",
    ),
    (r"must not be empty: a peer waits for at least one byte", "why.empty_message"),
    (r"is not valid UTF-8 text: (?P<text>.*)", "why.not_utf8"),
    (r"cannot write (?P<path>.*): no directory (?P<folder>.*)", "why.cannot_write_in"),
    (r"cannot write (?P<path>.*): (?P<text>.*)", "why.cannot_write"),
    (r"(?P<path>.*): cannot read: (?P<text>.*)", "why.cannot_read"),
    (r"an exhibit runs (?P<low>\d+) to (?P<high>\d+) clients, not (?P<text>.*)", "why.exhibit_n"),
    (r"the schedule is empty; give CLIENT:STEP entries such as 2:connect,1:connect", "why.schedule_empty"),
    (r"a schedule has at most (?P<high>\d+) entries, not (?P<text>\d+)", "why.schedule_long"),
    (r"schedule entry (?P<text>.*) is not CLIENT:STEP \(a number >= 1, then a step\)", "why.schedule_entry"),
    (r"schedule entry (?P<text>.*): step must be one of (?P<names>.*)", "why.schedule_step"),
    (r"schedule entry (?P<text>.*): client numbers start at 1, not (?P<client>-?\d+)", "why.schedule_client"),
    (
        r"schedule entry (?P<text>.*): client (?P<client>\d+) takes its steps in the order "
        r"(?P<names>.*), each once",
        "why.schedule_twice",
    ),
    (
        r"the schedule names client (?P<client>\d+), but only (?P<high>\d+) are launched",
        "why.schedule_beyond",
    ),
    (r"(?P<text>\d+:turn): --order free asks for no turn.*", "why.schedule_free"),
    (r"(?P<text>\d+:turn): --order sequential grants the turns itself.*", "why.schedule_sequential"),
    (r"must be a whole number from 1 to (?P<high>\d+), not (?P<text>.*)", "why.count"),
    (r"must be a whole number, 0 for no limit, not (?P<text>.*)", "why.limit"),
    (r"must be a port from (?P<low>[01]) to 65535, not (?P<text>.*)", "why.port"),
    (r"must be a number of seconds from 0 to (?P<high>\d+), not (?P<text>.*)", "why.seconds"),
    (r"must be a number of seconds more than 0 and at most (?P<high>\d+), not (?P<text>.*)", "why.positive"),
    (r"must be an IP address such as 127\.0\.0\.1, not (?P<text>.*)", "why.host"),
    (r"must be one of (?P<names>.*), not (?P<text>.*)", "why.one_of"),
    (r"unknown order (?P<text>.*); choose one of (?P<names>.*)", "why.order"),
    (r"order (?P<text>.*) takes no ':' argument", "why.no_argument"),
    (r"semaphore width must be a whole number from 1 to (?P<high>\d+), not (?P<text>.*)", "why.width"),
    (r"is empty; it must be (?P<wanted>.*)", "why.empty"),
    (r"(?P<text>.*) is not COLSxROWS \(20-(?P<high>\d+) columns, 10-\d+ rows\)", "why.size"),
    (r"(?P<text>.*) is outside 20-(?P<high>\d+) columns, 10-\d+ rows", "why.size_range"),
    (r"semaphore width is empty; it must be (?P<wanted>.*)", "why.width_empty"),
    (r"(?P<name>[A-Z_]+) is empty; it must be (?P<wanted>.*)", "why.option_empty"),
    (r"unknown socket option (?P<text>.*) \(known: (?P<names>.*)\)", "why.option"),
    (
        r"(?P<name>[A-Z_]+) must be a whole number from (?P<low>\d+) to (?P<high>\d+), not (?P<text>.*)",
        "why.option_range",
    ),
    (r"(?P<name>[A-Z_]+) must be (?P<wanted>.*), not (?P<text>.*)", "why.option_value"),
    (r"a socket option is written NAME=VALUE, not (?P<text>.*)", "why.pair"),
    (r"cannot tell the format of (?P<text>.*): name it (?P<names>.*)", "why.format"),
    (r"(?P<text>.*) is a directory", "why.directory"),
    (r"no directory (?P<folder>.*) to write (?P<text>.*) in", "why.no_directory"),
    (r"server process was stopped \(exit code (?P<code>[^)]*)\)", "why.server_process_stopped"),
    (r"server process ended unexpectedly \(exit code (?P<code>[^)]*)\)", "why.server_process_died"),
    (r"client run (?P<run>\d+) process was stopped \(exit code (?P<code>[^)]*)\)", "why.run_process_stopped"),
    (
        r"client run (?P<run>\d+) process ended unexpectedly \(exit code (?P<code>[^)]*)\)",
        "why.run_process_died",
    ),
)


def why(message: str, lang: str) -> str:
    """A validator's reason (English, from ``ValueError``) in ``lang``; an unknown one as it is."""
    if lang == SOURCE:
        return message
    plain = message.replace(f", {DIGITS}", "")  # the numbers' note, said once at the end
    note = tr("why.ascii_digits", lang) if plain != message else ""
    for pattern, key in _WHY:
        if match := re.fullmatch(pattern, plain):
            values = {name: reason(value, lang) for name, value in match.groupdict().items()}
            if "names" in values:  # a list in the language's way: "free 自由、lock 锁" in Chinese
                values["names"] = named_list(values["names"], lang)
            if "why" in values:  # a reason inside a reason: "argument -n: must be ..."
                values["why"] = why(values["why"], lang)
            if "wanted" in values:  # what a value must be: "a whole number from 1 to 10000"
                values["wanted"] = _wanted(values["wanted"], lang)
            if "text" in values:  # a file's error: "No such file or directory"
                values["text"] = _ERRNO_WORDS.get(lang, {}).get(values["text"], values["text"])
            return tr(key, lang, **values) + note
    return reason(message, lang)  # an engine's reason given as an error: "stopped"


# What a value must be, in English, by shape: the key of its text (in a ``why.*`` reason's {wanted}).
_WANTED = (
    (r"a whole number from (?P<low>\d+) to (?P<high>\d+)", "wanted.range"),
    (r"a whole number, 0 for no limit", "wanted.limit"),
    (r"a port from (?P<low>[01]) to 65535", "wanted.port"),
    (r"a number of seconds from 0 to (?P<high>\d+)", "wanted.seconds"),
    (r"a number of seconds more than 0 and at most (?P<high>\d+)", "wanted.positive"),
    (r"an IP address such as 127\.0\.0\.1", "wanted.host"),
    (r"one of (?P<names>.*)", "wanted.one_of"),
    (r"0/1 \(off/on\)", "wanted.switch"),
    (r"COLSxROWS, 20-(?P<high>\d+) columns, 10-\d+ rows", "wanted.size"),
    (r"text", "wanted.text"),
    (r"a number", "wanted.number"),
    (r"a wall-clock time \(Unix seconds\)", "wanted.wall"),
    (r"a number of seconds", "wanted.any_seconds"),
    (r"a run number", "wanted.run_number"),
    (r"a client count", "wanted.client_count"),
    (r"an entry number", "wanted.entry_number"),
    (r"a count of bytes", "wanted.byte_count"),
    (r"bytes as \\xNN escapes", "wanted.byte_escapes"),
)


def _wanted(text: str, lang: str) -> str:
    """What a value must be (English, a validator's words) in ``lang``; an unknown one as it is."""
    for pattern, key in _WANTED:
        if match := re.fullmatch(pattern, text):
            values = match.groupdict()
            if "names" in values:
                values["names"] = named_list(values["names"], lang)
            return tr(key, lang, **values)
    return text


def os_reason(exc: BaseException, lang: str) -> str:
    """Why a system call failed, in ``lang`` when its errno is a known one, else as Python says it."""
    name = errno.errorcode.get(getattr(exc, "errno", None) or 0, "")
    key = f"errno.{name}"
    if key in TEXTS:
        return tr(key, lang)
    return str(getattr(exc, "strerror", None) or exc)


def time_wait_reason(
    exc: BaseException | None, host: str, port: int, lang: str, stream: bool = True
) -> str | None:
    """Why ``host:port`` cannot be bound when connections in TIME_WAIT hold it (``port {port}
    on {host} is still held by connections in TIME_WAIT, ...``), for every command and the app
    alike; None when ``exc`` is no EADDRINUSE, ``port`` is 0, something listens there, or the
    socket refused is no TCP one (``stream`` false: a UDP port is never held by TIME_WAIT)."""
    if getattr(exc, "errno", None) != errno.EADDRINUSE or not port or not stream:
        return None
    from server_core.experiments.sockdiag import held_by_time_wait  # sock_diag only on a refusal

    return tr("port.time_wait", lang, host=host, port=port) if held_by_time_wait(port) else None


def listen_failure(
    exc: BaseException | None, host: str, port: int, lang: str, stream: bool = True
) -> tuple[str, dict[str, object]]:
    """Why nothing can listen on ``host:port`` (``stream``: TCP; else UDP), for every command
    (``cli.`` + the name) and the app (``note.`` + the name) alike: the text's name and its
    values. ``port_time_wait`` (connections in TIME_WAIT hold it, :func:`time_wait_reason`),
    ``port_busy`` (in use), or ``cannot_listen`` with the system's reason for ``exc``."""
    if said := time_wait_reason(exc, host, port, lang, stream):
        return "port_time_wait", {"said": said}
    name = "port_busy" if getattr(exc, "errno", None) == errno.EADDRINUSE else "cannot_listen"
    return name, {"host": host, "port": port, "reason": os_reason(exc, lang) if exc is not None else ""}


def listen_line(exc: BaseException | None, host: str, port: int, lang: str, stream: bool = True) -> str:
    """The one line a command says when nothing can listen on ``host:port`` (see
    :func:`listen_failure`): ``port 8888 on 127.0.0.1 is already in use``; the app says the same
    when an exhibit's or an experiment's port is taken as it binds."""
    name, values = listen_failure(exc, host, port, lang, stream)
    return tr(f"cli.{name}", lang, **values)


def taken_line(taken: PortTaken, lang: str) -> str:
    """:func:`listen_line` for a run whose port was taken as its socket bound it."""
    return listen_line(taken.error, taken.host, taken.port, lang, taken.stream)
