"""TeX macros as MathJax keeps them: definitions read out of a formula, uses expanded.

`\\newcommand`, `\\renewcommand`, `\\providecommand` (with an optional first argument's default),
`\\def\\name#1#2{...}`, `\\DeclareMathOperator` and `\\let`; expansion stops, with an error, on
a macro that expands without end.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

DEFINE = re.compile(
    r"\\(?:(?:re|provide)?newcommand\*?|def|DeclareMathOperator\*?|let)(?![A-Za-z])"
)
_NAME = re.compile(r"\\([A-Za-z]+|.)")
_PARAMETER = re.compile(r"#([1-9#])")
_ENDS_IN_WORD = re.compile(r"\\[A-Za-z]+$")
# A macro that expands into itself (`\def\a{\a x}`) is a mistake MathJax also stops at.
_MAX_EXPANSIONS = 2000
_MAX_LENGTH = 100_000


@dataclass(frozen=True)
class Macro:
    """A TeX macro: its number of arguments, the default of an optional first one, its body."""

    args: int
    body: str
    default: str | None = None


class TooDeep(Exception):
    """A macro expansion that does not end (or grows without bound)."""


def parse_definitions(tex: str, macros: dict[str, Macro]) -> str:
    """Take the macro definitions out of `tex` into `macros`; return what is left.

    Raises ValueError for a definition that cannot be read (an unclosed brace)."""
    if DEFINE.search(tex) is None:
        return tex
    rest: list[str] = []
    pos = 0
    for match in DEFINE.finditer(tex):
        if match.start() < pos:
            continue  # inside a definition already read
        rest.append(tex[pos : match.start()])
        command = match[0].rstrip("*")
        reader = _READERS[command.lstrip("\\").removeprefix("re").removeprefix("provide")]
        name, macro, pos = reader(tex, match.end(), match[0].endswith("*"))
        macros[name] = macro
    rest.append(tex[pos:])
    return "".join(rest)


def _read_newcommand(tex: str, pos: int, _star: bool) -> tuple[str, Macro, int]:
    """`\\newcommand{\\name}[2][default]{body}` (the name braced or not)."""
    name, pos = _read_name(tex, pos)
    args, default = 0, None
    count, after = _read_optional(tex, pos)
    if count is not None:
        if not count.strip().isdigit():
            raise ValueError(f"the number of arguments of \\{name} is not a number")
        args, pos = int(count), after
        default, after = _read_optional(tex, pos)
        if default is not None:
            pos = after
    body, pos = _read_group(tex, pos)
    return name, Macro(args, body, default), pos


def _read_def(tex: str, pos: int, _star: bool) -> tuple[str, Macro, int]:
    """`\\def\\name#1#2{body}`."""
    name, pos = _read_name(tex, pos)
    brace = tex.find("{", pos)
    if brace < 0:
        raise ValueError(f"\\def\\{name} has no body")
    args = len(re.findall(r"#[1-9]", tex[pos:brace]))
    body, pos = _read_group(tex, brace)
    return name, Macro(args, body), pos


def _read_operator(tex: str, pos: int, star: bool) -> tuple[str, Macro, int]:
    """`\\DeclareMathOperator{\\name}{text}` (starred: limits below and above)."""
    name, pos = _read_name(tex, pos)
    text, pos = _read_group(tex, pos)
    if text.isalpha():  # the form latex2mathml typesets as one operator
        return name, Macro(0, f"\\operatorname{'*' if star else ''}{{{text}}}"), pos
    # latex2mathml reads `\\operatorname` of plain letters only; the control says where the
    # scripts go, as the starred and plain forms place them (tex_limits.py).
    limits = "\\displaylimits" if star else "\\nolimits"
    return name, Macro(0, f"\\mathop{{\\mathrm{{{text}}}}}{limits}"), pos


def _read_let(tex: str, pos: int, _star: bool) -> tuple[str, Macro, int]:
    """`\\let\\new\\old` (or `\\let\\new=\\old`): the new name means what the old one did."""
    name, pos = _read_name(tex, pos)
    while pos < len(tex) and tex[pos] in " =":
        pos += 1
    target = _NAME.match(tex, pos)
    if target is None:
        raise ValueError(f"\\let\\{name} names nothing")
    return name, Macro(0, target[0]), target.end()


_READERS = {
    "newcommand": _read_newcommand,
    "def": _read_def,
    "DeclareMathOperator": _read_operator,
    "let": _read_let,
}


def _skip_space(tex: str, pos: int) -> int:
    """The index of the first character at or after `pos` that is not white space."""
    while pos < len(tex) and tex[pos].isspace():
        pos += 1
    return pos


def _read_name(tex: str, pos: int) -> tuple[str, int]:
    """A macro's name, `\\name` or `{\\name}`, without its backslash."""
    pos = _skip_space(tex, pos)
    braced = tex.startswith("{", pos)
    match = _NAME.match(tex, _skip_space(tex, pos + 1) if braced else pos)
    if match is None:
        raise ValueError("a definition names no macro")
    end = match.end()
    if braced:
        end = _skip_space(tex, end)
        if not tex.startswith("}", end):
            raise ValueError(f"\\{match[1]}: unclosed brace in the definition")
        end += 1
    return match[1], end


def _read_group(tex: str, pos: int) -> tuple[str, int]:
    """A `{...}` group's content (braces balanced, `\\{` not counted) and the index after it."""
    pos = _skip_space(tex, pos)
    if not tex.startswith("{", pos):
        raise ValueError("a definition has no body in braces")
    depth = 0
    i = pos
    while i < len(tex):
        char = tex[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return tex[pos + 1 : i], i + 1
        i += 1
    raise ValueError("unclosed brace in a definition")


def _read_optional(tex: str, pos: int) -> tuple[str | None, int]:
    """A `[...]` argument's content and the index after it, or None when there is none."""
    start = _skip_space(tex, pos)
    if not tex.startswith("[", start):
        return None, pos
    close = tex.find("]", start)
    if close < 0:
        raise ValueError("unclosed [ in a definition")
    return tex[start + 1 : close], close + 1


def _read_argument(tex: str, pos: int) -> tuple[str, int]:
    """One macro argument: a group's content, a control sequence or a character."""
    pos = _skip_space(tex, pos)
    if pos >= len(tex):
        return "", pos
    if tex[pos] == "{":
        return _read_group(tex, pos)
    name = _NAME.match(tex, pos)
    if name is not None:
        return name[0], name.end()
    return tex[pos], pos + 1


def expand(tex: str, macros: Mapping[str, Macro]) -> str:
    """`tex` with every use of a macro replaced by its body, arguments put in."""
    if not macros or "\\" not in tex:
        return tex
    count = 0
    pos = 0
    while True:
        match = _NAME.search(tex, pos)
        if match is None:
            return tex
        macro = macros.get(match[1])
        if macro is None:
            pos = match.end()
            continue
        count += 1
        if count > _MAX_EXPANSIONS or len(tex) > _MAX_LENGTH:
            raise TooDeep(f"\\{match[1]} expands without end")
        body, end = _apply(tex, match.end(), macro)
        # The body is read again from its start: macros may use other macros.
        tex = tex[: match.start()] + body + tex[end:]
        pos = match.start()


def _apply(tex: str, pos: int, macro: Macro) -> tuple[str, int]:
    """A macro's body with the arguments that follow `pos` put in, and where they end."""
    values: list[str] = []
    if macro.default is not None:
        given, after = _read_optional(tex, pos)
        values.append(macro.default if given is None else given)
        pos = after if given is not None else pos
    while len(values) < macro.args:
        value, pos = _read_argument(tex, pos)
        values.append(value)
    body = _PARAMETER.sub(lambda m: _parameter(m[1], values), macro.body) if values else macro.body
    # `\\ket{a}b` must not end as `\\rangleb`: keep a letter after a control word apart.
    if tex[pos : pos + 1].isalpha() and _ENDS_IN_WORD.search(body):
        body += " "
    return body, pos


def _parameter(which: str, values: list[str]) -> str:
    """What `#n` stands for: the n-th argument (`##` is a `#`)."""
    if which == "#":
        return "#"
    index = int(which) - 1
    return values[index] if index < len(values) else ""
