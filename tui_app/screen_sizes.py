"""The classes the main screen takes from the terminal's size, by which app.tcss lays it out.

Widths (columns): below :data:`STACKED` the panes stand in one column, each the screen's width,
and the screen scrolls (side by side at 50 columns they were 18-22 cells: titles cut, an address
broken at its colon); up to 120 the controls stand down the left, the other panes stacked
beside them; from 120 the controls and clients on top, the conversation and events below.

Heights (rows): below :data:`SHORT` the panes beside the controls share the rows so that a
run's verdict fits the events pane and one message with its bytes (``d``) the conversation
(at 80x24 they had four and three rows of text).
"""

from __future__ import annotations

STACKED = 70  # columns below which the panes stand in one column
WIDE = 120  # columns from which the controls and the clients stand side by side on top
SHORT = 30  # rows below which the panes beside the controls give the clients table fewer rows

WIDTHS = [(0, "-stacked"), (STACKED, "-narrow"), (WIDE, "-wide")]
HEIGHTS = [(0, "-short"), (SHORT, "-tall")]
