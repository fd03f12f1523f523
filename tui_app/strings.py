"""Every piece of interface text, in English and Chinese, and the plain-words form of an event.

``tr(key, lang, **values)`` looks a text up; ``describe(event, lang)`` says what an event means.
The language is ``en`` or ``zh``; :func:`default_lang` picks ``zh`` for a Chinese ``LANG``.
"""

from __future__ import annotations

import errno
import os
import re
import string
from dataclasses import replace
from typing import Any

from server_core import Event, printable
from server_core.numbers import DIGITS
from server_core.sockopts import format_options

LANGS = ("en", "zh")

TEXTS: dict[str, tuple[str, str]] = {
    # events, server side
    "server.listening": (
        "listening on {local} (order {order}, accept {accept}; in force: {options})",
        "正在监听 {local}（顺序 {order}，accept 方式 {accept}；生效选项：{options}）",
    ),
    "server.accepted": ("connection {who} accepted from {peer}", "连接 {who} 已接受，来自 {peer}"),
    "server.received": ("{who} says: {text}", "{who} 说：{text}"),
    "server.replied": ("replying to {who}: {text}", "正在回复 {who}：{text}"),
    "server.disconnected": ("{who} offline ({text})", "{who} 下线（{text}）"),
    "server.waiting": ("handler of {who} waits for its turn", "{who} 的处理线程等待轮到自己"),
    "server.entered": ("handler of {who} takes its turn", "{who} 的处理线程开始处理"),
    "server.left": ("handler of {who} done", "{who} 的处理线程处理完毕"),
    "server.error": ("error ({who}): {text}", "错误（{who}）：{text}"),
    "server.refused": ("{who} refused: {text}", "{who} 被拒绝：{text}"),
    "server.stopped": ("server stopped", "服务器已停止"),
    "server.nobody_waiting": (
        "accept ({accept}) found nobody waiting, {count} times so far",
        "accept({accept})发现没有客户端在等待，至今{count}次",
    ),
    # events, client side
    "client.launched": (
        "run {run}: launching {n:# client|# clients} (order {order}, hold {hold} s)",
        "第{run}轮：启动{n}个客户端（顺序 {order}，保持{hold}秒）",
    ),
    "client.connecting": ("client {who} connecting to {peer}", "客户端 {who} 正在连接 {peer}"),
    "client.connected": ("client {who} connected as {local}", "客户端 {who} 已连接，本端 {local}"),
    "client.sent": ("client {who} sending: {text}", "客户端 {who} 正在发送：{text}"),
    "client.received": ("client {who} received: {text}", "客户端 {who} 接收到数据：{text}"),
    "client.disconnected": ("client {who} disconnected ({text})", "客户端 {who} 已断开（{text}）"),
    "client.waiting": ("client {who} waits for its turn", "客户端 {who} 等待轮到自己"),
    "client.entered": ("client {who} takes its turn", "客户端 {who} 开始"),
    "client.left": ("client {who} done", "客户端 {who} 结束"),
    "client.error": ("client {who} error: {text}", "客户端 {who} 错误：{text}"),
    # the app: status line
    "app.title": ("tcp-lab", "tcp-lab"),
    "status.listening": ("listening on {address}", "正在监听 {address}"),
    "status.stopped": ("not listening", "未在监听"),
    "status.counters": (
        "active {active}  accepted {accepted}  messages {messages}",
        "活动 {active}  已接受 {accepted}  消息 {messages}",
    ),
    "status.runs": ("runs going {running}", "进行中的轮次 {running}"),
    "status.accept": (
        "accept {mode}: nobody waiting {count:# time|# times}",
        "accept {mode}：无人等待{count}次",
    ),
    # the app: panes
    "pane.controls": ("Controls", "控制"),
    "pane.clients": ("Messages per client", "每个客户端的消息"),
    "pane.events": ("Connection events", "连接事件"),
    "pane.conversation": ("Conversation of {who}", "{who} 的对话"),
    "pane.conversation.none": ("Conversation (select a client row)", "对话（选择一行客户端）"),
    "col.id": ("client", "客户端"),
    "col.server": ("server", "服务器"),
    "col.state": ("state", "状态"),
    "col.sent": ("sent", "发送"),
    "col.got": ("got back", "收到回复"),
    "col.address": ("address", "地址"),
    "who.outside": ("outside", "外部"),
    "conversation.trimmed": ("(earlier events of this connection are trimmed)", "（此连接更早的事件已省略）"),
    # the app: connection events pane
    "event.listening": (
        "listening on {local} (order {order}, accept {accept}; in force: {options})",
        "正在监听 {local}（顺序 {order}，accept {accept}；生效选项：{options}）",
    ),
    "event.accepted": ("accepted", "已接受连接"),
    "event.disconnected": ("offline ({text})", "下线（{text}）"),
    "event.error": ("error: {text}", "错误：{text}"),
    "event.refused": ("refused: {text}", "被拒绝：{text}"),
    "event.stopped": ("server stopped", "服务器已停止"),
    "event.client_error": ("client error: {text}", "客户端错误：{text}"),
    "note.port_busy": (
        "cannot listen: port {port} on {host} is already in use. "
        "Type another port under Server and press Enter there (or the key a outside the fields).",
        "无法监听：{host} 的端口{port}已被占用。请在“服务器”下输入其他端口并按 Enter（或在输入框外按 a）。",
    ),
    "note.cannot_listen": (
        "cannot listen on {host}:{port}: {reason}. "
        "Change host or port under Server and press Enter there (or the key a outside the fields).",
        "无法监听 {host}:{port}：{reason}。请在“服务器”下修改地址或端口并按 Enter（或在输入框外按 a）。",
    ),
    "note.launched": (
        "run {run}: launching {n:# client|# clients}, order {order}, to {address}",
        "第{run}轮：启动{n}个客户端，顺序 {order}，目标 {address}",
    ),
    "note.run_done": ("run {run} done: {summary}", "第{run}轮结束：{summary}"),
    "note.summary_and_verdict": ("{summary}; {verdict}", "{summary}；{verdict}"),
    "note.clients_stopped": ("stopped {count:# client run|# client runs}", "已停止{count}轮客户端"),
    "note.no_server": ("no server is running", "没有正在运行的服务器"),
    "note.comparing": ("comparing the modes, one run each: {orders}", "依次比较各模式，每种一轮：{orders}"),
    "note.exported": ("{message}", "{message}"),
    # the timeline, the comparison and the export screens
    "timeline.empty": (
        "no run yet: launch clients (f, l, s, u, o) or compare the modes (c)",
        "还没有运行：启动客户端（f、l、s、u、o）或比较各模式（c）",
    ),
    "timeline.run": (
        "run {run}: {order}, {n:# client|# clients}, hold {hold} s",
        "第{run}轮：{order}，{n}个客户端，保持{hold}秒",
    ),
    "timeline.running": ("running…", "运行中…"),
    "timeline.zoomed": ("zoom ×{zoom}, 0 shows the whole run", "放大 ×{zoom}，按 0 显示整轮"),
    "comparison.title": ("Runs side by side (times in seconds)", "各轮对比（时间单位：秒）"),
    "comparison.run": ("run", "轮"),
    "comparison.mode": ("mode", "模式"),
    "comparison.makespan": ("makespan", "总用时"),
    "comparison.peak": ("max", "最多"),
    "comparison.mean_wait": ("wait", "平均等待"),
    "comparison.p95_wait": ("p95", "p95"),
    "comparison.out_of_order": ("jumped", "插队"),
    "export.title": ("Export the event history", "导出事件记录"),
    "export.prompt": (
        "File name (.jsonl, .csv or .trace.json); Enter writes, Escape cancels",
        "文件名（.jsonl、.csv 或 .trace.json）；回车写入，Esc 取消",
    ),
    "export.exists": ("{path} exists: Enter again replaces it", "{path} 已存在：再按回车将覆盖"),
    "export.failed": ("cannot write {path}: {reason}", "无法写入 {path}：{reason}"),
    "note.exposed": (
        "warning: listening on {host} lets other machines connect; anyone who can reach it sees "
        "and sends text here. Use 127.0.0.1 to keep it on this machine.",
        "警告：监听 {host} 会让其他机器也能连接；能访问它的人都可以收发这里的文字。"
        "使用 127.0.0.1 可只在本机监听。",
    ),
    # the app: states of a connection
    "state.connecting": ("connecting", "正在连接"),
    "state.waiting": ("waiting", "等待轮次"),
    "state.entered": ("its turn", "轮到自己"),
    "state.connected": ("connected", "已连接"),
    "state.sent": ("sent", "已发送"),
    "state.received": ("got reply", "收到回复"),
    "state.server_received": ("message in", "收到消息"),
    "state.replied": ("replied", "已回复"),
    "state.left": ("done", "完成"),
    "state.closed": ("closed", "已关闭"),
    "state.error": ("error: {text}", "错误：{text}"),
    # the app: controls
    "controls.clients": ("Clients", "客户端"),
    "controls.server": ("Server", "服务器"),
    "field.n": ("N", "数量"),
    "field.order": ("order", "顺序"),
    "field.hold": ("hold s", "保持秒"),
    "field.message": ("message", "消息"),
    "field.server_order": ("order", "顺序"),
    "field.delay": ("delay s", "延迟秒"),
    "field.host": ("host", "地址"),
    "field.port": ("port", "端口"),
    "field.accept": ("accept", "accept"),
    "field.backlog": ("backlog", "backlog"),
    "field.sockopts": ("options", "选项"),
    "button.launch": ("Launch", "启动"),
    "button.launch.tip": (
        "Launch N clients in the order typed above (key r)",
        "按上面填写的顺序启动 N 个客户端（按键 r）",
    ),
    "button.stop_clients": ("Stop", "停止"),
    "button.stop_clients.tip": ("Stop the clients still running (key k)", "停止仍在运行的客户端（按键 k）"),
    "button.start_server": ("Start", "启动"),
    "button.start_server.tip": (
        "(Re)start the server with these settings (key a)",
        "用这些设置（重新）启动服务器（按键 a）",
    ),
    "button.stop_server": ("Stop", "停止"),
    "button.stop_server.tip": ("Stop the server (key x)", "停止服务器（按键 x）"),
    # the app: keys (footer, help screen, command palette)
    "key.launch_free": ("free", "自由"),
    "key.launch_lock": ("lock", "锁"),
    "key.launch_semaphore": ("semaphore", "信号量"),
    "key.launch_queue": ("queue", "队列"),
    "key.launch_sequential": ("sequential", "依次"),
    "key.launch_form": ("launch", "启动"),
    "key.stop_clients": ("stop clients", "停止客户端"),
    "key.start_server": ("start server", "启动服务器"),
    "key.stop_server": ("stop server", "停止服务器"),
    "key.help": ("help", "帮助"),
    "key.experiments": ("experiments", "实验"),
    "key.quit": ("quit", "退出"),
    "key.leave_field": ("leave field", "离开输入框"),
    "key.timeline": ("timeline", "时间线"),
    "key.compare": ("compare", "比较模式"),
    "key.export": ("export", "导出"),
    "key.timeline_zoom_in": ("zoom in", "放大"),
    "key.timeline_zoom_out": ("zoom out", "缩小"),
    "key.timeline_earlier": ("earlier", "向前"),
    "key.timeline_later": ("later", "向后"),
    "key.timeline_fit": ("whole run", "整轮"),
    "key.timeline_handlers": ("handlers", "处理线程"),
    "key.timeline_previous": ("previous run", "上一轮"),
    "key.timeline_next": ("next run", "下一轮"),
    "key.timeline_back": ("back", "返回"),
    "key.comparison_back": ("back", "返回"),
    "palette.timeline": ("Show the timeline of the latest run", "显示最近一轮的时间线"),
    "palette.compare": (
        "Run N clients in every mode, one run after another, and compare them",
        "以每种模式依次运行 N 个客户端并加以比较",
    ),
    "palette.export": (
        "Write every event to a file (.jsonl, .csv, .trace.json)",
        "将全部事件写入文件（.jsonl、.csv、.trace.json）",
    ),
    "key.command_palette": ("palette", "命令面板"),
    "side.client": ("client", "客户端"),
    "side.server": ("server", "服务器"),
    "palette.launch_free": ("Launch N clients, free", "启动 N 个客户端：自由"),
    "palette.launch_lock": ("Launch N clients, lock-ordered", "启动 N 个客户端：加锁"),
    "palette.launch_semaphore": ("Launch N clients, semaphore", "启动 N 个客户端：信号量"),
    "palette.launch_queue": ("Launch N clients, queue", "启动 N 个客户端：队列"),
    "palette.launch_sequential": ("Launch N clients, one after another", "启动 N 个客户端：依次"),
    "palette.launch_form": ("Launch N clients in the order of the form", "按表单中的顺序启动 N 个客户端"),
    "palette.stop_clients": ("Stop every client run", "停止所有客户端"),
    "palette.start_server": (
        "(Re)start the server with the form's settings",
        "用表单中的设置（重新）启动服务器",
    ),
    "palette.stop_server": ("Stop the server", "停止服务器"),
    "palette.help": ("Show keys and what each mode demonstrates", "显示按键以及每种模式演示什么"),
    "palette.experiments": ("Open the socket experiments", "打开套接字实验"),
    "palette.experiment": ("Experiment: {title}", "实验：{title}"),
    # the app: help screen
    "help.title": ("tcp-lab: keys and modes", "tcp-lab：按键与模式"),
    "help.keys": ("Keys", "按键"),
    "help.modes": ("What each client order demonstrates", "每种客户端顺序演示什么"),
    "help.mode": ("{mode} (key {press})", "{mode}（按键 {press}）"),
    "help.fields": (
        "Fields: Tab goes from field to field in screen order, Enter in a client field launches, Enter "
        "in a server field restarts the server, Escape leaves a field. A focused field takes what is "
        "typed: the keys above (q, x, a, ...) work only outside the fields, and a character a field "
        "cannot use is refused with a hint under it.",
        "输入框：Tab 按屏幕顺序在输入框之间移动，客户端输入框中按 Enter 启动客户端，服务器输入框中按 Enter "
        "重启服务器，Esc 离开输入框。有焦点的输入框接收所输入的字符：上面的按键（q、x、a 等）只在输入框"
        "之外有效，输入框用不到的字符会被拒绝，并在其下方给出提示。",
    ),
    "help.close": ("Escape or ? closes this screen.", "按 Esc 或 ? 关闭本页。"),
    "help.experiments": (
        "Socket experiments (key e, then 1-6; or the command palette)",
        "套接字实验（按 e，再按 1-6；或使用命令面板）",
    ),
    "help.server_fields": (
        "Server fields: accept is blocking, timeout or nonblocking; options are NAME=VALUE pairs "
        "such as TCP_NODELAY=1 SO_KEEPALIVE=1; the status line shows the values the kernel reports.",
        "服务器输入框：accept 为 blocking、timeout 或 nonblocking；选项写成 NAME=VALUE，"
        "如 TCP_NODELAY=1 SO_KEEPALIVE=1；状态栏显示内核报告的值。",
    ),
    "help.times.process": (
        "What the times include: the server and each run of clients are processes of their own, "
        "so a client's times are taken in its process and the server's in its, as two programs "
        "see them; this screen draws at a lower priority than both, four times a second while a "
        "run is in flight, so it shows each event up to a quarter of a second after it happens, "
        "which is not in any time shown.",
        "时间包含什么：服务器和每一轮客户端各是一个独立进程，客户端的时间在它的进程里测得，"
        "服务器的时间在服务器的进程里测得，与两个独立程序所见相同；本界面以低于二者的优先级绘制，"
        "一轮客户端运行期间每秒只刷新四次，所以事件最多在发生后四分之一秒才显示，"
        "这段延迟不计入任何显示的时间。",
    ),
    "help.times.thread": (
        "What the times include: the server, the clients and this screen share one process "
        "(--engine thread), so each time includes waiting for the others' turn at the one "
        "interpreter; start tcp-lab with --engine process for the times two programs see.",
        "时间包含什么：服务器、客户端和本界面共用一个进程（线程引擎），每个时间都包含等待其他部分"
        "占用同一个解释器的时间；要得到两个独立程序所见的时间，请用进程引擎启动 tcp-lab。",
    ),
    "mode.free": (
        "Every client thread runs at once: connects, sends and closes interleave "
        "in an order nobody chose, different on every run.",
        "所有客户端线程同时运行：连接、发送、关闭相互交错，顺序无人决定，每次运行都不同。",
    ),
    "mode.lock": (
        "One threading.Lock held across connect..close (plus hold): one client at a time, "
        "in whatever order the threads get the lock; total time = N x hold.",
        "一个 threading.Lock 覆盖连接到关闭（加保持时间）：一次一个客户端，"
        "顺序取决于谁先拿到锁；总时间 = N × 保持时间。",
    ),
    "mode.semaphore": (
        "A threading.Semaphore(K): at most K clients inside at once (K from the order field "
        "as semaphore:K, else max(2, N // 2)); a band K wide.",
        "threading.Semaphore(K)：同时最多 K 个客户端（K 取自顺序输入框的 semaphore:K，"
        "否则为 max(2, N // 2)）。",
    ),
    "mode.queue": (
        "A queue.Queue hands out turns: one at a time, strictly in launch order 1, 2, 3... "
        "Order imposed, at the cost of waiting.",
        "由 queue.Queue 分配轮次：一次一个，严格按启动顺序1、2、3……有了顺序，代价是等待。",
    ),
    "mode.sequential": (
        "Sync points: each client's whole connect..close finishes (join) before the next "
        "thread even starts.",
        "同步点：每个客户端从连接到关闭全部完成（join）后，下一个线程才开始。",
    ),
    # command line
    "cli.summary": (
        "{clients:# client|# clients}: {ok} ok, {failed} failed; {makespan:.3f} s",
        "{clients}个客户端：{ok}成功，{failed}失败；用时{makespan:.3f}秒",
    ),
    "cli.client_options": ("client socket options in force: {options}", "客户端套接字生效选项：{options}"),
    "cli.exposed": (
        "warning: listening on {host} lets other machines connect; anyone who can reach it sees "
        "and sends text here",
        "警告：监听 {host} 会让其他机器也能连接；能访问它的人都可以收发这里的文字",
    ),
    # what a run amounted to, in plain words
    "verdict.clients": ("{n:# client|# clients}", "{n}个客户端"),
    "verdict.one_at_a_time": ("never more than 1 at a time", "同一时刻从不超过1个"),
    "verdict.all_at_once": ("all {n} at once", "{n}个同时进行"),
    "verdict.at_most": ("never more than {k} at a time", "同一时刻最多{k}个"),
    "verdict.nobody_waited": ("nobody waited for a turn", "没有谁等待轮次"),
    "verdict.in_order": (
        "granted in request order, {wait:.2f} s mean wait",
        "按请求顺序获准，平均等待{wait:.2f}秒",
    ),
    "verdict.out_of_order": (
        "granted out of request order {count}, {wait:.2f} s mean wait",
        "{count}未按请求顺序获准，平均等待{wait:.2f}秒",
    ),
    "verdict.once": ("once", "1次"),
    "verdict.twice": ("twice", "2次"),
    "verdict.times": ("{count} times", "{count}次"),
    "verdict.failed": ("{failed} failed", "{failed}个失败"),
    "verdict.separator": (", ", "，"),
    # what a run amounted to: the order nobody chose, the wait for the server (tui_app/verdict.py)
    "verdict.none_connected": ("none connected", "一个也没有连上"),
    "verdict.all_failed": ("all {n} failed", "{n}个全部失败"),
    "verdict.waited_for_server": (
        "waited for the server: {mean:.2f} s mean, {p95:.2f} s p95 from send to reply",
        "等待服务器：从发送到回复平均{mean:.2f}秒，p95 {p95:.2f}秒",
    ),
    "verdict.answered_at_once": (
        "the server answered at once (p95 {p95:.1f} ms)",
        "服务器立即回复（p95 {p95:.1f}毫秒）",
    ),
    "order.launch_order": ("launched", "启动顺序"),
    "order.accept_order": ("accepted", "接受顺序"),
    "order.replied_order": ("replied", "回复顺序"),
    "order.pairs": ("connections: {pairs}", "连接：{pairs}"),
    "comparison.launch_order": ("launched", "启动"),
    "comparison.accept_order": ("accepted", "接受"),
    "comparison.replied_order": ("replied", "回复"),
    "comparison.reply_wait": ("reply p95", "回复 p95"),
    "comparison.marks": (
        "highlighted: positions where the order differs from the launch order, the order nobody chose",
        "高亮：与启动顺序不同的位置，即无人决定的顺序",
    ),
    "cli.run_listening": ("server for this run on {address}", "本次运行的服务器：{address}"),
    # timelines
    "lane.waiting": ("waiting for its turn", "等待轮次"),
    "lane.inside": ("in its section, not connected", "在临界区内，未连接"),
    "lane.unconnected": ("not connected", "未连接"),
    "lane.sending": ("sending", "发送中"),
    "lane.receiving": ("receiving (blocked in recv)", "接收中（阻塞于 recv）"),
    "lane.connected": ("connected, idle", "已连接，空闲"),
    "lane.error": ("error", "错误"),
    "swimlane.lane": ("client", "客户端"),
    "swimlane.legend": (
        "legend: {items}   (one column = {column} ms)",
        "图例：{items}   （每列 {column} 毫秒）",
    ),
    # exports
    "cli.exported": ("wrote {count} events to {path}", "已将{count}个事件写入 {path}"),
    "cli.export_failed": ("cannot write {path}: {reason}", "无法写入 {path}：{reason}"),
    "cli.port_busy": ("port {port} on {host} is already in use", "{host} 的端口{port}已被占用"),
    "cli.cannot_listen": ("cannot listen on {host}:{port}: {reason}", "无法监听 {host}:{port}：{reason}"),
    "cli.stuck": ("the schedule cannot be followed: {reason}", "无法按计划执行：{reason}"),
    # recordings: tcp-lab open, the replay keys, merge
    "recording.status": ("recording {path}", "记录 {path}"),
    "recording.of": ("of {what}", "内容：{what}"),
    "recording.server": ("server {address}", "服务器 {address}"),
    "recording.handlers": ("server handlers", "服务器处理线程"),
    "recording.runs": ("client runs: {runs}", "客户端轮数：{runs}"),
    "recording.and": (" + ", " + "),
    "recording.playing": ("▶ ×{speed} {at}/{end} s", "▶ ×{speed} {at}/{end}秒"),
    "recording.paused": ("‖ ×{speed} {at}/{end} s", "‖ ×{speed} {at}/{end}秒"),
    "recording.skipped": (
        "{path}: skipped {fields} fields and {events} events this version does not know ({names})",
        "{path}：跳过了本版本不认识的{fields}个字段和{events}个事件（{names}）",
    ),
    "recording.merged": (
        "merged {count} events ({first} {first_count} + {second} {second_count}), "
        "{pairs} connections seen from both ends, into {path}",
        "已合并{count}个事件（{first} {first_count}个 + {second} {second_count}个），"
        "{pairs}个连接两端都有记录，写入 {path}",
    ),
    "recording.picture": (
        "wrote the {view} view of {source} to {path}",
        "已把 {source} 的 {view} 视图写入 {path}",
    ),
    "timeline.handlers_only": (
        "no client run: the server's {count} handlers",
        "没有客户端轮次：服务器的{count}个处理线程",
    ),
    "key.bytes": ("bytes", "字节"),
    "key.replay_play": ("replay", "回放"),
    "key.replay_step": ("next event", "下一个事件"),
    "key.replay_faster": ("faster", "加快"),
    "key.replay_slower": ("slower", "减慢"),
    "key.replay_restart": ("from the start", "从头回放"),
    "palette.bytes": ("Show each message as bytes (hex and text)", "以字节显示每条消息（十六进制与文字）"),
    "palette.replay_play": ("Replay the recording in time, or pause", "按时间回放记录，或暂停"),
    "palette.replay_step": ("Replay the next event alone", "只回放下一个事件"),
    # step mode (server_core.stepping): events, keys, status, pane, notes
    "server.held": ("handler {who} held before {step}", "处理线程 {who} 停在 {step} 之前"),
    "server.picked": ("handler {who} goes on: {step} ({by})", "处理线程 {who} 继续：{step}（{by}）"),
    "client.held": ("client {who} held before {step}", "客户端 {who} 停在 {step} 之前"),
    "client.picked": ("client {who} goes on: {step} ({by})", "客户端 {who} 继续：{step}（{by}）"),
    "client.stuck": ("the schedule cannot be followed: {text}", "无法按计划执行：{text}"),
    "state.held": ("held", "暂停待选"),
    # why a held thread went on (``by`` of a ``picked`` event), and the step names that are not calls
    "picked_by.you": ("you", "由你选择"),
    "picked_by.schedule": ("schedule", "按计划"),
    "picked_by.go": ("go", "自由运行"),
    "picked_by.released": ("released", "已放行"),
    "picked_by.stop": ("stop", "停止"),
    "step_name.turn": ("turn", "轮次"),
    "state.picked": ("picked", "已选中"),
    "key.step_mode": ("step mode", "单步模式"),
    "key.step_go": ("run freely", "自由运行"),
    "key.step_pick": ("step client N", "让客户端 N 走一步"),
    "palette.step_mode": (
        "Step mode: every thread of a new run waits before each step until you pick it",
        "单步模式：新一轮的每个线程在每一步之前等待，直到你选中它",
    ),
    "palette.step_go": ("Step mode: let every thread run freely", "单步模式：让所有线程自由运行"),
    "status.step_mode": ("STEP MODE", "单步模式"),
    "step.keys": ("1-9 / Enter: step  g: run freely", "1-9 / Enter：走一步  g：自由运行"),
    "step.title": ("Threads (step mode)", "线程（单步模式）"),
    "step.none": ("no thread is waiting to step", "没有线程在等待"),
    "step.held_client": ("{who} ready: {step} (key {digit})", "{who} 就绪：{step}（按 {digit}）"),
    "step.held": ("{who} ready: {step}", "{who} 就绪：{step}"),
    "step.running": ("{who} in {step}", "{who} 正在 {step}"),
    "step.blocked": ("{who} waits for {what}", "{who} 等待{what}"),
    "step.waits_lock": ("the lock", "锁"),
    "step.waits_semaphore": ("a semaphore slot", "信号量名额"),
    "step.waits_queue": ("its turn from the queue", "队列轮到自己"),
    "note.step_on": (
        "step mode on: the threads of the next run wait before each step",
        "单步模式已开启：下一轮的线程在每一步之前等待",
    ),
    "note.step_off": ("step mode off: every held thread goes on", "单步模式已关闭：所有等待的线程继续"),
    "note.step_go": ("every thread runs freely", "所有线程自由运行"),
    "note.step_not_held": ("{who} is not waiting to step", "{who} 没有在等待"),
    "note.step_off_pick": ("press p for step mode first", "请先按 p 开启单步模式"),
    # fields that refuse a character, reasons the engine gives, errors the system gives
    "field.wrong": ("{field}: {why}", "{field}：{why}"),
    "field.refused": ("{field} takes only {chars}", "{field}：只能输入{chars}"),
    "reason.0/1 (off/on)": ("0/1 (off/on)", "0/1（关/开）"),
    "reason.closed by peer": ("closed by peer", "对端关闭"),
    "reason.closed": ("closed", "已关闭"),
    "reason.server stopped": ("server stopped", "服务器已停止"),
    "reason.stopped": ("stopped", "已停止"),
    "reason.idle timeout": ("idle timeout", "空闲超时"),
    "reason.byte limit": ("byte limit", "超出字节上限"),
    "reason.send timeout": ("send timeout", "发送超时"),
    "reason.handler failed": ("handler failed", "处理线程出错"),
    "reason.stopped before its turn": ("stopped before its turn", "轮到之前已停止"),
    "reason.stopped before replying": ("stopped before replying", "回复之前已停止"),
    "reason.server closed without replying": ("server closed without replying", "服务器未回复就关闭了"),
    "reason.no thread to serve it": ("no thread to serve it", "没有线程可以处理它"),
    "reason.address in use": ("address in use", "地址已被占用"),
    "reason.bound": ("bound", "绑定成功"),
    "reason.sent": ("sent", "已发送"),
    "why.count": (
        "must be a whole number from 1 to {high}, not {text}",
        "应为1到{high}的整数，而不是 {text}",
    ),
    "why.limit": (
        "must be a whole number, 0 for no limit, not {text}",
        "应为整数（0表示不限），而不是 {text}",
    ),
    "why.port": (
        "must be a port from {low} to 65535, not {text}",
        "应为{low}到65535的端口，而不是 {text}",
    ),
    "why.seconds": ("must be a number of seconds, not {text}", "应为秒数，而不是 {text}"),
    "why.not_negative": ("must be 0 seconds or more, not {text}", "应为0秒或更多，而不是 {text}"),
    "why.positive": ("must be more than 0 seconds", "应大于0秒"),
    "why.host": (
        "must be an IP address such as 127.0.0.1, not {text}",
        "应为 IP 地址（如 127.0.0.1），而不是 {text}",
    ),
    "why.one_of": ("must be one of {names}, not {text}", "应为 {names} 之一，而不是 {text}"),
    "why.order": ("unknown order {text}; choose one of {names}", "未知的顺序 {text}；可选：{names}"),
    "why.no_argument": ("order {text} takes no ':' argument", "顺序 {text} 不接受“:”参数"),
    "why.width": (
        "semaphore width must be a whole number >= 1, not {text}",
        "信号量宽度应为不小于1的整数，而不是 {text}",
    ),
    "why.option": (
        "unknown socket option {text} (known: {names})",
        "未知的套接字选项 {text}（已知：{names}）",
    ),
    "why.option_value": ("{name} must be {wanted}, not {text}", "{name} 应为 {wanted}，而不是 {text}"),
    "why.pair": (
        "a socket option is written NAME=VALUE, not {text}",
        "套接字选项写成 NAME=VALUE，而不是 {text}",
    ),
    "why.format": (
        "cannot tell the format of {text}: name it {names}",
        "无法判断 {text} 的格式：文件名应以 {names} 结尾",
    ),
    "why.directory": ("{text} is a directory", "{text} 是一个目录"),
    "why.no_directory": ("no directory {folder} to write {text} in", "没有目录 {folder} 可以写入 {text}"),
    "why.too_long": (
        "must be at most {high} seconds (the longest wait), not {text}",
        "最多{high}秒（最长的等待），而不是 {text}",
    ),
    "why.empty_message": (
        "must not be empty: a peer waits for at least one byte",
        "不能为空：对端至少要等到一个字节",
    ),
    "why.not_utf8": ("is not valid UTF-8 text: {text}", "不是有效的 UTF-8 文本：{text}"),
    "why.name_too_long": (
        "the name {text} is too long for its directory",
        "名称 {text} 对其所在目录来说太长",
    ),
    "why.cannot_write": ("cannot write {path}: {text}", "无法写入 {path}：{text}"),
    "why.cannot_read": ("{path}: cannot read: {text}", "{path}：无法读取：{text}"),
    "why.exhibit_n": (
        "an exhibit runs {low} to {high} clients, not {text}",
        "案例运行{low}到{high}个客户端，而不是 {text}",
    ),
    "why.schedule_empty": (
        "the schedule is empty; give CLIENT:STEP entries such as 2:connect,1:connect",
        "计划为空；请给出 CLIENT:STEP 形式的条目，例如 2:connect,1:connect",
    ),
    "why.schedule_long": (
        "a schedule has at most {high} entries, not {text}",
        "计划最多{high}个条目，而不是{text}个",
    ),
    "why.schedule_entry": (
        "schedule entry {text} is not CLIENT:STEP (a number >= 1, then a step)",
        "计划条目 {text} 不是 CLIENT:STEP 形式（先是不小于1的数字，再是一个步骤）",
    ),
    "why.schedule_step": (
        "schedule entry {text}: step must be one of {names}",
        "计划条目 {text}：步骤应为 {names} 之一",
    ),
    "why.schedule_twice": (
        "schedule entry {text}: client {client} takes its steps in the order {names}, each once",
        "计划条目 {text}：客户端{client}按 {names} 的顺序走步骤，每步一次",
    ),
    "why.schedule_beyond": (
        "the schedule names client {client}, but only {high} are launched",
        "计划提到了客户端{client}，但只启动了{high}个",
    ),
    "why.schedule_free": (
        "{text}: --order free asks for no turn, so there is none to hold (use lock, semaphore:K or "
        "queue, or a connect, send, recv or close step)",
        "{text}：--order free 不要求轮次，没有轮次可暂停（请用 lock、semaphore:K 或 queue，"
        "或者 connect、send、recv、close 步骤）",
    ),
    "why.schedule_sequential": (
        "{text}: --order sequential grants the turns itself, in launch order; a schedule can hold only "
        "connect, send, recv and close there",
        "{text}：--order sequential 按启动顺序自行分配轮次；计划在这里只能暂停 connect、send、recv 和 close",
    ),
    # argparse's own errors, and the command line's own checks
    "why.argument": ("argument {name}: {why}", "参数 {name}：{why}"),
    "why.choice": ("invalid choice: {text} (choose from {names})", "无效的选择：{text}（可选：{names}）"),
    "why.unrecognized": ("unrecognized arguments: {text}", "无法识别的参数：{text}"),
    "why.required": ("the following arguments are required: {names}", "缺少以下必需参数：{names}"),
    "why.one_value": ("expected one argument", "需要一个值"),
    "why.value": ("invalid {kind} value: {text}", "无效的 {kind} 值：{text}"),
    "why.ambiguous": (
        "ambiguous option: {text} could match {names}",
        "有歧义的选项：{text} 可以匹配 {names}",
    ),
    "why.replace": (
        "{name}: {why}; add --overwrite to replace it",
        "{name}：{why}；加上 --overwrite 可替换它",
    ),
    "why.timeline_json": (
        "--timeline draws text; it cannot be combined with --json",
        "--timeline 画的是文字，不能与 --json 一起使用",
    ),
    "why.option_arg": ("{name}: {why}", "{name}：{why}"),
    "cli.error": ("{prog}: error: {message}", "{prog}：错误：{message}"),
    "why.exists": ("{text} already exists", "{text} 已存在"),
    "why.call_failed": ("{step} failed: {text}", "{step} 失败：{text}"),
    "why.no_events": (
        "{path}: no events in it, so not a tcp-lab recording",
        "{path}：里面没有事件，不是 tcp-lab 记录",
    ),
    "why.binary": (
        "{path}: binary data (a NUL byte), not text, so not a tcp-lab recording",
        "{path}：是二进制数据（含 NUL 字节）而不是文本，不是 tcp-lab 记录",
    ),
    "why.cut_short": (
        "{path}: the line is cut short (the file ends inside it)",
        "{path}：这一行不完整（文件在行中结束）",
    ),
    "why.not_json": (
        "{path}: not a line of JSON, so not a tcp-lab recording",
        "{path}：不是一行 JSON，不是 tcp-lab 记录",
    ),
    "why.not_event": (
        "{path}: not a tcp-lab event (it needs seq, t, side and kind)",
        "{path}：不是 tcp-lab 事件（需要 seq、t、side 和 kind）",
    ),
    "cli.usage": ("usage: ", "用法："),
    "cli.positionals": ("positional arguments", "位置参数"),
    "cli.options": ("options", "选项"),
    "cli.default": ("default", "默认"),
    "errno.ENOENT": ("no such file or directory", "没有这个文件或目录"),
    "errno.EACCES": ("permission denied", "没有权限"),
    "errno.EPERM": ("operation not permitted", "不允许此操作"),
    "errno.EISDIR": ("is a directory", "是一个目录"),
    "errno.ENOTDIR": ("not a directory", "不是目录"),
    "errno.ENOSPC": ("no space left on device", "设备上没有剩余空间"),
    "errno.EROFS": ("read-only file system", "只读文件系统"),
    "errno.ENAMETOOLONG": ("file name too long", "文件名太长"),
    "errno.EADDRINUSE": ("address already in use", "地址已被占用"),
    "errno.EADDRNOTAVAIL": ("cannot assign requested address", "无法使用所请求的地址"),
    "errno.ECONNREFUSED": ("connection refused", "连接被拒绝"),
    "errno.ECONNRESET": ("connection reset by peer", "连接被对端重置"),
    "screenshot.saved": ("screenshot saved to {path}", "截图已保存到 {path}"),
    "screenshot.failed": (
        "cannot save the screenshot to {path}: {reason}",
        "无法将截图保存到 {path}：{reason}",
    ),
    "unit.s": ("{value} s", "{value}秒"),
    "unit.ms": ("{value} ms", "{value}毫秒"),
    "note.comparison_stopped": (
        "the comparison stopped: no more runs are launched",
        "比较已停止：不再启动新的一轮",
    ),
    "note.busy": (
        "a run is going on: wait for it to end or press k to stop it",
        "正在运行一轮：请等它结束，或按 k 停止",
    ),
    "system.theme": ("Theme", "主题"),
    "system.theme.help": ("Change the current theme", "更换配色主题"),
    "system.quit": ("Quit", "退出"),
    "system.quit.help": ("Quit the application as soon as possible", "尽快退出程序"),
    "system.keys": ("Keys", "按键"),
    "system.keys.help": ("Show or hide the keys of the focused part", "显示或隐藏当前部件的按键"),
    "system.maximize": ("Maximize", "最大化"),
    "system.maximize.help": ("Maximize the focused pane", "最大化当前窗格"),
    "system.minimize": ("Minimize", "还原"),
    "system.minimize.help": ("Bring the maximized pane back to its place", "将最大化的窗格还原"),
    # Textual's own palette prompts, and the words of Textual's keys in the keys panel (by action)
    "palette.search": ("Search for commands…", "搜索命令…"),
    "palette.key_help": ("{description} ({press})", "{description}（{press}）"),
    "palette.themes": ("Search for themes…", "搜索主题…"),
    "key.app.focus_next": ("focus next", "下一个部件"),
    "key.app.focus_previous": ("focus previous", "上一个部件"),
    "key.screen.copy_text": ("Copy selected text", "复制所选"),
    "key.scroll_up": ("Scroll Up", "向上滚动"),
    "key.scroll_down": ("Scroll Down", "向下滚动"),
    "key.scroll_left": ("Scroll Left", "向左滚动"),
    "key.scroll_right": ("Scroll Right", "向右滚动"),
    "key.scroll_home": ("Scroll Home", "滚到开头"),
    "key.scroll_end": ("Scroll End", "滚到末尾"),
    "key.scroll_top": ("Top", "顶部"),
    "key.scroll_bottom": ("Bottom", "底部"),
    "key.page_up": ("Page Up", "上一页"),
    "key.page_down": ("Page Down", "下一页"),
    "key.page_left": ("Page Left", "左一页"),
    "key.page_right": ("Page Right", "右一页"),
    "key.select_cursor": ("Select", "选择"),
    "key.cursor_up": ("Cursor up", "光标上移"),
    "key.cursor_down": ("Cursor down", "光标下移"),
    "key.cursor_left": ("Move cursor left", "光标左移"),
    "key.cursor_right": ("Move cursor right", "光标右移"),
    "key.cursor_left_word": ("Move cursor left a word", "光标左移一个词"),
    "key.cursor_right_word": ("Move cursor right a word", "光标右移一个词"),
    "key.delete_left": ("Delete character left", "删除左边的字符"),
    "key.delete_right": ("Delete character right", "删除右边的字符"),
    "key.delete_left_word": ("Delete left to start of word", "向左删除到词首"),
    "key.delete_right_word": ("Delete right to start of word", "向右删除到下一词首"),
    "key.delete_left_all": ("Delete all to the left", "删除左边全部"),
    "key.delete_right_all": ("Delete all to the right", "删除右边全部"),
    "key.select_all": ("Select all", "全选"),
    "key.home": ("Go to start", "到开头"),
    "key.end": ("Go to end", "到末尾"),
    "key.submit": ("Submit", "提交"),
    "key.cut": ("Cut selected text", "剪切所选"),
    "key.copy": ("Copy selected text", "复制所选"),
    "key.paste": ("Paste text from the clipboard", "从剪贴板粘贴"),
    "system.screenshot": ("Screenshot", "截图"),
    "system.screenshot.help": (
        "Save an SVG picture of the screen in the working directory",
        "将屏幕保存为 SVG 图片，放在当前工作目录",
    ),
    "cli.no_theme": ("no theme {theme!r}; choose one of {names}", "没有主题 {theme!r}；可选：{names}"),
    "note.trimmed": (
        "older lines dropped: the last {count} are kept",
        "更早的行已丢弃：只保留最近{count}行",
    ),
    # output, history and exports under faults
    "cli.output_failed": (
        "standard output failed ({reason}); {count} events not written there (the export has them)",
        "标准输出失败（{reason}）；{count}个事件未写出（导出文件中仍有）",
    ),
    "cli.output_blocked": (
        "standard output was not being read; {count} events not written there",
        "标准输出无人读取；{count}个事件未写出",
    ),
    "cli.history_lost": (
        "the history could not keep {count} older events (temporary file not writable); exports miss them",
        "事件记录未能保存{count}个较早的事件（临时文件无法写入）；导出文件缺少它们",
    ),
    "cli.export_abandoned": ("export abandoned: {path} was not written", "导出已放弃：未写入 {path}"),
    # what the command line and the log say exactly: no export to point to, a cut character's end
    "cli.output_failed_no_export": (
        "standard output failed ({reason}); {count} events not written there",
        "标准输出失败（{reason}）；{count}个事件未写出",
    ),
    "server.received_tail": (
        "{who} says: {text} (incomplete character: the end of the message before)",
        "{who} 说：{text}（不完整的字符：属于上一条消息的结尾）",
    ),
    "why.ascii_digits": (" (in ASCII digits 0-9)", "（只能用 ASCII 数字 0-9）"),
    "export.writing": ("writing {path}: {count} events so far", "正在写入 {path}：已写{count}个事件"),
    # what a run amounted to, held to every figure: turns never granted, orders apart, replies
    # waited for in vain (tui_app/verdict.py); the app without a terminal (tui_app/cli.py)
    "verdict.never_granted": (
        "{count} waited for a turn and never got one",
        "{count}个等待轮次，始终没有轮到",
    ),
    "verdict.name.accept_order": ("accepted", "接受"),
    "verdict.name.replied_order": ("replied", "回复"),
    "verdict.name.closed_order": ("closed", "关闭"),
    "verdict.names_join": ("/", "、"),
    "verdict.in_launch_order": ("{names} in launch order", "{names}均按启动顺序"),
    "verdict.apart": ("out of launch order ({items})", "与启动顺序不同（{items}）"),
    "verdict.apart_item": ("{name} at {count} of {n}", "{name}{count}/{n}处"),
    "verdict.apart_join": (", ", "，"),
    "verdict.answered_some_at_once": (
        "the server answered {count} at once (p95 {p95:.1f} ms)",
        "服务器立即回复了{count}个（p95 {p95:.1f}毫秒）",
    ),
    "verdict.timed_out_waiting": (
        "{count} timed out waiting for the server's reply",
        "{count}个等待服务器回复时超时",
    ),
    "verdict.no_reply": ("{count} sent and got no reply", "{count}个发送后没有收到回复"),
    "cli.needs_terminal": (
        "the app needs a terminal (standard input, output and error are not all one); "
        "without one use tcp-lab run, serve or clients",
        "应用需要终端（标准输入、输出和错误输出并非都是终端）；没有终端时请用 tcp-lab run、serve 或 clients",
    ),
    "cli.open_needs_terminal": (
        "the app needs a terminal to show {path} (standard input, output and error are not all "
        "one); for a picture without one: tcp-lab open {path} --svg OUT.svg",
        "显示 {path} 需要终端（标准输入、输出和错误输出并非都是终端）；"
        "没有终端时可生成图片：tcp-lab open {path} --svg OUT.svg",
    ),
    "note.nothing_launched": ("nothing launched: fix {wrong}", "未启动：请先修正{wrong}"),
    "note.server_not_restarted": ("server not restarted: fix {wrong}", "服务器未重启：请先修正{wrong}"),
    "pane.recorded": ("Recorded settings", "录制时的设置"),
    "recorded.read_only": (
        "A recording, read only: the settings it was made with.",
        "这是录制文件，只读：以下是录制时的设置。",
    ),
    "recorded.none": ("The recording holds no settings.", "录制文件中没有设置。"),
    "recording.runs_short": ("{runs:# run|# runs}", "{runs}轮"),
}


# The command line's help texts (English, as cli.build_parser writes them) in Chinese.
CLI_HELP: dict[str, str] = {
    "See how a thread-per-client TCP server behaves.": "观察每个客户端一个线程的 TCP 服务器如何工作。",
    "show this help message and exit": "显示本帮助并退出",
    "address to listen on": "监听的地址",
    "port (0: any free port)": "端口（0：任一空闲端口）",
    "interface language": "界面语言",
    "colour theme: one of Textual's, or tcp-lab-contrast for a projector": (
        "配色主题：Textual 自带的主题之一，或投影用的 tcp-lab-contrast"
    ),
    "show program's version number and exit": "显示版本号并退出",
    "run the server headless, one line per event": "无界面运行服务器，每个事件一行",
    "launch N clients against a server and summarize": "向服务器启动 N 个客户端并汇总",
    "run one socket experiment and say what it showed": "运行一个套接字实验并说明结果",
    "handler ordering: free, lock, semaphore, queue (semaphore:K)": (
        "处理线程的顺序：free、lock、semaphore、queue（semaphore:K）"
    ),
    "pause before each reply": "每次回复前暂停",
    "reply to every message": "对每条消息的回复",
    "listen backlog": "监听队列长度（backlog）",
    "how the accept loop waits for clients": "accept 循环等待客户端的方式",
    "a thread per connection: reuse one whose connection ended, or always start a new one": (
        "每个连接一个线程：复用连接已结束的线程，或总是新建"
    ),
    "bytes one connection may send in all (0: no limit)": "一个连接总共可发送的字节数（0：不限）",
    "drop a client not taking a reply in S s": "S 秒内不接收回复的客户端将被断开",
    "close a connection silent for S seconds (0: never)": "关闭静默 S 秒的连接（0：从不）",
    "clients served at once; extra ones are told why (0: no cap)": (
        "同时服务的客户端数；多出的会被告知原因（0：不限）"
    ),
    "one JSON object per event per line": "每个事件一行 JSON",
    "set a socket option (repeatable), e.g. TCP_NODELAY=1, SO_KEEPALIVE=1, TCP_KEEPIDLE=60": (
        "设置套接字选项（可重复），如 TCP_NODELAY=1、SO_KEEPALIVE=1、TCP_KEEPIDLE=60"
    ),
    "output language": "输出语言",
    "at the end, write every event to PATH (.jsonl, .csv, .trace.json, from the name)": (
        "结束时把全部事件写入 PATH（按文件名：.jsonl、.csv、.trace.json）"
    ),
    "let --export replace an existing file": "允许 --export 覆盖已有文件",
    "how many clients": "客户端数量",
    "server address": "服务器地址",
    "server port": "服务器端口",
    "client ordering: free, lock, semaphore, queue, sequential (semaphore:K)": (
        "客户端的顺序：free、lock、semaphore、queue、sequential（semaphore:K）"
    ),
    "seconds each client keeps its connection open after the reply": "每个客户端收到回复后保持连接的秒数",
    "what each client sends; {i} is its number": "每个客户端发送的内容；{i}是它的编号",
    "limit for the connect and for each wait for a reply": "连接以及每次等待回复的时限",
    "one JSON object per event, then a summary": "每个事件一个 JSON 对象，最后是汇总",
    "after the summary, draw one lane per client over time": "汇总之后，按时间为每个客户端画一条泳道",
    "one JSON object with the outcome": "一个包含结果的 JSON 对象",
    "after the summary, draw both sides' lanes": "汇总之后，画出两端的泳道",
    "clients, 2 to 32": "客户端数，2到32",
    "hold the listed steps in this order: CLIENT:STEP,... (STEP: turn connect send recv close)": (
        "按此顺序放行列出的步骤：CLIENT:STEP,...（STEP：turn connect send recv close）"
    ),
    "let the output replace an existing file": "允许输出覆盖已有文件",
    "make a lock fault happen, or show its fix": "让一个锁的错误发生，或展示它的修正",
    "open the app on a recording (.jsonl), or draw one view of it": (
        "在记录（.jsonl）上打开应用，或画出它的一个视图"
    ),
    "put a serve and a clients recording on one clock": "把 serve 和 clients 的记录放到同一时钟上",
    "a .jsonl recording (--json lines or an export)": ".jsonl 记录（--json 的输出行或导出文件）",
    "run the fixed variant": "运行修正后的版本",
    "where the app runs its server and clients: in its own threads or in processes of their own": (
        "应用在哪里运行服务器和客户端：在自己的线程里，或各自的进程里"
    ),
    "start the server and one client run, show both sides, summarize": (
        "启动服务器和一轮客户端，显示两端并汇总"
    ),
    "the clients recording": "clients 的记录",
    "the serve recording": "serve 的记录",
    "the picture's size": "图片的尺寸",
    "the reply": "回复",
    "the view --svg draws": "--svg 画出的视图",
    "write its events to PATH": "把它的事件写入 PATH",
    "write the view's picture and exit": "写出该视图的图片后退出",
}


EXPERIMENT_TEXTS: dict[str, tuple[str, str]] = {
    # the frame every experiment is shown in
    "exp.prediction": ("Prediction", "预测"),
    "exp.steps": ("Steps", "步骤"),
    "exp.observed": ("Observed", "观测结果"),
    "exp.as_predicted": ("Outcome: as predicted", "结论：与预测一致"),
    "exp.not_predicted": ("Outcome: NOT as predicted", "结论：与预测不符"),
    "exp.failed": ("the experiment stopped: {error}", "实验中止：{error}"),
    "exp.running": ("running experiment {name} ...", "正在运行实验 {name} ..."),
    "exp.screen.title": ("Socket experiments", "套接字实验"),
    "exp.labelled": ("{label}: {text}", "{label}：{text}"),
    # an experiment's Observed block: one label per JSON key (English shows the key itself)
    "obs.error": ("error", "错误"),
    "obs.time_wait_off": ("time_wait_off", "TIME_WAIT 套接字数（SO_REUSEADDR=0）"),
    "obs.time_wait_on": ("time_wait_on", "TIME_WAIT 套接字数（SO_REUSEADDR=1）"),
    "obs.restart_off": ("restart_off", "重启时绑定（SO_REUSEADDR=0）"),
    "obs.restart_on": ("restart_on", "重启时绑定（SO_REUSEADDR=1）"),
    "obs.nodelay_off": ("nodelay_off", "生效的 TCP_NODELAY（请求0）"),
    "obs.nodelay_on": ("nodelay_on", "生效的 TCP_NODELAY（请求1）"),
    "obs.round_ms_nodelay_off": ("round_ms_nodelay_off", "每轮中位数毫秒（TCP_NODELAY=0）"),
    "obs.round_ms_nodelay_on": ("round_ms_nodelay_on", "每轮中位数毫秒（TCP_NODELAY=1）"),
    "obs.broadcast_off": ("broadcast_off", "生效的 SO_BROADCAST（请求0）"),
    "obs.broadcast_on": ("broadcast_on", "生效的 SO_BROADCAST（请求1）"),
    "obs.send_off": ("send_off", "发送结果（SO_BROADCAST=0）"),
    "obs.send_on": ("send_on", "发送结果（SO_BROADCAST=1）"),
    "obs.received": ("received", "接收方收到"),
    "obs.backlog_in_force": ("backlog_in_force", "内核中生效的 backlog"),
    "obs.connected": ("connected", "已连接的客户端"),
    "obs.timed_out": ("timed_out", "超时的客户端"),
    "obs.accepted_while_paused": ("accepted_while_paused", "暂停调用 accept 时已接受"),
    "obs.waiting_in_kernel": ("waiting_in_kernel", "在内核队列中等待"),
    "obs.accepted_after_start": ("accepted_after_start", "accept 循环开始后接受"),
    "obs.replies": ("replies", "收到的回复"),
    "obs.default_server": ("default_server", "服务器默认值"),
    "obs.default_client": ("default_client", "客户端默认值"),
    "obs.enabled_server": ("enabled_server", "设置后的服务器"),
    "obs.enabled_client": ("enabled_client", "设置后的客户端"),
    "obs.dead_peer_noticed_after_s": ("dead_peer_noticed_after_s", "对端消失后被发现（秒）"),
    "obs.accepted": ("{mode}_accepted", "{mode} 下接受的连接"),
    "obs.calls": ("{mode}_calls", "{mode} 下 accept 调用次数"),
    "obs.nobody_waiting": ("{mode}_nobody_waiting", "{mode} 下无人等待的次数"),
    "obs.first_call_ms": ("{mode}_first_call_ms", "{mode} 下第一次调用用时（毫秒）"),
    "obs.waited_ms": ("{mode}_waited_ms", "{mode} 下等到客户端用时（毫秒）"),
    "exp.busy": (
        "experiment {name} is still running: wait for its outcome",
        "实验 {name} 仍在运行：请等待它的结果",
    ),
    "exp.screen.keys": ("1-6 run one, Escape or e closes", "按 1-6 运行一个实验，Esc 或 e 关闭"),
    "exp.screen.press": ("Press {number} to run it.", "按{number}运行。"),
    # SO_REUSEADDR
    "exp.reuseaddr.title": (
        "SO_REUSEADDR: restart a server while TIME_WAIT lingers",
        "SO_REUSEADDR：TIME_WAIT 未结束时重启服务器",
    ),
    "exp.reuseaddr.about": (
        "The server is stopped while a client is connected, so the server closes first and its side "
        "of the connection waits in TIME_WAIT on the listening port. A new server then binds the "
        "same port: without SO_REUSEADDR the bind fails, with it the bind succeeds at once.",
        "先在有客户端连接时停止服务器，服务器一方先关闭，它的连接在监听端口上进入 TIME_WAIT。"
        "随后新服务器绑定同一端口：不设 SO_REUSEADDR 时绑定失败，设置后立即成功。",
    ),
    "exp.reuseaddr.prediction": (
        "The server closes first, so its old connection waits in TIME_WAIT on the server's port. "
        'A new server without SO_REUSEADDR cannot bind that port ("address already in use"); '
        "with SO_REUSEADDR it binds at once.",
        "服务器先关闭，旧连接在服务器端口上处于 TIME_WAIT。不设 SO_REUSEADDR 的新服务器无法绑定该端口"
        "（“地址已被占用”）；设置了 SO_REUSEADDR 则立即绑定成功。",
    ),
    "exp.reuseaddr.serve_and_stop": (
        "server with SO_REUSEADDR={reuse} on port {port}: a client talks to it, then the server stops first",
        "服务器（SO_REUSEADDR={reuse}）监听端口{port}：一个客户端与它通信，然后服务器先停止",
    ),
    "exp.reuseaddr.time_wait": (
        "TCP sockets in TIME_WAIT on port {port}: {count}",
        "端口{port}上处于 TIME_WAIT 的 TCP 套接字：{count}",
    ),
    "exp.reuseaddr.restart": (
        "a new server with SO_REUSEADDR={reuse} binds port {port}: {outcome}",
        "新服务器（SO_REUSEADDR={reuse}）绑定端口{port}：{outcome}",
    ),
    # TCP_NODELAY
    "exp.nagle.title": (
        "TCP_NODELAY: small writes and Nagle's algorithm",
        "TCP_NODELAY：小块写入与 Nagle 算法",
    ),
    "exp.nagle.about": (
        "A client writes each request in two small pieces and then reads the answer. With Nagle's "
        "algorithm on, the second piece waits for an acknowledgement the peer delays, so every round "
        "takes tens of milliseconds; TCP_NODELAY sends at once.",
        "客户端把每个请求分两小块写出，再读取应答。Nagle 算法开启时，第二块要等对方延迟发送的确认，"
        "每一轮需要几十毫秒；设置 TCP_NODELAY 后立即发送。",
    ),
    "exp.nagle.prediction": (
        "Each round writes a request in two pieces of {piece} bytes, then reads a one-byte answer "
        "({rounds} rounds). With Nagle on (TCP_NODELAY=0) the second piece waits for the peer's "
        "delayed ACK: tens of milliseconds per round. With TCP_NODELAY=1 a round takes well under "
        "a millisecond.",
        "每一轮把请求分成两块 {piece} 字节写出，再读一个字节的应答（共{rounds}轮）。Nagle 开启"
        "（TCP_NODELAY=0）时第二块要等对方延迟的 ACK：每轮几十毫秒。TCP_NODELAY=1时每轮远少于一毫秒。",
    ),
    "exp.nagle.rounds": (
        "TCP_NODELAY={nodelay}: {rounds} rounds, median {median_ms} ms per round",
        "TCP_NODELAY={nodelay}：{rounds}轮，每轮中位数{median_ms}毫秒",
    ),
    # SO_BROADCAST
    "exp.broadcast.title": (
        "SO_BROADCAST: a datagram to the loopback broadcast address",
        "SO_BROADCAST：向回环广播地址发送数据报",
    ),
    "exp.broadcast.about": (
        "A UDP socket sends one datagram to 127.255.255.255, the broadcast address of the loopback "
        "network, first without SO_BROADCAST and then with it. The kernel refuses the first send "
        "and delivers the second.",
        "一个 UDP 套接字向回环网络的广播地址 127.255.255.255 发送数据报，先不设 SO_BROADCAST，"
        "再设置它。内核拒绝第一次发送，第二次则送达。",
    ),
    "exp.broadcast.prediction": (
        "Sending a UDP datagram to the broadcast address {address} is refused (PermissionError) "
        "until SO_BROADCAST is set; with it the datagram reaches a socket bound to that address.",
        "在设置 SO_BROADCAST 之前，向广播地址 {address} 发送 UDP 数据报会被拒绝（PermissionError）；"
        "设置后数据报送达绑定在该地址上的套接字。",
    ),
    "exp.broadcast.receiver": ("a receiver is bound to {address}:{port}", "接收方绑定在 {address}:{port}"),
    "exp.broadcast.send": (
        "send with SO_BROADCAST={broadcast}: {outcome}",
        "在 SO_BROADCAST={broadcast} 时发送：{outcome}",
    ),
    "exp.broadcast.receive": ("the receiver got: {text}", "接收方收到：{text}"),
    # backlog
    "exp.backlog.title": ("Backlog: connected is not accepted", "backlog：已连接不等于已接受"),
    "exp.backlog.about": (
        "The server listens with a small backlog but does not call accept yet. The kernel completes "
        "the first connections on its own, so those clients are connected and can even send, while "
        "the server has accepted nobody; later clients wait until there is room.",
        "服务器以很小的 backlog 监听，但暂不调用 accept。内核自行完成前几个连接的握手，这些客户端已连接、"
        "甚至能发送数据，而服务器一个也没有接受；后来的客户端要等到队列有空位。",
    ),
    "exp.backlog.prediction": (
        "The server listens with backlog {backlog} but does not call accept yet; {clients} clients "
        "connect one by one, each waiting at most {limit} s. The kernel completes the first "
        "connections by itself (backlog + 1 of them on Linux): their connect returns, yet nobody is "
        "accepted. The rest time out. Once the accept loop runs, the queued clients are accepted and "
        "answered.",
        "服务器以 backlog {backlog}监听但暂不调用 accept；"
        "{clients}个客户端依次连接，每个最多等{limit}秒。"
        "内核自行完成前几个连接（Linux 上为 backlog + 1个）：它们的 connect 返回了，却没有被接受。"
        "其余的超时。accept 循环开始后，排队的客户端被接受并得到回复。",
    ),
    "exp.backlog.listen": (
        "the server listens on port {port} with backlog {backlog} (kernel: {in_force}); no accept yet",
        "服务器监听端口{port}，backlog {backlog}（内核：{in_force}）；尚未调用 accept",
    ),
    "exp.backlog.connect": (
        "{clients:# client|# clients} connect: {connected} connected and sent a message, "
        "{timed_out} timed out",
        "{clients}个客户端连接：{connected}个已连接并发送了消息，{timed_out}个超时",
    ),
    "exp.backlog.paused": (
        "before any accept: the server accepted {accepted}; waiting in the kernel's queue: {waiting}",
        "调用 accept 之前：服务器已接受{accepted}个；在内核队列中等待：{waiting}个",
    ),
    "exp.backlog.resume": (
        "the accept loop starts: accepted {accepted}, replies received {replies}",
        "accept 循环开始：已接受{accepted}个，收到回复{replies}个",
    ),
    # SO_KEEPALIVE
    "exp.keepalive.title": ("SO_KEEPALIVE: probing idle peers", "SO_KEEPALIVE：探测空闲的对端"),
    "exp.keepalive.about": (
        "A live connection is opened twice, once with the defaults and once with keep-alive on and "
        "short timers, and both ends are asked what is in force. The kernel probes an idle peer only "
        "when keep-alive is on, after the idle time, at the interval, up to the count.",
        "建立两次连接，一次用默认值，一次打开 keep-alive 并设置较短的计时，分别读取两端生效的值。"
        "只有打开 keep-alive，内核才会在空闲时间后按间隔探测对端，直到达到次数上限。",
    ),
    "exp.keepalive.prediction": (
        "Keep-alive is off by default on both ends. Turned on with TCP_KEEPIDLE={TCP_KEEPIDLE}, "
        "TCP_KEEPINTVL={TCP_KEEPINTVL} and TCP_KEEPCNT={TCP_KEEPCNT}, the kernel reports exactly "
        "these timers on the live connection: a vanished peer is noticed after idle + interval x "
        "count seconds.",
        "两端默认都关闭 keep-alive。以 TCP_KEEPIDLE={TCP_KEEPIDLE}、TCP_KEEPINTVL={TCP_KEEPINTVL}、"
        "TCP_KEEPCNT={TCP_KEEPCNT} 打开后，内核在活动连接上报告的正是这些计时："
        "对端消失后约（空闲 + 间隔 × 次数）秒被发现。",
    ),
    "exp.keepalive.default": (
        "defaults on a live connection: server {server}; client {client}",
        "活动连接上的默认值：服务器{server}；客户端{client}",
    ),
    "exp.keepalive.enabled": (
        "with keep-alive set: server {server}; client {client}",
        "设置 keep-alive 后：服务器{server}；客户端{client}",
    ),
    "exp.keepalive.detect": (
        "a vanished peer would be noticed after {seconds} s",
        "对端消失后约{seconds}秒被发现",
    ),
    # accept modes
    "exp.accept.title": ("Accept modes: blocking, timeout, non-blocking", "accept 方式：阻塞、超时、非阻塞"),
    "exp.accept.about": (
        "The same wait for one client is run with each accept mode. A blocking accept sleeps until "
        "the client comes; with a timeout it gives up every poll period and is called again; a "
        "non-blocking accept returns at once (EAGAIN) when nobody is waiting.",
        "用三种 accept 方式分别等待同一个客户端。阻塞的 accept 一直睡到客户端到来；带超时的每个周期放弃一次"
        "再被调用；非阻塞的 accept 在没有人等待时立即返回（EAGAIN）。",
    ),
    "exp.accept.prediction": (
        "A client arrives {arrival_ms} ms after each loop starts. Blocking: one accept call sleeps "
        "until it comes. Timeout: each call gives up after {poll_ms} ms and is repeated. "
        "Non-blocking: each call returns at once with BlockingIOError (EAGAIN) when nobody is "
        "waiting, and a selector sleeps in between.",
        "每个循环开始{arrival_ms}毫秒后有一个客户端到来。阻塞：一次 accept 调用睡到它到来。"
        "超时：每次调用{poll_ms}毫秒后放弃并重来。非阻塞：没有人等待时每次调用立即以 "
        "BlockingIOError(EAGAIN)返回，其间由 selector 等待。",
    ),
    "exp.accept.mode": (
        "{mode}: {calls:# accept call|# accept calls}, {nobody_waiting} found nobody waiting; "
        "the first call took {first_call_ms} ms; the client was accepted after {waited_ms} ms",
        "{mode}：调用 accept {calls}次，其中{nobody_waiting}次没有人等待；第一次调用用时"
        "{first_call_ms}毫秒；{waited_ms}毫秒后接受了客户端",
    ),
}
TEXTS.update(EXPERIMENT_TEXTS)


EXHIBIT_TEXTS: dict[str, tuple[str, str]] = {
    # the app's key, palette and help
    "key.exhibits": ("exhibits", "案例"),
    "palette.exhibits": ("Open the lock exhibits: why locks exist", "打开锁的案例：为什么需要锁"),
    "palette.exhibit": ("Exhibit: {title} ({variant})", "案例：{title}（{variant}）"),
    "help.exhibits": ("Why locks exist (key b)", "为什么需要锁（按键 b）"),
    # events of the shared resources
    "server.exhibit": ("exhibit {name} ({variant}), {n} clients", "案例 {name}（{variant}），{n}个客户端"),
    "server.read": ("{thread} read {resource}: {text}", "{thread} 读取 {resource}：{text}"),
    "server.wrote": ("{thread} wrote {resource}: {text}", "{thread} 写入 {resource}：{text}"),
    "server.acquiring": ("{thread} asks for lock {lock}", "{thread} 请求锁 {lock}"),
    "server.acquired": ("{thread} holds lock {lock}", "{thread} 持有锁 {lock}"),
    "server.released": ("{thread} released lock {lock}", "{thread} 释放了锁 {lock}"),
    "server.gave_up": (
        "{thread} gave up waiting for lock {lock} after {waited} s",
        "{thread} 等待锁 {lock} {waited}秒后放弃",
    ),
    "server.deadlock": ("deadlock: {text}", "死锁：{text}"),
    # the frame every exhibit is shown in
    "exhibit.unsafe": ("unsafe", "不安全"),
    "exhibit.safe": ("safe", "安全"),
    "exhibit.heading": ("{title} ({variant}, {n} clients)", "{title}（{variant}，{n}个客户端）"),
    "exhibit.prediction": ("Prediction", "预测"),
    "exhibit.timeline": ("Timeline, one lane per handler thread", "时间线，每个处理线程一行"),
    "exhibit.observed": ("Observed", "观测结果"),
    "exhibit.words": ("In plain words", "通俗地说"),
    "exhibit.as_predicted": ("Outcome: as predicted", "结论：与预测一致"),
    "exhibit.not_predicted": ("Outcome: NOT as predicted", "结论：与预测不符"),
    "exhibit.failed": ("the exhibit stopped: {error}", "案例中止：{error}"),
    "exhibit.running": ("running {title} ({variant}) …", "正在运行 {title}（{variant}）…"),
    "exhibit.legend.idle": ("{glyph} connected", "{glyph} 已连接"),
    "exhibit.legend.waiting": ("{glyph} waits for a lock", "{glyph} 等待锁"),
    "exhibit.legend.holding": ("{glyph} holds a lock", "{glyph} 持有锁"),
    "exhibit.legend.window": ("{glyph} between its read and its write", "{glyph} 读与写之间"),
    "exhibit.legend.deadlocked": ("{glyph} waits in a deadlock", "{glyph} 在死锁中等待"),
    "exhibit.legend.read": ("{glyph} read", "{glyph} 读"),
    "exhibit.legend.write": ("{glyph} write", "{glyph} 写"),
    "exhibit.legend.gave_up": ("{glyph} gave up", "{glyph} 放弃"),
    "exhibit.legend.error": ("{glyph} error", "{glyph} 错误"),
    "exhibit.yes": ("yes", "是"),
    "exhibit.no": ("no", "否"),
    "exhibit.observed.expected": ("expected", "预期余额"),
    "exhibit.observed.final": ("final", "最终余额"),
    "exhibit.observed.lost": ("lost", "丢失的存款数"),
    "exhibit.observed.lost_deposits": ("lost_deposits", "丢失存款的客户端"),
    "exhibit.observed.overwritten_by": ("overwritten_by", "被谁覆盖"),
    "exhibit.observed.deposits": ("deposits", "写入次数"),
    "exhibit.observed.lines": ("lines", "行数"),
    "exhibit.observed.torn": ("torn", "撕裂的行"),
    "exhibit.observed.intact": ("intact", "完整的行"),
    "exhibit.observed.board": ("board", "输出板"),
    "exhibit.observed.deadlocked": ("deadlocked", "发生死锁"),
    "exhibit.observed.cycle": ("cycle", "等待环中的线程"),
    "exhibit.observed.locks": ("locks", "环中等待的锁"),
    "exhibit.observed.served": ("served", "得到服务"),
    "exhibit.observed.gave_up": ("gave_up", "放弃等待"),
    "exhibit.observed.stuck": ("stuck", "被卡住"),
    "exhibit.observed.errors": ("errors", "出错"),
    "exhibit.observed.held_by": ("held_by", "锁的持有者"),
    "exhibit.lock.total-lock": ("the lock on the total", "总数的锁"),
    "exhibit.lock.balance-lock": ("the lock on the balance", "余额的锁"),
    "exhibit.lock.board-lock": ("the lock on the board", "输出板的锁"),
    "exhibit.lock.A": ("the lock of account A", "账户 A 的锁"),
    "exhibit.lock.B": ("the lock of account B", "账户 B 的锁"),
    "exhibit.note.lost": ("its deposit lost: overwritten by h{by}", "它的存款丢失：被 h{by} 覆盖"),
    "exhibit.note.cycle": ("in the deadlock", "处于死锁中"),
    "exhibit.note.freed": ("then served, once the other gave up", "对方放弃后得到了服务"),
    "exhibit.note.gave_up": ("gave up, its client told", "已放弃，并告知了客户端"),
    "exhibit.note.holds": ("still holds {lock}", "仍持有{lock}"),
    "exhibit.screen.title": ("Why locks exist", "为什么需要锁"),
    "exhibit.screen.keys": (
        "1-4 run one, v switches between unsafe and safe, w writes the run's events, Escape or b closes",
        "按 1-4 运行一个，v 在不安全与安全之间切换，w 导出这次运行的事件，Esc 或 b 关闭",
    ),
    "exhibit.screen.variant": ("next run: {variant} (v switches)", "下一次运行：{variant}（按 v 切换）"),
    "exhibit.screen.press": ("Press {number} to run it.", "按{number}运行。"),
    # lost-update
    "exhibit.lost-update.title": ("Lost update: one shared balance", "丢失更新：一个共享余额"),
    "exhibit.lost-update.about": (
        "Every connection is a deposit: its handler reads the balance, tells its client, waits for "
        "the client to confirm, and writes back what it read plus the deposit.",
        "每个连接是一笔存款：处理线程读取余额，告诉客户端，等客户端确认，再把读到的值加上存款写回。",
    ),
    "exhibit.lost-update.unsafe": (
        "{n} handlers deposit {amount} each onto a balance of {start}, without a lock. While one waits "
        "for its client between the read and the write, the others read the same old balance. Each "
        "write throws away the deposits written since its read: the final balance is short of "
        "{expected}, and the lost deposits are named.",
        "{n}个处理线程各向余额{start}存入{amount}，不加锁。一个线程在读与写之间等待客户端时，"
        "其他线程读到的是同一个旧余额。每次写入都会抹掉它读取之后别人写入的存款：最终余额少于"
        "{expected}，并指出丢失了哪些存款。",
    ),
    "exhibit.lost-update.safe": (
        "{n} handlers deposit {amount} each onto a balance of {start}; each holds one lock from its "
        "read to its write, so the others wait their turn. The final balance is exactly {expected}.",
        "{n}个处理线程各向余额{start}存入{amount}；每个线程从读到写一直持有同一把锁，其他线程"
        "依次等待。最终余额正好是{expected}。",
    ),
    "exhibit.lost-update.fault": (
        "Money vanished. The handlers read the balance before the others had written theirs back, "
        "so each write replaced the others' deposits instead of adding to them.",
        "钱不见了。各处理线程在别人写回之前就读取了余额，于是每次写入都替换掉了别人的存款，而不是在其上累加。",
    ),
    "exhibit.lost-update.clean": (
        "Every deposit counts. The lock let only one handler between its read and its write at a "
        "time, so each one started from the balance the previous one left.",
        "每笔存款都算数。锁保证同一时间只有一个处理线程处在读与写之间，每个线程都从前一个留下的余额开始。",
    ),
    # torn-write
    "exhibit.torn-write.title": ("Torn write: one shared board", "写入撕裂：一块共享的输出板"),
    "exhibit.torn-write.about": (
        "Handlers copy their clients' messages to one shared board the way a real writer does, a "
        "piece at a time, and may be switched out between any two pieces.",
        "处理线程像真实的写入者那样，把客户端的消息一块一块地抄到同一块共享板上，任意两块之间都可能被切换。",
    ),
    "exhibit.torn-write.unsafe": (
        "{n} handlers copy messages like “{message}” one character at a time, without a lock. "
        "Their pieces interleave （“客客户户端端…”）： the board's lines are torn.",
        "{n}个处理线程不加锁，逐字抄写“{message}”这样的消息。它们的片段交错在一起"
        "（“客客户户端端…”）：输出板上的行被撕裂。",
    ),
    "exhibit.torn-write.safe": (
        "{n} handlers copy messages like “{message}” one character at a time, each holding one lock "
        "for its whole message: every line on the board is one whole message.",
        "{n}个处理线程逐字抄写“{message}”这样的消息，每个线程在整条消息期间持有同一把锁："
        "输出板上的每一行都是一条完整的消息。",
    ),
    "exhibit.torn-write.fault": (
        "The lines are torn. Another writer's pieces landed between the pieces of each message, so "
        "no line on the board says what any client sent.",
        "行被撕裂了。别的写入者的片段落在了每条消息的片段之间，输出板上没有一行是客户端原本发送的内容。",
    ),
    "exhibit.torn-write.clean": (
        "Every line is whole. A writer kept the lock for its whole message, so nobody could write "
        "in between.",
        "每一行都完整。写入者在整条消息期间持有锁，别人无法插进来。",
    ),
    # deadlock
    "exhibit.deadlock.title": ("Deadlock: two locks, opposite orders", "死锁：两把锁，相反的顺序"),
    "exhibit.deadlock.about": (
        "Transfers between accounts A and B, each guarded by its own lock. A transfer from A to B "
        "takes lock A then B; one from B to A takes B then A.",
        "在账户 A 与 B 之间转账，每个账户有自己的锁。"
        "从 A 转到 B 先拿锁 A 再拿锁 B；从 B 转到 A 先拿 B 再拿 A。",
    ),
    "exhibit.deadlock.unsafe": (
        "{n} transfers, half A to B and half B to A. Two of them each hold their first lock and wait "
        "for the other's: a cycle of waits. The lab finds the cycle from who holds and who waits for "
        "each lock, names its threads and locks, and every waiting handler gives up after {patience} s "
        "and tells its client: nothing hangs.",
        "{n}笔转账，一半从 A 到 B，一半从 B 到 A。其中两笔各自持有第一把锁，又等待对方的锁：形成等待环。"
        "实验室根据谁持有、谁在等待每把锁找出这个环，指出其中的线程和锁；每个等待的处理线程在{patience}秒后"
        "放弃并告知客户端：没有任何东西会卡死。",
    ),
    "exhibit.deadlock.safe": (
        "{n} transfers in both directions, but every handler takes the locks in one global order, "
        "A before B. Nobody can hold B while waiting for A: no cycle, everyone is served.",
        "{n}笔双向转账，但每个处理线程都按同一个全局顺序拿锁，先 A 后 B。没有人会持有 B 却等待 A："
        "不会成环，所有人都得到服务。",
    ),
    "exhibit.deadlock.fault": (
        "The handlers deadlocked. Each held one lock and waited for the lock the other held, so "
        "neither could ever go on; only giving up broke the circle.",
        "处理线程死锁了。每个线程都持有一把锁，又等待对方持有的那把锁，谁都无法继续；只有放弃等待才打破了这个环。",
    ),
    "exhibit.deadlock.clean": (
        "No deadlock. Everybody took the two locks in the same order, so whoever held the first "
        "lock could always get the second.",
        "没有死锁。所有人都按同样的顺序拿两把锁，持有第一把锁的人总能拿到第二把。",
    ),
    # forgotten-release
    "exhibit.forgotten-release.title": (
        "Forgotten release: acquire() without with",
        "忘记释放：没有 with 的 acquire()",
    ),
    "exhibit.forgotten-release.about": (
        "Client 1 sends a request its handler cannot parse （“add ten”） while the handler holds the "
        "lock; the other clients queue at the same lock.",
        "客户端1发送了一个处理线程无法解析的请求（“add ten”），而此时该线程持有锁；"
        "其他客户端在同一把锁前排队。",
    ),
    "exhibit.forgotten-release.unsafe": (
        "The handler takes the lock on the running total (called total-lock in the events) with "
        "acquire(); the error skips its release(). The lock is never given back: the {later} later "
        "clients wait until they give up after {patience} s.",
        "处理线程用 acquire() 拿到保护累计总数的锁（事件里叫 total-lock）；出错时跳过了 release()。"
        "锁再也不会被归还：后来的{later}个客户端一直等待，直到{patience}秒后放弃。",
    ),
    "exhibit.forgotten-release.safe": (
        "The handler takes the lock on the running total (called total-lock in the events) with "
        "“with lock:”. The error is reported to client 1 and the lock is released on the way out: "
        "the {later} later clients are served.",
        "处理线程用“with lock:”拿到保护累计总数的锁（事件里叫 total-lock）。错误被报告给客户端1，"
        "离开时锁被释放：后来的{later}个客户端都得到服务。",
    ),
    "exhibit.forgotten-release.fault": (
        "Everyone else got stuck. The failed handler left with the lock still taken, and nobody else "
        "could ever take it.",
        "其他人全被卡住了。出错的处理线程离开时锁还被占着，别人再也拿不到它。",
    ),
    "exhibit.forgotten-release.clean": (
        "The error hurt nobody else. Leaving the with block released the lock, so the next client "
        "took it at once.",
        "这个错误没有影响别人。离开 with 块时锁被释放，下一个客户端立即拿到了它。",
    ),
    # a stopped run, keys on every screen, the help's key lists
    "timeline.stopped": ("stopped with k before it ended", "运行结束前已按 k 停止"),
    "help.timeline_keys": ("Timeline screen (key t)", "时间线页（按键 t）"),
    "help.exhibit_keys": ("Exhibits screen (key b)", "案例页（按键 b）"),
    "help.experiment_keys": ("Experiments screen (key e)", "实验页（按键 e）"),
    "help.step_keys": ("Threads pane in step mode (key p)", "单步模式的线程窗格（按键 p）"),
    "help.run_exhibit": ("run that exhibit", "运行该案例"),
    "help.run_experiment": ("run that experiment", "运行该实验"),
    "help.click_entry": ("run the entry clicked", "运行所点击的条目"),
    "help.switch_variant": ("unsafe or safe variant", "切换不安全版本与安全版本"),
    "help.export_shown": ("export the run shown", "导出所显示的运行"),
    "help.close_screen": ("back", "返回"),
    "help.step_enter": ("step the highlighted thread", "让高亮的线程走一步"),
    "help.step_click": ("highlight a thread (Enter steps it)", "高亮一个线程（按 Enter 让它走一步）"),
    "help.step_arrows": ("move the highlight", "移动高亮"),
    "help.open_only": ("{what} (in tcp-lab open only)", "{what}（仅在 tcp-lab open 中）"),
    "help.mouse": ("click", "单击"),
    # the end of the block for a stopped run, shared keys and help lists
}
TEXTS.update(EXHIBIT_TEXTS)


def default_lang() -> str:
    """``zh`` when the environment's language is Chinese, else ``en``: the first of ``LANGUAGE``,
    ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set decides."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").split(":")[0]  # LANGUAGE is a list, the first one preferred
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


class _Plurals(string.Formatter):
    """``str.format`` plus one plural form: ``{n:# client|# clients}`` gives "1 client", "2 clients"
    (``#`` is the number)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return (one if value == 1 else many).replace("#", str(value))
        return super().format_field(value, format_spec)


_FORMATTER = _Plurals()


def tr(key: str, lang: str = "en", **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``values`` filled in (see :class:`_Plurals`)."""
    text = TEXTS[key][1 if lang == "zh" else 0]
    return _FORMATTER.format(text, **values) if values else text


def reason(text: str, lang: str) -> str:
    """A reason the engine gives in English ("closed by peer"), in ``lang`` when it is a known one."""
    key = f"reason.{text}"
    return tr(key, lang) if key in TEXTS else text


def describe(event: Event, lang: str = "en") -> str:
    """One line saying what ``event`` means; text from the network is escaped for display."""
    values = {
        "client": event.client if event.client is not None else "-",
        "who": name(event),
        "local": event.local or "-",
        "peer": event.peer or "-",
        "text": printable(
            why(event.text or "", lang) if event.kind == "error" else reason(event.text or "", lang)
        ),
        **(event.extra or {}),
    }
    if "options" in values:
        values["options"] = format_options(values["options"])
    if "step" in values:
        values["step"] = step_name(values["step"], lang)
    if f"picked_by.{values.get('by')}" in TEXTS:  # why a held thread went on
        values["by"] = tr(f"picked_by.{values['by']}", lang)
    key = f"{event.side}.{event.kind}"
    return tr(f"{key}_tail" if values.get("tail") else key, lang, **values)


def step_name(step: object, lang: str) -> str:
    """A stepping step as a person reads it: ``turn`` in ``lang``; the calls (connect, recv) as
    they are, being the socket calls' names."""
    key = f"step_name.{step}"
    return tr(key, lang) if key in TEXTS else str(step)


def name(event: Event) -> str:
    """The party an event is about: ``#4`` for the server's connection 4, ``r2.1`` for client 1
    of run 2 (``-`` for neither), so a connection number and a launch number never look alike."""
    if event.client is None:
        return "-"
    if event.side == "server":
        return f"#{event.client}"
    return f"r{(event.extra or {}).get('run', '?')}.{event.client}"


def localize_bindings(bindings: Any, lang: str) -> None:
    """Give every binding of a Textual ``BindingsMap`` that has a ``key.<id>`` text that text in
    ``lang`` (footer, help); the key tables themselves are written in English."""
    table = bindings.key_to_bindings
    for key, rows in table.items():
        table[key] = [_localized(b, lang) for b in rows]


def _localized(binding: Any, lang: str) -> Any:
    """``binding`` with the ``key.<id>`` text (Textual's own palette key: ``key.<action>``)."""
    name = f"key.{binding.id or binding.action}"
    if name not in TEXTS:
        return binding
    tooltip = binding.tooltip if lang == "en" else ""  # Textual's own tooltips are English only
    return replace(binding, description=tr(name, lang), tooltip=tooltip)


def shown_path(path: str | os.PathLike[str]) -> str:
    """How the app and the command line name a file: its absolute path (symbolic links kept)."""
    return os.path.abspath(os.path.expanduser(path))


# What the system says of a failed call ("No such file or directory"), in Chinese, for the reasons
# that quote it.
_ERRNO_WORDS = {
    os.strerror(getattr(errno, key[6:])): zh
    for key, (_, zh) in TEXTS.items()
    if key.startswith("errno.") and hasattr(errno, key[6:])
}

# The engine's, the validators' and argparse's reasons, in English, by shape: the key of each
# one's text. A ``why`` group is itself a reason (translated in turn), a ``names`` group a list.
_WHY = (
    (r"argument (?P<name>[^\s:]+(?:/[^\s:]+)*): (?P<why>.*)", "why.argument"),
    (r"invalid choice: (?P<text>.*) \(choose from (?P<names>.*)\)", "why.choice"),
    (r"unrecognized arguments: (?P<text>.*)", "why.unrecognized"),
    (r"the following arguments are required: (?P<names>.*)", "why.required"),
    (r"expected one argument", "why.one_value"),
    (r"invalid (?P<kind>\w+) value: (?P<text>.*)", "why.value"),
    (r"ambiguous option: (?P<text>.*) could match (?P<names>.*)", "why.ambiguous"),
    (r"(?P<name>--[\w-]+): (?P<why>.*); add --overwrite to replace it", "why.replace"),
    (r"--timeline draws text; it cannot be combined with --json", "why.timeline_json"),
    (r"(?P<name>--[\w-]+): (?P<why>.*)", "why.option_arg"),
    (r"(?P<text>.*) already exists", "why.exists"),
    (r"(?P<step>[a-z]+) failed: (?P<text>.*)", "why.call_failed"),
    (r"(?P<path>.*): no events in it, so not a tcp-lab recording", "why.no_events"),
    (r"(?P<path>.*): binary data \(a NUL byte\), not text, so not a tcp-lab recording", "why.binary"),
    (r"(?P<path>.*): the line is cut short \(the file ends inside it\)", "why.cut_short"),
    (r"(?P<path>.*): not a line of JSON, so not a tcp-lab recording", "why.not_json"),
    (r"(?P<path>.*): not a tcp-lab event \(it needs seq, t, side and kind\)", "why.not_event"),
    (r"must be at most (?P<high>\d+) seconds \(the longest wait\), not (?P<text>.*)", "why.too_long"),
    (r"must not be empty: a peer waits for at least one byte", "why.empty_message"),
    (r"is not valid UTF-8 text: (?P<text>.*)", "why.not_utf8"),
    (r"the name (?P<text>.*) is too long for its directory", "why.name_too_long"),
    (r"cannot write (?P<path>.*): (?P<text>.*)", "why.cannot_write"),
    (r"(?P<path>.*): cannot read: (?P<text>.*)", "why.cannot_read"),
    (r"an exhibit runs (?P<low>\d+) to (?P<high>\d+) clients, not (?P<text>.*)", "why.exhibit_n"),
    (r"the schedule is empty; give CLIENT:STEP entries such as 2:connect,1:connect", "why.schedule_empty"),
    (r"a schedule has at most (?P<high>\d+) entries, not (?P<text>\d+)", "why.schedule_long"),
    (r"schedule entry (?P<text>.*) is not CLIENT:STEP \(a number >= 1, then a step\)", "why.schedule_entry"),
    (r"schedule entry (?P<text>.*): step must be one of (?P<names>.*)", "why.schedule_step"),
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
    (r"must be a number of seconds, not (?P<text>.*)", "why.seconds"),
    (r"must be 0 seconds or more, not (?P<text>.*)", "why.not_negative"),
    (r"must be more than 0 seconds", "why.positive"),
    (r"must be an IP address such as 127\.0\.0\.1, not (?P<text>.*)", "why.host"),
    (r"must be one of (?P<names>.*), not (?P<text>.*)", "why.one_of"),
    (r"unknown order (?P<text>.*); choose one of (?P<names>.*)", "why.order"),
    (r"order (?P<text>.*) takes no ':' argument", "why.no_argument"),
    (r"semaphore width must be a whole number >= 1, not (?P<text>.*)", "why.width"),
    (r"unknown socket option (?P<text>.*) \(known: (?P<names>.*)\)", "why.option"),
    (r"(?P<name>[A-Z_]+) must be (?P<wanted>.*), not (?P<text>.*)", "why.option_value"),
    (r"a socket option is written NAME=VALUE, not (?P<text>.*)", "why.pair"),
    (r"cannot tell the format of (?P<text>.*): name it (?P<names>.*)", "why.format"),
    (r"(?P<text>.*) is a directory", "why.directory"),
    (r"no directory (?P<folder>.*) to write (?P<text>.*) in", "why.no_directory"),
)


def why(message: str, lang: str) -> str:
    """A validator's reason (English, from ``ValueError``) in ``lang``; an unknown one as it is."""
    if lang == "en":
        return message
    plain = message.replace(f", {DIGITS}", "")  # the numbers' note, said once at the end
    note = tr("why.ascii_digits", lang) if plain != message else ""
    for pattern, key in _WHY:
        if match := re.fullmatch(pattern, plain):
            values = {name: reason(value, lang) for name, value in match.groupdict().items()}
            if "names" in values:  # a list in a Chinese sentence: "free、lock、queue"
                values["names"] = values["names"].replace(", ", "、")
            if "why" in values:  # a reason inside a reason: "argument -n: must be ..."
                values["why"] = why(values["why"], lang)
            if "text" in values:  # a file's error: "No such file or directory"
                values["text"] = _ERRNO_WORDS.get(values["text"], values["text"])
            return tr(key, lang, **values) + note
    return message


def os_reason(exc: BaseException, lang: str) -> str:
    """Why a system call failed, in ``lang`` when its errno is a known one, else as Python says it."""
    name = errno.errorcode.get(getattr(exc, "errno", None) or 0, "")
    key = f"errno.{name}"
    if key in TEXTS:
        return tr(key, lang)
    return str(getattr(exc, "strerror", None) or exc)
