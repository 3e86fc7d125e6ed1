"""Replace a folder of saved files in one step, so a reader sees the old set or the new one, never half."""

import os
import shutil
from pathlib import Path
from typing import Callable


def replace_folder(folder: Path, write: Callable[[Path], None]) -> None:
    """Let write() fill a fresh folder beside `folder`, then swap it in (a failure leaves the old one)."""
    partial = folder.with_name(f".{folder.name}.{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    write(partial)
    old = folder.with_name(f".{folder.name}.old.{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    partial.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
