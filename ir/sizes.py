"""Sizes that remember where they come from: a model's config fields, traced through the
arithmetic of its graph builder, so generated code can write `nn.Linear(HIDDEN, HEADS * HEAD_DIM)`
under a config block at the top of the file instead of literals spread through it.

`traced(config)` gives the config with its integer fields (and integer tuples) as `Dim`s: ints
that carry a Python expression over the fields. Everything else sees plain ints (graph.json,
the reference, shapes, repr). Only inside `spelled()` does str() of a Dim write a mark, which
`fill()` turns into the language's spelling once the file is written; an expression that grows
past a few operators (a conv's output height) falls back to its plain value."""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import re

_SPELLING = contextvars.ContextVar("spelling", default=False)
MARK = re.compile("\ue002([^\ue003|]+)\\|(-?\\d+)\ue003")
FIELD = re.compile(r"[A-Za-z_]\w*(?:\[\d+\])?")
MAX_OPERATORS = 2


class Dim(int):
    """An int and the expression over config fields it was computed by (`heads * head_dim`)."""
    expr: str
    operators: int
    compound: bool

    def __new__(cls, value: int, expr: str, operators: int = 0):
        dim = int.__new__(cls, value)
        dim.expr, dim.operators, dim.compound = expr, operators, operators > 0
        return dim

    def __str__(self) -> str:
        return f"\ue002{self.expr}|{int(self)}\ue003" if _SPELLING.get() else int.__repr__(self)

    __repr__ = int.__repr__

    def __reduce__(self):                   # copies and pickles keep the expression
        return Dim, (int(self), self.expr, self.operators)

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else format(int(self), spec)

    def _combine(self, other, symbol: str, value: int, reflected: bool = False):
        if not isinstance(other, int) or isinstance(other, bool):
            return value
        a, b = _operand(self, symbol, False), _operand(other, symbol, True)
        ops = self.operators + getattr(other, "operators", 0) + 1
        if ops > MAX_OPERATORS:
            return value
        return Dim(value, f"{b} {symbol} {a}" if reflected else f"{a} {symbol} {b}", ops)

    def __add__(self, o):
        return self if o == 0 and not isinstance(o, Dim) else self._combine(o, "+", int(self) + int(o))

    def __radd__(self, o):
        return self if o == 0 else self._combine(o, "+", int(o) + int(self), True)

    def __sub__(self, o):
        return self if o == 0 and not isinstance(o, Dim) else self._combine(o, "-", int(self) - int(o))

    def __rsub__(self, o):
        return self._combine(o, "-", int(o) - int(self), True)

    def __mul__(self, o):
        return self if o == 1 and not isinstance(o, Dim) else self._combine(o, "*", int(self) * int(o))

    def __rmul__(self, o):
        return self if o == 1 else self._combine(o, "*", int(o) * int(self), True)

    def __floordiv__(self, o):
        return self if o == 1 and not isinstance(o, Dim) else self._combine(o, "//", int(self) // int(o))

    def __rfloordiv__(self, o):
        return self._combine(o, "//", int(o) // int(self), True)


def _operand(x, symbol: str, right: bool) -> str:
    """x's expression as an operand of `symbol`, in parentheses where precedence needs them."""
    if not isinstance(x, Dim):
        return str(int(x))
    low = x.compound and any(s in x.expr for s in (" + ", " - "))
    if low and symbol in ("*", "//") or x.compound and right and symbol in ("-", "//"):
        return f"({x.expr})"
    return x.expr


def traced(config):
    """The config (a dataclass) with its int fields and int tuples as Dims named after them."""
    changes = {}
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if isinstance(value, int) and not isinstance(value, bool):
            changes[f.name] = Dim(value, f.name)
        elif isinstance(value, tuple) and value and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            changes[f.name] = tuple(Dim(v, f"{f.name}[{i}]") for i, v in enumerate(value))
    return dataclasses.replace(config, **changes)


@contextlib.contextmanager
def spelled():
    """Within: str() of a Dim writes its mark (for fill())."""
    token = _SPELLING.set(True)
    try:
        yield
    finally:
        _SPELLING.reset(token)


def fill(text: str, spell, used: set[str], floor_div: str = "//") -> str:
    """The text with each mark spelled by spell(field) for every field of its expression (the
    fields met added to `used`; `floor_div`: the language's integer division), in parentheses
    where it is an operand in the code around it; spell None: the plain values."""
    def sub(m):
        if spell is None:
            return m[2]
        expr = FIELD.sub(lambda f: (used.add(f[0].split("[")[0]), spell(f[0]))[1], m[1]).replace(" // ", f" {floor_div} ")
        return operand(expr, text[:m.start()], text[m.end():])
    return MARK.sub(sub, text)


def operand(expr: str, before: str, after: str) -> str:
    """An expression written between two texts: in parentheses unless it stands alone there."""
    before, after = before.rstrip(" \t")[-1:], after.lstrip(" \t")[:1]
    free = " " not in expr or (before in "([{,=:\n" and after in ")]},;:\n")     # "" (the ends) too
    return expr if free else f"({expr})"


def constant(field: str) -> str:
    """A field's name as a module constant: `head_dim` -> `HEAD_DIM`, `planes[0]` -> `PLANES[0]`."""
    name, _, index = field.partition("[")
    return name.upper() + (f"[{index}" if index else "")


def width(text: str) -> int:
    """The length text will have once its marks are spelled as constants (for line breaking)."""
    return len(MARK.sub(lambda m: m[1].upper(), text))
