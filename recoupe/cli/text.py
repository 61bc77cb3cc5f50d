"""Article text for the terminal: never read as markup, never a raw control sequence.

Everything recoupe prints that came from an input (file names, ids, titles, outlets,
speakers, evidence) is data. Through `rich`, a plain `str` is parsed as console markup:
`[/b]` in a title raises a MarkupError and `[sic]` in a quote vanishes. Wrapping the value
in a `rich.text.Text` prints it as it is, which `rich.markup.escape` does not guarantee for
every input (a backslash before a bracket changes its meaning).

`rich` does not filter escape sequences out of a Text: an ESC in a file name would reach the
terminal and recolour, move the cursor or retitle the window. Control characters and the
bidirectional overrides ("Trojan Source", CVE-2021-42574) are therefore shown as Python
escapes (`\\x1b`, `\\u202e`), the way `repr` would show them, so the reader sees they are there.
"""

from __future__ import annotations

import re

from rich.text import Text

from ..errors import RecoupeError

# Bidirectional embeddings, overrides and isolates: they reorder what follows on screen.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 and C1 controls, DEL, the line and paragraph separators, and the bidi controls above.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
_UNSAFE_KEEP_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    if char == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(value: object, *, lines: bool = True) -> str:
    """`value` as text safe to print: control and bidi characters written as escapes.

    `lines=True` keeps newlines and tabs (a table cell may hold a paragraph); `lines=False`
    escapes them too, for what must stay on one line (an error line, a file name).
    """
    text = "" if value is None else str(value)
    # Normalising is not wanted: the text is shown as stored, only made visible.
    return (_UNSAFE_KEEP_LINES if lines else _UNSAFE).sub(_escape, text)


def plain(value: object, style: str = "", *, lines: bool = True) -> Text:
    """A Text cell: `value` printed literally (no markup), control characters visible."""
    return Text(visible(value, lines=lines), style=style)


def one_line(value: object, style: str = "") -> Text:
    """A Text for a one-line message: newlines and tabs escaped as well."""
    return plain(value, style, lines=False)


def error_line(problem: RecoupeError | str, style: str = "red") -> Text:
    """The single line an error is reported on (`path: [E100] reason`), safe to print."""
    return one_line(problem.line() if isinstance(problem, RecoupeError) else problem, style)

