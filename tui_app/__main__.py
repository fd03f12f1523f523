"""``python -m tui_app`` and the installed ``tcp-lab`` command: :func:`start`."""


def start() -> None:
    """Load the command line and run it. A Ctrl-C while it loads, before it catches one itself,
    is said as every other stop is: the command line loads inside this function, never before."""
    try:
        from .cli import entry
    except KeyboardInterrupt:
        from .cli import stopped_loading  # loaded again: the first load was cut short

        stopped_loading()
    else:
        entry()


if __name__ == "__main__":
    start()
