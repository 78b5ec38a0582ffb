"""The bundle's entry point: the ``vsm-editor`` command (editor and headless subcommands)."""

import sys

from vsm_editor.cli import main

if __name__ == "__main__":
    sys.exit(main())
