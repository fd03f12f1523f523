"""Every piece of interface text, in English and Chinese, and the plain-words form of an event.

``tr(key, lang, **values)`` looks a text up; ``describe(event, lang)`` says what an event means.
The language is ``en`` or ``zh``; :func:`default_lang` picks ``zh`` for a Chinese ``LANG``.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from server_core import Event, RunSummary, printable
from server_core.sockopts import format_options

LANGS = ("en", "zh")
NO_WAIT = 0.001  # seconds: a turn granted faster than this was not waited for

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
    "client.launched": (
        "run {run}: launching {n} clients (order {order}, hold {hold} s)",
        "第 {run} 轮:启动 {n} 个客户端(顺序 {order},保持 {hold} 秒)",
    ),
    "client.connecting": ("client {client} connecting to {peer}", "客户端 {client} 正在连接 {peer}"),
    "client.connected": ("client {client} connected as {local}", "客户端 {client} 已连接,本端 {local}"),
    "client.sent": ("client {client} sent: {text}", "客户端 {client} 发送:{text}"),
    "client.received": ("client {client} received: {text}", "客户端 {client} 接收到数据:{text}"),
    "client.disconnected": ("client {client} closed ({text})", "客户端 {client} 已关闭({text})"),
    "client.waiting": ("client {client} waits for its turn", "客户端 {client} 等待轮到自己"),
    "client.entered": ("client {client} takes its turn", "客户端 {client} 开始"),
    "client.left": ("client {client} done", "客户端 {client} 结束"),
    "client.error": ("client {client} error: {text}", "客户端 {client} 错误:{text}"),
    # the app: status line
    "app.title": ("tcp-lab", "tcp-lab"),
    "status.listening": ("listening on {address}", "正在监听 {address}"),
    "status.stopped": ("not listening", "未在监听"),
    "status.counters": (
        "active {active}  accepted {accepted}  messages {messages}",
        "active {active}  accepted {accepted}  messages {messages}",
    ),
    "status.runs": ("clients running {running}", "运行中的客户端 {running}"),
    "status.accept": ("accept {mode}: nobody waiting {count}", "accept {mode}:无人等待 {count} 次"),
    # the app: panes
    "pane.controls": ("Controls", "控制"),
    "pane.clients": ("Messages per client", "每个客户端的消息"),
    "pane.events": ("Connection events", "连接事件"),
    "pane.conversation": ("Conversation of {who}", "{who} 的对话"),
    "pane.conversation.none": ("Conversation (select a client row)", "对话(选择一行客户端)"),
    "col.id": ("client", "客户端"),
    "col.server": ("server", "服务端"),
    "col.state": ("state", "状态"),
    "col.sent": ("sent", "发送"),
    "col.got": ("got back", "收到回复"),
    "col.address": ("address", "地址"),
    "who.outside": ("outside", "外部"),
    "conversation.trimmed": ("(earlier events of this connection are trimmed)", "(此连接更早的事件已省略)"),
    # the app: connection events pane
    "event.listening": (
        "listening on {local} (order {order}, accept {accept}; in force: {options})",
        "正在监听 {local}(顺序 {order},accept {accept};生效选项:{options})",
    ),
    "event.accepted": ("accepted", "已接受连接"),
    "event.disconnected": ("offline ({text})", "下线({text})"),
    "event.error": ("error: {text}", "错误:{text}"),
    "event.refused": ("refused: {text}", "被拒绝:{text}"),
    "event.stopped": ("server stopped", "服务器已停止"),
    "event.client_error": ("client error: {text}", "客户端错误:{text}"),
    "note.port_busy": (
        "cannot listen: port {port} on {host} is already in use. "
        "Type another port under Server and press a to start.",
        "无法监听:{host} 的端口 {port} 已被占用。请在“服务器”下输入其他端口,然后按 a 启动。",
    ),
    "note.cannot_listen": (
        "cannot listen on {host}:{port}: {reason}. Change host or port under Server and press a to start.",
        "无法监听 {host}:{port}:{reason}。请在“服务器”下修改地址或端口,然后按 a 启动。",
    ),
    "note.launched": (
        "run {run}: launching {n} clients, order {order}, to {address}",
        "第 {run} 轮:启动 {n} 个客户端,顺序 {order},目标 {address}",
    ),
    "note.run_done": ("run {run} done: {summary}", "第 {run} 轮结束:{summary}"),
    "note.fix_fields": ("nothing launched: fix the field marked in red", "未启动:请先修正标红的输入项"),
    "note.clients_stopped": ("stopped {count} client runs", "已停止 {count} 轮客户端"),
    "note.no_server": ("no server is running", "没有正在运行的服务器"),
    "note.comparing": ("comparing the modes, one run each: {orders}", "依次比较各模式,每种一轮:{orders}"),
    "note.exported": ("{message}", "{message}"),
    # the timeline, the comparison and the export screens
    "timeline.empty": (
        "no run yet: launch clients (f, l, s, u, o) or compare the modes (c)",
        "还没有运行:启动客户端(f、l、s、u、o)或比较各模式(c)",
    ),
    "timeline.run": (
        "run {run}: {order}, {n} clients, hold {hold} s",
        "第 {run} 轮:{order},{n} 个客户端,保持 {hold} 秒",
    ),
    "timeline.running": ("running…", "运行中…"),
    "timeline.zoomed": ("zoom ×{zoom}, 0 shows the whole run", "放大 ×{zoom},按 0 显示整轮"),
    "comparison.title": ("Runs side by side (times in seconds)", "各轮对比(时间单位:秒)"),
    "comparison.run": ("run", "轮"),
    "comparison.mode": ("mode", "模式"),
    "comparison.n": ("N", "N"),
    "comparison.hold": ("hold", "保持"),
    "comparison.makespan": ("makespan", "总用时"),
    "comparison.peak": ("max", "最多"),
    "comparison.mean_wait": ("wait", "平均等待"),
    "comparison.p95_wait": ("p95", "p95"),
    "comparison.out_of_order": ("jumped", "插队"),
    "comparison.order": ("granted in order", "获准顺序"),
    "export.title": ("Export the event history", "导出事件记录"),
    "export.prompt": (
        "File name (.jsonl, .csv or .trace.json); Enter writes, Escape cancels",
        "文件名(.jsonl、.csv 或 .trace.json);回车写入,Esc 取消",
    ),
    "export.exists": ("{path} exists: Enter again replaces it", "{path} 已存在:再按回车将覆盖"),
    "export.failed": ("cannot write {path}: {reason}", "无法写入 {path}:{reason}"),
    "note.exposed": (
        "warning: listening on {host} lets other machines connect; anyone who can reach it sees "
        "and sends text here. Use 127.0.0.1 to keep it on this machine.",
        "警告:监听 {host} 会让其他机器也能连接;能访问它的人都可以收发这里的文字。"
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
    "state.error": ("error: {text}", "错误:{text}"),
    # the app: controls
    "controls.clients": ("Clients", "客户端"),
    "controls.server": ("Server", "服务器"),
    "field.n": ("N", "数量"),
    "field.order": ("order", "顺序"),
    "field.hold": ("hold s", "保持 秒"),
    "field.message": ("message", "消息"),
    "field.server_order": ("order", "顺序"),
    "field.delay": ("delay s", "延迟 秒"),
    "field.host": ("host", "地址"),
    "field.port": ("port", "端口"),
    "field.accept": ("accept", "accept"),
    "field.backlog": ("backlog", "backlog"),
    "field.sockopts": ("options", "选项"),
    "button.launch": ("Launch", "启动"),
    "button.launch.tip": (
        "Launch N clients in the order typed above (key r)",
        "按上面填写的顺序启动 N 个客户端(按键 r)",
    ),
    "button.stop_clients": ("Stop", "停止"),
    "button.stop_clients.tip": ("Stop the clients still running (key k)", "停止仍在运行的客户端(按键 k)"),
    "button.start_server": ("Start", "启动"),
    "button.start_server.tip": (
        "(Re)start the server with these settings (key a)",
        "用这些设置(重新)启动服务器(按键 a)",
    ),
    "button.stop_server": ("Stop", "停止"),
    "button.stop_server.tip": ("Stop the server (key x)", "停止服务器(按键 x)"),
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
        "将全部事件写入文件(.jsonl、.csv、.trace.json)",
    ),
    "key.command_palette": ("palette", "命令面板"),
    "side.client": ("client", "客户端"),
    "side.server": ("server", "服务端"),
    "palette.launch_free": ("Launch N clients, free", "启动 N 个客户端:自由"),
    "palette.launch_lock": ("Launch N clients, lock-ordered", "启动 N 个客户端:加锁"),
    "palette.launch_semaphore": ("Launch N clients, semaphore", "启动 N 个客户端:信号量"),
    "palette.launch_queue": ("Launch N clients, queue", "启动 N 个客户端:队列"),
    "palette.launch_sequential": ("Launch N clients, one after another", "启动 N 个客户端:依次"),
    "palette.launch_form": ("Launch N clients in the order of the form", "按表单中的顺序启动 N 个客户端"),
    "palette.stop_clients": ("Stop every client run", "停止所有客户端"),
    "palette.start_server": (
        "(Re)start the server with the form's settings",
        "用表单中的设置(重新)启动服务器",
    ),
    "palette.stop_server": ("Stop the server", "停止服务器"),
    "palette.help": ("Show keys and what each mode demonstrates", "显示按键以及每种模式演示什么"),
    "palette.experiments": ("Open the socket experiments", "打开套接字实验"),
    "palette.experiment": ("Experiment: {title}", "实验:{title}"),
    # the app: help screen
    "help.title": ("tcp-lab: keys and modes", "tcp-lab:按键与模式"),
    "help.keys": ("Keys", "按键"),
    "help.modes": ("What each client order demonstrates", "每种客户端顺序演示什么"),
    "help.mode": ("{mode} (key {press})", "{mode}(按键 {press})"),
    "help.fields": (
        "Fields: Tab moves between them, Enter in a client field launches, Enter in a server field "
        "restarts the server, Escape leaves a field. Keys a field cannot use still work inside it.",
        "输入框:Tab 切换,客户端输入框中按 Enter 启动客户端,服务器输入框中按 Enter 重启服务器,"
        "Esc 离开输入框。输入框用不到的按键在其中依然有效。",
    ),
    "help.close": ("Escape or ? closes this screen.", "按 Esc 或 ? 关闭本页。"),
    "help.experiments": (
        "Socket experiments (key e, then 1-6; or the command palette)",
        "套接字实验(按 e,再按 1-6;或使用命令面板)",
    ),
    "help.server_fields": (
        "Server fields: accept is blocking, timeout or nonblocking; options are NAME=VALUE pairs "
        "such as TCP_NODELAY=1 SO_KEEPALIVE=1; the status line shows the values the kernel reports.",
        "服务器输入框:accept 为 blocking、timeout 或 nonblocking;选项写成 NAME=VALUE,"
        "如 TCP_NODELAY=1 SO_KEEPALIVE=1;状态栏显示内核报告的值。",
    ),
    "mode.free": (
        "Every client thread runs at once: connects, sends and closes interleave\n"
        "in an order nobody chose, different on every run.",
        "所有客户端线程同时运行:连接、发送、关闭相互交错,\n顺序无人决定,每次运行都不同。",
    ),
    "mode.lock": (
        "One threading.Lock held across connect..close (plus hold): one client at a time,\n"
        "in whatever order the threads get the lock; total time = N x hold.",
        "一个 threading.Lock 覆盖连接到关闭(加保持时间):一次一个客户端,\n"
        "顺序取决于谁先拿到锁;总时间 = N x 保持时间。",
    ),
    "mode.semaphore": (
        "A threading.Semaphore(K): at most K clients inside at once (K from the order field\n"
        "as semaphore:K, else 2); a band K wide.",
        "threading.Semaphore(K):同时最多 K 个客户端(K 取自顺序输入框的 semaphore:K,\n否则为 2)。",
    ),
    "mode.queue": (
        "A queue.Queue hands out turns: one at a time, strictly in launch order 1, 2, 3...\n"
        "Order imposed, at the cost of waiting.",
        "由 queue.Queue 分配轮次:一次一个,严格按启动顺序 1、2、3……\n有了顺序,代价是等待。",
    ),
    "mode.sequential": (
        "Sync points: each client's whole connect..close finishes (join) before the next\n"
        "thread even starts.",
        "同步点:每个客户端从连接到关闭全部完成(join)后,\n下一个线程才开始。",
    ),
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
    # what a run amounted to, in plain words
    "verdict.clients": ("{n} clients", "{n} 个客户端"),
    "verdict.one_at_a_time": ("never more than 1 at a time", "同一时刻从不超过 1 个"),
    "verdict.all_at_once": ("all {n} at once", "{n} 个同时进行"),
    "verdict.at_most": ("never more than {k} at a time", "同一时刻最多 {k} 个"),
    "verdict.nobody_waited": ("nobody waited for a turn", "没有谁等待轮次"),
    "verdict.in_order": (
        "granted in request order, {wait:.2f} s mean wait",
        "按请求顺序获准,平均等待 {wait:.2f} 秒",
    ),
    "verdict.out_of_order": (
        "granted out of request order {count}, {wait:.2f} s mean wait",
        "{count}未按请求顺序获准,平均等待 {wait:.2f} 秒",
    ),
    "verdict.once": ("once", "1 次"),
    "verdict.twice": ("twice", "2 次"),
    "verdict.times": ("{count} times", "{count} 次"),
    "verdict.failed": ("{failed} failed", "{failed} 个失败"),
    "verdict.separator": (", ", ","),
    # timelines
    "lane.waiting": ("waiting for its turn", "等待轮次"),
    "lane.inside": ("in its section, not connected", "在临界区内,未连接"),
    "lane.sending": ("sending", "发送中"),
    "lane.receiving": ("receiving (blocked in recv)", "接收中(阻塞于 recv)"),
    "lane.connected": ("connected, idle", "已连接,空闲"),
    "lane.error": ("error", "错误"),
    "swimlane.lane": ("client", "客户端"),
    "swimlane.legend": (
        "legend: {items}   (one column = {column} ms)",
        "图例:{items}   (每列 {column} 毫秒)",
    ),
    # exports
    "cli.exported": ("wrote {count} events to {path}", "已将 {count} 个事件写入 {path}"),
    "cli.export_failed": ("cannot write {path}: {reason}", "无法写入 {path}:{reason}"),
    "cli.port_busy": ("port {port} on {host} is already in use", "{host} 的端口 {port} 已被占用"),
    "cli.cannot_listen": ("cannot listen on {host}:{port}: {reason}", "无法监听 {host}:{port}:{reason}"),
    # output, history and exports under faults
    "cli.output_failed": (
        "standard output failed ({reason}); {count} events not written there (the export has them)",
        "标准输出失败({reason});{count} 个事件未写出(导出文件中仍有)",
    ),
    "cli.output_blocked": (
        "standard output was not being read; {count} events not written there",
        "标准输出无人读取;{count} 个事件未写出",
    ),
    "cli.history_lost": (
        "the history could not keep {count} older events (temporary file not writable); exports miss them",
        "事件记录未能保存 {count} 个较早的事件(临时文件无法写入);导出文件缺少它们",
    ),
    "cli.export_abandoned": ("export abandoned: {path} was not written", "导出已放弃:未写入 {path}"),
    "export.writing": ("writing {path}: {count} events so far", "正在写入 {path}:已写 {count} 个事件"),
}


EXPERIMENT_TEXTS: dict[str, tuple[str, str]] = {
    # the frame every experiment is shown in
    "exp.prediction": ("Prediction", "预测"),
    "exp.steps": ("Steps", "步骤"),
    "exp.observed": ("Observed", "观测结果"),
    "exp.as_predicted": ("Outcome: as predicted", "结论:与预测一致"),
    "exp.not_predicted": ("Outcome: NOT as predicted", "结论:与预测不符"),
    "exp.failed": ("the experiment stopped: {error}", "实验中止:{error}"),
    "exp.running": ("running experiment {name} ...", "正在运行实验 {name} ..."),
    "exp.screen.title": ("Socket experiments", "套接字实验"),
    "exp.screen.keys": ("1-6 run one, Escape or e closes", "按 1-6 运行一个实验,Esc 或 e 关闭"),
    "exp.screen.press": ("Press {number} to run it.", "按 {number} 运行。"),
    # SO_REUSEADDR
    "exp.reuseaddr.title": (
        "SO_REUSEADDR: restart a server while TIME_WAIT lingers",
        "SO_REUSEADDR:TIME_WAIT 未结束时重启服务器",
    ),
    "exp.reuseaddr.about": (
        "The server is stopped while a client is connected, so the server closes first and its side "
        "of the connection waits in TIME_WAIT on the listening port. A new server then binds the "
        "same port: without SO_REUSEADDR the bind fails, with it the bind succeeds at once.",
        "先在有客户端连接时停止服务器,服务器一方先关闭,它的连接在监听端口上进入 TIME_WAIT。"
        "随后新服务器绑定同一端口:不设 SO_REUSEADDR 时绑定失败,设置后立即成功。",
    ),
    "exp.reuseaddr.prediction": (
        "The server closes first, so its old connection waits in TIME_WAIT on the server's port. "
        'A new server without SO_REUSEADDR cannot bind that port ("address already in use"); '
        "with SO_REUSEADDR it binds at once.",
        "服务器先关闭,旧连接在服务器端口上处于 TIME_WAIT。不设 SO_REUSEADDR 的新服务器无法绑定该端口"
        "(“地址已被占用”);设置了 SO_REUSEADDR 则立即绑定成功。",
    ),
    "exp.reuseaddr.serve_and_stop": (
        "server with SO_REUSEADDR={reuse} on port {port}: a client talks to it, then the server stops first",
        "服务器(SO_REUSEADDR={reuse})监听端口 {port}:一个客户端与它通信,然后服务器先停止",
    ),
    "exp.reuseaddr.time_wait": (
        "TCP sockets in TIME_WAIT on port {port}: {count}",
        "端口 {port} 上处于 TIME_WAIT 的 TCP 套接字:{count}",
    ),
    "exp.reuseaddr.restart": (
        "a new server with SO_REUSEADDR={reuse} binds port {port}: {outcome}",
        "新服务器(SO_REUSEADDR={reuse})绑定端口 {port}:{outcome}",
    ),
    # TCP_NODELAY
    "exp.nagle.title": (
        "TCP_NODELAY: small writes and Nagle's algorithm",
        "TCP_NODELAY:小块写入与 Nagle 算法",
    ),
    "exp.nagle.about": (
        "A client writes each request in two small pieces and then reads the answer. With Nagle's "
        "algorithm on, the second piece waits for an acknowledgement the peer delays, so every round "
        "takes tens of milliseconds; TCP_NODELAY sends at once.",
        "客户端把每个请求分两小块写出,再读取应答。Nagle 算法开启时,第二块要等对方延迟发送的确认,"
        "每一轮需要几十毫秒;设置 TCP_NODELAY 后立即发送。",
    ),
    "exp.nagle.prediction": (
        "Each round writes a request in two pieces of {piece} bytes, then reads a one-byte answer "
        "({rounds} rounds). With Nagle on (TCP_NODELAY=0) the second piece waits for the peer's "
        "delayed ACK: tens of milliseconds per round. With TCP_NODELAY=1 a round takes well under "
        "a millisecond.",
        "每一轮把请求分成两块 {piece} 字节写出,再读一个字节的应答(共 {rounds} 轮)。Nagle 开启"
        "(TCP_NODELAY=0)时第二块要等对方延迟的 ACK:每轮几十毫秒。TCP_NODELAY=1 时每轮远少于一毫秒。",
    ),
    "exp.nagle.rounds": (
        "TCP_NODELAY={nodelay}: {rounds} rounds, median {median_ms} ms per round",
        "TCP_NODELAY={nodelay}:{rounds} 轮,每轮中位数 {median_ms} 毫秒",
    ),
    # SO_BROADCAST
    "exp.broadcast.title": (
        "SO_BROADCAST: a datagram to the loopback broadcast address",
        "SO_BROADCAST:向回环广播地址发送数据报",
    ),
    "exp.broadcast.about": (
        "A UDP socket sends one datagram to 127.255.255.255, the broadcast address of the loopback "
        "network, first without SO_BROADCAST and then with it. The kernel refuses the first send "
        "and delivers the second.",
        "一个 UDP 套接字向回环网络的广播地址 127.255.255.255 发送数据报,先不设 SO_BROADCAST,"
        "再设置它。内核拒绝第一次发送,第二次则送达。",
    ),
    "exp.broadcast.prediction": (
        "Sending a UDP datagram to the broadcast address {address} is refused (PermissionError) "
        "until SO_BROADCAST is set; with it the datagram reaches a socket bound to that address.",
        "在设置 SO_BROADCAST 之前,向广播地址 {address} 发送 UDP 数据报会被拒绝(PermissionError);"
        "设置后数据报送达绑定在该地址上的套接字。",
    ),
    "exp.broadcast.receiver": ("a receiver is bound to {address}:{port}", "接收方绑定在 {address}:{port}"),
    "exp.broadcast.send": (
        "send with SO_BROADCAST={broadcast}: {outcome}",
        "在 SO_BROADCAST={broadcast} 时发送:{outcome}",
    ),
    "exp.broadcast.receive": ("the receiver got: {text}", "接收方收到:{text}"),
    # backlog
    "exp.backlog.title": ("Backlog: connected is not accepted", "backlog:已连接不等于已接受"),
    "exp.backlog.about": (
        "The server listens with a small backlog but does not call accept yet. The kernel completes "
        "the first connections on its own, so those clients are connected and can even send, while "
        "the server has accepted nobody; later clients wait until there is room.",
        "服务器以很小的 backlog 监听,但暂不调用 accept。内核自行完成前几个连接的握手,这些客户端已连接、"
        "甚至能发送数据,而服务器一个也没有接受;后来的客户端要等到队列有空位。",
    ),
    "exp.backlog.prediction": (
        "The server listens with backlog {backlog} but does not call accept yet; {clients} clients "
        "connect one by one, each waiting at most {limit} s. The kernel completes the first "
        "connections by itself (backlog + 1 of them on Linux): their connect returns, yet nobody is "
        "accepted. The rest time out. Once the accept loop runs, the queued clients are accepted and "
        "answered.",
        "服务器以 backlog {backlog} 监听但暂不调用 accept;{clients} 个客户端依次连接,每个最多等 {limit} 秒。"
        "内核自行完成前几个连接(Linux 上为 backlog + 1 个):它们的 connect 返回了,却没有被接受。"
        "其余的超时。accept 循环开始后,排队的客户端被接受并得到回复。",
    ),
    "exp.backlog.listen": (
        "the server listens on port {port} with backlog {backlog} (kernel: {in_force}); no accept yet",
        "服务器监听端口 {port},backlog {backlog}(内核:{in_force});尚未调用 accept",
    ),
    "exp.backlog.connect": (
        "{clients} clients connect: {connected} connected and sent a message, {timed_out} timed out",
        "{clients} 个客户端连接:{connected} 个已连接并发送了消息,{timed_out} 个超时",
    ),
    "exp.backlog.paused": (
        "before any accept: the server accepted {accepted}; waiting in the kernel's queue: {waiting}",
        "调用 accept 之前:服务器已接受 {accepted} 个;在内核队列中等待:{waiting} 个",
    ),
    "exp.backlog.resume": (
        "the accept loop starts: accepted {accepted}, replies received {replies}",
        "accept 循环开始:已接受 {accepted} 个,收到回复 {replies} 个",
    ),
    # SO_KEEPALIVE
    "exp.keepalive.title": ("SO_KEEPALIVE: probing idle peers", "SO_KEEPALIVE:探测空闲的对端"),
    "exp.keepalive.about": (
        "A live connection is opened twice, once with the defaults and once with keep-alive on and "
        "short timers, and both ends are asked what is in force. The kernel probes an idle peer only "
        "when keep-alive is on, after the idle time, at the interval, up to the count.",
        "建立两次连接,一次用默认值,一次打开 keep-alive 并设置较短的计时,分别读取两端生效的值。"
        "只有打开 keep-alive,内核才会在空闲时间后按间隔探测对端,直到达到次数上限。",
    ),
    "exp.keepalive.prediction": (
        "Keep-alive is off by default on both ends. Turned on with TCP_KEEPIDLE={TCP_KEEPIDLE}, "
        "TCP_KEEPINTVL={TCP_KEEPINTVL} and TCP_KEEPCNT={TCP_KEEPCNT}, the kernel reports exactly "
        "these timers on the live connection: a vanished peer is noticed after idle + interval x "
        "count seconds.",
        "两端默认都关闭 keep-alive。以 TCP_KEEPIDLE={TCP_KEEPIDLE}、TCP_KEEPINTVL={TCP_KEEPINTVL}、"
        "TCP_KEEPCNT={TCP_KEEPCNT} 打开后,内核在活动连接上报告的正是这些计时:"
        "对端消失后约 空闲 + 间隔 x 次数 秒被发现。",
    ),
    "exp.keepalive.default": (
        "defaults on a live connection: server {server}; client {client}",
        "活动连接上的默认值:服务器 {server};客户端 {client}",
    ),
    "exp.keepalive.enabled": (
        "with keep-alive set: server {server}; client {client}",
        "设置 keep-alive 后:服务器 {server};客户端 {client}",
    ),
    "exp.keepalive.detect": (
        "a vanished peer would be noticed after {seconds} s",
        "对端消失后约 {seconds} 秒被发现",
    ),
    # accept modes
    "exp.accept.title": ("Accept modes: blocking, timeout, non-blocking", "accept 方式:阻塞、超时、非阻塞"),
    "exp.accept.about": (
        "The same wait for one client is run with each accept mode. A blocking accept sleeps until "
        "the client comes; with a timeout it gives up every poll period and is called again; a "
        "non-blocking accept returns at once (EAGAIN) when nobody is waiting.",
        "用三种 accept 方式分别等待同一个客户端。阻塞的 accept 一直睡到客户端到来;带超时的每个周期放弃一次"
        "再被调用;非阻塞的 accept 在没有人等待时立即返回(EAGAIN)。",
    ),
    "exp.accept.prediction": (
        "A client arrives {arrival_ms} ms after each loop starts. Blocking: one accept call sleeps "
        "until it comes. Timeout: each call gives up after {poll_ms} ms and is repeated. "
        "Non-blocking: each call returns at once with BlockingIOError (EAGAIN) when nobody is "
        "waiting, and a selector sleeps in between.",
        "每个循环开始 {arrival_ms} 毫秒后有一个客户端到来。阻塞:一次 accept 调用睡到它到来。"
        "超时:每次调用 {poll_ms} 毫秒后放弃并重来。非阻塞:没有人等待时每次调用立即以 "
        "BlockingIOError(EAGAIN)返回,其间由 selector 等待。",
    ),
    "exp.accept.mode": (
        "{mode}: {calls} accept calls, {nobody_waiting} found nobody waiting; the first call took "
        "{first_call_ms} ms; the client was accepted after {waited_ms} ms",
        "{mode}:调用 accept {calls} 次,其中 {nobody_waiting} 次没有人等待;第一次调用用时 "
        "{first_call_ms} 毫秒;{waited_ms} 毫秒后接受了客户端",
    ),
}
TEXTS.update(EXPERIMENT_TEXTS)


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


def verdict(summary: RunSummary, lang: str = "en") -> str:
    """What a run amounted to in one plain sentence, e.g. "8 clients, never more than 1 at a time,
    granted out of request order twice, 1.75 s mean wait"."""
    n, peak = summary.clients, summary.max_concurrency
    parts = [tr("verdict.clients", lang, n=n)]
    if peak <= 1:
        parts.append(tr("verdict.one_at_a_time", lang))
    elif peak >= n:
        parts.append(tr("verdict.all_at_once", lang, n=n))
    else:
        parts.append(tr("verdict.at_most", lang, k=peak))
    if summary.p95_wait < NO_WAIT and summary.out_of_order == 0:
        parts.append(tr("verdict.nobody_waited", lang))
    elif summary.out_of_order == 0:
        parts.append(tr("verdict.in_order", lang, wait=summary.mean_wait))
    else:
        times = {1: "verdict.once", 2: "verdict.twice"}.get(summary.out_of_order, "verdict.times")
        count = tr(times, lang, count=summary.out_of_order)
        parts.append(tr("verdict.out_of_order", lang, count=count, wait=summary.mean_wait))
    if summary.failed:
        parts.append(tr("verdict.failed", lang, failed=summary.failed))
    return tr("verdict.separator", lang).join(parts)


def summary_line(summary: RunSummary, lang: str = "en") -> str:
    """One line saying how a client run went."""
    values = summary.to_dict() | {"order": " ".join(map(str, summary.order)) or "-"}
    return tr("cli.summary", lang, **values)


def localize_bindings(bindings: Any, lang: str) -> None:
    """Give every binding of a Textual ``BindingsMap`` that has a ``key.<id>`` text that text in
    ``lang`` (footer, help); the key tables themselves are written in English."""
    table = bindings.key_to_bindings
    for key, rows in table.items():
        table[key] = [_localized(b, lang) for b in rows]


def _localized(binding: Any, lang: str) -> Any:
    """``binding`` with the ``key.<id>`` text (Textual's own palette key: ``key.<action>``)."""
    name = f"key.{binding.id or binding.action}"
    return replace(binding, description=tr(name, lang)) if name in TEXTS else binding
