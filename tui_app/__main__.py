"""``python -m tui_app``: the ``tcp-lab`` command."""

try:
    from .cli import entry
except KeyboardInterrupt:  # Ctrl-C while the command line loads, before it catches one itself
    from .cli import stopped_loading  # loaded again: the first load was cut short

    stopped_loading()
else:
    entry()
