"""What the IR accepts as a name, checked once, up front.

The rule. Every name a graph declares (input, parameter, output, block path, block kind, value) is
a non-empty str of at most MAX_LENGTH characters, with no invisible characters: none of
Unicode's control (Cc: NUL, newline, tab, DEL, ...), format (Cf: bidi overrides, zero-width
joiners), surrogate (Cs: not encodable in the UTF-8 of a safetensors header), private-use (Co:
the markers emitters keep in generated text) or line/paragraph separator (Zl, Zp) categories.
Parameter names and block paths are dotted paths into the model's module tree, so neither
starts or ends with a dot or holds two in a row; an output is not named like an input or a
parameter (programs such as ONNX graphs hold them in one namespace); a block path's parts are ASCII identifiers or
indices (`model.layers.3`), since every framework's module tree names its children so and
generated code makes them attributes, fields and functions.

Everything else is allowed and every emitter must survive it: quotes, backslashes, spaces,
code, keywords of Python/Rust/C, any printable unicode, names that collide once made
identifiers (`a.b` and `a_b`). Emitters make identifiers from names (one function per language:
pycode.identifier, rustcode.ident, ccode.identifier) and write names themselves only inside
string literals escaped by that language's rules; the stored names (safetensors keys) are
never changed."""
from __future__ import annotations

import re
import unicodedata

from .types import IRError

MAX_LENGTH = 1024
INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
BLOCK_PART = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")


def name_problem(name: object, dotted: bool = False, block: bool = False) -> str | None:
    """Why `name` is not an acceptable IR name (the rule above), or None when it is;
    dotted: a parameter name or block path, whose dot-separated parts are non-empty;
    block: a block path, whose parts are identifiers or indices."""
    if not isinstance(name, str):
        return f"is a {type(name).__name__}, not a string"
    if not name:
        return "is empty"
    if len(name) > MAX_LENGTH:
        return f"is {len(name)} characters long (at most {MAX_LENGTH})"
    bad = next((c for c in name if unicodedata.category(c) in INVISIBLE), None)
    if bad is not None:
        return f"holds the invisible character U+{ord(bad):04X} ({unicodedata.category(bad)})"
    if dotted and "" in name.split("."):
        return "has an empty part between dots"
    bad_part = next((p for p in name.split(".") if not BLOCK_PART.fullmatch(p)), None) if block else None
    if bad_part is not None:
        return f"has the part {bad_part!r}: a block's parts are ASCII identifiers or indices"
    return None


def check_name(name: object, what: str, dotted: bool = False, block: bool = False) -> None:
    """Raise IRError naming `what` (`parameter`, `block path`, ...) and the offending name."""
    problem = name_problem(name, dotted, block)
    if problem:
        raise IRError(f"{what} {_shown(name)} {problem}")


def check_output(graph, name: object) -> None:
    """An output's name: the rule, and no input or parameter of that name."""
    check_name(name, "output")
    if name in graph.inputs or name in graph.params:
        raise IRError(f"output {_shown(name)} is named like an {'input' if name in graph.inputs else 'parameter'}")


def check_graph_names(graph) -> None:
    """Every name a Graph declares, checked by the rule above (for the IR validator)."""
    for name in graph.inputs:
        check_name(name, "input")
    for name in graph.params:
        check_name(name, "parameter", dotted=True)
    for name in graph.outputs:
        check_output(graph, name)
    for node in graph.nodes:
        for name in node.outputs:
            check_name(name, f"value (an output of op {node.op})")
    for path, kind in graph.blocks.items():
        check_name(path, "block path", dotted=True, block=True)
        check_name(kind, f"block kind of {_shown(path)}")
    check_name(graph.name, "graph name")


def _shown(name: object) -> str:
    """A name as an error message shows it: quoted and escaped, long ones cut."""
    text = repr(name)
    return text if len(text) <= 80 else f"{text[:60]}...{text[-15:]}"
