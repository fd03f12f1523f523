"""English, the source language: every text of the interface by key, and the command line's help.

A key names where a text is used (``server.accepted``: the server's ``accepted`` event); ``{name}``
is a value filled in, ``{n:# client|# clients}`` a plural (see :mod:`tui_app.strings.tables`). Every
other language's file has exactly these keys, with the same values in each text.
"""

TEXTS: dict[str, str] = {
    # events, server side
    "server.listening": "listening on {local} (order {order}, accept {accept}; in force: {options})",
    "server.accepted": "connection {who} accepted from {peer}",
    "server.received": "{who} says: {text}",
    "server.replied": "replying to {who}: {text}",
    "server.disconnected": "{who} disconnected ({text})",
    "server.disconnected_thread": "{who} disconnected ({text}; thread {thread})",
    "server.waiting": "handler of {who} waits for its turn",
    "server.entered": "handler of {who} takes its turn",
    "server.left": "handler of {who} done",
    "server.error": "error ({who}): {text}",
    "server.refused": "{who} refused: {text}",
    "server.stopped": "server stopped",
    "server.nobody_waiting": "accept ({accept}) found nobody waiting, {count} times so far",
    # events, client side
    "client.launched": "run {run}: launching {n:# client|# clients} (order {order}, hold {hold} s)",
    "client.connecting": "client {who} connecting to {peer}",
    "client.connected": "client {who} connected as {local}",
    "client.sent": "client {who} sending: {text}",
    "client.received": "client {who} received: {text}",
    "client.disconnected": "client {who} disconnected ({text})",
    "client.disconnected_plainly": "client {who} disconnected",
    "client.waiting": "client {who} waits for its turn",
    "client.entered": "client {who} takes its turn",
    "client.left": "client {who} done",
    "client.error": "client {who} error: {text}",
    "client.finished": "run {run}: every client done",
    # the app: status line
    "app.title": "tcp-lab",
    "status.listening": "listening on {address}",
    "status.stopped": "not listening",
    "status.counters": "active {active}  accepted {accepted}  messages {messages}",
    "status.runs": "runs going {running}",
    "status.accept": "accept {mode}: nobody waiting {count:# time|# times}",
    # the app: panes
    "pane.controls": "Controls",
    "pane.clients": "Messages per client",
    "pane.events": "Connection events",
    "pane.conversation": "Conversation of {who}",
    "pane.conversation.none": "Conversation (select a client row)",
    "col.id": "client",
    "col.server": "server",
    "col.state": "state",
    "col.sent": "sent",
    "col.got": "got back",
    "col.address": "address",
    "who.outside": "outside",
    "conversation.trimmed": "(earlier events of this connection are trimmed)",
    # the app: its own lines in the connection events pane
    "note.port_busy": (
        "cannot listen: port {port} on {host} is already in use. "
        "Type another port under Server and press Enter there (or the key a outside the fields)."
    ),
    "note.cannot_listen": (
        "cannot listen on {host}:{port}: {reason}. "
        "Change host or port under Server and press Enter there (or the key a outside the fields)."
    ),
    "note.launched": "run {run}: launching {n:# client|# clients}, order {order}, to {address}",
    "note.run_done": "run {run} done — {summary}",
    "note.run_stopped": "run {run} stopped before it ended — {summary}",
    "note.summary_and_verdict": "{summary}; {verdict}",
    "note.clients_stopped": "stopped {count:# client run|# client runs}",
    "note.no_run_to_stop": "no client run to stop",
    "note.no_server": "no server is running",
    "note.comparing": "comparing the modes, one run each: {orders}",
    "note.exported": "{message}",
    "note.cannot_launch": "cannot launch the clients: {reason}. Nothing was started; the app goes on.",
    "status.starting": "starting the server on {address}…",
    "status.starting_short": "starting…",
    # the timeline, the comparison and the export screens
    "timeline.empty": "no run yet: launch clients (f, l, s, u, o) or compare the modes (c)",
    "timeline.run": "run {run}: {order}, {n:# client|# clients}, hold {hold} s",
    "timeline.running": "running…",
    "timeline.zoomed": "zoom ×{zoom}, 0 shows the whole run",
    "timeline.more": "… {count} more",
    "comparison.title": "Runs side by side (times in ms)",
    "comparison.run": "run",
    "comparison.mode": "mode",
    "comparison.makespan": "makespan",
    "comparison.peak": "at once",
    "comparison.mean_wait": "mean wait",
    "comparison.p95_wait": "p95 wait",
    "comparison.out_of_order": "jumped",
    "export.title": "Export the event history",
    "export.title_exhibit": "Export the events of the exhibit run shown",
    "export.prompt": (
        "File name (.jsonl, .csv or .trace.json; tcp-lab open reads .jsonl); Enter writes, Escape cancels"
    ),
    "export.exists": "{path} exists: Enter again replaces it",
    "export.failed": "cannot write {path}: {reason}",
    "note.exposed": (
        "warning: listening on {host} lets other machines connect; anyone who can reach it sees "
        "and sends text here. Use 127.0.0.1 to keep it on this machine."
    ),
    # the app: states of a connection
    "state.connecting": "connecting",
    "state.waiting": "waiting",
    "state.entered": "its turn",
    "state.connected": "connected",
    "state.sent": "sent",
    "state.received": "got reply",
    "state.server_received": "message in",
    "state.replied": "replied",
    "state.left": "done",
    "state.closed": "closed",
    "state.error": "error: {text}",
    # the app: controls
    "controls.clients": "Clients",
    "controls.server": "Server",
    "field.n": "N",
    "field.order": "order",
    "field.hold": "hold s",
    "field.message": "message",
    "field.server_order": "order",
    "field.delay": "delay s",
    "field.host": "host",
    "field.port": "port",
    "field.accept": "accept",
    "field.backlog": "backlog",
    "field.sockopts": "options",
    "placeholder.sockopts": "e.g. TCP_NODELAY=1",  # an example, not a value in force: fits 80x24
    # the app: a choice field's values by name (the form shows a name beside a value it differs from)
    "choice.free": "free",
    "choice.lock": "lock",
    "choice.semaphore": "semaphore",
    "choice.queue": "queue",
    "choice.sequential": "sequential",
    "choice.blocking": "blocking",
    "choice.timeout": "timeout",
    "choice.nonblocking": "nonblocking",
    "choice.reuse": "reuse",
    "choice.new": "new",
    "choice.process": "process",
    "choice.thread": "thread",
    "choice.main": "main",
    "choice.timeline": "timeline",
    "choice.comparison": "comparison",
    "choice.en": "en",
    "choice.zh": "zh",
    "cli.port_time_wait": "{said}: run it again in a minute, or with --port 0",
    "button.launch": "Launch",
    "button.launch.tip": "Launch N clients in the order typed above (key r)",
    "button.stop_clients": "Stop",
    "button.stop_clients.tip": "Stop the clients still running (key k)",
    "button.start_server": "Start",
    "button.start_server.tip": "Start or restart the server with these settings (key a)",
    "button.stop_server": "Stop",
    "button.stop_server.tip": "Stop the server (key x)",
    # the app: keys (footer, help screen, command palette)
    "key.launch_free": "free",
    "key.launch_lock": "lock",
    "key.launch_semaphore": "semaphore",
    "key.launch_queue": "queue",
    "key.launch_sequential": "sequential",
    "key.launch_form": "launch",
    "key.stop_clients": "stop clients",
    "key.start_server": "start server",
    "key.stop_server": "stop server",
    "key.help": "help",
    "key.experiments": "experiments",
    "key.quit": "quit",
    "key.leave_field": "leave field",
    "key.timeline": "timeline",
    "key.compare": "compare",
    "key.export": "export",
    "key.timeline_zoom_in": "zoom in",
    "key.timeline_zoom_out": "zoom out",
    "key.timeline_earlier": "earlier",
    "key.timeline_later": "later",
    "key.timeline_fit": "whole run",
    "key.timeline_handlers": "handlers",
    "key.timeline_previous": "previous run",
    "key.timeline_next": "next run",
    "key.timeline_back": "back",
    "key.comparison_back": "back",
    "palette.timeline": "Show the timeline of the latest run",
    "palette.compare": "Run N clients in every mode, one run after another, and compare them",
    "palette.export": "Write every event to a file (.jsonl, .csv, .trace.json)",
    "key.command_palette": "palette",
    "side.client": "client",
    "side.server": "server",
    "palette.launch_free": "Launch N clients, free",
    "palette.launch_lock": "Launch N clients, lock-ordered",
    "palette.launch_semaphore": "Launch N clients, semaphore",
    "palette.launch_queue": "Launch N clients, queue",
    "palette.launch_sequential": "Launch N clients, one after another",
    "palette.launch_form": "Launch N clients in the order of the form",
    "palette.stop_clients": "Stop every client run",
    "palette.start_server": "Start or restart the server with the form's settings",
    "palette.stop_server": "Stop the server",
    "palette.help": "Show keys and what each mode demonstrates",
    "palette.experiments": "Open the socket experiments",
    "palette.experiment": "Experiment: {title}",
    # the app: help screen
    "help.title": "tcp-lab: keys and modes",
    "help.keys": "Keys",
    "help.modes": "What each client order demonstrates",
    "help.mode": "{mode} (key {press})",
    "help.fields": (
        "Fields: Tab (or Down; Shift+Tab or Up back) goes through the buttons and fields in screen "
        "order, each section's buttons above its fields (Enter presses one); a launch key "
        "(f, l, s, u, o) puts the order it launches in the order field, which Launch (r) runs "
        "again. Enter in a client field launches, Enter in a server field "
        "restarts the server, Escape leaves a field. A focused field takes what is typed: the keys "
        "above (q, x, a, ...) work only outside the fields, and a character a field cannot use is "
        "refused with a hint under it; the next Enter then says so, and the one after acts."
    ),
    "help.close": "Escape or ? closes this screen.",
    "help.experiments": "Socket experiments (key e, then 1-6; or the command palette)",
    "help.server_fields": (
        "Server fields: accept is blocking, timeout or nonblocking; options are NAME=VALUE pairs "
        "such as TCP_NODELAY=1 SO_KEEPALIVE=1; the events pane's listening line shows the values "
        "the kernel reports."
    ),
    "help.bytes": (
        "Bytes view (key d): each message's bytes in hexadecimal beside the characters they "
        "encode. ◌ stands for bytes a message's edge may have cut from a character (the rest of one "
        "begun in the message before, or bytes held back that the next message completes or shows "
        "as \\xNN); … marks text cut short for want of room (a line's end, "
        "a cell, a long name's middle)."
    ),
    "help.times.process": (
        "What the times include: the server and each run of clients are processes of their own, "
        "so a client's times are taken in its process and the server's in its, as two programs "
        "see them; while a run is in flight the main screen's panes and the timeline are drawn "
        "four times a second, so they show each event up to a quarter of a second after it "
        "happens, which is not in any time shown. Step mode (key p) holds threads of this process: "
        "while it is on, the clients run here, and the server too once no connection to it is "
        "open (until then it stays in its own process), as with --engine thread; the time a "
        "thread is held is left out of the waits the summaries give."
    ),
    "help.times.thread": (
        "What the times include: the server, the clients and the app's screens share one process "
        "(--engine thread), so each time includes waiting for the others' turn at the one "
        "interpreter; start tcp-lab with --engine process for the times two programs see."
    ),
    "mode.free": (
        "Every client thread runs at once: connects, sends and closes interleave "
        "in an order nobody chose, different on every run."
    ),
    "mode.lock": (
        "One threading.Lock held across connect..close (plus hold): one client at a time, "
        "in whatever order the threads get the lock; total time = N x hold. A Lock is not fair: "
        "one at a time, not first come, first served; for launch order use queue or sequential."
    ),
    "mode.semaphore": (
        "A threading.Semaphore(K): at most K clients inside at once (K from the order field "
        "as semaphore:K, else max(2, N // 2)); a band K wide."
    ),
    "mode.queue": (
        "A queue.Queue hands out turns: one at a time, strictly in launch order 1, 2, 3... "
        "Order imposed, at the cost of waiting."
    ),
    "mode.sequential": (
        "Sync points: each client's whole connect..close finishes (join) before the next "
        "thread even starts."
    ),
    # command line
    "cli.summary": "{clients:# client|# clients}: {ok} ok, {failed} failed; {makespan:.3f} s",
    "cli.client_options": "client socket options in force: {options}",
    "cli.exposed": (
        "warning: listening on {host} lets other machines connect; anyone who can reach it sees "
        "and sends text here"
    ),
    # what a run amounted to, in plain words
    "verdict.clients": "{n:# client|# clients}",
    "verdict.one_at_a_time": "one at a time",
    "verdict.all_at_once": "all at once",
    "verdict.at_most": "never more than {k} at a time",
    "verdict.nobody_waited": "nobody waited for a turn",
    "verdict.in_order": "granted in request order, {wait:.2f} s mean wait",
    "verdict.out_of_order": (
        "granted out of request order {count} (asked {asked}; granted {granted}), {wait:.2f} s mean wait"
    ),
    "verdict.once": "once",
    "verdict.twice": "twice",
    "verdict.times": "{count} times",
    "verdict.failed": "{failed} failed",
    "verdict.separator": ", ",
    # what a run amounted to: the order nobody chose, the wait for the server (tui_app/verdict.py)
    "verdict.none_connected": "no client connected",
    "verdict.all_failed": "all {n} failed",
    "verdict.waited_for_server": (
        "waited for the server (p95 {p95:.2f} s, {limit} ms or more; mean {mean:.2f} s)"
    ),
    "verdict.answered_at_once": "replies at once (p95 {p95:.1f} ms, under {limit} ms)",
    "order.launch_order": "launched",
    "order.accept_order": "accepted",
    "order.replied_order": "received",
    "order.not_seen": "- (not seen here: the server runs in another process)",
    "order.not_seen_no_server": "- (not seen here: no server answered)",
    "order.pairs": "connections: {pairs}",
    "comparison.launch_order": "launched",
    "comparison.accept_order": "accepted",
    "comparison.replied_order": "received",
    "comparison.reply_wait": "reply p95",
    "comparison.marks": (
        "highlighted: positions where the order differs from the launch order, the order nobody chose"
    ),
    # the main screen at 80x24 and 50 columns; the comparison's waits; a handler thread reused
    "log.rows_above": "more above: {count:# row|# rows}",
    "note.handler_reused": (
        "{thread} served an earlier connection of this run: after its close a handler thread "
        "waits {linger:g} s for the next; with none waiting, a new thread starts"
    ),
    "note.handler_reused_again": "{thread} reused (waits {linger:g} s after a close)",
    "verdict.turns_part": (
        "granted out of request order {count} (turns {first}-{last} of {asked_n} asked, {granted_n} "
        "granted: asked {asked}; granted {granted}), {wait:.2f} s mean wait"
    ),
    "verdict.out_of_order_said": "granted out of request order {count}, {wait:.2f} s mean wait",
    "verdict.rest_on_timeline": "{said}; more on the timeline (t)",
    "cli.run_listening": "server for this run on {address}",
    # timelines
    "lane.waiting": "waiting for its turn",
    "lane.inside": "in its section, not connected",
    "lane.unconnected": "connecting",  # a lane that takes no turn ends at its close
    "lane.sending": "sending",
    "lane.receiving": "receiving (blocked in recv)",
    "lane.connected": "connected, idle",
    "lane.error": "error",
    "swimlane.lane": "client",
    "swimlane.legend": "legend: {items}   (one column = {column} ms)",
    "lane.inside_where_turns": "not connected: in its section where it took a turn, else connecting",
    "swimlane.server": "server",
    # exports
    "cli.exported": "wrote {count:# event|# events} to {path}",
    "cli.export_failed": "cannot write {path}: {reason}",
    "cli.port_busy": "port {port} on {host} is already in use",
    "cli.cannot_listen": "cannot listen on {host}:{port}: {reason}",
    # recordings: tcp-lab open, the replay keys, merge
    "recording.status": "recording {path}",
    "recording.of": "recorded: {what}",
    "recording.server": "server {address}",
    "recording.handlers": "server handlers",
    "recording.runs": "{runs:# client run|# client runs}",
    "recording.and": " and ",
    "recording.playing": "▶ ×{speed} {at}/{end} s",
    "recording.paused": "‖ ×{speed} {at}/{end} s",
    "recording.skipped": (
        "{path}: skipped {fields:# field|# fields} and {events:# event|# events} this version does not "
        "know ({names})"
    ),
    "recording.merged": (
        "merged {count:# event|# events} ({first} {first_count} + {second} {second_count}), "
        "{pairs:# connection|# connections} seen from both ends, into {path}"
    ),
    "recording.picture": "wrote the {view} view of {source} to {path}",
    # a recording's replay: what its keys and hints say where a live lab's would not work
    "replay.live_key": (
        "a recording replays what was recorded: it starts no server, launches no clients and "
        "steps no thread (space replays it)"
    ),
    "replay.no_run": "this recording holds no client run to compare",
    "replay.not_ended": "no run of the replay has ended yet: space replays on to the end",
    "timeline.empty_replay": "no run replayed yet: space replays the recording, n its next event",
    "why.text_size": (
        "{path}: the text's size in UTF-8 ({size}) does not fit bytes {count}, so not a tcp-lab recording"
    ),
    "timeline.handlers_only": "no client run: the server's {count} handlers",
    "key.bytes": "bytes",
    "key.replay_play": "replay",
    "key.replay_step": "next event",
    "key.replay_faster": "faster",
    "key.replay_slower": "slower",
    "key.replay_restart": "from the start",
    "palette.bytes": "Show each message as bytes (hex and text)",
    "palette.replay_play": "Replay the recording in time, or pause",
    "palette.replay_step": "Replay the next event alone",
    # step mode (server_core.stepping): events, keys, status, pane, notes
    "server.held": "handler {who} held before {step}",
    "server.picked": "handler {who} let go before {step} ({by})",
    "client.held": "client {who} held before {step}",
    "client.picked": "client {who} let go before {step} ({by})",
    "client.stuck": "the schedule cannot be followed: {text}",
    "state.held": "ready",
    # why a held thread went on (``by`` of a ``picked`` event), and the step names that are not calls
    "picked_by.you": "by you",
    "picked_by.schedule": "by the schedule",
    "picked_by.go": "g: all run freely",
    "picked_by.released": "step mode off",
    "picked_by.stop": "the run was stopped: goes no further",
    "picked_by.stop_close": "the run was stopped: it closes now",
    "step_name.turn": "turn",
    "step_name.connect": "connect",
    "step_name.send": "send",
    "step_name.recv": "recv",
    "step_name.read": "read",
    "step_name.reply": "reply",
    "step_name.close": "close",
    "state.picked": "in a step",
    "key.step_mode": "step mode",
    "key.step_go": "run freely",
    "key.step_pick": "step client N",
    "palette.step_mode": "Step mode: every thread of a new run waits before each step until you pick it",
    "palette.step_go": "Step mode: let every thread run freely",
    "status.step_mode": "STEP MODE",
    "step.keys": "1-9: client N of latest run  Enter/2nd click: any row  g: run freely",
    "step.title": "Threads (step mode)",
    "step.none": "no thread is waiting to step",
    "step.held_client": "{who} ready: {step} (key {digit})",
    "step.held": "{who} ready: {step}",
    "step.running": "{who} in a step: {step}",
    "step.blocked": "{who} waiting for its turn ({what})",
    "step.waits_lock": "the lock",
    "step.waits_semaphore": "a semaphore slot",
    "step.waits_queue": "the queue",
    "note.step_on": "step mode on: the threads of the next run wait before each step",
    "note.step_off": "step mode off: every held thread goes on",
    "note.step_server_here": "step mode: the server restarts to hold its threads at each step",
    "note.step_server_away": "the server starts again in a process of its own",
    "note.step_server_stays": (
        "the server stays in this process while connections are open, and goes back to a process of "
        "its own by itself once they close"
    ),
    "note.step_go": (
        "every thread runs freely; step mode holds no new thread, an outside connection's neither, "
        "until the next launch"
    ),
    "note.step_not_held": "{who} has ended: it has no step left to take",
    "note.step_no_client": "the latest run has no client {who}",
    "note.step_off_pick": "press p for step mode first",
    # fields that refuse a character, reasons the engine gives, errors the system gives
    "field.wrong": "{field}: {why}",
    "field.refused": "{field} takes only {chars}",
    "field.held": "{field}: {refused} refused; Enter again uses {value}",
    "field.held_empty": "{field}: {refused} refused; Enter again leaves it empty",
    "field.held_short": "{refused} refused; Enter again uses {value}",
    "field.held_empty_short": "{refused} refused; Enter again leaves it empty",
    "field.held_brief": "Enter again uses the value shown",
    "field.held_empty_brief": "Enter again leaves it empty",
    # what a field takes, said under it at 80 columns when its reason runs past two rows there
    # (the whole reason is in the line that says nothing was launched or restarted)
    "form.takes.n": "a whole number of clients, 1 to 10000",
    "form.takes.order": "free, lock, semaphore:K, queue or sequential",
    "form.takes.hold": "seconds, 0 or more, such as 1.5",
    "form.takes.message": "text; {i} is the client's number",
    "form.takes.server_order": "free, lock, semaphore:K or queue",
    "form.takes.delay": "seconds, 0 or more, such as 0.5",
    "form.takes.host": "an IP address such as 127.0.0.1",
    "form.takes.port": "a port, 0 to 65535 (0: any free one)",
    "form.takes.accept": "blocking, timeout or nonblocking",
    "form.takes.backlog": "a whole number, 1 or more",
    "form.takes.sockopts": "NAME=VALUE pairs such as TCP_NODELAY=1",
    "form.width": "K, the clients let in at once, is 1 to {high}",
    "form.width_not": "K, the clients let in at once, must be from 1 to {high}, not {text}",
    "chars.0-9": "digits 0-9",
    "chars.a-z": "letters a-z",
    "chars.A-Z": "capitals A-Z",
    "chars.space": "space",
    "chars.one": "'{char}'",
    "chars.last": "{most} and {last}",
    "reason.0/1 (off/on)": "0/1 (off/on)",
    "reason.closed by peer": "closed by peer",
    "reason.closed": "closed",
    "reason.server stopped": "server stopped",
    "reason.stopped": "stopped",
    "reason.idle timeout": "idle timeout",
    "reason.byte limit": "byte limit",
    "reason.send timeout": "send timeout",
    "reason.handler failed": "handler failed",
    "reason.stopped before its turn": "stopped before its turn",
    "reason.stopped before replying": "stopped before replying",
    "reason.server closed without replying": "server closed without replying",
    "reason.no thread to serve it": "no thread to serve it",
    "reason.address already in use": "address already in use",
    "reason.bound": "bound",
    "reason.sent": "sent",
    "reason.it is a directory": "it is a directory",
    "reason.the name is too long for its directory": "the name is too long for its directory",
    "why.count": "must be a whole number from 1 to {high}, not {text}",
    "why.limit": "must be a whole number, 0 for no limit, not {text}",
    "why.port": "must be a port from {low} to 65535, not {text}",
    "why.seconds": "must be a number of seconds from 0 to {high}, not {text}",
    "why.positive": "must be a number of seconds more than 0 and at most {high}, not {text}",
    "why.host": "must be an IP address such as 127.0.0.1, not {text}",
    "why.one_of": "must be one of {names}, not {text}",
    "why.order": "unknown order {text}; choose one of {names}",
    "why.no_argument": "order {text} takes no ':' argument",
    "why.width": "semaphore width must be a whole number from 1 to {high}, not {text}",
    "why.option": "unknown socket option {text} (known: {names})",
    "why.option_value": "{name} must be {wanted}, not {text}",
    "why.option_range": "{name} must be a whole number from {low} to {high}, not {text}",
    "why.pair": "a socket option is written NAME=VALUE, not {text}",
    "why.format": "cannot tell the format of {text}: name it {names}",
    "why.directory": "{text} is a directory",
    "why.no_directory": "no directory {folder} to write {text} in",
    "why.server_process_stopped": "server process was stopped (exit code {code})",
    "why.server_process_died": "server process ended unexpectedly (exit code {code})",
    "why.run_process_stopped": "client run {run} process was stopped (exit code {code})",
    "why.run_process_died": "client run {run} process ended unexpectedly (exit code {code})",
    # the engine's reasons for a failed connection, as its events give them (see reasons._WHY)
    "why.no_connect": "no connect within {seconds} s",
    "why.no_reply": "no reply within {seconds} s",
    "why.connect_failed": "connect failed: {text}",
    "why.reply_failed": "reply failed: {text}",
    "why.silent": "silent for {seconds} s",
    "why.sent_more": "sent more than {count} bytes",
    "why.reply_not_taken": "reply not taken within {seconds} s",
    "why.refused": "refused: {why}",
    "why.gave_up": "gave up: {why}",
    "why.waited_held": "waited {seconds} s for lock {lock} (held by {holder} meanwhile)",
    "why.waited": "waited {seconds} s for lock {lock}",
    "why.at_most": "at most {count} clients at once",
    "why.no_thread": "cannot start thread: {text}",
    "why.no_handler_thread": "cannot start a handler thread: {text}",
    "why.client_failed": "client failed: {kind}: {text}",
    "why.handler_failed": "handler failed: {kind}: {text}",
    "why.out_of_descriptors": "out of descriptors: {text}",
    "why.history_lost": "history: older events could not be kept ({why}); exports will miss them",
    "reason.refused": "refused",
    "reason.out of file descriptors": "out of file descriptors",
    "why.cannot_connect": "cannot connect: {text}",
    "why.bad_request": "bad request: {text}",
    "reason.done": "done",
    "errno.EMFILE": "too many open files",
    "errno.EAGAIN": "resource temporarily unavailable",
    "client.finished_stopped": "run {run} stopped before it ended",
    "cli.stopped_by": "stopped by {signal}",
    "cli.no_server": "no server answered at {address}: {said}",
    "cli.not_written": "{path} was not written",
    "why.cannot_write_in": "cannot write {path}: no directory {folder}",
    # an empty field or argument: said to be empty, with what it must be ({wanted}: a wanted.* text)
    "why.empty": "is empty; it must be {wanted}",
    "why.option_empty": "{name} is empty; it must be {wanted}",
    "why.width_empty": "semaphore width is empty; it must be {wanted}",
    "wanted.range": "a whole number from {low} to {high}",
    "wanted.limit": "a whole number, 0 for no limit",
    "wanted.port": "a port from {low} to 65535",
    "wanted.seconds": "a number of seconds from 0 to {high}",
    "wanted.positive": "a number of seconds more than 0 and at most {high}",
    "wanted.host": "an IP address such as 127.0.0.1",
    "wanted.one_of": "one of {names}",
    "wanted.switch": "0/1 (off/on)",
    "wanted.size": "COLSxROWS, 20-{high} columns, 10-{high} rows",
    "why.size": "{text} is not COLSxROWS (20-{high} columns, 10-{high} rows)",
    "why.empty_message": "must not be empty: a peer waits for at least one byte",
    "why.not_utf8": "is not valid UTF-8 text: {text}",
    "why.cannot_write": "cannot write {path}: {text}",
    "why.cannot_read": "{path}: cannot read: {text}",
    "why.exhibit_n": "an exhibit runs {low} to {high} clients, not {text}",
    "why.schedule_empty": (
        ""
        "the schedule is empty; give CLIENT:STEP entries such as 2:connect,1:connect"
    ),
    "why.schedule_long": "a schedule has at most {high} entries, not {text}",
    "why.schedule_entry": "schedule entry {text} is not CLIENT:STEP (a number >= 1, then a step)",
    "why.schedule_step": "schedule entry {text}: step must be one of {names}",
    "why.schedule_twice": (
        "schedule entry {text}: client {client} takes its steps in the order {names}, each once"
    ),
    "why.schedule_beyond": "the schedule names client {client}, but only {high} are launched",
    "why.schedule_free": (
        "{text}: --order free asks for no turn, so there is none to hold (use lock, semaphore:K or "
        "queue, or a connect, send, recv or close step)"
    ),
    "why.schedule_sequential": (
        "{text}: --order sequential grants the turns itself, in launch order; a schedule can hold only "
        "connect, send, recv and close there"
    ),
    # argparse's own errors, and the command line's own checks
    "why.argument": "argument {name}: {why}",
    "why.choice": "invalid choice: {text} (choose from {names})",
    "why.unrecognized": "unrecognized arguments: {text}",
    "why.required": "the following arguments are required: {names}",
    "why.one_value": "expected one argument",
    "why.value": "invalid {kind} value: {text}",
    "why.ambiguous": "ambiguous option: {text} could match {names}",
    "cli.error": "{prog}: error: {message}",
    "cli.see_help": "see {command} for how to use it",
    "why.ports_from": "{name} listens on {count} ports from the one given, so at most {port}",
    "why.exists": "{text} already exists",
    "why.not_with": "not allowed with argument {name}",
    "why.needs": "has no effect without {name}",
    "why.call_failed": "{step} failed: {text}",
    "why.os_error": "{kind}: {text}",
    "why.no_events": "{path}: no events in it, so not a tcp-lab recording",
    "why.binary": "{path}: binary data (a NUL byte), not text, so not a tcp-lab recording",
    "why.cut_short": "{path}: the line is cut short (the file ends inside it)",
    "why.not_json": "{path}: not a line of JSON, so not a tcp-lab recording",
    "why.not_event": "{path}: not a tcp-lab event (it needs seq, t, side and kind)",
    "text.list_join": ", ",
    "cli.usage": "usage: ",
    "cli.positionals": "positional arguments",
    "cli.options": "options",
    "cli.default": "default",
    "errno.ENOENT": "no such file or directory",
    "errno.EACCES": "permission denied",
    "errno.EPERM": "operation not permitted",
    "errno.EISDIR": "is a directory",
    "errno.ENOTDIR": "not a directory",
    "errno.ENOSPC": "no space left on device",
    "errno.EROFS": "read-only file system",
    "errno.ENAMETOOLONG": "file name too long",
    "errno.EADDRINUSE": "address already in use",
    "errno.EADDRNOTAVAIL": "cannot assign requested address",
    "errno.ECONNREFUSED": "connection refused",
    "errno.ECONNRESET": "connection reset by peer",
    "errno.EPIPE": "broken pipe",
    "errno.ETIMEDOUT": "connection timed out",
    "screenshot.saved": "screenshot saved to {path}",
    "screenshot.failed": "cannot save the screenshot to {path}: {reason}",
    "unit.s": "{value} s",
    "unit.ms": "{value} ms",
    "note.comparison_stopped": "the comparison stopped: no more runs are launched",
    "note.comparing_unheld": (
        "comparing the modes, one run each: {orders}; "
        "step mode holds none of the comparison's runs: each runs freely to its end"
        " (a run launched with f, l, s, u, o or r is held)"
    ),
    "note.busy": "a run is going on: wait for it to end or press k to stop it",
    "system.theme": "Theme",
    "system.theme.help": "Change the current theme",
    "system.quit": "Quit",
    "system.quit.help": "Quit the application as soon as possible",
    "system.keys": "Keys",
    "system.keys.help": "Show or hide the keys of the focused part",
    "system.maximize": "Maximize",
    "system.maximize.help": "Maximize the focused pane",
    "system.minimize": "Minimize",
    "system.minimize.help": "Bring the maximized pane back to its place",
    # Textual's own palette prompts, and the words of Textual's keys in the keys panel (by action)
    "palette.search": "Search for commands…",
    "palette.key_help": "{description} ({press})",
    "palette.themes": "Search for themes…",
    "key.app.focus_next": "focus next",
    "key.app.focus_previous": "focus previous",
    "key.screen.copy_text": "Copy selected text",
    "key.scroll_up": "Scroll Up",
    "key.scroll_down": "Scroll Down",
    "key.scroll_left": "Scroll Left",
    "key.scroll_right": "Scroll Right",
    "key.scroll_home": "Scroll Home",
    "key.scroll_end": "Scroll End",
    "key.scroll_top": "Top",
    "key.scroll_bottom": "Bottom",
    "key.page_up": "Page Up",
    "key.page_down": "Page Down",
    "key.page_left": "Page Left",
    "key.page_right": "Page Right",
    "key.select_cursor": "Select",
    "key.cursor_up": "Cursor up",
    "key.cursor_down": "Cursor down",
    "key.cursor_left": "Move cursor left",
    "key.cursor_right": "Move cursor right",
    "key.cursor_left_word": "Move cursor left a word",
    "key.cursor_right_word": "Move cursor right a word",
    "key.delete_left": "Delete character left",
    "key.delete_right": "Delete character right",
    "key.delete_left_word": "Delete left to start of word",
    "key.delete_right_word": "Delete right to start of word",
    "key.delete_left_all": "Delete all to the left",
    "key.delete_right_all": "Delete all to the right",
    "key.select_all": "Select all",
    "key.home": "Go to start",
    "key.end": "Go to end",
    "key.submit": "Submit",
    "key.cut": "Cut selected text",
    "key.copy": "Copy selected text",
    "key.paste": "Paste text from the clipboard",
    "system.screenshot": "Screenshot",
    "system.screenshot.help": "Save an SVG picture of the screen in the working directory",
    "cli.no_theme": "no theme {theme!r}; choose one of {names}",
    "note.trimmed": "older lines dropped: the last {count} are kept",
    "note.trimmed_short": "last {count} kept",
    "log.waiting": "new lines below: {count} (End to follow)",
    "log.waiting_short": "new below: {count}",
    # output, history and exports under faults
    "cli.output_failed": "standard output failed ({reason}); {what} not written there (the export has them)",
    "cli.output_blocked": "standard output was not being read; {what} not written there",
    "cli.history_lost": (
        "the history could not keep {count} older events (temporary file not writable); exports miss them"
    ),
    "cli.export_abandoned": "export abandoned: {path} was not written",
    # what the command line and the log say exactly: no export to point to, a cut character's end
    "cli.output_failed_no_export": "standard output failed ({reason}); {what} not written there",
    "server.received_tail": (
        "{who} says: {text} (the start of a character, left unfinished when the connection ended)"
    ),
    "why.ascii_digits": " (in ASCII digits 0-9)",
    "export.writing": "writing {path}: {count:# event|# events} so far",
    # what a run amounted to, held to every figure: turns never granted, orders apart, replies
    # waited for in vain (tui_app/verdict.py); the app without a terminal (tui_app/cli.py)
    "verdict.never_granted": "{count} waited for a turn and never got one",
    "verdict.name.accept_order": "accepted",
    "verdict.name.replied_order": "received",
    "verdict.name.closed_order": "closed",
    "verdict.names_join": "/",
    "verdict.in_launch_order": "{names} in launch order",
    "verdict.apart": "out of launch order (out of place: {items})",
    "verdict.apart_item": "{count} of {n} {name}",
    "verdict.apart_join": ", ",
    "verdict.answered_some_at_once": (
        "{count:# reply|# replies} at once (p95 {p95:.1f} ms, under {limit} ms)"
    ),
    "verdict.timed_out_waiting": "{count} timed out waiting for the server's reply",
    "verdict.no_reply": "{count} sent and got no reply",
    "cli.needs_terminal": (
        "the app draws on a terminal: run tcp-lab in one, with standard input, output and error "
        "not redirected; without one, use tcp-lab run, serve or clients"
    ),
    "cli.open_needs_terminal": (
        "the app draws on a terminal: run tcp-lab open {path} in one, with standard input, output "
        "and error not redirected, or draw a picture without one: tcp-lab open {path} --svg OUT.svg"
    ),
    "note.nothing_launched": "nothing launched: {wrong}",
    "note.server_not_restarted": "server not restarted: fix {wrong}",
    "pane.recorded": "Recorded settings",
    "recorded.read_only": "A recording, read only: the settings it was made with.",
    "recorded.none": "The recording holds no settings.",
    "recording.runs_short": "{runs:# run|# runs}",
    # the footers of the help, experiments, exhibits and export screens: each screen's own keys
    "key.screen_close": "back",
    "key.experiment_run": "run",
    "key.exhibit_run": "run",
    "key.exhibit_variant": "safe/unsafe",
    "key.export_cancel": "cancel",
    "palette.no_matches": "No matches found",
    "palette.timeline_zoom_in": "Zoom the timeline in: half the time across the screen",
    "palette.timeline_zoom_out": "Zoom the timeline out: twice the time across the screen",
    "palette.timeline_earlier": "Move the timeline to earlier times",
    "palette.timeline_later": "Move the timeline to later times",
    "palette.timeline_fit": "Fit the whole run on the screen",
    "palette.timeline_handlers": "Show or hide the server's handler lanes",
    "palette.timeline_previous": "Show the previous run",
    "palette.timeline_next": "Show the next run; past the last one, follow the latest",
    "palette.timeline_back": "Back to the main screen",
    "palette.comparison_back": "Back to the main screen",
    "palette.screen_close": "Close this screen",
    "palette.exhibit_variant": "Switch between the unsafe variant and its safe fix",
    "palette.export_cancel": "Close without writing a file",
    "palette.replay_faster": "Replay the recording faster",
    "palette.replay_slower": "Replay the recording slower",
    "palette.replay_restart": "Replay the recording from the start",
    # the language's punctuation and names of keys, for code that joins or labels words
    "text.colon": ": ",
    "cli.help_with_default": "{help} ({default}: {value})",
    "text.semicolon_join": "; ",
    "text.quoted": "“{text}”",
    "keyname.esc": "esc",
    "keyname.escape": "escape",
    "keyname.space": "space",
    # the socket experiments (tui_app/experiment_view.py)
    # the frame every experiment is shown in
    "exp.prediction": "Prediction",
    "exp.steps": "Steps",
    "exp.observed": "Observed",
    "exp.as_predicted": "Outcome: as predicted",
    "exp.not_predicted": "Outcome: NOT as predicted",
    "exp.failed": "the experiment stopped: {error}",
    "exp.running": "running experiment {name} ...",
    "exp.screen.title": "Socket experiments",
    "exp.labelled": "{label}: {text}",
    # an experiment's Observed block: one label per JSON key (the JSON output keeps the keys)
    "obs.error": "error",
    "obs.port_off": "port (SO_REUSEADDR=0)",
    "obs.port_on": "port (SO_REUSEADDR=1)",
    "obs.time_wait_off": "TIME_WAIT sockets (SO_REUSEADDR=0)",
    "obs.time_wait_on": "TIME_WAIT sockets (SO_REUSEADDR=1)",
    "obs.restart_off": "bind on restart (SO_REUSEADDR=0)",
    "obs.restart_on": "bind on restart (SO_REUSEADDR=1)",
    "obs.nodelay_off": "TCP_NODELAY in force (asked 0)",
    "obs.nodelay_on": "TCP_NODELAY in force (asked 1)",
    "obs.round_ms_nodelay_off": "median ms a round (TCP_NODELAY=0)",
    "obs.round_ms_nodelay_on": "median ms a round (TCP_NODELAY=1)",
    "obs.broadcast_off": "SO_BROADCAST in force (asked 0)",
    "obs.broadcast_on": "SO_BROADCAST in force (asked 1)",
    "obs.send_off": "send (SO_BROADCAST=0)",
    "obs.send_on": "send (SO_BROADCAST=1)",
    "obs.received": "the receiver got",
    "obs.backlog_in_force": "backlog in force in the kernel",
    "obs.connected": "clients connected",
    "obs.timed_out": "clients timed out",
    "obs.accepted_while_paused": "accepted while accept was paused",
    "obs.waiting_in_kernel": "waiting in the kernel's queue",
    "obs.accepted_after_start": "accepted once the accept loop ran",
    "obs.replies": "replies received",
    "obs.default_server": "server, by default",
    "obs.default_client": "client, by default",
    "obs.enabled_server": "server, options set",
    "obs.enabled_client": "client, options set",
    "obs.accepted": "{mode}: connections accepted",
    "obs.calls": "{mode}: accept calls",
    "obs.nobody_waiting": "{mode}: calls with nobody waiting",
    "obs.first_call_ms": "{mode}: first call returned at (ms)",
    "obs.waited_ms": "{mode}: server's accept returned at (ms)",
    "exp.busy": "experiment {name} is still running: wait for its outcome",
    "exp.screen.keys": "1-6 run one, Escape or e closes",
    "exp.screen.press": "Press {number} to run it.",
    # SO_REUSEADDR
    "exp.reuseaddr.title": "SO_REUSEADDR: restart a server while TIME_WAIT lingers",
    "exp.reuseaddr.about": (
        "The server is stopped while a client is connected, so the server closes first and its side "
        "of the connection waits in TIME_WAIT on the listening port. A new server then binds the "
        "same port: without SO_REUSEADDR the bind fails, with it the bind succeeds at once."
    ),
    "exp.reuseaddr.prediction": (
        "The server closes first, so its old connection waits in TIME_WAIT on the server's port. "
        "A new server without SO_REUSEADDR cannot bind that port (“address already in use”); "
        "with SO_REUSEADDR it binds at once. The round with SO_REUSEADDR listens on a port of its "
        "own, the next one after a port given (P+1 for --port P): the first round's TIME_WAIT on "
        "its port comes from a socket without the option, which no bind gets past while it lasts."
    ),
    "exp.reuseaddr.serve_and_stop": (
        "server with SO_REUSEADDR={reuse} on port {port}: a client talks to it, then the server stops first"
    ),
    "exp.reuseaddr.time_wait": "TCP sockets in TIME_WAIT on port {port}: {count}",
    "exp.reuseaddr.restart": "a new server with SO_REUSEADDR={reuse} binds port {port}: {outcome}",
    # TCP_NODELAY
    "exp.nagle.title": "TCP_NODELAY: small writes and Nagle's algorithm",
    "exp.nagle.about": (
        "A client writes each request in two small pieces and then reads the answer. With Nagle's "
        "algorithm on, the second piece waits for an acknowledgement the peer delays, so every round "
        "takes tens of milliseconds; TCP_NODELAY sends at once."
    ),
    "exp.nagle.prediction": (
        "Each round writes a request in two pieces of {piece:# byte|# bytes}, then reads a one-byte "
        "answer ({rounds:# round|# rounds}). With Nagle on (TCP_NODELAY=0) the second piece waits "
        "for the peer's delayed ACK: tens of milliseconds per round. With TCP_NODELAY=1 a round "
        "takes well under a millisecond."
    ),
    "exp.nagle.rounds": "TCP_NODELAY={nodelay}: {rounds:# round|# rounds}, median {median_ms} ms per round",
    # SO_BROADCAST
    "exp.broadcast.title": "SO_BROADCAST: a datagram to the loopback broadcast address",
    "exp.broadcast.about": (
        "A UDP socket sends one datagram to 127.255.255.255, the broadcast address of the loopback "
        "network, first without SO_BROADCAST and then with it. The kernel refuses the first send "
        "and delivers the second."
    ),
    "exp.broadcast.prediction": (
        "Sending a UDP datagram to the broadcast address {address} is refused (PermissionError) "
        "until SO_BROADCAST is set; with it the datagram reaches a socket bound to that address."
    ),
    "exp.broadcast.receiver": "a receiver is bound to {address}:{port}",
    "exp.broadcast.send": "send with SO_BROADCAST={broadcast}: {outcome}",
    "exp.broadcast.receive": "the receiver got: {text}",
    # backlog
    "exp.backlog.title": "Backlog: connected is not accepted",
    "exp.backlog.about": (
        "The server listens with a small backlog but does not call accept yet. The kernel completes "
        "the first connections on its own, so those clients are connected and can even send, while "
        "the server has accepted nobody; once its queue is full, later clients get no answer and "
        "time out."
    ),
    "exp.backlog.prediction": (
        "The server listens with backlog {backlog} but does not call accept yet; "
        "{clients:# client|# clients} connect one by one, each waiting at most {limit} s. The kernel "
        "completes the first connections by itself (backlog + 1 of them on Linux): their connect "
        "returns, yet nobody is accepted. The rest get no answer and time out. Once the accept loop "
        "runs, the queued clients are accepted and answered."
    ),
    "exp.backlog.listen": (
        "the server listens on port {port} with backlog {backlog} (kernel: {in_force}); no accept yet"
    ),
    "exp.backlog.connect": (
        "{clients:# client|# clients} connect: {connected} connected and sent a message, "
        "{timed_out} timed out"
    ),
    "exp.backlog.paused": (
        "before any accept: the server accepted {accepted}; waiting in the kernel's queue: {waiting}"
    ),
    "exp.backlog.resume": "the accept loop starts: accepted {accepted}, replies received {replies}",
    # SO_KEEPALIVE
    "exp.keepalive.title": "SO_KEEPALIVE: probing idle peers",
    "exp.keepalive.about": (
        "A live connection is opened twice, once with the defaults and once with keep-alive on and "
        "short timers, and both ends are asked what is in force. The kernel probes an idle peer only "
        "when keep-alive is on, after the idle time, at the interval, up to the count."
    ),
    "exp.keepalive.prediction": (
        "Keep-alive is off by default on both ends. Turned on with TCP_KEEPIDLE={TCP_KEEPIDLE}, "
        "TCP_KEEPINTVL={TCP_KEEPINTVL} and TCP_KEEPCNT={TCP_KEEPCNT}, the kernel reports exactly "
        "these timers on the live connection: a vanished peer is noticed after idle + interval x "
        "count seconds."
    ),
    "exp.keepalive.default": "defaults on a live connection: server {server}; client {client}",
    "exp.keepalive.enabled": "with keep-alive set: server {server}; client {client}",
    "exp.keepalive.detect": (
        "computed, not measured: a vanished peer would be noticed after idle + interval x count = "
        "{idle} + {interval} x {count} = {seconds} s"
    ),
    # accept modes
    "exp.accept.title": "Accept modes: blocking, timeout, nonblocking",
    "exp.accept.about": (
        "The same wait for one client is run with each accept mode. A blocking accept sleeps until "
        "the client comes; with a timeout it gives up every poll period and is called again; a "
        "nonblocking accept returns at once (EAGAIN) when nobody is waiting."
    ),
    "exp.accept.prediction": (
        "Each loop starts with its first accept call, and a client calls connect {arrival_ms} ms "
        "after that start. blocking: one accept call sleeps until the client comes. timeout: each "
        "call gives up after {poll_ms} ms and is repeated. nonblocking: each call returns at once "
        "with BlockingIOError (EAGAIN) when nobody is waiting, and a selector sleeps in between. "
        "Every mode accepts the client after its connect call and at most {tolerance_ms} ms after "
        "its connection was made: the verdict allows no more."
    ),
    "exp.accept.mode": (
        "{mode}: {calls:# accept call|# accept calls}, {nobody_waiting} found nobody waiting; from "
        "the loop's start, the first call returned after {first_call_ms} ms, the client called "
        "connect after {arrived_ms} ms, its connect returned after {connected_ms} ms and the server's "
        "accept returned it after {waited_ms} ms (the kernel completes the handshake and each side "
        "learns of it on its own, so either call may return first)"
    ),
    # experiments and exhibits said alike in the app and on the command line
    "obs.arrived_ms": "{mode}: client called connect at (ms)",
    "cli.cut.experiment": (
        "the experiment was cut short: its steps, what it observed and its outcome were not shown"
    ),
    "cli.cut.exhibit": (
        "the exhibit was cut short: its lanes, what it observed and its outcome were not shown"
    ),
    "choice.lost-update": "lost-update",
    "choice.torn-write": "torn-write",
    "choice.deadlock": "deadlock",
    "choice.forgotten-release": "forgotten-release",
    "choice.reuseaddr": "reuseaddr",
    "choice.nagle": "nagle",
    "choice.broadcast": "broadcast",
    "choice.backlog": "backlog",
    "choice.keepalive": "keepalive",
    "choice.accept": "accept",
    "cli.names_listed": "one of these (what each shows):",
    "cli.name_listed": "{name} — {title}",
    "help.scroll_line": "scroll the account a line",
    "help.scroll_page": "scroll the account a page",
    "help.scroll_ends": "the account's top, its end (the outcome)",
    # the lock exhibits (tui_app/exhibit_view.py)
    # the app's key, palette and help
    "key.exhibits": "exhibits",
    "palette.exhibits": "Open the lock exhibits: why locks exist",
    "palette.exhibit": "Exhibit: {title} ({variant})",
    "help.exhibits": "Why locks exist (key b)",
    # events of the shared resources
    "server.exhibit": "exhibit {name} ({variant}), {n} clients",
    "server.read": "{thread} read {resource}: {text}",
    "server.wrote": "{thread} wrote {resource}: {text}",
    "server.acquiring": "{thread} asks for lock {lock}",
    "server.acquired": "{thread} holds lock {lock}",
    "server.released": "{thread} released lock {lock}",
    "server.gave_up": "{thread} gave up waiting for lock {lock} after {waited} s",
    "server.deadlock": "deadlock: {text}",
    # the frame every exhibit is shown in
    "exhibit.unsafe": "unsafe",
    "exhibit.safe": "safe",
    "exhibit.heading": "{title} ({variant}, {n:# client|# clients})",
    "exhibit.prediction": "Prediction",
    "exhibit.timeline": "Timeline, one lane per handler thread",
    "exhibit.observed": "Observed",
    "exhibit.words": "In plain words",
    "exhibit.as_predicted": "Outcome: as predicted",
    "exhibit.not_predicted": "Outcome: NOT as predicted",
    "exhibit.failed": "the exhibit stopped: {error}",
    "exhibit.running": "running {title} ({variant}) …",
    "exhibit.legend.idle": "{glyph} connected",
    "exhibit.legend.waiting": "{glyph} waits for a lock",
    "exhibit.legend.holding": "{glyph} holds a lock",
    "exhibit.legend.window": "{glyph} between its read and its write",
    "exhibit.legend.deadlocked": "{glyph} waits in a deadlock",
    "exhibit.legend.read": "{glyph} read",
    "exhibit.legend.write": "{glyph} write",
    "exhibit.legend.gave_up": "{glyph} gave up",
    "exhibit.legend.error": "{glyph} error",
    "exhibit.yes": "yes",
    "exhibit.no": "no",
    "exhibit.observed.final": "final balance",
    "exhibit.observed.lost": "deposits lost",
    "exhibit.observed.lost_deposits": "clients whose deposit was lost",
    "exhibit.observed.overwritten_by": "deposits overwritten",
    "exhibit.overwrite": "{lost} by {by}",  # h1's deposit overwritten by h4's write
    "exhibit.observed.deposits": "writes",
    "exhibit.observed.lines": "lines",
    "exhibit.observed.torn": "torn lines",
    "exhibit.observed.intact": "intact lines",
    "exhibit.observed.deadlocked": "deadlocked",
    "exhibit.observed.cycle": "threads in the wait cycle",
    "exhibit.observed.locks": "locks waited for in the cycle",
    "exhibit.observed.served": "served",
    "exhibit.observed.gave_up": "gave up waiting",
    "exhibit.observed.stuck": "stuck",
    "exhibit.observed.errors": "errors",
    "exhibit.observed.held_by": "lock held by",
    "exhibit.lock.total-lock": "the lock on the total",
    "exhibit.lock.balance-lock": "the lock on the balance",
    "exhibit.lock.board-lock": "the lock on the board",
    "exhibit.lock.A": "the lock of account A",
    "exhibit.lock.B": "the lock of account B",
    # a torn write's board, one row per line (tui_app/exhibit_view.py board_rows), and its key
    "exhibit.board.heading": "The board, one row per line",
    "exhibit.board.line": "line",
    "exhibit.board.state": "state",
    "exhibit.board.from": "from",
    "exhibit.board.text": "text",
    "exhibit.board.whole": "whole",
    "exhibit.board.torn": "torn",
    "exhibit.board.key": (
        "line: its place on the board, from the top. whole: one client's message exactly as that "
        "client sent it; torn: anything else, pieces of several messages or a piece of one. from: "
        "the handlers whose characters are in the line (h1-h3: h1, h2 and h3). A handler's last "
        "piece ends its line, so a line ends wherever any handler finishes its message: the others' "
        "last characters then stand alone on lines of their own, and such lines can read the same "
        "though different handlers wrote them."
    ),
    "exhibit.note.lost": "its deposit lost: overwritten by h{by}",
    "exhibit.note.cycle": "in the deadlock",
    "exhibit.note.freed": "then served, once the other gave up",
    "exhibit.note.gave_up": "gave up, its client told",
    "exhibit.note.holds": "still holds {lock}",
    "exhibit.screen.title": "Why locks exist",
    "exhibit.screen.keys": (
        "1-4 run one, v switches between unsafe and safe, w writes the run's events, Escape or b closes"
    ),
    "exhibit.screen.variant": "next run: {variant} (v switches)",
    "exhibit.screen.press": "Press {number} to run it.",
    # an exhibit's run written, opened and refused (tui_app/screens/exhibits.py, tui_app/replay.py)
    "exhibit.nothing_to_export": "no exhibit has run yet: nothing to export (press 1-4 to run one)",
    "recording.other_export": (
        "{path}: a {format} export of tcp-lab, which open does not read: open reads .jsonl "
        "recordings (write the export with a name ending .jsonl)"
    ),
    "exhibit.recorded": "Exhibit: {heading}",
    "exhibit.recorded_no_outcome": "It was stopped before its outcome was known.",
    "recording.exhibit": "exhibit {name} ({variant})",
    "server.outcome": "exhibit {name} ({variant}) ended",
    "exhibit.legend.in_app": "(in the app: {glyphs})",
    "exhibit.legend.headless": "(on the command line: {glyphs})",
    "exhibit.observed.later_cycles": "later wait cycles",
    "exhibit.busy": "{title} ({variant}) is still running: wait for its outcome",
    # lost-update
    "exhibit.lost-update.title": "Lost update: one shared balance",
    "exhibit.lost-update.about": (
        "Every connection is a deposit: its handler reads the balance, tells its client, waits for "
        "the client to confirm, and writes back what it read plus the deposit."
    ),
    "exhibit.lost-update.unsafe": (
        "{n} handlers deposit {amount} each onto a balance of {start}, without a lock. While one waits "
        "for its client between the read and the write, the others read the same old balance. Each "
        "write throws away the deposits written since its read: the final balance is short of "
        "{expected}, and the lost deposits are named. Which deposits are lost, and whose write "
        "overwrote whose, varies from run to run; that deposits are lost does not."
    ),
    "exhibit.lost-update.safe": (
        "{n} handlers deposit {amount} each onto a balance of {start}; each holds one lock from its "
        "read to its write, so the others wait their turn. The final balance is exactly {expected}."
    ),
    "exhibit.lost-update.fault": (
        "Money vanished. The handlers read the balance before the others had written theirs back, "
        "so each write replaced the others' deposits instead of adding to them."
    ),
    "exhibit.lost-update.clean": (
        "Every deposit counts. The lock let only one handler between its read and its write at a "
        "time, so each one started from the balance the previous one left."
    ),
    # torn-write
    "exhibit.torn-write.title": "Torn write: one shared board",
    "exhibit.torn-write.about": (
        "Handlers copy their clients' messages to one shared board the way a real writer does, a "
        "piece at a time, and may be switched out between any two pieces."
    ),
    "exhibit.torn-write.unsafe": (
        "{n} handlers copy messages like “{message}” one character at a time, without a lock. "
        "Their pieces interleave, one writer's characters between another's: the board begins "
        "“{torn}” and its lines are torn. The order of the digits, and which handlers' last "
        "characters stand on lines of their own, vary from run to run."
    ),
    "exhibit.torn-write.safe": (
        "{n} handlers copy messages like “{message}” one character at a time, each holding one lock "
        "for its whole message: every line on the board is one whole message."
    ),
    "exhibit.torn-write.fault": (
        "The lines are torn. Another writer's pieces landed between the pieces of each message, so "
        "no line on the board says what any client sent."
    ),
    "exhibit.torn-write.clean": (
        "Every line is whole. A writer kept the lock for its whole message, so nobody could write "
        "in between."
    ),
    # deadlock
    "exhibit.deadlock.title": "Deadlock: two locks, opposite orders",
    "exhibit.deadlock.about": (
        "Transfers between accounts A and B, each guarded by its own lock. A transfer from A to B "
        "takes lock A then B; one from B to A takes B then A."
    ),
    "exhibit.deadlock.unsafe": (
        "{n} transfers, {a_to_b} from A to B and {b_to_a} from B to A. Two of them each hold their "
        "first lock and wait "
        "for the other's: a cycle of waits. The lab finds the cycle from who holds and who waits for "
        "each lock and names its threads and locks. With a plain lock neither would ever go on: they "
        "would wait forever. To show it and end, a handler here gives up after {patience} s and lets "
        "go of its lock. Who wins that lock varies from run to run: the "
        "other one in the cycle began waiting at almost the same instant, so its patience may run out "
        "too, and another handler waiting for that lock may take it first. So anywhere from 0 to "
        "{most} of the {n} transfers go through; every other handler gives up after {patience} s and "
        "tells its client: nothing hangs."
    ),
    "exhibit.deadlock.safe": (
        "{n} transfers, {a_to_b} from A to B and {b_to_a} from B to A, but every handler takes the "
        "locks in one global order, "
        "A before B. Nobody can hold B while waiting for A: no cycle, everyone is served."
    ),
    "exhibit.deadlock.fault": (
        "The handlers deadlocked. Each held one lock and waited for the lock the other held, so "
        "neither could ever go on; only giving up broke the circle."
    ),
    "exhibit.deadlock.clean": (
        "No deadlock. Everybody took the two locks in the same order, so whoever held the first "
        "lock could always get the second."
    ),
    # forgotten-release
    "exhibit.forgotten-release.title": "Forgotten release: acquire() without with",
    "exhibit.forgotten-release.about": (
        "Client 1 sends a request its handler cannot parse (“add ten”) while the handler holds the "
        "lock; the other clients queue at the same lock."
    ),
    "exhibit.forgotten-release.unsafe": (
        "The handler takes the lock on the running total (called total-lock in the events) with "
        "acquire(); the error skips its release(). The lock is never given back: {later:the later "
        "client waits until it gives up|the # later clients wait until they give up} after {patience} s."
    ),
    "exhibit.forgotten-release.safe": (
        "The handler takes the lock on the running total (called total-lock in the events) with "
        "“with lock:”. The error is reported to client 1 and the lock is released on the way out: "
        "{later:the later client is|the # later clients are} served."
    ),
    "exhibit.forgotten-release.fault": (
        "Everyone else got stuck. The failed handler left with the lock still taken, and nobody else "
        "could ever take it."
    ),
    "exhibit.forgotten-release.clean": (
        "The error hurt nobody else. Leaving the with block released the lock, so the next client "
        "took it at once."
    ),
    # a stopped run, keys on every screen, the help's key lists
    "timeline.stopped": "stopped by you before it ended",
    "help.timeline_keys": "Timeline screen (key t)",
    "help.exhibit_keys": "Exhibits screen (key b)",
    "help.experiment_keys": "Experiments screen (key e)",
    "help.step_keys": "Threads pane in step mode (key p)",
    "help.run_exhibit": "run that exhibit",
    "help.run_experiment": "run that experiment",
    "help.click_entry": "run the entry clicked",
    "help.switch_variant": "unsafe or safe variant",
    "help.export_shown": "export the run shown",
    "help.close_screen": "back",
    "help.step_enter": "step the highlighted thread (a handler too: it has no digit)",
    "help.step_click": "highlight a thread; a click on the highlighted one steps it",
    "help.step_arrows": "move the highlight",
    "help.open_only": "{what} (in tcp-lab open only)",
    "help.click_lane": "zoom in on the time clicked, on a lane",
    "help.wheel": "wheel",
    "help.wheel_pan": "sideways or with Shift: earlier or later, as ← →",
    "help.mouse": "click",
    # the end of the block for a stopped run, shared keys and help lists
    # step mode said whole: clients stopped by the user, time held by hand, a hold on the timeline
    "cli.summary_stopped": (
        "{clients:# client|# clients}: {ok} ok, {failed} failed, {stopped} stopped; {makespan:.3f} s"
    ),
    "verdict.stopped": "{count} stopped",
    "verdict.all_stopped": "all {n} stopped",
    "verdict.held_by_hand": "step mode held threads for {held:.3f} s in all",
    "state.stopped": "stopped",
    "lane.held": "held in step mode",
    # step mode says what happened: why a held handler went on, a stop said as a stop, not an error
    "picked_by.stop_handler": "the server was stopped: its connection ends",
    "picked_by.peer_stopped": (
        "its client's run was stopped, not the server: it serves the connection until it closes"
    ),
    # an error about no one connection (a child process's end): no name, not "client - error"
    "client.error_unnamed": "client error: {text}",
    "server.error_unnamed": "server error: {text}",
    "client.error_stopped": "client {who} {text}",
    "server.error_stopped": "handler of {who} {text}",
    "note.step_server_waits": (
        "connections are open: the server moves into this process once they have closed (step mode "
        "holds the clients' threads now, the server's once it has moved)"
    ),
    # a chunk cut inside a character, said as it was; a connection's count of messages in its cells
    "message.unfinished": (
        "{text} (+{n:# byte held back: it may|# bytes held back: they may} begin a character the next "
        "message completes)"
    ),
    "message.carried": "{text} (its first {n:# byte|# bytes} arrived in an earlier message)",
    "cell.counted": "msg {count}: {text}",
    # the close order beside the others, and what a user's stop cut short said as such
    "order.closed_order": "closed",
    "comparison.closed_order": "closed",
    "verdict.before_stop": "{said} before the stop",
    # the time held in the waits, a sum over the clients whose waits it fell in, said as a sum
    "verdict.held_waits.turn": (
        "the turn waits leave out {held:.3f} s {count:that one client was held while waiting for "
        "its turn|summed over # clients held while waiting for their turns}"
    ),
    "verdict.held_waits.reply": (
        "the reply waits leave out {held:.3f} s {count:that one client was held while waiting for "
        "its reply|summed over # clients held while waiting for their replies}"
    ),
    # an order of fewer clients than the run's: compared over those that got that far, said so
    "verdict.compared": "each order over only the clients that got that far without failing ({items})",
    "verdict.compared_item": "{got} of {n} {name}",
    # what an exhibit's variant does, in the command palette beside what the exhibit is
    "exhibit.palette.help": "{about} {variant}",
    "exhibit.lost-update.palette.unsafe": (
        "Unsafe: no lock between a read and its write, so deposits are lost."
    ),
    "exhibit.lost-update.palette.safe": "Safe: one lock from each read to its write, so no deposit is lost.",
    "exhibit.torn-write.palette.unsafe": "Unsafe: no lock while a message is copied, so lines are torn.",
    "exhibit.torn-write.palette.safe": "Safe: one lock for each whole message, so every line is whole.",
    "exhibit.deadlock.palette.unsafe": (
        "Unsafe: the two locks taken in opposite orders, so two handlers would wait for each other "
        "forever; here they give up after 1 s to show it."
    ),
    "exhibit.deadlock.palette.safe": (
        "Safe: the locks always taken A before B, so no cycle of waits can form."
    ),
    "exhibit.forgotten-release.palette.unsafe": (
        "Unsafe: acquire() whose release() the error skips, so the lock is never given back."
    ),
    "exhibit.forgotten-release.palette.safe": (
        "Safe: “with lock:”, which releases it on the way out of the error."
    ),
    # step mode tells the truth: a client in its hold, a thread that cannot step now said as its row says it
    "step.in_hold": "{who} in its hold",
    "note.step_blocked": "{thread}, not held: it can take its next step once it gets its turn",
    "note.step_running": "{thread}, not held: it waits again before its next step",
    # a stepped run's verdict: who chose its steps; a reply wait with step mode's holds left out
    "verdict.stepped_by_hand": "stepped by hand",
    "verdict.stepped_by_schedule": "stepped by its schedule",
    "verdict.waited_for_server_unheld": (
        "waited for the server (p95 {p95:.2f} s without the time held in step mode, {limit} ms or "
        "more; mean {mean:.2f} s)"
    ),
    "verdict.answered_at_once_unheld": (
        "replies at once (p95 {p95:.1f} ms without the time held in step mode, under "
        "{limit} ms)"
    ),
    "verdict.answered_some_at_once_unheld": (
        "{count:# reply|# replies} at once (p95 {p95:.1f} ms without the time held in step mode, "
        "under {limit} ms)"
    ),
    # a schedule that cannot be followed (a ``stuck`` event's parts: server_core.stepping.Stuck)
    "stuck.where": "cannot take {entry} (entry {position} of {of})",
    "stuck.unread": "{where}: client {client}'s connection has no handler that read it",
    "stuck.ended": "{where}: client {client} ended before its {step}",
    "stuck.waiting": "{where}:{unstarted} {states}",
    "stuck.stalled": "{where}:{unstarted} nothing moved for {stall:g} s; {states}",
    "stuck.unstarted": " client {client} has not started;",
    "stuck.late": "the run did not end in time",
    "stuck.unfinished": "the schedule was not followed to its end",
    "stuck.join": ", ",
    "stuck.no_thread": "no thread is left to take it",
    "stuck.held": "{who} held before {step}",
    "stuck.waits_lock": "{who} waits for the lock",
    "stuck.waits_semaphore": "{who} waits for a semaphore slot (of {width})",
    "stuck.waits_queue": "{who} waits for its turn from the queue",
    "stuck.waits_turn": "{who} waits for its turn",
    "stuck.in_step": "{who} in {step}",
    "stuck.in_hold": "{who} in its hold",
    "stuck.in_section": "{who} in its section",
    # a stop that reached clients after their reply; a summary's rows below a following view
    "cli.summary_stopped_replied": (
        "{clients:# client|# clients}: {ok} ok, {failed} failed, {stopped} stopped"
        " ({stopped_after_reply:# after its reply|# after their reply}); {makespan:.3f} s"
    ),
    "log.rows_below": "more below: {count:# row|# rows}",
    # what the clients table leaves out, a long run said as it starts, the timeline's run keys as one
    "pane.clients_dropped": "{shown} of {seen} connections shown: the oldest finished are dropped",
    "pane.clients_dropped_short": "{shown} of {seen} shown, oldest finished dropped",
    "pane.clients_gaps": "rows between dropped",
    "note.rows_dropped": (
        "the clients table keeps about {limit} connections: the oldest finished are dropped from it "
        "(the export, w, and tcp-lab open keep them all)"
    ),
    "note.long_run": (
        "run {run} takes about {seconds} s: {n:# client|# clients} hold {hold} s each, {width} at a "
        "time; k stops it"
    ),
    "note.long_comparison": "the comparison takes about {seconds} s, its runs one after another; k stops it",
    "timeline.long_run": "about {seconds} s in all; k stops it",
    "key.runs": "runs",
    "status.long_run": "run {run} takes about {seconds} s: k stops it",
    "status.long_run_short": "k stops run {run} ({seconds} s)",
    # the command line's refusals and notices in the user's language (tui_app/strings/reasons.py
    # finds the engine's English reasons by shape; tui_app/diagnostics.py puts the prefix)
    "cli.notice": "{prog}: {message}",
    "cli.file_failed": "{path}: {reason}",
    "recording.view.main": "main",
    "recording.view.timeline": "timeline",
    "recording.view.comparison": "comparison",
    "why.exists_overwrite": "{text} already exists; add --overwrite to replace it",
    "why.not_svg": "{text} does not end in .svg",
    "why.no_picture": "no picture of {path} could be drawn",
    "why.merge_same_file": (
        "{first} and {second} are the same file: "
        "merge joins a server recording with a clients recording"
    ),
    "why.merge_same_events": (
        "{first} and {second} hold the same events: "
        "merge joins a server recording with a clients recording"
    ),
    "why.merge_both_sides": (
        "{path} already holds both sides (a run, an app export or a merged file): "
        "nothing to merge it with"
    ),
    "why.merge_both_server": (
        "{first} and {second} are both server recordings: "
        "merge joins a server recording with a clients recording"
    ),
    "why.merge_both_client": (
        "{first} and {second} are both client recordings: "
        "merge joins a server recording with a clients recording"
    ),
    "why.merge_no_anchor": "{path} has no wall-clock anchor (recorded by an older tcp-lab)",
    "why.merge_apart": "{first} and {second} were recorded {seconds} s apart: not one session",
    "why.merge_no_pairs": (
        ""
        "no client in one of {first} and {second} talked to a handler in the other"
    ),
    "why.not_utf8_file": (
        ""
        "{path}: not UTF-8 text (byte {byte} at byte {at}), so not a tcp-lab recording"
    ),
    "why.seq_gap": "{path}: seq {text} where {due} was due: events are missing or out of order",
    "why.not_time": "{path}: t {text} is not a time in seconds",
    "why.not_side": "{path}: side {text} is neither server nor client",
    "why.not_kind": "{path}: kind {text} is not a name",
    "why.field_type": "{path}: {name} {text} is not {wanted}",
    "wanted.text": "text",
    "wanted.number": "a number",
    "wanted.wall": "a wall-clock time (Unix seconds)",
    "wanted.any_seconds": "a number of seconds",
    "wanted.run_number": "a run number",
    "wanted.client_count": "a client count",
    "wanted.entry_number": "an entry number",
    "wanted.byte_count": "a count of bytes",
    "wanted.byte_escapes": "bytes as \\xNN escapes",
    # an exhibit handler's reasons for ending its connection (server_core/exhibits)
    "reason.bad request": "bad request",
    "reason.gave up": "gave up",
    "reason.added": "added",
    "reason.deposited": "deposited",
    "reason.transferred": "transferred",
    "reason.copied": "copied",
    # a recording of the clients alone: the server's counters unknown, the clients' messages
    "status.counters_unseen": (
        "active —  accepted —  messages {messages}  (sent by clients; no server side recorded)"
    ),
    # ok clients whose handler reported an error: the summary says how many, as their rows do
    "cli.summary_server_errors": (
        "{line}; for {count} of the ok the server's handler reported an error (their rows say error): "
        "a reply came over TCP, the request may still have failed"
    ),
    # clients the server turned away (busy): failed, said so beside the counts
    "cli.summary_refused": (
        "{line}; of the failed, {count:# was|# were} refused by the server at its limit of clients"
    ),
    # an order out of place over only some of the run's clients: of how many, said so
    "verdict.apart_some": "{count} of the {n} {name}",
    "verdict.refused": "{count:# was|# were} refused by the server at its limit of clients",
    # step mode paused by g (or a comparison's run): no new thread held until the next launch
    "status.step_paused": "STEP MODE paused until the next launch",
    "status.step_paused_short": "STEP MODE paused till a launch",
    "status.step_paused_least": "STEP MODE paused",  # the narrowest screens (30 columns)
    "step.title_paused": "Threads (step mode paused until the next launch)",
    "step.paused": (
        "after g every thread runs freely, new ones too (an outside connection's): the next "
        "launch (any of f l s u o r) holds them again, as does p to turn step mode off and on"
    ),
    "note.step_free": "{thread}, not held: g let it run freely to its end",
    # a launch from a screen without the events pane: where its run is
    "note.elsewhere_launched": "run {run} is on the main screen (Esc)",
    "note.elsewhere_held": "run {run} is held in step mode: step it on the main screen (Esc)",
    # what standard output did not write: its events, its closing lines
    "cli.part.events": "{count:# event|# events}",
    "cli.part.summary": "the summary",
    "cli.part.stop": "the line saying what stopped it",
    "cli.part.lanes": "the lanes",
    "cli.part.last": "{most} and {last}",
    # a mean wait over only the clients granted a turn; the clients stopped while they waited
    "verdict.mean_over_granted": "{said} over the {count} granted a turn",
    "verdict.stopped_waiting": (
        "{count} of the {stopped} stopped while waiting for a turn, after {wait:.2f} s on average"
    ),
    # the orders and connections cut short on a terminal: where every client is
    "cli.orders_cut": (
        "every client's place in the orders and its connection: --json, or an export (--export PATH)"
    ),
    # a value of its option's form, out of its range: the range alone
    "why.size_range": "{text} is outside 20-{high} columns, 10-{high} rows",
    "why.schedule_client": "schedule entry {text}: client numbers start at 1, not {client}",
    # step mode told plainly: the pane's keys while paused, a handler's way to step, what a thread
    # inside a step is doing, a run held with no server to connect to
    "step.keys_paused": "f l s u o r: launch a run held again  p: step mode off",
    "step.held_handler": "{who} ready: {step} (no key: click it, then Enter)",
    "step.running_doing": "{who} in a step: {step}, {doing}",
    "step.doing_client_turn": "asking for its turn",
    "step.doing_client_connect": "connecting to the server",
    "step.doing_client_send": "handing its message to the kernel",
    "step.doing_client_recv": "waiting for the server's reply",
    "step.doing_client_close": "closing its connection",
    "step.doing_server_turn": "asking for its turn",
    "step.doing_server_read": "waiting for its client's message",
    "step.doing_server_reply": "sending the reply",
    "step.doing_server_close": "closing the connection",
    "note.step_no_server": (
        "the server is stopped: run {run}'s clients will connect to {address} when stepped, refused "
        "unless a server listens there by then (a starts it)"
    ),
    # figures and keys that say what is true: the part of a stopped client's wait step mode held
    # the client in its turn
    "verdict.stopped_waiting_held": "{said} ({held:.2f} s of it while step mode held the client in its turn)",
    # the comparison's columns, each told under its header's name
    "comparison.column_said": "{names}: {about}",
    "comparison.names_joined": ", ",
    "comparison.about.run": "the run's number and its clients' order",
    "comparison.about.makespan": "from the run's first client event to its last",
    "comparison.about.peak": "the most clients connected at one time",
    "comparison.about.waits": (
        "the mean and p95 of the waits for a turn, over the clients granted one (none in free "
        "order; a client stopped or never granted one is left out)"
    ),
    "comparison.about.reply_wait": "the p95 of the time from a client's send to its reply",
    "comparison.about.out_of_order": "turns granted while a client that had asked earlier still waited",
    "comparison.about.orders": (
        "client numbers in the order each was launched, accepted, got its reply, closed"
    ),
    # the headless commands say one thing one way: only what the output has, the argument as named
    "cli.orders_only_cut": "every client's place in the orders: --json, or an export (--export PATH)",
    "verdict.apart_rest": "{apart}; {names} in launch order",
    "port.time_wait": (
        "port {port} on {host} is still held by connections in TIME_WAIT, which the kernel keeps up "
        "to a minute (a socket with SO_REUSEADDR binds past them only if theirs had it too)"
    ),
    "note.port_time_wait": (
        "cannot listen: {said}. Press Enter under Server again in a minute, or type another port there "
        "(0 for any free one)."
    ),
    # the timeline and the exhibits show what the text says: where a stop cut a lane, what "-" in
    # an order means
    "lane.stopped": "cut short here by a stop",
    "order.dash": (
        "-: no client took that step (an error or a refusal came first for those left; a close the "
        "server made is not counted) or it was not recorded"
    ),
    "order.dash_stopped": "-: none before the stop (closes the stop made are left out) or not recorded",
    # the step pane's answer, labelled as such above a separator: no thread's row
    "step.answer_label": "not stepped",
    # Enter in the threads pane before any thread is listed (keys typed ahead of a launch)
    "note.step_none_yet": (
        "no thread is listed to step yet: a run's threads appear here as they start, then Enter "
        "steps the highlighted one"
    ),
    # every screen shows its keys: the threads pane's focus key, the comparison's keys, a
    # comparison under way in the status line
    "key.step_focus": "threads",
    "palette.step_focus": "Step mode: move the focus to the threads pane, whose keys then work",
    "help.step_focus": "focus this pane (from anywhere on the main screen)",
    "help.comparison_keys": "Comparison screen (key c)",
    "help.comparison_scroll": "scroll (Page Up/Down, Home, End too)",
    "help.comparison_tables": "each table, whose rows ↑ ↓ then go through",
    "help.main_keys_too": "On the timeline and the comparison the main screen's keys work too.",
    "status.comparing": "comparing: run {run} of {total}",
    # the wait for the server said with its meaning: under 10 ms at once, then not at once (but
    # not yet waited for), and a mean above the p95 explained (tui_app/verdict.py)
    "verdict.answered_not_at_once": "replies not at once (p95 {p95:.1f} ms, {limit} ms or more)",
    "verdict.answered_some_not_at_once": (
        "{count:# reply|# replies} not at once (p95 {p95:.1f} ms, {limit} ms or more)"
    ),
    "verdict.answered_not_at_once_unheld": (
        "replies not at once (p95 {p95:.1f} ms without the time held in step mode, "
        "{limit} ms or more)"
    ),
    "verdict.answered_some_not_at_once_unheld": (
        "{count:# reply|# replies} not at once (p95 {p95:.1f} ms without the time held in step mode, "
        "{limit} ms or more)"
    ),
    "verdict.mean_above_p95": " (the mean is above the p95: a few very long waits pull it up)",
    # a stop before the end with --json: what is missing is the one object printed at the end
    "cli.cut.experiment_json": (
        "the experiment was cut short: its JSON object, printed once it is over, was not printed"
    ),
    "cli.cut.exhibit_json": (
        "the exhibit was cut short: its JSON object, printed once it is over, was not printed"
    ),
    # accept modes: the instant the accept is timed against
    "obs.connected_ms": "{mode}: client's connect returned at (ms)",
    # the timeline's zoom and pan keys where they cannot go further, said in its header
    "timeline.zoom_in_limit": "cannot zoom in further: 1 column is {column}",
    "timeline.zoom_out_limit": "cannot zoom out further: the whole run is shown",
    "timeline.pan_whole": "cannot move: the whole run is shown (+ zooms in)",
    "timeline.pan_start": "cannot go earlier: the run starts here",
    "timeline.pan_end": "cannot go later: the run ends here",
    "timeline.first_run": "this is the first run: none before it",
    "timeline.newest_run": "this is the newest run: none after it",
    # the timeline: the lanes and the header's rows out of view, and a cell that several events share
    "timeline.lanes_above": "more above: {count:# lane|# lanes}",
    "timeline.lanes_below": "more below: {count:# lane|# lanes}",
    "timeline.header_keys": "Tab, then ↑ ↓ scrolls these lines",
    "key.timeline_focus": "header or lanes",
    "palette.timeline_focus": "Focus the run's lines above the lanes, or the lanes: ↑ ↓ then scroll them",
    "lane.shared_cell": "one cell, several events: {marks}, the first shows",
    "swimlane.shared_column": "{marks}: first wins a column",
    # the clients table while the reader has it focused: a new run is not brought into view
    "pane.clients_not_following": "not following: End",
    # a run's verdict: what its reply p95 means and the limits it is judged against
    "help.p95": (
        "A run's verdict judges the wait for the server by the p95 from send to reply: 95% of "
        "replies came within it. Under 10 ms the replies came at once, from 50 ms on the clients "
        "waited for the server, in between they came, not at once."
    ),
    # the stopped clients not waiting for a turn, so that a stopped run's counts add up
    "verdict.stopped_rest": " (the rest: {items})",
    "verdict.stopped_granted": "{count} already granted a turn",
    "verdict.stopped_unasked": "{count} before asking for one",
    # a launch with the lab's server stopped, said at once in the events pane (tui_app/app.py)
    "note.launch_no_server": (
        "the lab's server is stopped (a starts it): run {run}'s clients connect to {address} and are "
        "refused unless another server listens there"
    ),
    # what a launch, a verdict and a refused port say (tui_app/said_elsewhere.py, verdict.py, cli.py)
    "note.launch_port_held": (
        "the lab's server is stopped and another program listens on {address}: run {run}'s clients "
        "connect to that program, not to the lab's server, and wait for its reply until their timeout "
        "(for the lab's server, set another port, then a)"
    ),
    "verdict.no_order": "no client got a reply, so there is no order to judge",
    "cli.port_next_taken": "{line}: the experiment listens on port {asked} and the next one, {port}",
    "cli.port_zero_hint": "{line}; --port 0 picks a free port",
    # the app's text defaults (tui_app/form.py): short, so a row of the clients table shows them
    # whole at 80x24; the Chinese app keeps the lesson's
    "default.message": "hello {i}",
    "default.reply": "got it",
    # the timeline's window: a whole view earlier or later, the run's start and end, the first and
    # last lane; their palette entries
    "key.timeline_page_earlier": "a view earlier",
    "key.timeline_page_later": "a view later",
    "key.timeline_start": "the run's start",
    "key.timeline_end": "the run's end",
    "key.timeline_top": "first lane",
    "key.timeline_bottom": "last lane",
    "palette.timeline_page_earlier": "Move the timeline a whole view to earlier times",
    "palette.timeline_page_later": "Move the timeline a whole view to later times",
    "palette.timeline_start": "Show the run's start, keeping the zoom",
    "palette.timeline_end": "Show the run's end, keeping the zoom",
    "palette.timeline_top": "Scroll to the first lane",
    "palette.timeline_bottom": "Scroll to the last lane",
}

# The command line's help is written in English where the parser is built (``cli.build_parser``).
CLI_HELP: dict[str, str] = {}
