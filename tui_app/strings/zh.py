"""Chinese: every text of the interface by key (the keys of :mod:`tui_app.strings.en`), and the
command line's help.

Chinese sentences use full-width punctuation; names from code, socket options and
typed values stay as they are written.
"""

TEXTS: dict[str, str] = {
    # events, server side
    "server.listening": "正在监听 {local}（顺序 {order}，accept 方式 {accept}；生效选项：{options}）",
    "server.accepted": "连接 {who} 已接受，来自 {peer}",
    "server.received": "{who} 说：{text}",
    "server.replied": "正在回复 {who}：{text}",
    "server.disconnected": "{who} 已断开（{text}）",
    "server.disconnected_thread": "{who} 已断开（{text}；线程 {thread}）",
    "server.waiting": "{who} 的处理线程等待轮到自己",
    "server.entered": "{who} 的处理线程轮到自己，开始处理",
    "server.left": "{who} 的处理线程处理完毕，交出轮次",
    "server.error": "错误（{who}）：{text}",
    "server.refused": "{who} 被拒绝：{text}",
    "server.stopped": "服务器已停止",
    "server.nobody_waiting": "accept（{accept}）发现没有客户端在等待，至今{count}次",
    # events, client side
    "client.launched": "第{run}轮：启动{n}个客户端（顺序 {order}，保持{hold}秒）",
    "client.connecting": "客户端 {who} 正在连接 {peer}",
    "client.connected": "客户端 {who} 已连接，本端 {local}",
    "client.sent": "客户端 {who} 正在发送：{text}",
    "client.received": "客户端 {who} 接收到数据：{text}",
    "client.disconnected": "客户端 {who} 已断开（{text}）",
    "client.disconnected_plainly": "客户端 {who} 已断开",
    "client.waiting": "客户端 {who} 等待轮到自己",
    "client.entered": "客户端 {who} 轮到自己，开始执行",
    "client.left": "客户端 {who} 执行完毕，交出轮次",
    "client.error": "客户端 {who} 错误：{text}",
    "client.finished": "第{run}轮：所有客户端已结束",
    # the app: status line
    "app.title": "tcp-lab",
    "status.listening": "正在监听 {address}",
    "status.stopped": "未在监听",
    "status.counters": "活动 {active}  已接受 {accepted}  消息 {messages}",
    "status.runs": "进行中的轮次 {running}",
    "status.accept": "accept {mode}：无人等待{count}次",
    # the app: panes
    "pane.controls": "控制",
    "pane.clients": "每个客户端的消息",
    "pane.events": "连接事件",
    "pane.conversation": "{who} 的对话",
    "pane.conversation.none": "对话（选择一行客户端）",
    "col.id": "客户端",
    "col.server": "服务器",
    "col.state": "状态",
    "col.sent": "发送",
    "col.got": "收到回复",
    "col.address": "地址",
    "who.outside": "外部",
    "conversation.trimmed": "（此连接更早的事件已省略）",
    # the app: its own lines in the connection events pane
    "note.port_busy": (
        "无法监听：{host} 的端口{port}已被占用。请在“服务器”下输入其他端口并按 Enter（或在输入框外按 a）。"
    ),
    "note.cannot_listen": (
        "无法监听 {host}:{port}：{reason}。请在“服务器”下修改地址或端口并按 Enter（或在输入框外按 a）。"
    ),
    "note.launched": "第{run}轮：启动{n}个客户端，顺序 {order}，目标 {address}",
    "note.run_done": "第{run}轮结束——{summary}",
    "note.run_stopped": "第{run}轮在结束前被停止——{summary}",
    "note.summary_and_verdict": "{summary}；{verdict}",
    "note.clients_stopped": "已停止{count}轮客户端",
    "note.no_run_to_stop": "没有正在运行的客户端可停止",
    "note.no_server": "没有正在运行的服务器",
    "note.comparing": "依次比较各模式，每种一轮：{orders}",
    "note.exported": "{message}",
    "note.cannot_launch": "无法启动客户端：{reason}。什么都没有启动；应用继续运行。",
    "status.starting": "正在启动服务器 {address}…",
    "status.starting_short": "启动中…",
    # the timeline, the comparison and the export screens
    "timeline.empty": "还没有运行：启动客户端（f、l、s、u、o）或比较各模式（c）",
    "timeline.run": "第{run}轮：{order}，{n}个客户端，保持{hold}秒",
    "timeline.running": "运行中…",
    "timeline.zoomed": "放大 ×{zoom}，按 0 显示整轮",
    "timeline.more": "……另有{count}个",
    "comparison.title": "各轮对比（时间单位：毫秒）",
    "comparison.run": "轮",
    "comparison.mode": "模式",
    "comparison.makespan": "总用时",
    "comparison.peak": "最多",
    "comparison.mean_wait": "平均等待",
    "comparison.p95_wait": "p95等待",
    "comparison.out_of_order": "插队",
    "export.title": "导出事件记录",
    "export.title_exhibit": "导出所显示的案例运行的事件",
    "export.prompt": (
        "文件名（.jsonl、.csv 或 .trace.json；tcp-lab open 只读取 .jsonl）；按 Enter 写入，Esc 取消"
    ),
    "export.exists": "{path} 已存在：再按 Enter 将覆盖",
    "export.failed": "无法写入 {path}：{reason}",
    "note.exposed": (
        "警告：监听 {host} 会让其他机器也能连接；能访问它的人都可以收发这里的文字。"
        "使用 127.0.0.1 可只在本机监听。"
    ),
    # the app: states of a connection
    "state.connecting": "正在连接",
    "state.waiting": "等待轮次",
    "state.entered": "轮到自己",
    "state.connected": "已连接",
    "state.sent": "已发送",
    "state.received": "收到回复",
    "state.server_received": "收到消息",
    "state.replied": "已回复",
    "state.left": "完成",
    "state.closed": "已关闭",
    "state.error": "错误：{text}",
    # the app: controls
    "controls.clients": "客户端",
    "controls.server": "服务器",
    "field.n": "数量",
    "field.order": "顺序",
    "field.hold": "保持秒数",
    "field.message": "消息",
    "field.server_order": "顺序",
    "field.delay": "延迟秒数",
    "field.host": "地址",
    "field.port": "端口",
    "field.accept": "接受方式",  # accept 的方式：阻塞、超时、非阻塞；不超过标签列的 8 格
    "field.backlog": "连接队列",  # listen 的 backlog，与实验的名称相同；不超过标签列的 8 格
    "field.sockopts": "选项",
    "placeholder.sockopts": "如 TCP_NODELAY=1",  # 是例子，不是生效的值：80x24 也放得下
    # the app: a choice field's values by name (the form shows a name beside a value it differs from)
    "choice.free": "自由",
    "choice.lock": "锁",
    "choice.semaphore": "信号量",
    "choice.queue": "队列",
    "choice.sequential": "依次",
    "choice.blocking": "阻塞",
    "choice.timeout": "超时",
    "choice.nonblocking": "非阻塞",
    "choice.reuse": "复用",
    "choice.new": "新建",
    "choice.process": "进程",
    "choice.thread": "线程",
    "choice.main": "主界面",
    "choice.timeline": "时间线",
    "choice.comparison": "对比",
    "choice.en": "英文",
    "choice.zh": "中文",
    "cli.port_time_wait": "{said}：一分钟后再运行，或改用 --port 0",
    "button.launch": "启动",
    "button.launch.tip": "按上面填写的顺序启动 N 个客户端（按键 r）",
    "button.stop_clients": "停止",
    "button.stop_clients.tip": "停止仍在运行的客户端（按键 k）",
    "button.start_server": "启动",
    "button.start_server.tip": "用这些设置启动或重新启动服务器（按键 a）",
    "button.stop_server": "停止",
    "button.stop_server.tip": "停止服务器（按键 x）",
    # the app: keys (footer, help screen, command palette)
    "key.launch_free": "自由",
    "key.launch_lock": "锁",
    "key.launch_semaphore": "信号量",
    "key.launch_queue": "队列",
    "key.launch_sequential": "依次",
    "key.launch_form": "启动",
    "key.stop_clients": "停止客户端",
    "key.start_server": "启动服务器",
    "key.stop_server": "停止服务器",
    "key.help": "帮助",
    "key.experiments": "实验",
    "key.quit": "退出",
    "key.leave_field": "离开输入框",
    "key.timeline": "时间线",
    "key.compare": "比较模式",
    "key.export": "导出",
    "key.timeline_zoom_in": "放大",
    "key.timeline_zoom_out": "缩小",
    "key.timeline_earlier": "向前",
    "key.timeline_later": "向后",
    "key.timeline_fit": "整轮",
    "key.timeline_handlers": "处理线程",
    "key.timeline_previous": "上一轮",
    "key.timeline_next": "下一轮",
    "key.timeline_back": "返回",
    "key.comparison_back": "返回",
    "palette.timeline": "显示最近一轮的时间线",
    "palette.compare": "以每种模式依次运行 N 个客户端并加以比较",
    "palette.export": "将全部事件写入文件（.jsonl、.csv、.trace.json）",
    "key.command_palette": "命令面板",
    "side.client": "客户端",
    "side.server": "服务器",
    "palette.launch_free": "启动 N 个客户端：自由",
    "palette.launch_lock": "启动 N 个客户端：加锁",
    "palette.launch_semaphore": "启动 N 个客户端：信号量",
    "palette.launch_queue": "启动 N 个客户端：队列",
    "palette.launch_sequential": "启动 N 个客户端：依次",
    "palette.launch_form": "按表单中的顺序启动 N 个客户端",
    "palette.stop_clients": "停止所有客户端",
    "palette.start_server": "启动或重新启动服务器，使用表单中的设置",
    "palette.stop_server": "停止服务器",
    "palette.help": "显示按键以及每种模式演示什么",
    "palette.experiments": "打开套接字实验",
    "palette.experiment": "实验：{title}",
    # the app: help screen
    "help.title": "tcp-lab：按键与模式",
    "help.keys": "按键",
    "help.modes": "每种客户端顺序演示什么",
    "help.mode": "{mode}（按键 {press}）",
    "help.fields": (
        "输入框：Tab（或下方向键；上方向键返回）按屏幕顺序在按钮和输入框之间移动，"
        "每部分的按钮在它的输入框之上（按 Enter 按下）；启动键（f、l、s、u、o）会把所启动的顺序"
        "填入顺序输入框，按 r 启动时再次按它运行。"
        "客户端输入框中按 Enter 启动客户端，服务器输入框中按 Enter "
        "重启服务器，Esc 离开输入框。有焦点的输入框接收所输入的字符：上面的按键（q、x、a 等）只在输入框"
        "之外有效，输入框用不到的字符会被拒绝，并在其下方给出提示；之后的第一次 Enter 只说明这一点，"
        "再按一次才执行。"
    ),
    "help.close": "按 Esc 或 ? 关闭本页。",
    "help.experiments": "套接字实验（按 e，再按 1-6；或使用命令面板）",
    "help.server_fields": (
        "服务器输入框：accept 为 blocking 阻塞、timeout 超时或 nonblocking 非阻塞；"
        "顺序和 accept 也可以输入旁边显示的中文名（锁、信号量：2、阻塞）；选项写成 NAME=VALUE，"
        "如 TCP_NODELAY=1 SO_KEEPALIVE=1；事件窗格的监听行显示内核报告的值。"
    ),
    "help.bytes": (
        "字节视图（按 d）：每条消息的字节以十六进制显示，旁边是它们编码的字符。◌ 表示可能被消息边界截断的"
        "字符的字节（前一条消息开了头的字符的其余部分，或暂存的字节：下一条消息补全它们，"
        "或把它们显示为十六进制转义）；… 表示文字因空间不足被截短"
        "（行尾、表格单元、长名字的中间）。"
    ),
    "help.times.process": (
        "时间包含什么：服务器和每一轮客户端各是一个独立进程，客户端的时间在它的进程里测得，"
        "服务器的时间在服务器的进程里测得，与两个独立程序所见相同；一轮客户端运行期间，主界面的各个窗格和时间线"
        "每秒只刷新四次，所以事件最多在发生后四分之一秒才显示，这段延迟不计入任何显示的时间。"
        "单步模式（按键 p）暂停的是本进程的线程：开启期间，客户端在本进程中运行；"
        "服务器在没有打开的连接后也移入本进程（在此之前仍在自己的进程中），与 --engine thread 相同；"
        "线程被暂停的时间不计入摘要给出的等待时间。"
    ),
    "help.times.thread": (
        "时间包含什么：服务器、客户端和本程序的界面共用一个进程（--engine thread），"
        "每个时间都包含等待其他部分占用同一个解释器的时间；"
        "要得到两个独立程序所见的时间，请用 --engine process 启动 tcp-lab。"
    ),
    "mode.free": "所有客户端线程同时运行：连接、发送、关闭相互交错，顺序无人决定，每次运行都不同。",
    "mode.lock": (
        "一个 threading.Lock 覆盖连接到关闭（加保持时间）：一次一个客户端，"
        "顺序取决于谁先拿到锁；总时间 = N × 保持时间。锁不公平：只保证一次一个，"
        "不保证先来先得；要按启动顺序，请用 queue 或 sequential。"
    ),
    "mode.semaphore": (
        "threading.Semaphore(K)：同时最多 K 个客户端（K 取自顺序输入框的 semaphore:K，"
        "否则为 max(2, N // 2)）。"
    ),
    "mode.queue": "由 queue.Queue 分配轮次：一次一个，严格按启动顺序1、2、3……有了顺序，代价是等待。",
    "mode.sequential": "同步点：每个客户端从连接到关闭全部完成（join）后，下一个线程才开始。",
    # command line
    "cli.summary": "{clients}个客户端：{ok}个成功，{failed}个失败；用时{makespan:.3f}秒",
    "cli.client_options": "客户端套接字生效选项：{options}",
    "cli.exposed": "警告：监听 {host} 会让其他机器也能连接；能访问它的人都可以收发这里的文字",
    # what a run amounted to, in plain words
    "verdict.clients": "{n}个客户端",
    "verdict.one_at_a_time": "一次一个",
    "verdict.all_at_once": "全部同时进行",
    "verdict.at_most": "同一时刻最多{k}个",
    "verdict.nobody_waited": "没有谁等待轮次",
    "verdict.in_order": "按请求顺序获准，平均等待{wait:.2f}秒",
    "verdict.out_of_order": "{count}未按请求顺序获准（请求 {asked}；获准 {granted}），平均等待{wait:.2f}秒",
    "verdict.once": "1次",
    "verdict.twice": "2次",
    "verdict.times": "{count}次",
    "verdict.failed": "{failed}个失败",
    "verdict.separator": "，",
    # what a run amounted to: the order nobody chose, the wait for the server (tui_app/verdict.py)
    "verdict.none_connected": "一个也没有连上",
    "verdict.all_failed": "{n}个全部失败",
    "verdict.waited_for_server": "等待服务器（p95 {p95:.2f}秒，不低于{limit}毫秒；平均{mean:.2f}秒）",
    "verdict.answered_at_once": "服务器立即回复（p95 {p95:.1f}毫秒，低于{limit}毫秒）",
    "order.launch_order": "启动顺序",
    "order.accept_order": "接受顺序",
    "order.replied_order": "收到回复顺序",
    "order.not_seen": "-（此处看不到：服务器在另一个进程中）",
    "order.not_seen_no_server": "-（此处看不到：没有服务器应答）",
    "order.pairs": "连接：{pairs}",
    "comparison.launch_order": "启动",
    "comparison.accept_order": "接受",
    "comparison.replied_order": "收到回复",
    "comparison.reply_wait": "回复 p95",
    "comparison.marks": "高亮：与启动顺序不同的位置，即无人决定的顺序",
    # the main screen at 80x24 and 50 columns; the comparison's waits; a handler thread reused
    "log.rows_above": "上方还有{count}行",
    "note.handler_reused": (
        "{thread} 已服务过本次运行更早的一个连接：处理线程关闭连接后等待{linger:g}秒，"
        "接下一个连接；没有线程在等待时，新开一个线程"
    ),
    "note.handler_reused_again": "{thread} 被复用（关闭连接后等待{linger:g}秒）",
    "verdict.turns_part": (
        "{count}未按请求顺序获准（第{first}到{last}个轮次，共请求{asked_n}个、获准{granted_n}个："
        "请求 {asked}；获准 {granted}），平均等待{wait:.2f}秒"
    ),
    "verdict.out_of_order_said": "{count}未按请求顺序获准，平均等待{wait:.2f}秒",
    "verdict.rest_on_timeline": "{said}；其余见时间线（t）",
    "cli.run_listening": "本次运行的服务器：{address}",
    # timelines
    "lane.waiting": "等待轮次",
    "lane.inside": "在临界区内，未连接",
    "lane.unconnected": "正在连接",  # 不取轮次的泳道在关闭时结束
    "lane.sending": "发送中",
    "lane.receiving": "接收中（阻塞于 recv）",
    "lane.connected": "已连接，空闲",
    "lane.error": "错误",
    "swimlane.lane": "客户端",
    "swimlane.legend": "图例：{items}   （每列{column}毫秒）",
    "lane.inside_where_turns": "未连接：获得轮次者在临界区内，其余正在连接",
    "swimlane.server": "服务器",
    # exports
    "cli.exported": "已将{count}个事件写入 {path}",
    "cli.export_failed": "无法写入 {path}：{reason}",
    "cli.port_busy": "{host} 的端口{port}已被占用",
    "cli.cannot_listen": "无法监听 {host}:{port}：{reason}",
    # recordings: tcp-lab open, the replay keys, merge
    "recording.status": "记录 {path}",
    "recording.of": "内容：{what}",
    "recording.server": "服务器 {address}",
    "recording.handlers": "服务器处理线程",
    "recording.runs": "{runs}轮客户端运行",
    "recording.and": " 和 ",
    "recording.playing": "▶ ×{speed} {at}/{end}秒",
    "recording.paused": "‖ ×{speed} {at}/{end}秒",
    "recording.skipped": "{path}：跳过了本版本不认识的{fields}个字段和{events}个事件（{names}）",
    "recording.merged": (
        "已合并{count}个事件（{first} {first_count}个 + {second} {second_count}个），"
        "{pairs}个连接两端都有记录，写入 {path}"
    ),
    "recording.picture": "已把 {source} 的{view}视图写入 {path}",
    # a recording's replay: what its keys and hints say where a live lab's would not work
    "replay.live_key": "记录只回放录下的内容：不启动服务器，不启动客户端，也不单步执行线程（空格键回放）",
    "replay.no_run": "这个记录中没有可比较的客户端轮次",
    "replay.not_ended": "回放中还没有轮次结束：空格键继续回放到结尾",
    "timeline.empty_replay": "还没有回放到任何轮次：空格键回放记录，n 回放下一个事件",
    "why.text_size": "{path}：文字的 UTF-8 大小（{size}）与字节数 {count} 不符，不是 tcp-lab 记录",
    "timeline.handlers_only": "没有客户端轮次：服务器的{count}个处理线程",
    "key.bytes": "字节",
    "key.replay_play": "回放",
    "key.replay_step": "下一个事件",
    "key.replay_faster": "加快",
    "key.replay_slower": "减慢",
    "key.replay_restart": "从头回放",
    "palette.bytes": "以字节显示每条消息（十六进制与文字）",
    "palette.replay_play": "按时间回放记录，或暂停",
    "palette.replay_step": "只回放下一个事件",
    # step mode (server_core.stepping): events, keys, status, pane, notes
    "server.held": "处理线程 {who} 停在{step}之前",
    "server.picked": "处理线程 {who} 在{step}之前被放行（{by}）",
    "client.held": "客户端 {who} 停在{step}之前",
    "client.picked": "客户端 {who} 在{step}之前被放行（{by}）",
    "client.stuck": "无法按计划执行：{text}",
    "state.held": "就绪",
    # why a held thread went on (``by`` of a ``picked`` event), and the step names that are not calls
    "picked_by.you": "由你选择",
    "picked_by.schedule": "按计划",
    "picked_by.go": "自由运行",
    "picked_by.released": "单步模式已关闭",
    "picked_by.stop": "本轮已停止：不再继续",
    "picked_by.stop_close": "本轮已停止：随即关闭连接",
    "step_name.turn": "轮次",
    "step_name.connect": "连接",
    "step_name.send": "发送",
    "step_name.recv": "接收回复",
    "step_name.read": "读取请求",
    "step_name.reply": "回复",
    "step_name.close": "关闭连接",
    "state.picked": "正在走一步",
    "key.step_mode": "单步模式",
    "key.step_go": "自由运行",
    "key.step_pick": "让客户端 N 走一步",
    "palette.step_mode": "单步模式：新一轮的每个线程在每一步之前等待，直到你选中它",
    "palette.step_go": "单步模式：让所有线程自由运行",
    "status.step_mode": "单步模式",
    "step.keys": "1-9：最新一轮客户端 N  Enter/再点一次：任一行走一步  g：自由运行",
    "step.title": "线程（单步模式）",
    "step.none": "没有线程在等待",
    "step.held_client": "{who} 就绪：{step}（按 {digit}）",
    "step.held": "{who} 就绪：{step}",
    "step.running": "{who} 正在走一步：{step}",
    "step.blocked": "{who} 等待轮次（{what}）",
    "step.waits_lock": "锁",
    "step.waits_semaphore": "信号量名额",
    "step.waits_queue": "队列",
    "note.step_on": "单步模式已开启：下一轮的线程在每一步之前等待",
    "note.step_off": "单步模式已关闭：所有等待的线程继续",
    "note.step_server_here": "单步模式：服务器已重新启动，以便在每一步暂停它的线程",
    "note.step_server_away": "服务器将重新在独立进程中启动",
    "note.step_server_stays": "仍有连接打开，服务器暂留在本进程中；连接全部关闭后，它会自动移回独立进程",
    "note.step_go": "所有线程自由运行；直到下一轮启动，单步模式不再让新线程（外部连接的也一样）等待",
    "note.step_not_held": "{who} 已结束，没有可走的下一步",
    "note.step_no_client": "最近一轮没有客户端 {who}",
    "note.step_off_pick": "请先按 p 开启单步模式",
    # fields that refuse a character, reasons the engine gives, errors the system gives
    "field.wrong": "{field}：{why}",
    "field.refused": "{field}：只能输入{chars}",
    "field.held": "{field}：已拒绝 {refused}；再按 Enter 将使用 {value}",
    "field.held_empty": "{field}：已拒绝 {refused}；再按 Enter 将留空",
    "field.held_short": "已拒绝 {refused}；再按 Enter 将使用 {value}",
    "field.held_empty_short": "已拒绝 {refused}；再按 Enter 将留空",
    "field.held_brief": "再按 Enter 将使用所显示的值",
    "field.held_empty_brief": "再按 Enter 将留空",
    # what a field takes, said under it at 80 columns when its reason runs past two rows there
    # (the whole reason is in the line that says nothing was launched or restarted)
    "form.takes.n": "客户端数，1到10000的整数",
    "form.takes.order": "free lock semaphore:K queue sequential",
    "form.takes.hold": "秒数，0或以上，如 1.5",
    "form.takes.message": "文本；{i} 为客户端编号",
    "form.takes.server_order": "free lock semaphore:K queue",
    "form.takes.delay": "秒数，0或以上，如 0.5",
    "form.takes.host": "IP 地址，如 127.0.0.1",
    "form.takes.port": "端口，0到65535（0：任一空闲端口）",
    "form.takes.accept": "blocking timeout nonblocking",
    "form.takes.backlog": "整数，1或以上",
    "form.takes.sockopts": "NAME=VALUE，如 TCP_NODELAY=1",
    "form.width": "K 即同时放行的客户端数，为1到{high}",
    "form.width_not": "K 即同时放行的客户端数，应为1到{high}，而不是 {text}",
    "chars.0-9": "数字 0-9",
    "chars.a-z": "小写字母",
    "chars.A-Z": "大写字母",
    "chars.space": "空格",
    "chars.one": "“{char}”",
    "chars.last": "{most} 和 {last}",
    "reason.0/1 (off/on)": "0/1（关/开）",
    "reason.closed by peer": "对端关闭",
    "reason.closed": "已关闭",
    "reason.server stopped": "服务器已停止",
    "reason.stopped": "已停止",
    "reason.idle timeout": "空闲超时",
    "reason.byte limit": "超出字节上限",
    "reason.send timeout": "发送超时",
    "reason.handler failed": "处理线程出错",
    "reason.stopped before its turn": "轮到之前已停止",
    "reason.stopped before replying": "回复之前已停止",
    "reason.server closed without replying": "服务器未回复就关闭了",
    "reason.no thread to serve it": "没有线程可以处理它",
    "reason.address already in use": "地址已被占用",
    "reason.bound": "绑定成功",
    "reason.sent": "已发送",
    "reason.it is a directory": "它是一个目录",
    "reason.the name is too long for its directory": "文件名对其所在目录来说太长",
    "why.count": "应为1到{high}的整数，而不是 {text}",
    "why.limit": "应为整数（0表示不限），而不是 {text}",
    "why.port": "应为{low}到65535的端口，而不是 {text}",
    "why.seconds": "应为0到{high}的秒数，而不是 {text}",
    "why.positive": "应为大于0且不超过{high}的秒数，而不是 {text}",
    "why.host": "应为 IP 地址（如 127.0.0.1），而不是 {text}",
    "why.one_of": "应为 {names} 之一，而不是 {text}",
    "why.order": "未知的顺序 {text}；可选：{names}",
    "why.no_argument": "顺序 {text} 不接受“:”参数",
    "why.width": "信号量宽度应为1到{high}的整数，而不是 {text}",
    "why.option": "未知的套接字选项 {text}（已知：{names}）",
    "why.option_value": "{name} 应为{wanted}，而不是 {text}",
    "why.option_range": "{name} 应为{low}到{high}的整数，而不是 {text}",
    "why.pair": "套接字选项写成 NAME=VALUE，而不是 {text}",
    "why.format": "无法判断 {text} 的格式：文件名应以 {names} 结尾",
    "why.directory": "{text} 是一个目录",
    "why.no_directory": "没有目录 {folder} 可以写入 {text}",
    "why.server_process_stopped": "服务器进程已停止（退出码 {code}）",
    "why.server_process_died": "服务器进程意外结束（退出码 {code}）",
    "why.run_process_stopped": "第{run}轮客户端进程已停止（退出码 {code}）",
    "why.run_process_died": "第{run}轮客户端进程意外结束（退出码 {code}）",
    # 引擎的事件给出的连接失败原因（见 reasons._WHY）
    "why.no_connect": "{seconds}秒内未能连上",
    "why.no_reply": "{seconds}秒内没有回复",
    "why.connect_failed": "连接失败：{text}",
    "why.reply_failed": "等待回复失败：{text}",
    "why.silent": "{seconds}秒没有发来任何内容",
    "why.sent_more": "发送超过{count}字节",
    "why.reply_not_taken": "{seconds}秒内对端没有取走回复",
    "why.refused": "被拒绝：{why}",
    "why.gave_up": "放弃：{why}",
    "why.waited_held": "等待锁 {lock} {seconds}秒（其间由 {holder} 持有）",
    "why.waited": "等待锁 {lock} {seconds}秒",
    "why.at_most": "最多同时{count}个客户端",
    "why.no_thread": "无法启动线程：{text}",
    "why.no_handler_thread": "无法启动处理线程：{text}",
    "why.client_failed": "客户端出错：{kind}：{text}",
    "why.handler_failed": "处理线程出错：{kind}：{text}",
    "why.out_of_descriptors": "文件描述符用尽：{text}",
    "why.history_lost": "历史：较早的事件无法保留（{why}）；导出将缺少它们",
    "reason.refused": "被拒绝",
    "reason.out of file descriptors": "文件描述符用尽",
    "why.cannot_connect": "无法连接：{text}",
    "why.bad_request": "错误的请求：{text}",
    "reason.done": "完成",
    "errno.EMFILE": "打开的文件过多",
    "errno.EAGAIN": "资源暂时不可用",
    "client.finished_stopped": "第{run}轮在结束前被停止",
    "cli.stopped_by": "被 {signal} 停止",
    "cli.no_server": "{address} 没有服务器应答：{said}",
    "cli.not_written": "未写入 {path}",
    "why.cannot_write_in": "无法写入 {path}：没有目录 {folder}",
    # 空的字段或参数：说它为空，以及应为什么（{wanted}：一条 wanted.* 文本，紧跟“应为”；以拉丁字母
    # 开头的 wanted 文本自带前导空格，与“应为 IP 地址”这类非空的说法同一形式）
    "why.empty": "为空；应为{wanted}",
    "why.option_empty": "{name} 为空；应为{wanted}",
    "why.width_empty": "信号量宽度为空；应为{wanted}",
    "wanted.range": "{low}到{high}的整数",
    "wanted.limit": "整数（0表示不限）",
    "wanted.port": "{low}到65535的端口",
    "wanted.seconds": "0到{high}的秒数",
    "wanted.positive": "大于0且不超过{high}的秒数",
    "wanted.host": " IP 地址（如 127.0.0.1）",
    "wanted.one_of": " {names} 之一",
    "wanted.switch": "0/1（关/开）",
    "wanted.size": " COLSxROWS，20到{high}列、10到{high}行",
    "why.size": "{text} 不是 COLSxROWS（20到{high}列、10到{high}行）",
    "why.empty_message": "不能为空：对端至少要等到一个字节",
    "why.not_utf8": "不是有效的 UTF-8 文本：{text}",
    "why.cannot_write": "无法写入 {path}：{text}",
    "why.cannot_read": "{path}：无法读取：{text}",
    "why.exhibit_n": "案例运行{low}到{high}个客户端，而不是 {text}",
    "why.schedule_empty": "计划为空；请给出 CLIENT:STEP 形式的条目，例如 2:connect,1:connect",
    "why.schedule_long": "计划最多{high}个条目，而不是{text}个",
    "why.schedule_entry": "计划条目 {text} 不是 CLIENT:STEP 形式（先是不小于1的数字，再是一个步骤）",
    "why.schedule_step": "计划条目 {text}：步骤应为 {names} 之一",
    "why.schedule_twice": "计划条目 {text}：客户端{client}按 {names} 的顺序走步骤，每步一次",
    "why.schedule_beyond": "计划提到了客户端{client}，但只启动了{high}个",
    "why.schedule_free": (
        "{text}：--order free 不要求轮次，没有轮次可暂停（请用 lock 锁、semaphore:K 信号量或 queue 队列，"
        "或者 connect、send、recv、close 步骤）"
    ),
    "why.schedule_sequential": (
        "{text}：--order sequential 按启动顺序自行分配轮次；计划在这里只能暂停 connect、send、recv 和 close"
    ),
    # argparse's own errors, and the command line's own checks
    "why.argument": "参数 {name}：{why}",
    "why.choice": "无效的选择：{text}（可选：{names}）",
    "why.unrecognized": "无法识别的参数：{text}",
    "why.required": "缺少以下必需参数：{names}",
    "why.one_value": "需要一个值",
    "why.value": "无效的 {kind} 值：{text}",
    "why.ambiguous": "有歧义的选项：{text} 可以匹配 {names}",
    "cli.error": "{prog}：错误：{message}",
    "cli.see_help": "用法见 {command}",
    "why.ports_from": "{name} 从给定的端口起占用{count}个端口，所以端口最大为{port}",
    "why.exists": "{text} 已存在",
    "why.not_with": "不能与参数 {name} 同时使用",
    "why.needs": "没有 {name} 时不起作用",
    "why.call_failed": "{step} 失败：{text}",
    "why.os_error": "{kind}：{text}",
    "why.no_events": "{path}：里面没有事件，不是 tcp-lab 记录",
    "why.binary": "{path}：是二进制数据（含 NUL 字节）而不是文本，不是 tcp-lab 记录",
    "why.cut_short": "{path}：这一行不完整（文件在行中结束）",
    "why.not_json": "{path}：不是一行 JSON，不是 tcp-lab 记录",
    "why.not_event": "{path}：不是 tcp-lab 事件（需要 seq、t、side 和 kind）",
    "text.list_join": "、",
    "cli.usage": "用法：",
    "cli.positionals": "位置参数",
    "cli.options": "选项",
    "cli.default": "默认",
    "errno.ENOENT": "没有这个文件或目录",
    "errno.EACCES": "没有权限",
    "errno.EPERM": "不允许此操作",
    "errno.EISDIR": "是一个目录",
    "errno.ENOTDIR": "不是目录",
    "errno.ENOSPC": "设备上没有剩余空间",
    "errno.EROFS": "只读文件系统",
    "errno.ENAMETOOLONG": "文件名太长",
    "errno.EADDRINUSE": "地址已被占用",
    "errno.EADDRNOTAVAIL": "无法使用所请求的地址",
    "errno.ECONNREFUSED": "连接被拒绝",
    "errno.ECONNRESET": "连接被对端重置",
    "errno.EPIPE": "管道已断开",
    "errno.ETIMEDOUT": "连接超时",
    "screenshot.saved": "截图已保存到 {path}",
    "screenshot.failed": "无法将截图保存到 {path}：{reason}",
    "unit.s": "{value}秒",
    "unit.ms": "{value}毫秒",
    "note.comparison_stopped": "比较已停止：不再启动新的一轮",
    "note.comparing_unheld": (
        "依次比较各模式，每种一轮：{orders}；"
        "单步模式不暂停比较的各轮：每轮自由运行到结束"
        "（用 f、l、s、u、o 或 r 启动的轮次才会被暂停）"
    ),
    "note.busy": "正在运行一轮：请等它结束，或按 k 停止",
    "system.theme": "主题",
    "system.theme.help": "更换配色主题",
    "system.quit": "退出",
    "system.quit.help": "尽快退出程序",
    "system.keys": "按键",
    "system.keys.help": "显示或隐藏当前部件的按键",
    "system.maximize": "最大化",
    "system.maximize.help": "最大化当前窗格",
    "system.minimize": "还原",
    "system.minimize.help": "将最大化的窗格还原",
    # Textual's own palette prompts, and the words of Textual's keys in the keys panel (by action)
    "palette.search": "搜索命令…",
    "palette.key_help": "{description}（{press}）",
    "palette.themes": "搜索主题…",
    "key.app.focus_next": "下一个部件",
    "key.app.focus_previous": "上一个部件",
    "key.screen.copy_text": "复制所选",
    "key.scroll_up": "向上滚动",
    "key.scroll_down": "向下滚动",
    "key.scroll_left": "向左滚动",
    "key.scroll_right": "向右滚动",
    "key.scroll_home": "滚到开头",
    "key.scroll_end": "滚到末尾",
    "key.scroll_top": "顶部",
    "key.scroll_bottom": "底部",
    "key.page_up": "上一页",
    "key.page_down": "下一页",
    "key.page_left": "左一页",
    "key.page_right": "右一页",
    "key.select_cursor": "选择",
    "key.cursor_up": "光标上移",
    "key.cursor_down": "光标下移",
    "key.cursor_left": "光标左移",
    "key.cursor_right": "光标右移",
    "key.cursor_left_word": "光标左移一个词",
    "key.cursor_right_word": "光标右移一个词",
    "key.delete_left": "删除左边的字符",
    "key.delete_right": "删除右边的字符",
    "key.delete_left_word": "向左删除到词首",
    "key.delete_right_word": "向右删除到下一词首",
    "key.delete_left_all": "删除左边全部",
    "key.delete_right_all": "删除右边全部",
    "key.select_all": "全选",
    "key.home": "到开头",
    "key.end": "到末尾",
    "key.submit": "提交",
    "key.cut": "剪切所选",
    "key.copy": "复制所选",
    "key.paste": "从剪贴板粘贴",
    "system.screenshot": "截图",
    "system.screenshot.help": "将屏幕保存为 SVG 图片，放在当前工作目录",
    "cli.no_theme": "没有主题 {theme!r}；可选：{names}",
    "note.trimmed": "更早的行已丢弃：只保留最近{count}行",
    "note.trimmed_short": "只保留最近{count}行",
    "log.waiting": "下方新行：{count}（滚到末尾即跟随）",
    "log.waiting_short": "下方新行：{count}",
    # output, history and exports under faults
    "cli.output_failed": "标准输出失败（{reason}）；{what}未写出（导出文件中仍有）",
    "cli.output_blocked": "标准输出无人读取；{what}未写出",
    "cli.history_lost": "事件记录未能保存{count}个较早的事件（临时文件无法写入）；导出文件缺少它们",
    "cli.export_abandoned": "导出已放弃：未写入 {path}",
    # what the command line and the log say exactly: no export to point to, a cut character's end
    "cli.output_failed_no_export": "标准输出失败（{reason}）；{what}未写出",
    "server.received_tail": "{who} 说：{text}（一个字符的开头，连接结束时仍未补全）",
    "why.ascii_digits": "（只能用 ASCII 数字 0-9）",
    "export.writing": "正在写入 {path}：已写{count}个事件",
    # what a run amounted to, held to every figure: turns never granted, orders apart, replies
    # waited for in vain (tui_app/verdict.py); the app without a terminal (tui_app/cli.py)
    "verdict.never_granted": "{count}个等待轮次，始终没有轮到",
    "verdict.name.accept_order": "接受",
    "verdict.name.replied_order": "收到回复",
    "verdict.name.closed_order": "关闭",
    "verdict.names_join": "、",
    "verdict.in_launch_order": "{names}均按启动顺序",
    "verdict.apart": "与启动顺序不同（{items}）",
    "verdict.apart_item": "{name}时{n}个中{count}个错位",
    "verdict.apart_join": "，",
    "verdict.answered_some_at_once": "服务器立即回复了{count}个（p95 {p95:.1f}毫秒，低于{limit}毫秒）",
    "verdict.timed_out_waiting": "{count}个等待服务器回复时超时",
    "verdict.no_reply": "{count}个发送后没有收到回复",
    "cli.needs_terminal": (
        "应用画在终端上：请在终端里运行 tcp-lab，标准输入、输出和错误输出都不要重定向；"
        "没有终端时请用 tcp-lab run、serve 或 clients"
    ),
    "cli.open_needs_terminal": (
        "应用画在终端上：请在终端里运行 tcp-lab open {path}，标准输入、输出和错误输出都不要重定向；"
        "没有终端时可画成图片：tcp-lab open {path} --svg OUT.svg"
    ),
    "note.nothing_launched": "未启动：{wrong}",
    "note.server_not_restarted": "服务器未重启：请先修正{wrong}",
    "pane.recorded": "录制时的设置",
    "recorded.read_only": "这是录制文件，只读：以下是录制时的设置。",
    "recorded.none": "录制文件中没有设置。",
    "recording.runs_short": "{runs}轮",
    # the footers of the help, experiments, exhibits and export screens: each screen's own keys
    "key.screen_close": "返回",
    "key.experiment_run": "运行",
    "key.exhibit_run": "运行",
    "key.exhibit_variant": "安全/不安全",
    "key.export_cancel": "取消",
    "palette.no_matches": "没有找到匹配项",
    "palette.timeline_zoom_in": "放大时间线：屏幕上显示的时间减半",
    "palette.timeline_zoom_out": "缩小时间线：屏幕上显示的时间加倍",
    "palette.timeline_earlier": "把时间线移向更早的时间",
    "palette.timeline_later": "把时间线移向更晚的时间",
    "palette.timeline_fit": "让整轮运行显示在屏幕上",
    "palette.timeline_handlers": "显示或隐藏服务器处理线程的泳道",
    "palette.timeline_previous": "显示上一轮",
    "palette.timeline_next": "显示下一轮；最后一轮之后跟随最新一轮",
    "palette.timeline_back": "返回主界面",
    "palette.comparison_back": "返回主界面",
    "palette.screen_close": "关闭本界面",
    "palette.exhibit_variant": "在不安全的写法与安全的修正之间切换",
    "palette.export_cancel": "不写文件，关闭",
    "palette.replay_faster": "加快回放记录",
    "palette.replay_slower": "放慢回放记录",
    "palette.replay_restart": "从头回放记录",
    # the language's punctuation and names of keys, for code that joins or labels words
    "text.colon": "：",
    "cli.help_with_default": "{help}（{default}：{value}）",
    "text.semicolon_join": "；",
    "text.quoted": "“{text}”",
    "keyname.esc": "Esc",
    "keyname.escape": "Esc",
    "keyname.space": "空格",
    # the socket experiments (tui_app/experiment_view.py)
    # the frame every experiment is shown in
    "exp.prediction": "预测",
    "exp.steps": "步骤",
    "exp.observed": "观测结果",
    "exp.as_predicted": "结论：与预测一致",
    "exp.not_predicted": "结论：与预测不符",
    "exp.failed": "实验中止：{error}",
    "exp.running": "正在运行实验 {name} ...",
    "exp.screen.title": "套接字实验",
    "exp.labelled": "{label}：{text}",
    # an experiment's Observed block: one label per JSON key (the JSON output keeps the keys)
    "obs.error": "错误",
    "obs.port_off": "端口（SO_REUSEADDR=0）",
    "obs.port_on": "端口（SO_REUSEADDR=1）",
    "obs.time_wait_off": "TIME_WAIT 套接字数（SO_REUSEADDR=0）",
    "obs.time_wait_on": "TIME_WAIT 套接字数（SO_REUSEADDR=1）",
    "obs.restart_off": "重启时绑定（SO_REUSEADDR=0）",
    "obs.restart_on": "重启时绑定（SO_REUSEADDR=1）",
    "obs.nodelay_off": "生效的 TCP_NODELAY（请求0）",
    "obs.nodelay_on": "生效的 TCP_NODELAY（请求1）",
    "obs.round_ms_nodelay_off": "每轮中位数毫秒（TCP_NODELAY=0）",
    "obs.round_ms_nodelay_on": "每轮中位数毫秒（TCP_NODELAY=1）",
    "obs.broadcast_off": "生效的 SO_BROADCAST（请求0）",
    "obs.broadcast_on": "生效的 SO_BROADCAST（请求1）",
    "obs.send_off": "发送结果（SO_BROADCAST=0）",
    "obs.send_on": "发送结果（SO_BROADCAST=1）",
    "obs.received": "接收方收到",
    "obs.backlog_in_force": "内核中生效的 backlog",
    "obs.connected": "已连接的客户端",
    "obs.timed_out": "超时的客户端",
    "obs.accepted_while_paused": "暂停调用 accept 时已接受",
    "obs.waiting_in_kernel": "在内核队列中等待",
    "obs.accepted_after_start": "accept 循环开始后接受",
    "obs.replies": "收到的回复",
    "obs.default_server": "服务器默认值",
    "obs.default_client": "客户端默认值",
    "obs.enabled_server": "设置后的服务器",
    "obs.enabled_client": "设置后的客户端",
    "obs.accepted": "{mode} 下接受的连接",
    "obs.calls": "{mode} 下 accept 调用次数",
    "obs.nobody_waiting": "{mode} 下无人等待的次数",
    "obs.first_call_ms": "{mode} 下第一次调用返回（从循环开始算起的毫秒）",
    "obs.waited_ms": "{mode} 下服务器的 accept 返回（从循环开始算起的毫秒）",
    "exp.busy": "实验 {name} 仍在运行：请等待它的结果",
    "exp.screen.keys": "按 1-6 运行一个实验，Esc 或 e 关闭",
    "exp.screen.press": "按 {number} 运行。",
    # SO_REUSEADDR
    "exp.reuseaddr.title": "SO_REUSEADDR：TIME_WAIT 未结束时重启服务器",
    "exp.reuseaddr.about": (
        "先在有客户端连接时停止服务器，服务器一方先关闭，它的连接在监听端口上进入 TIME_WAIT。"
        "随后新服务器绑定同一端口：不设 SO_REUSEADDR 时绑定失败，设置后立即成功。"
    ),
    "exp.reuseaddr.prediction": (
        "服务器先关闭，旧连接在服务器端口上处于 TIME_WAIT。不设 SO_REUSEADDR 的新服务器无法绑定该端口"
        "（“地址已被占用”）；设置了 SO_REUSEADDR 则立即绑定成功。设置 SO_REUSEADDR 的一轮在另一个端口上"
        "监听，即给定端口的下一个（--port P 时为 P+1）：第一轮留在其端口上的 TIME_WAIT 来自未设该选项的"
        "套接字，它结束前任何绑定都越不过它。"
    ),
    "exp.reuseaddr.serve_and_stop": (
        "服务器（SO_REUSEADDR={reuse}）监听端口 {port}：一个客户端与它通信，然后服务器先停止"
    ),
    "exp.reuseaddr.time_wait": "端口 {port} 上处于 TIME_WAIT 的 TCP 套接字：{count}",
    "exp.reuseaddr.restart": "新服务器（SO_REUSEADDR={reuse}）绑定端口 {port}：{outcome}",
    # TCP_NODELAY
    "exp.nagle.title": "TCP_NODELAY：小块写入与 Nagle 算法",
    "exp.nagle.about": (
        "客户端把每个请求分两小块写出，再读取应答。Nagle 算法开启时，第二块要等对方延迟发送的确认，"
        "每一轮需要几十毫秒；设置 TCP_NODELAY 后立即发送。"
    ),
    "exp.nagle.prediction": (
        "每一轮把请求分成两块{piece}字节写出，再读一个字节的应答（共{rounds}轮）。Nagle 开启"
        "（TCP_NODELAY=0）时第二块要等对方延迟的 ACK：每轮几十毫秒。TCP_NODELAY=1 时每轮远少于一毫秒。"
    ),
    "exp.nagle.rounds": "TCP_NODELAY={nodelay}：{rounds}轮，每轮中位数{median_ms}毫秒",
    # SO_BROADCAST
    "exp.broadcast.title": "SO_BROADCAST：向回环广播地址发送数据报",
    "exp.broadcast.about": (
        "一个 UDP 套接字向回环网络的广播地址 127.255.255.255 发送数据报，先不设 SO_BROADCAST，"
        "再设置它。内核拒绝第一次发送，第二次则送达。"
    ),
    "exp.broadcast.prediction": (
        "在设置 SO_BROADCAST 之前，向广播地址 {address} 发送 UDP 数据报会被拒绝（PermissionError）；"
        "设置后数据报送达绑定在该地址上的套接字。"
    ),
    "exp.broadcast.receiver": "接收方绑定在 {address}:{port}",
    "exp.broadcast.send": "在 SO_BROADCAST={broadcast} 时发送：{outcome}",
    "exp.broadcast.receive": "接收方收到：{text}",
    # backlog
    "exp.backlog.title": "backlog：已连接不等于已接受",
    "exp.backlog.about": (
        "服务器以很小的 backlog 监听，但暂不调用 accept。内核自行完成前几个连接的握手，这些客户端已连接、"
        "甚至能发送数据，而服务器一个也没有接受；队列满了以后，后来的客户端得不到应答，连接超时。"
    ),
    "exp.backlog.prediction": (
        "服务器以 backlog {backlog} 监听但暂不调用 accept；"
        "{clients}个客户端依次连接，每个最多等{limit}秒。"
        "内核自行完成前几个连接（Linux 上为 backlog + 1个）：它们的 connect 返回了，却没有被接受。"
        "其余的得不到应答，连接超时。accept 循环开始后，排队的客户端被接受并得到回复。"
    ),
    "exp.backlog.listen": "服务器监听端口 {port}，backlog {backlog}（内核：{in_force}）；尚未调用 accept",
    "exp.backlog.connect": "{clients}个客户端连接：{connected}个已连接并发送了消息，{timed_out}个超时",
    "exp.backlog.paused": "调用 accept 之前：服务器已接受{accepted}个；在内核队列中等待：{waiting}个",
    "exp.backlog.resume": "accept 循环开始：已接受{accepted}个，收到回复{replies}个",
    # SO_KEEPALIVE
    "exp.keepalive.title": "SO_KEEPALIVE：探测空闲的对端",
    "exp.keepalive.about": (
        "建立两次连接，一次用默认值，一次打开 keep-alive 并设置较短的计时，分别读取两端生效的值。"
        "只有打开 keep-alive，内核才会在空闲时间后按间隔探测对端，直到达到次数上限。"
    ),
    "exp.keepalive.prediction": (
        "两端默认都关闭 keep-alive。以 TCP_KEEPIDLE={TCP_KEEPIDLE}、TCP_KEEPINTVL={TCP_KEEPINTVL}、"
        "TCP_KEEPCNT={TCP_KEEPCNT} 打开后，内核在活动连接上报告的正是这些计时："
        "对端消失后约（空闲 + 间隔 × 次数）秒被发现。"
    ),
    "exp.keepalive.default": "活动连接上的默认值：服务器 {server}；客户端 {client}",
    "exp.keepalive.enabled": "设置 keep-alive 后：服务器 {server}；客户端 {client}",
    "exp.keepalive.detect": (
        "计算所得，并非测量：对端消失后约（空闲 + 间隔 × 次数）= {idle} + {interval} × {count} = "
        "{seconds}秒被发现"
    ),
    # accept modes
    "exp.accept.title": "accept 方式：阻塞、超时、非阻塞",
    "exp.accept.about": (
        "用三种 accept 方式分别等待同一个客户端。blocking 阻塞的 accept 一直睡到客户端到来；timeout 超时的"
        "每个周期放弃一次再被调用；nonblocking 非阻塞的 accept 在没有人等待时立即返回（EAGAIN）。"
    ),
    "exp.accept.prediction": (
        "每个循环以第一次 accept 调用开始，开始{arrival_ms}毫秒后有一个客户端调用 connect。"
        "blocking 阻塞：一次 accept 调用睡到客户端到来。timeout 超时：每次调用{poll_ms}毫秒后放弃并重来。"
        "nonblocking 非阻塞：没有人等待时每次调用立即以 BlockingIOError（EAGAIN）返回，其间由 selector 等待。"
        "每种方式都在客户端调用 connect 之后、连接建立后至多{tolerance_ms}毫秒内接受它：结论只允许这么多。"
    ),
    "exp.accept.mode": (
        "{mode}：调用 accept {calls}次，其中{nobody_waiting}次没有人等待；从循环开始算起，"
        "第一次调用在{first_call_ms}毫秒后返回，客户端在{arrived_ms}毫秒后调用 connect，"
        "它的 connect 在{connected_ms}毫秒后返回，服务器的 accept 在{waited_ms}毫秒后返回这个客户端"
        "（握手由内核完成，两端各自得知，所以哪个调用先返回都有可能）"
    ),
    # experiments and exhibits said alike in the app and on the command line
    "obs.arrived_ms": "{mode} 下客户端调用 connect（从循环开始算起的毫秒）",
    "cli.cut.experiment": "实验被中途停止：它的步骤、观测结果和结论都没有显示",
    "cli.cut.exhibit": "案例被中途停止：它的时间线、观测结果和结论都没有显示",
    "choice.lost-update": "丢失更新",
    "choice.torn-write": "写入撕裂",
    "choice.deadlock": "死锁",
    "choice.forgotten-release": "忘记释放",
    "choice.reuseaddr": "地址重用",
    "choice.nagle": "小块写入",
    "choice.broadcast": "广播",
    "choice.backlog": "连接队列",
    "choice.keepalive": "保活",
    "choice.accept": "接受方式",
    "cli.names_listed": "以下之一，英文名或中文名均可（各自展示什么）：",
    "cli.name_listed": "{name}——{title}",
    "help.scroll_line": "把说明滚动一行",
    "help.scroll_page": "把说明滚动一页",
    "help.scroll_ends": "说明的开头、结尾（结论）",
    # the lock exhibits (tui_app/exhibit_view.py)
    # the app's key, palette and help
    "key.exhibits": "案例",
    "palette.exhibits": "打开锁的案例：为什么需要锁",
    "palette.exhibit": "案例：{title}（{variant}）",
    "help.exhibits": "为什么需要锁（按键 b）",
    # events of the shared resources
    "server.exhibit": "案例 {name}（{variant}），{n}个客户端",
    "server.read": "{thread} 读取 {resource}：{text}",
    "server.wrote": "{thread} 写入 {resource}：{text}",
    "server.acquiring": "{thread} 请求锁 {lock}",
    "server.acquired": "{thread} 持有锁 {lock}",
    "server.released": "{thread} 释放了锁 {lock}",
    "server.gave_up": "{thread} 等待锁 {lock} {waited}秒后放弃",
    "server.deadlock": "死锁：{text}",
    # the frame every exhibit is shown in
    "exhibit.unsafe": "不安全",
    "exhibit.safe": "安全",
    "exhibit.heading": "{title}（{variant}，{n}个客户端）",
    "exhibit.prediction": "预测",
    "exhibit.timeline": "时间线，每个处理线程一行",
    "exhibit.observed": "观测结果",
    "exhibit.words": "通俗地说",
    "exhibit.as_predicted": "结论：与预测一致",
    "exhibit.not_predicted": "结论：与预测不符",
    "exhibit.failed": "案例中止：{error}",
    "exhibit.running": "正在运行 {title}（{variant}）…",
    "exhibit.legend.idle": "{glyph} 已连接",
    "exhibit.legend.waiting": "{glyph} 等待锁",
    "exhibit.legend.holding": "{glyph} 持有锁",
    "exhibit.legend.window": "{glyph} 读与写之间",
    "exhibit.legend.deadlocked": "{glyph} 在死锁中等待",
    "exhibit.legend.read": "{glyph} 读",
    "exhibit.legend.write": "{glyph} 写",
    "exhibit.legend.gave_up": "{glyph} 放弃",
    "exhibit.legend.error": "{glyph} 错误",
    "exhibit.yes": "是",
    "exhibit.no": "否",
    "exhibit.observed.final": "最终余额",
    "exhibit.observed.lost": "丢失的存款数",
    "exhibit.observed.lost_deposits": "丢失存款的客户端",
    "exhibit.observed.overwritten_by": "被覆盖的存款",
    "exhibit.overwrite": "{lost} 被 {by} 覆盖",
    "exhibit.observed.deposits": "写入次数",
    "exhibit.observed.lines": "行数",
    "exhibit.observed.torn": "撕裂的行",
    "exhibit.observed.intact": "完整的行",
    "exhibit.observed.deadlocked": "发生死锁",
    "exhibit.observed.cycle": "等待环中的线程",
    "exhibit.observed.locks": "环中等待的锁",
    "exhibit.observed.served": "得到服务",
    "exhibit.observed.gave_up": "放弃等待",
    "exhibit.observed.stuck": "被卡住",
    "exhibit.observed.errors": "出错",
    "exhibit.observed.held_by": "锁的持有者",
    "exhibit.lock.total-lock": "总数的锁",
    "exhibit.lock.balance-lock": "余额的锁",
    "exhibit.lock.board-lock": "输出板的锁",
    "exhibit.lock.A": "账户 A 的锁",
    "exhibit.lock.B": "账户 B 的锁",
    # a torn write's board, one row per line (tui_app/exhibit_view.py board_rows), and its key
    "exhibit.board.heading": "输出板，每行一条",
    "exhibit.board.line": "行",
    "exhibit.board.state": "状态",
    "exhibit.board.from": "来自",
    "exhibit.board.text": "内容",
    "exhibit.board.whole": "完整",
    "exhibit.board.torn": "撕裂",
    "exhibit.board.key": (
        "行：它在输出板上的位置，从上往下数。完整：正好是一个客户端发送的那条消息；撕裂：其他任何情况，"
        "几条消息的片段，或一条消息的一部分。来自：这一行里有哪些处理线程写的字符（h1-h3 即 h1、h2 和 h3）。"
        "处理线程的最后一个片段带着行尾，所以任何一个处理线程写完消息，这一行就结束：其余线程的最后几个字符"
        "随后各自成行，这样的行即使由不同的处理线程写成，读起来也可能一样。"
    ),
    "exhibit.note.lost": "它的存款丢失：被 h{by} 覆盖",
    "exhibit.note.cycle": "处于死锁中",
    "exhibit.note.freed": "对方放弃后得到了服务",
    "exhibit.note.gave_up": "已放弃，并告知了客户端",
    "exhibit.note.holds": "仍持有{lock}",
    "exhibit.screen.title": "为什么需要锁",
    "exhibit.screen.keys": "按 1-4 运行一个，v 在不安全与安全之间切换，w 导出这次运行的事件，Esc 或 b 关闭",
    "exhibit.screen.variant": "下一次运行：{variant}（按 v 切换）",
    "exhibit.screen.press": "按 {number} 运行。",
    # an exhibit's run written, opened and refused (tui_app/screens/exhibits.py, tui_app/replay.py)
    "exhibit.nothing_to_export": "还没有运行过案例：没有可导出的内容（按 1-4 运行一个）",
    "recording.other_export": (
        "{path}：这是 tcp-lab 导出的 {format} 文件，open 不读取它：open 读取 .jsonl "
        "记录（导出时把文件名以 .jsonl 结尾）"
    ),
    "exhibit.recorded": "案例：{heading}",
    "exhibit.recorded_no_outcome": "它在结果得出之前被停止了。",
    "recording.exhibit": "案例 {name}（{variant}）",
    "server.outcome": "案例 {name}（{variant}）结束",
    "exhibit.legend.in_app": "（应用中：{glyphs}）",
    "exhibit.legend.headless": "（命令行中：{glyphs}）",
    "exhibit.observed.later_cycles": "之后的等待环",
    "exhibit.busy": "{title}（{variant}）仍在运行：请等待它的结果",
    # lost-update
    "exhibit.lost-update.title": "丢失更新：一个共享余额",
    "exhibit.lost-update.about": (
        "每个连接是一笔存款：处理线程读取余额，告诉客户端，等客户端确认，再把读到的值加上存款写回。"
    ),
    "exhibit.lost-update.unsafe": (
        "{n}个处理线程各向余额 {start} 存入 {amount}，不加锁。一个线程在读与写之间等待客户端时，"
        "其他线程读到的是同一个旧余额。每次写入都会抹掉它读取之后别人写入的存款：最终余额少于"
        "{expected}，并指出丢失了哪些存款。丢失的是哪几笔、谁的写入覆盖了谁，每次运行都不同；"
        "有存款丢失这一点不变。"
    ),
    "exhibit.lost-update.safe": (
        "{n}个处理线程各向余额 {start} 存入 {amount}；每个线程从读到写一直持有同一把锁，其他线程"
        "依次等待。最终余额正好是{expected}。"
    ),
    "exhibit.lost-update.fault": (
        "钱不见了。各处理线程在别人写回之前就读取了余额，于是每次写入都替换掉了别人的存款，而不是在其上累加。"
    ),
    "exhibit.lost-update.clean": (
        "每笔存款都算数。锁保证同一时间只有一个处理线程处在读与写之间，每个线程都从前一个留下的余额开始。"
    ),
    # torn-write
    "exhibit.torn-write.title": "写入撕裂：一块共享的输出板",
    "exhibit.torn-write.about": (
        "处理线程像真实的写入者那样，把客户端的消息一块一块地抄到同一块共享板上，任意两块之间都可能被切换。"
    ),
    "exhibit.torn-write.unsafe": (
        "{n}个处理线程不加锁，逐字抄写“{message}”这样的消息。它们的片段交错在一起，一个写入者的"
        "字符夹在另一个的字符之间：输出板以“{torn}”开头，各行都被撕裂。数字的顺序，以及哪些"
        "处理线程的最后一个字符单独成行，每次运行都不同。"
    ),
    "exhibit.torn-write.safe": (
        "{n}个处理线程逐字抄写“{message}”这样的消息，每个线程在整条消息期间持有同一把锁："
        "输出板上的每一行都是一条完整的消息。"
    ),
    "exhibit.torn-write.fault": (
        "行被撕裂了。别的写入者的片段落在了每条消息的片段之间，输出板上没有一行是客户端原本发送的内容。"
    ),
    "exhibit.torn-write.clean": "每一行都完整。写入者在整条消息期间持有锁，别人无法插进来。",
    # deadlock
    "exhibit.deadlock.title": "死锁：两把锁，相反的顺序",
    "exhibit.deadlock.about": (
        "在账户 A 与 B 之间转账，每个账户有自己的锁。"
        "从 A 转到 B 先拿锁 A 再拿锁 B；从 B 转到 A 先拿 B 再拿 A。"
    ),
    "exhibit.deadlock.unsafe": (
        "{n}笔转账，{a_to_b}笔从 A 到 B，{b_to_a}笔从 B 到 A。"
        "其中两笔各自持有第一把锁，又等待对方的锁：形成等待环。"
        "实验室根据谁持有、谁在等待每把锁找出这个环，指出其中的线程和锁。用普通的锁，两者都永远无法继续："
        "它们会一直等下去。为了演示并结束运行，这里的处理线程等{patience}秒就放弃，并放开它的锁。谁抢到这把锁每次运行都不同：环中的另一个几乎同时开始等待，它的耐心"
        "可能也恰好耗尽；另一个在等这把锁的处理线程也可能先拿到它。所以{n}笔转账中完成的从0笔到{most}笔"
        "都有可能；其余每个处理线程在{patience}秒后放弃并告知客户端：没有任何东西会卡死。"
    ),
    "exhibit.deadlock.safe": (
        "{n}笔转账，{a_to_b}笔从 A 到 B，{b_to_a}笔从 B 到 A，但每个处理线程都按同一个全局顺序拿锁，"
        "先 A 后 B。没有人会持有 B 却等待 A："
        "不会成环，所有人都得到服务。"
    ),
    "exhibit.deadlock.fault": (
        "处理线程死锁了。每个线程都持有一把锁，又等待对方持有的那把锁，谁都无法继续；只有放弃等待才打破了这个环。"
    ),
    "exhibit.deadlock.clean": "没有死锁。所有人都按同样的顺序拿两把锁，持有第一把锁的人总能拿到第二把。",
    # forgotten-release
    "exhibit.forgotten-release.title": "忘记释放：没有 with 的 acquire()",
    "exhibit.forgotten-release.about": (
        "客户端 1 发送了一个处理线程无法解析的请求（“add ten”），而此时该线程持有锁；"
        "其他客户端在同一把锁前排队。"
    ),
    "exhibit.forgotten-release.unsafe": (
        "处理线程用 acquire() 拿到保护累计总数的锁（事件里叫 total-lock）；出错时跳过了 release()。"
        "锁再也不会被归还：后来的{later}个客户端一直等待，直到{patience}秒后放弃。"
    ),
    "exhibit.forgotten-release.safe": (
        "处理线程用“with lock:”拿到保护累计总数的锁（事件里叫 total-lock）。错误被报告给客户端1，"
        "离开时锁被释放：后来的{later}个客户端都得到服务。"
    ),
    "exhibit.forgotten-release.fault": "其他人全被卡住了。出错的处理线程离开时锁还被占着，别人再也拿不到它。",
    "exhibit.forgotten-release.clean": (
        "这个错误没有影响别人。离开 with 块时锁被释放，下一个客户端立即拿到了它。"
    ),
    # a stopped run, keys on every screen, the help's key lists
    "timeline.stopped": "运行结束前已被你停止",
    "help.timeline_keys": "时间线页（按键 t）",
    "help.exhibit_keys": "案例页（按键 b）",
    "help.experiment_keys": "实验页（按键 e）",
    "help.step_keys": "单步模式的线程窗格（按键 p）",
    "help.run_exhibit": "运行该案例",
    "help.run_experiment": "运行该实验",
    "help.click_entry": "运行所点击的条目",
    "help.switch_variant": "切换不安全版本与安全版本",
    "help.export_shown": "导出所显示的运行",
    "help.close_screen": "返回",
    "help.step_enter": "让高亮的线程走一步（处理线程也一样：它没有数字键）",
    "help.step_click": "高亮一个线程；点击已高亮的线程让它走一步",
    "help.step_arrows": "移动高亮",
    "help.open_only": "{what}（仅在 tcp-lab open 中）",
    "help.click_lane": "在泳道上放大所点击的时刻",
    "help.wheel": "滚轮",
    "help.wheel_pan": "横向或按住 Shift：往前或往后，同 ← →",
    "help.mouse": "单击",
    # the end of the block for a stopped run, shared keys and help lists
    # step mode said whole: clients stopped by the user, time held by hand, a hold on the timeline
    "cli.summary_stopped": (
        "{clients}个客户端：{ok}个成功，{failed}个失败，{stopped}个被停止；用时{makespan:.3f}秒"
    ),
    "verdict.stopped": "{count}个被停止",
    "verdict.all_stopped": "{n}个全部被停止",
    "verdict.held_by_hand": "单步模式共暂停线程{held:.3f}秒",
    "state.stopped": "已停止",
    "lane.held": "单步模式下暂停",
    # step mode says what happened: why a held handler went on, a stop said as a stop, not an error
    "picked_by.stop_handler": "服务器已停止：这个连接随之结束",
    "picked_by.peer_stopped": "停止的是它的客户端所在的轮次，不是服务器：它继续服务这个连接，直到连接关闭",
    # an error about no one connection (a child process's end): no name, not "client - error"
    "client.error_unnamed": "客户端错误：{text}",
    "server.error_unnamed": "服务器错误：{text}",
    "client.error_stopped": "客户端 {who} {text}",
    "server.error_stopped": "{who} 的处理线程{text}",
    "note.step_server_waits": (
        "仍有连接打开：连接全部关闭后，服务器才移入本进程（单步模式现在暂停客户端的线程，服务器移入后也暂停它的线程）"
    ),
    # a chunk cut inside a character, said as it was; a connection's count of messages in its cells
    "message.unfinished": "{text}（另有{n}字节暂存：可能是一个字符的开头，下一条消息会表明是否如此）",
    "message.carried": "{text}（开头{n}字节在之前的消息中到达）",
    "cell.counted": "第{count}条：{text}",
    # the close order beside the others, and what a user's stop cut short said as such
    "order.closed_order": "关闭顺序",
    "comparison.closed_order": "关闭",
    "verdict.before_stop": "停止前{said}",
    # the time held in the waits, a sum over the clients whose waits it fell in, said as a sum
    "verdict.held_waits.turn": (
        "等待轮次的时间不含{count:一个客户端|#个客户端合计}在等待轮次时被暂停的{held:.3f}秒"
    ),
    "verdict.held_waits.reply": (
        "等待回复的时间不含{count:一个客户端|#个客户端合计}在等待回复时被暂停的{held:.3f}秒"
    ),
    # an order of fewer clients than the run's: compared over those that got that far, said so
    "verdict.compared": "每个顺序只比较走到这一步且未失败的客户端（{items}）",
    "verdict.compared_item": "{name}的只有{n}个中的{got}个",
    # what an exhibit's variant does, in the command palette beside what the exhibit is
    "exhibit.palette.help": "{about}{variant}",
    "exhibit.lost-update.palette.unsafe": "不安全：读取与写回之间没有锁，存款因此丢失。",
    "exhibit.lost-update.palette.safe": "安全：从读取到写回一直持有同一把锁，存款一笔不丢。",
    "exhibit.torn-write.palette.unsafe": "不安全：抄写消息时不加锁，板上的行因此被撕裂。",
    "exhibit.torn-write.palette.safe": "安全：抄写整条消息时持有同一把锁，每一行都完整。",
    "exhibit.deadlock.palette.unsafe": (
        "不安全：两把锁按相反顺序获取，两个处理线程本会永远互等；这里它们等 1 秒就放弃，以便演示。"
    ),
    "exhibit.deadlock.palette.safe": "安全：总是先拿 A 再拿 B，等待无法形成环。",
    "exhibit.forgotten-release.palette.unsafe": (
        "不安全：用 acquire() 加锁而出错跳过了 release()，锁再也不会归还。"
    ),
    "exhibit.forgotten-release.palette.safe": "安全：用“with lock:”加锁，出错离开时也会释放。",
    # step mode tells the truth: a client in its hold, a thread that cannot step now said as its row says it
    "step.in_hold": "{who} 正在保持连接",
    "note.step_blocked": "{thread}，未被暂停：轮到它之后才能走下一步",
    "note.step_running": "{thread}，未被暂停：它会在下一步之前再次等待",
    # a stepped run's verdict: who chose its steps; a reply wait with step mode's holds left out
    "verdict.stepped_by_hand": "手动单步执行",
    "verdict.stepped_by_schedule": "按计划单步执行",
    "verdict.waited_for_server_unheld": (
        "等待服务器"
        "（不计单步模式暂停的时间，p95 {p95:.2f}秒，不低于{limit}毫秒；平均{mean:.2f}秒）"
    ),
    "verdict.answered_at_once_unheld": (
        "服务器立即回复"
        "（不计单步模式暂停的时间，p95 {p95:.1f}毫秒，低于{limit}毫秒）"
    ),
    "verdict.answered_some_at_once_unheld": (
        "服务器立即回复了{count}个"
        "（不计单步模式暂停的时间，p95 {p95:.1f}毫秒，低于{limit}毫秒）"
    ),
    # a schedule that cannot be followed (a ``stuck`` event's parts: server_core.stepping.Stuck)
    "stuck.where": "卡在第{position}项（共{of}项）{entry}",
    "stuck.unread": "{where}：客户端 {client} 的连接没有处理线程读取",
    "stuck.ended": "{where}：客户端 {client} 在{step}之前就已结束",
    "stuck.waiting": "{where}：{unstarted}{states}",
    "stuck.stalled": "{where}：{unstarted}{stall:g}秒内毫无进展；{states}",
    "stuck.unstarted": "客户端 {client} 尚未启动；",
    "stuck.late": "本轮未能按时结束",
    "stuck.unfinished": "计划未能执行到最后一项",
    "stuck.join": "，",
    "stuck.no_thread": "已没有线程能执行这一项",
    "stuck.held": "{who} 停在{step}之前",
    "stuck.waits_lock": "{who} 等待锁",
    "stuck.waits_semaphore": "{who} 等待信号量名额（共{width}个）",
    "stuck.waits_queue": "{who} 等待队列轮到自己",
    "stuck.waits_turn": "{who} 等待轮到自己",
    "stuck.in_step": "{who} 正在{step}",
    "stuck.in_hold": "{who} 正在保持连接",
    "stuck.in_section": "{who} 在临界区内",
    # a stop that reached clients after their reply; a summary's rows below a following view
    "cli.summary_stopped_replied": (
        "{clients}个客户端：{ok}个成功，{failed}个失败，{stopped}个被停止"
        "（其中{stopped_after_reply}个已收到回复）；用时{makespan:.3f}秒"
    ),
    "log.rows_below": "下方还有{count}行",
    # what the clients table leaves out, a long run said as it starts, the timeline's run keys as one
    "pane.clients_dropped": "显示{seen}个连接中的{shown}个：最早结束的已移除",
    "pane.clients_dropped_short": "显示{shown}/{seen}，最早结束的已移除",
    "pane.clients_gaps": "中间有行已移除",
    "note.rows_dropped": (
        "客户端表约保留{limit}个连接，最早结束的会从表中移除（导出 w 和 tcp-lab open 保留全部）"
    ),
    "note.long_run": "第{run}轮约需{seconds}秒：{n}个客户端各保持{hold}秒，每次{width}个；按 k 停止",
    "note.long_comparison": "本次比较约需{seconds}秒，各轮依次运行；按 k 停止",
    "timeline.long_run": "共约{seconds}秒；按 k 停止",
    "key.runs": "轮次",
    "status.long_run": "第{run}轮约需{seconds}秒：按 k 停止",
    "status.long_run_short": "按 k 停止第{run}轮（{seconds}秒）",
    # the command line's refusals and notices in the user's language (tui_app/strings/reasons.py
    # finds the engine's English reasons by shape; tui_app/diagnostics.py puts the prefix)
    "cli.notice": "{prog}：{message}",
    "cli.file_failed": "{path}：{reason}",
    "recording.view.main": "主界面",
    "recording.view.timeline": "时间线",
    "recording.view.comparison": "对比",
    "why.exists_overwrite": "{text} 已存在；加上 --overwrite 可替换它",
    "why.not_svg": "{text} 不以 .svg 结尾",
    "why.no_picture": "无法画出 {path} 的图片",
    "why.merge_same_file": (
        "{first} 和 {second} 是同一个文件："
        "merge 合并的是一份服务器端记录和一份客户端记录"
    ),
    "why.merge_same_events": (
        "{first} 和 {second} 记录的事件相同："
        "merge 合并的是一份服务器端记录和一份客户端记录"
    ),
    "why.merge_both_sides": "{path} 已包含两端（一轮运行、应用的导出或合并过的文件）：没有可与它合并的",
    "why.merge_both_server": (
        "{first} 和 {second} 都是服务器端的记录："
        "merge 合并的是一份服务器端记录和一份客户端记录"
    ),
    "why.merge_both_client": (
        "{first} 和 {second} 都是客户端的记录："
        "merge 合并的是一份服务器端记录和一份客户端记录"
    ),
    "why.merge_no_anchor": "{path} 没有墙上时钟锚点（由较早版本的 tcp-lab 记录）",
    "why.merge_apart": "{first} 和 {second} 的记录时间相隔{seconds}秒：不是同一次会话",
    "why.merge_no_pairs": "{first} 和 {second} 中没有哪个客户端与另一份里的处理线程通信过",
    "why.not_utf8_file": "{path}：不是 UTF-8 文本（第{at}个字节为 {byte}），不是 tcp-lab 记录",
    "why.seq_gap": "{path}：seq 为 {text}，应为 {due}：事件缺失或顺序错乱",
    "why.not_time": "{path}：t {text} 不是以秒计的时间",
    "why.not_side": "{path}：side {text} 既不是服务器也不是客户端",
    "why.not_kind": "{path}：kind {text} 不是名称",
    "why.field_type": "{path}：{name} {text} 不是{wanted}",
    "wanted.text": "文本",
    "wanted.number": "数字",
    "wanted.wall": "墙上时钟时间（自1970年起的秒数）",
    "wanted.any_seconds": "秒数",
    "wanted.run_number": "轮次编号",
    "wanted.client_count": "客户端数量",
    "wanted.entry_number": "条目编号",
    "wanted.byte_count": "字节数",
    "wanted.byte_escapes": "以 \\xNN 转义的字节",
    # an exhibit handler's reasons for ending its connection (server_core/exhibits)
    "reason.bad request": "错误的请求",
    "reason.gave up": "放弃等待",
    "reason.added": "已累加",
    "reason.deposited": "已存入",
    "reason.transferred": "已转账",
    "reason.copied": "已抄写",
    # a recording of the clients alone: the server's counters unknown, the clients' messages
    "status.counters_unseen": "活动 —  已接受 —  消息 {messages}  （客户端发送；未录制服务器端）",
    # ok clients whose handler reported an error: the summary says how many, as their rows do
    "cli.summary_server_errors": (
        "{line}；其中{count}个成功的客户端，服务器的处理线程报告了错误（其行显示错误）："
        "TCP 上收到了回复，请求仍可能失败"
    ),
    # clients the server turned away (busy): failed, said so beside the counts
    "cli.summary_refused": "{line}；失败的客户端中有{count}个被服务器拒绝（已达同时服务的客户端上限）",
    # an order out of place over only some of the run's clients: of how many, said so
    "verdict.apart_some": "走到{name}的{n}个中{count}个错位",
    "verdict.refused": "其中{count}个被服务器拒绝（已达同时服务的客户端上限）",
    # step mode paused by g (or a comparison's run): no new thread held until the next launch
    "status.step_paused": "单步模式已暂停，直到下一轮启动",
    "status.step_paused_short": "单步模式暂停至下轮启动",
    "status.step_paused_least": "单步模式已暂停",  # the narrowest screens (30 columns)
    "step.title_paused": "线程（单步模式已暂停，直到下一轮启动）",
    "step.paused": (
        "按 g 之后所有线程自由运行，新线程（外部连接的）也一样；下一轮启动（任一启动键）"
        "或按 p 关闭再打开单步模式，就会重新暂停它们"
    ),
    "note.step_free": "{thread}，未被暂停：g 已让它自由运行到结束",
    # a launch from a screen without the events pane: where its run is
    "note.elsewhere_launched": "第{run}轮显示在主界面上（Esc）",
    "note.elsewhere_held": "第{run}轮在单步模式中等待：到主界面（Esc）逐步执行",
    # what standard output did not write: its events, its closing lines
    "cli.part.events": "{count}个事件",
    "cli.part.summary": "汇总",
    "cli.part.stop": "停止原因一行",
    "cli.part.lanes": "泳道",
    "cli.part.last": "{most}和{last}",
    # a mean wait over only the clients granted a turn; the clients stopped while they waited
    "verdict.mean_over_granted": "{said}（只计获准的{count}个）",
    "verdict.stopped_waiting": "被停止的{stopped}个中有{count}个在等待轮次时被停止，平均已等{wait:.2f}秒",
    # the orders and connections cut short on a terminal: where every client is
    "cli.orders_cut": "每个客户端在各顺序中的位置及其连接：见 --json 或导出文件（--export PATH）",
    # a value of its option's form, out of its range: the range alone
    "why.size_range": "{text} 超出范围（20到{high}列、10到{high}行）",
    "why.schedule_client": "计划条目 {text}：客户端编号从1开始，不能是{client}",
    # step mode told plainly: the pane's keys while paused, a handler's way to step, what a thread
    # inside a step is doing, a run held with no server to connect to
    "step.keys_paused": "f l s u o r：启动新一轮，重新暂停  p：关闭单步模式",
    "step.held_handler": "{who} 就绪：{step}（没有按键：点击它，再按 Enter）",
    "step.running_doing": "{who} 正在走一步：{step}，{doing}",
    "step.doing_client_turn": "正在请求轮次",
    "step.doing_client_connect": "正在连接服务器",
    "step.doing_client_send": "正在把消息交给内核",
    "step.doing_client_recv": "阻塞在这里，直到服务器回复",
    "step.doing_client_close": "正在关闭连接",
    "step.doing_server_turn": "正在请求轮次",
    "step.doing_server_read": "等待客户端的消息",
    "step.doing_server_reply": "正在发送回复",
    "step.doing_server_close": "正在关闭连接",
    "note.step_no_server": (
        "服务器已停止：第{run}轮的客户端走到连接这一步时会连接 {address}，"
        "若那时没有服务器在监听就会被拒绝（按 a 启动服务器）"
    ),
    # figures and keys that say what is true: the part of a stopped client's wait step mode held
    # the client in its turn
    "verdict.stopped_waiting_held": "{said}（其中{held:.2f}秒是单步模式按住了持有轮次的客户端）",
    # the comparison's columns, each told under its header's name
    "comparison.column_said": "{names}：{about}",
    "comparison.names_joined": "、",
    "comparison.about.run": "本轮的编号和客户端的顺序",
    "comparison.about.makespan": "从本轮第一个客户端事件到最后一个",
    "comparison.about.peak": "同一时刻连接着的客户端最多有几个",
    "comparison.about.waits": (
        "获准轮次的客户端等待轮次的平均值和第95百分位"
        "（free 自由顺序中没有轮次；被停止或始终未获得轮次的客户端不计）"
    ),
    "comparison.about.reply_wait": "客户端从发送到收到回复的时间的第95百分位",
    "comparison.about.out_of_order": "有更早请求的客户端仍在等待时，轮次却给了别人的次数",
    "comparison.about.orders": "客户端编号，分别按启动、被接受、收到回复、关闭的先后排列",
    # the headless commands say one thing one way: only what the output has, the argument as named
    "cli.orders_only_cut": "每个客户端在各顺序中的位置：见 --json 或导出文件（--export PATH）",
    "verdict.apart_rest": "{apart}；{names}按启动顺序",
    "port.time_wait": (
        "{host} 的端口{port}仍被处于 TIME_WAIT 的连接占用，内核最多保留一分钟（只有这些连接的套接字"
        "也设置了 SO_REUSEADDR，设置了它的新套接字才能越过它们绑定）"
    ),
    "note.port_time_wait": (
        "无法监听：{said}。请一分钟后在“服务器”下再按 Enter，或在那里输入其他端口（0 表示任一空闲端口）。"
    ),
    # the timeline and the exhibits show what the text says: where a stop cut a lane, what "-" in
    # an order means
    "lane.stopped": "在此被停止截断",
    "order.dash": "-：没有客户端走到这一步（其余的在此之前出错或被拒绝；服务器做的关闭不计）或没有记录",
    "order.dash_stopped": "-：停止前没有（停止造成的关闭不计）或没有记录",
    # the step pane's answer, labelled as such above a separator: no thread's row
    "step.answer_label": "未能单步",
    # Enter in the threads pane before any thread is listed (keys typed ahead of a launch)
    "note.step_none_yet": "还没有可单步的线程：一轮的线程启动后会列在这里，再按 Enter 让高亮的线程走一步",
    # every screen shows its keys: the threads pane's focus key, the comparison's keys, a
    # comparison under way in the status line
    "key.step_focus": "线程",
    "palette.step_focus": "单步模式：把焦点移到线程窗格，它的按键随即可用",
    "help.step_focus": "把焦点移到此窗格（在主屏幕任何地方）",
    "help.comparison_keys": "比较页（按键 c）",
    "help.comparison_scroll": "滚动（翻页键、首尾键也可以）",
    "help.comparison_tables": "依次到每个表格，再用 ↑ ↓ 逐行查看",
    "help.main_keys_too": "在时间线页和比较页上，主屏幕的按键同样可用。",
    "status.comparing": "比较中：第{run}轮，共{total}轮",
    # 服务器的等待连同含义一起说：10毫秒以内算立即，其后不算立即（但还不算等待），均值高于p95时说明原因
    "verdict.answered_not_at_once": "服务器回复了，但不算立即（p95 {p95:.1f}毫秒，不低于{limit}毫秒）",
    "verdict.answered_some_not_at_once": (
        "服务器回复了{count}个，但不算立即"
        "（p95 {p95:.1f}毫秒，不低于{limit}毫秒）"
    ),
    "verdict.answered_not_at_once_unheld": (
        "服务器回复了，但不算立即"
        "（不计单步模式暂停的时间，p95 {p95:.1f}毫秒，不低于{limit}毫秒）"
    ),
    "verdict.answered_some_not_at_once_unheld": (
        "服务器回复了{count}个，但不算立即（不计单步模式暂停的时间，p95 "
        "{p95:.1f}毫秒，不低于{limit}毫秒）"
    ),
    "verdict.mean_above_p95": "（均值高于 p95：少数很长的等待把均值拉高了）",
    "cli.cut.experiment_json": "实验被中途停止：结束时才输出的那个 JSON 对象没有输出",
    "cli.cut.exhibit_json": "案例被中途停止：结束时才输出的那个 JSON 对象没有输出",
    "obs.connected_ms": "{mode} 下客户端的 connect 返回（从循环开始算起的毫秒）",
    # the timeline's zoom and pan keys where they cannot go further, said in its header
    "timeline.zoom_in_limit": "无法再放大：1列已是{column}",
    "timeline.zoom_out_limit": "无法再缩小：已显示整轮",
    "timeline.pan_whole": "无法移动：已显示整轮（按 + 放大）",
    "timeline.pan_start": "无法再往前：本轮从这里开始",
    "timeline.pan_end": "无法再往后：本轮到这里结束",
    "timeline.first_run": "这是第一轮：之前没有别的轮",
    "timeline.newest_run": "这是最新一轮：之后没有别的轮",
    # the timeline: the lanes and the header's rows out of view, and a cell that several events share
    "timeline.lanes_above": "上方还有{count}条泳道",
    "timeline.lanes_below": "下方还有{count}条泳道",
    "timeline.header_keys": "按 Tab 再按 ↑ ↓ 滚动这几行",
    "key.timeline_focus": "标题或泳道",
    "palette.timeline_focus": "在泳道上方的本轮信息与泳道之间切换焦点：↑ ↓ 滚动有焦点的一方",
    "lane.shared_cell": "一格多个事件：显示 {marks} 中靠前者",
    "swimlane.shared_column": "{marks}：同列靠前者显示",
    # the clients table while the reader has it focused: a new run is not brought into view
    "pane.clients_not_following": "未跟随：按 End 跟随",
    # 一轮的结论：回复 p95 的含义及其判断界限
    "help.p95": (
        "一轮的结论按从发送到回复的 p95 判断服务器的等待：95%的回复在这段时间内到达。"
        "低于10毫秒算立即回复，50毫秒及以上算客户端等待服务器，介于两者之间算回复了但不算立即。"
    ),
    # 被停止但并非在等待轮次的客户端，使被停止一轮的各个数目能对上
    "verdict.stopped_rest": "（其余：{items}）",
    "verdict.stopped_granted": "{count}个已获准轮次",
    "verdict.stopped_unasked": "{count}个尚未请求轮次",
    # 实验室的服务器停止时启动客户端：立即在事件窗格中说明（tui_app/app.py）
    "note.launch_no_server": (
        "实验室的服务器已停止（按 a 启动）：第{run}轮的客户端连接 {address}，"
        "除非另有服务器在那里监听，否则会被拒绝"
    ),
    # 启动、结论与被占用的端口所说的话（tui_app/said_elsewhere.py、verdict.py、cli.py）
    "note.launch_port_held": (
        "实验室的服务器已停止，而另一个程序在 {address} 监听：第{run}轮的客户端会连到那个程序，"
        "而不是实验室的服务器，并等它的回复直到各自超时（要用实验室的服务器，请换一个端口再按 a）"
    ),
    "verdict.no_order": "没有客户端收到回复，没有顺序可评判",
    "cli.port_next_taken": "{line}：该实验监听端口{asked}及下一个端口{port}",
    "cli.port_zero_hint": "{line}；--port 0 会选一个空闲端口",
    # 应用的默认文本（tui_app/form.py）：与课程相同
    "default.message": "客户端{i}连接成功",
    "default.reply": "收到客户端信息",
    # the timeline's window: a whole view earlier or later, the run's start and end, the first and
    # last lane; their palette entries
    "key.timeline_page_earlier": "向前一屏",
    "key.timeline_page_later": "向后一屏",
    "key.timeline_start": "本轮开头",
    "key.timeline_end": "本轮结尾",
    "key.timeline_top": "第一条泳道",
    "key.timeline_bottom": "最后一条泳道",
    "palette.timeline_page_earlier": "把时间线向更早的时间移动一整屏",
    "palette.timeline_page_later": "把时间线向更晚的时间移动一整屏",
    "palette.timeline_start": "显示本轮开头，保持缩放",
    "palette.timeline_end": "显示本轮结尾，保持缩放",
    "palette.timeline_top": "滚动到第一条泳道",
    "palette.timeline_bottom": "滚动到最后一条泳道",
}

# The command line's help texts (English, as cli.build_parser writes them) in Chinese.
CLI_HELP: dict[str, str] = {
    "See how a thread-per-client TCP server behaves.": "观察每个客户端一个线程的 TCP 服务器如何工作。",
    "show this help message and exit": "显示本帮助并退出",
    "address to listen on": "监听的地址",
    "port (0: any free port)": "端口（0：任一空闲端口）",
    "port to listen on, 0 for a free one": "监听的端口，0 表示任一空闲端口",
    "port to listen on, 0 for a free one (reuseaddr takes it and the next)": (
        "监听的端口，0 表示任一空闲端口（SO_REUSEADDR 实验用它和下一个端口）"
    ),
    "interface language (default: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set, else en)": (
        "界面语言：en 英文、zh 中文"
        "（默认：LANGUAGE、LC_ALL、LC_MESSAGES、LANG 中第一个已设置的，都未设置则为 en）"
    ),
    "colour theme: one of Textual's, or tcp-lab-contrast for a projector": (
        "配色主题：Textual 自带的主题之一，或投影用的 tcp-lab-contrast"
    ),
    "show program's version number and exit": "显示版本号并退出",
    "run the server headless, one line per event": "无界面运行服务器，每个事件一行",
    "launch N clients against a server and summarize": "向服务器启动 N 个客户端并汇总",
    "run one socket experiment and say what it showed": "运行一个套接字实验并说明结果",
    "handler ordering: free, lock, semaphore:K, queue": (
        "处理线程的顺序：free 自由、lock 锁、semaphore:K 信号量、queue 队列"
    ),
    "pause before each reply": "每次回复前暂停",
    "reply to every message": "对每条消息的回复",
    "listen backlog": "监听队列长度（backlog）",
    "how the accept loop waits for clients": (
        "accept 循环等待客户端的方式：blocking 阻塞、timeout 超时、nonblocking 非阻塞"
    ),
    "a thread per connection: reuse one whose connection ended, or always start a new one": (
        "每个连接一个线程：reuse 复用（连接已结束的线程）或 new 新建（总是新的）"
    ),
    "bytes one connection may send in all (0: no limit)": "一个连接总共可发送的字节数（0：不限）",
    "drop a client not taking a reply in S s (0: never)": "S 秒内不接收回复的客户端将被断开（0：从不）",
    "close a connection silent for S seconds (0: never)": "关闭静默 S 秒的连接（0：从不）",
    "clients served at once; extra ones are told why (0: no cap)": (
        "同时服务的客户端数；多出的会被告知原因（0：不限）"
    ),
    "one JSON object per event per line": "每个事件一行 JSON",
    "set a socket option (repeatable), e.g. TCP_NODELAY=1, SO_KEEPALIVE=1, TCP_KEEPIDLE=60": (
        "设置套接字选项（可重复），如 TCP_NODELAY=1、SO_KEEPALIVE=1、TCP_KEEPIDLE=60"
    ),
    "output language (default: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set, else en)": (
        "输出语言：en 英文、zh 中文"
        "（默认：LANGUAGE、LC_ALL、LC_MESSAGES、LANG 中第一个已设置的，都未设置则为 en）"
    ),
    "at the end, write every event to PATH (.jsonl, .csv, .trace.json, from the name)": (
        "结束时把全部事件写入 PATH（按文件名：.jsonl、.csv、.trace.json）"
    ),
    "let --export replace an existing file": "允许 --export 覆盖已有文件",
    "how many clients": "客户端数量",
    "server address": "服务器地址",
    "server port": "服务器端口",
    "client ordering: free, lock, semaphore:K, queue, sequential": (
        "客户端的顺序：free 自由、lock 锁、semaphore:K 信号量、queue 队列、sequential 依次"
    ),
    "seconds each client keeps its connection open after the reply": "每个客户端收到回复后保持连接的秒数",
    "what each client sends; {i} is its number": "每个客户端发送的内容；{i}是它的编号",
    "limit for the connect and for each wait for a reply": "连接以及每次等待回复的时限",
    "one JSON object per event, then a summary": "每个事件一个 JSON 对象，最后是汇总",
    "after the summary, draw one lane per client over time": "汇总之后，按时间为每个客户端画一条泳道",
    "one JSON object with the outcome": "一个包含结果的 JSON 对象",
    "after the summary, draw both sides' lanes": "汇总之后，画出两端的泳道",
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
        "应用在哪里运行服务器和客户端：thread 线程（在自己的线程里）或 process 进程（各自的进程里）"
    ),
    "server and clients as processes of their own (times as two programs see them), or "
    "threads of this one (--schedule always runs on threads)": (
        "服务器和客户端 process 进程：各在自己的进程里（时间与两个独立程序所见相同），"
        "或 thread 线程：都在本进程的线程里（--schedule 总是用线程）"
    ),
    "start the server and one client run, show both sides, summarize": (
        "启动服务器和一轮客户端，显示两端并汇总"
    ),
    "the clients recording": "clients 的记录",
    "the serve recording": "serve 的记录",
    "the picture's size": "图片的尺寸",
    "the reply": "回复",
    "the view --svg draws": "--svg 画出的视图：main 主界面、timeline 时间线、comparison 对比",
    "write the view's picture and exit": "写出该视图的图片后退出",
    # what each command does, the examples in its help, the exhibits' client counts, merge's output
    "Run the lab's server without the app, one line per event, until Ctrl-C.": (
        "无界面运行实验室的服务器，每个事件一行，直到按 Ctrl-C。"
    ),
    "Launch N clients at a running server, one line per event, then a summary.": (
        "向正在运行的服务器启动 N 个客户端，每个事件一行，最后是汇总。"
    ),
    "Start a server and one run of clients, show both sides, then a summary.": (
        "启动一个服务器和一轮客户端，显示两端，最后是汇总。"
    ),
    "Run one socket experiment on loopback and say what it measured.": (
        "在回环地址上运行一个套接字实验，并说明测得的结果。"
    ),
    "Make a lock fault happen on real connections, or show its fix (--safe).": (
        "在真实的连接上让一个锁的错误发生，或展示它的修正（--safe）。"
    ),
    "Open the app on a .jsonl recording, or draw one view of it as a picture.": (
        "在 .jsonl 记录上打开应用，或把它的一个视图画成图片。"
    ),
    "Put a serve and a clients recording of one run on one clock, in one file.": (
        "把同一轮的 serve 记录和 clients 记录放到同一时钟上，写成一个文件。"
    ),
    "examples:": "示例：",
    "the app, its server listening on 127.0.0.1:8888": "打开应用，其服务器监听 127.0.0.1:8888",
    "both sides without the app: an order nobody chose": "不开应用，看两端：没有人选定的顺序",
    "what a command does and takes, with its examples": "一个命令做什么、接受哪些选项，附示例",
    "listen on 127.0.0.1:8888; Ctrl-C stops it": "监听 127.0.0.1:8888；按 Ctrl-C 停止",
    "serve one client at a time, 0.2 s before each reply": "一次只服务一个客户端，每次回复前等待0.2秒",
    "serve two clients at once and refuse the others": "同时服务两个客户端，拒绝其余的",
    "8 clients at once against 127.0.0.1:8888": "8个客户端同时连接 127.0.0.1:8888",
    "one at a time: about 1.6 s": "一次一个：约1.6秒",
    "three at a time, drawn as lanes": "一次三个，画成泳道",
    "accepted, answered and closed in an order nobody chose": "接受、回复和关闭的顺序都没有人选定",
    "free clients, a locked server: they wait": "客户端不排序，服务器加锁：客户端等待服务器",
    "the server accepts 3, then 1, then 2": "服务器先接受3，再接受1，然后是2",
    "small writes with Nagle's algorithm on, then TCP_NODELAY": (
        "小块写入：先开着 Nagle 算法，再用 TCP_NODELAY"
    ),
    "connected is not accepted": "已连接不等于已接受",
    "the outcome as one JSON object": "结果为一个 JSON 对象",
    "deposits lost between a read and a write": "存款在读与写之间丢失",
    "the fix: one lock from the read to the write": "修正：从读到写持有一把锁",
    "its events, to open with tcp-lab open": "写出它的事件，可用 tcp-lab open 打开",
    "the app on the recording; no server is started": "在记录上打开应用；不启动服务器",
    "the timeline as a picture": "把时间线画成图片",
    "both sides on one clock, to open": "两端放到同一时钟上，供打开",
    "the same, for Perfetto": "同上，供 Perfetto 使用",
    "clients, 2 to 32 (default: 5 for lost-update, 3 for torn-write, 4 for deadlock, "
    "4 for forgotten-release)": (
        "客户端数，2到32（默认：lost-update 5个，torn-write 3个，deadlock 4个，forgotten-release 4个）"
    ),
    "write the merged events to OUT (.jsonl, .csv, .trace.json, from the name)": (
        "把合并后的事件写入 OUT（按文件名：.jsonl、.csv、.trace.json）"
    ),
}
