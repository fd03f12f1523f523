"""tcp-lab's face: the Textual app and the ``tcp-lab`` command line."""
