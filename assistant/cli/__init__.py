"""The `assistant` command line: one click group, one module per command family."""

import click

from assistant import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="assistant")
def main() -> None:
    """IT outsourcing assistant: grounded answers, guided planning and evals."""


def _register() -> None:
    """Attach the command modules to the group (imports stay lazy inside each command)."""
    from assistant.cli import answers, evaluate, keys, knowledge, plan, web

    for module in (knowledge, answers, evaluate, plan, web, keys):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
