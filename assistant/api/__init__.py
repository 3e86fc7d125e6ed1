"""The OpenAI-compatible HTTP API under /v1: chat with citations, search, conversations, API keys.

`assistant.api.app.build_api` makes the app; `api_routes` mounts it in the web app.
"""
