"""The views that promise time order keep it when the bus's seq does not follow the clock: in step
mode a server still in its child process (an outside connection keeps it there) reports its events
a batch late, after later ones of the clients held in the app's process."""

from __future__ import annotations

import re
import socket

from pilot_helpers import until

from tui_app.app import LabApp

TIME = re.compile(r" *(\d+\.\d+) ")


def times(lines: list[str]) -> list[float]:
    """The time each line starts with (lines without one, such as a wrapped summary's, skipped)."""
    return [float(found.group(1)) for line in lines if (found := TIME.match(line))]


async def test_a_conversation_lists_both_ends_in_time_order_while_the_server_is_in_its_own_process() -> None:
    app = LabApp(port=0, engine="process")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lab.server is not None and app.lab.server.port > 0, what="server up")
        server = app.lab.server
        app.query_one("#field-hold").value = "0"
        with socket.create_connection(("127.0.0.1", server.port), timeout=5):
            await until(pilot, lambda: app.session.book.active == 1, what="the outside connection shown")
            await pilot.press("p")
            said = "moves into this process once they have closed"
            await until(pilot, lambda: any(said in line for line in app.events.logical_lines()), what=said)
            await pilot.press("f")
            await until(pilot, lambda: app.lab.runs and app.lab.stepper.snapshot(), what="clients held")
            await pilot.press("1")
            assert app.lab.server is server, "the server is still in its child process"
        await pilot.press("g")
        book = app.session.book
        await until(pilot, lambda: all(run.done for run in app.lab.runs) and book.messages == 3)
        await until(pilot, lambda: app.session.summaries, what="the run's end")
        for row in range(app.table.row_count):
            app.table.move_cursor(row)
            await pilot.pause()
            app.draw_now()
            conn = app.conversation.connection
            assert conn is not None
            lines = app.conversation.logical_lines()
            assert times(lines) == sorted(times(lines)), lines
        app.draw_now()
        lines = app.events.logical_lines()
        assert times(lines) == sorted(times(lines)), "\n".join(lines)
        await pilot.press("q")
