"""Every piece of interface text, in English and Chinese, and the plain-words form of an event.

``tr(key, lang, **values)`` looks a text up; ``describe(event, lang)`` says what an event means.
The language is ``en`` or ``zh``; :func:`default_lang` picks ``zh`` for a Chinese ``LANG``.
"""

from __future__ import annotations

import os

from server_core import Event, printable
from server_core.sockopts import format_options

LANGS = ("en", "zh")

TEXTS: dict[str, tuple[str, str]] = {
    # events, server side
    "server.listening": (
        "listening on {local} (order {order}, accept {accept}; in force: {options})",
        "正在监听 {local}(顺序 {order},accept 方式 {accept};生效选项:{options})",
    ),
    "server.accepted": ("client {client} connecting from {peer}", "客户端 {client} 正在连接,来自 {peer}"),
    "server.received": ("client {client} says: {text}", "客户端 {client} 说:{text}"),
    "server.replied": ("replied to client {client}: {text}", "回复客户端 {client}:{text}"),
    "server.disconnected": ("client {client} offline ({text})", "客户端 {client} 下线({text})"),
    "server.waiting": ("handler {client} waits for its turn", "处理线程 {client} 等待轮到自己"),
    "server.entered": ("handler {client} takes its turn", "处理线程 {client} 开始处理"),
    "server.left": ("handler {client} done", "处理线程 {client} 处理完毕"),
    "server.error": ("error (client {client}): {text}", "错误(客户端 {client}):{text}"),
    "server.refused": ("client {client} refused: {text}", "客户端 {client} 被拒绝:{text}"),
    "server.stopped": ("server stopped", "服务器已停止"),
    "server.nobody_waiting": (
        "accept ({accept}) found nobody waiting, {count} times so far",
        "accept({accept})发现没有客户端在等待,至今 {count} 次",
    ),
    # events, client side
    "client.connecting": ("client {client} connecting to {peer}", "客户端 {client} 正在连接 {peer}"),
    "client.connected": ("client {client} connected as {local}", "客户端 {client} 已连接,本端 {local}"),
    "client.sent": ("client {client} sent: {text}", "客户端 {client} 发送:{text}"),
    "client.received": ("client {client} received: {text}", "客户端 {client} 接收到数据:{text}"),
    "client.disconnected": ("client {client} closed ({text})", "客户端 {client} 已关闭({text})"),
    "client.waiting": ("client {client} waits for its turn", "客户端 {client} 等待轮到自己"),
    "client.entered": ("client {client} takes its turn", "客户端 {client} 开始"),
    "client.left": ("client {client} done", "客户端 {client} 结束"),
    "client.error": ("client {client} error: {text}", "客户端 {client} 错误:{text}"),
    # command line
    "cli.summary": (
        "{clients} clients: {ok} ok, {failed} failed; at most {max_concurrency} at once; "
        "{makespan:.3f} s; entered in order {order}",
        "{clients} 个客户端:{ok} 成功,{failed} 失败;最多同时 {max_concurrency} 个;"
        "用时 {makespan:.3f} 秒;进入顺序 {order}",
    ),
    "cli.client_options": ("client socket options in force: {options}", "客户端套接字生效选项:{options}"),
    "cli.exposed": (
        "warning: listening on {host} lets other machines connect; anyone who can reach it sees "
        "and sends text here",
        "警告:监听 {host} 会让其他机器也能连接;能访问它的人都可以收发这里的文字",
    ),
    "cli.port_busy": ("port {port} on {host} is already in use", "{host} 的端口 {port} 已被占用"),
    "cli.cannot_listen": ("cannot listen on {host}:{port}: {reason}", "无法监听 {host}:{port}:{reason}"),
}


def default_lang() -> str:
    """``zh`` when the environment's language is Chinese, else ``en``."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def tr(key: str, lang: str = "en", **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``values`` filled in."""
    text = TEXTS[key][1 if lang == "zh" else 0]
    return text.format(**values) if values else text


def describe(event: Event, lang: str = "en") -> str:
    """One line saying what ``event`` means; text from the network is escaped for display."""
    values = {
        "client": event.client if event.client is not None else "-",
        "local": event.local or "-",
        "peer": event.peer or "-",
        "text": printable(event.text or ""),
        **(event.extra or {}),
    }
    if "options" in values:
        values["options"] = format_options(values["options"])
    return tr(f"{event.side}.{event.kind}", lang, **values)
