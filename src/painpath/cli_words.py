"""argparse's mistakes said in plain words, with a way forward.

argparse says "argument --pain: invalid int value: 'six'" and "invalid choice:
'chek-in' (choose from 'list', 'show', ...)": true, but written for
programmers. These are the same mistakes as a person would want to hear them,
each with what to type instead. Anything not recognised keeps argparse's own
words (they are still accurate), with the pointer to `--help`.
"""

from __future__ import annotations

import re

from painpath.errors import UsageError
from painpath.suggest import suggest_id

# What a placeholder in the usage line stands for, in words.
_METAVARS = {
    "ID_OR_FILE": "an exercise id or file (for example: body-scan)",
    "PATH": "a file or folder to check",
    "FILE": "a file",
    "ID": "an id",
    "DIR": "a folder",
    "PACK": "a pack folder or .zip",
    "PACK[/PLAN]": "a pack id (for example: steady-ground)",
    "FILE.zip": "the .zip file to write",
    "-o/--output": "-o and the file to write",
}
_NUMBER_OPTIONS = ("--pain", "--tension", "--distress")

_INVALID_INT = re.compile(r"argument (\S+): invalid int value: '(.*)'$")
_INVALID_FLOAT = re.compile(r"argument (\S+): invalid float value: '(.*)'$")
_INVALID_CHOICE = re.compile(r"argument (\S+): invalid choice: '(.*?)' \(choose from (.*)\)$")
_EXPECTED_ONE = re.compile(r"argument (\S+): expected one argument$")
_REQUIRED = re.compile(r"the following arguments are required: (.*)$")
_UNRECOGNIZED = re.compile(r"unrecognized arguments: (.*)$")


def _option(name: str) -> str:
    """`--pain` from argparse's `--pain` or `-o/--output`."""
    return name.split("/")[-1]


def usage_mistake(prog: str, message: str) -> UsageError:
    """The UsageError for one of argparse's messages about `prog` (`painpath check-in`)."""
    help_hint = f"See `{prog} --help`."
    if m := _INVALID_INT.match(message):
        option, given = _option(m[1]), m[2]
        example = f"{option} 6" if option in _NUMBER_OPTIONS else f"{option} 3"
        return UsageError(f"{option} needs a whole number, written in digits, like "
                          f"{example}; “{given}” is not one.",
                          hint=f"Ratings run from 0 to 10. {help_hint}")
    if m := _INVALID_FLOAT.match(message):
        option, given = _option(m[1]), m[2]
        return UsageError(f"{option} needs a number, like {option} 10; “{given}” is not one.",
                          hint=help_hint)
    if m := _INVALID_CHOICE.match(message):
        given = m[2]
        choices = [c.strip().strip("'") for c in m[3].split(",")]
        if m[1] in ("COMMAND", "ACTION"):
            guess = suggest_id(given, choices)
            said = f"{prog} has no command “{given}”."
            if guess:
                said += f" Did you mean “{guess}”?"
            return UsageError(said, hint=f"The commands are: {', '.join(choices)}. "
                              f"{help_hint}")
        return UsageError(f"{_option(m[1])} can be {', '.join(choices)}; not “{given}”.",
                          hint=help_hint)
    if m := _EXPECTED_ONE.match(message):
        option = _option(m[1])
        return UsageError(f"{option} needs a value after it.", hint=help_hint)
    if m := _REQUIRED.match(message):
        missing = [_METAVARS.get(name.strip(), name.strip()) for name in m[1].split(", ")]
        return UsageError(f"{prog} needs {' and '.join(missing)}.", hint=help_hint)
    if m := _UNRECOGNIZED.match(message):
        return UsageError(f"{prog} does not know {m[1]}.", hint=help_hint)
    return UsageError(f"{message}.", hint=help_hint)
