"""Serve the web app with `python -m assistant.web` (same as `assistant serve`)."""

from assistant.cli import main

main(["serve"])
