"""The command line documents itself: every subcommand and option has help,
and the help lists every exit code."""

import argparse

from pipelines.cli import exit_codes
from pipelines.cli.main import EXIT_CODES_HELP, _parser


def _subparsers(parser):
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sub


def test_every_subcommand_and_option_has_help():
    sub = _subparsers(_parser())
    helps = {a.dest: a.help for a in sub._choices_actions}
    missing = [name for name in sub.choices if not helps.get(name)]
    for name, p in sub.choices.items():
        missing += [f"{name} {a.option_strings or a.dest}" for a in p._actions
                    if not isinstance(a, argparse._HelpAction) and not a.help]
    assert missing == []


def test_help_lists_every_exit_code():
    codes = {v for k, v in vars(exit_codes).items() if k.startswith("EXIT_")}
    listed = {int(line.split()[0]) for line in EXIT_CODES_HELP.splitlines()[1:]}
    assert listed == codes
