"""Run the command line interface with `python -m assistant`."""

from assistant.cli import main

main()
