"""The Gradio web app: chat with cited sources, knowledge base, vendor explorer, guided planning."""

from assistant.web.app import build_app, launch, launch_options

__all__ = ["build_app", "launch", "launch_options"]
