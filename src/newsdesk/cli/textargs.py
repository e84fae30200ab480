"""A click command whose free-text argument may start with ``-`` (``brief "-5% tariffs"``).

click reads any word that starts with ``-`` as an option. For a command whose argument is
prose, :class:`TextArgCommand` reads such a word as the argument instead when it cannot be an
option: it is not one of the command's options and it holds a space or does not continue like
an option name (``-5% tariffs``, ``-"quoted"``). A single word such as ``-tariffs`` still
needs ``--`` before it (it could be a mistyped option), and the usage error says so.
"""

from __future__ import annotations

import click


class TextArgCommand(click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self._text_args_last(ctx, args))

    def _text_args_last(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {}
        for p in self.get_params(ctx):
            if isinstance(p, click.Option):
                for name in (*p.opts, *p.secondary_opts):
                    takes_value[name] = not p.is_flag and not p.count
        kept: list[str] = []
        text: list[str] = []
        rest: list[str] = []
        value_next = False
        for i, arg in enumerate(args):
            if arg == "--":
                rest = args[i + 1 :]
                break
            if value_next:
                kept.append(arg)
                value_next = False
            elif arg.startswith("-") and arg != "-" and _is_text(arg, takes_value):
                text.append(arg)
            else:
                kept.append(arg)
                name = arg.split("=", 1)[0]
                value_next = takes_value.get(name, False) and "=" not in arg
        if not text:
            return args
        return [*kept, "--", *text, *rest]


def _is_text(arg: str, options: dict[str, bool]) -> bool:
    if arg.split("=", 1)[0] in options:
        return False
    second = arg[1:2]
    return any(ch.isspace() for ch in arg) or not (second.isalpha() or second == "-")
