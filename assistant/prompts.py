"""Prompt templates: Markdown files in `prompts/`, loaded by name and rendered strictly."""

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound


class PromptError(LookupError):
    """A prompt that does not exist or cannot be rendered."""


@lru_cache(maxsize=8)
def _environment(folder: str) -> Environment:
    # Undefined variables raise instead of rendering as empty text: a silent gap in a prompt is a bug.
    return Environment(
        loader=FileSystemLoader(folder), undefined=StrictUndefined, autoescape=False,
        keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True,
    )


def prompt_names(folder: Path) -> list[str]:
    """Return the names of every prompt template in the folder."""
    return sorted(p.stem for p in folder.glob("*.md"))


def render_prompt(folder: Path, name: str, **variables) -> str:
    """Render the prompt `name` (file `name.md`) with the given variables."""
    try:
        template = _environment(str(folder)).get_template(f"{name}.md")
    except TemplateNotFound as exc:
        raise PromptError(f"no prompt named {name!r} in {folder}") from exc
    return template.render(**variables).strip()
