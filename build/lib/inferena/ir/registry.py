"""The op registry: every op is one `OpSpec` holding all its rules side by side."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .types import IRError, TensorType

REQUIRED = object()
_ATTR_TYPES = {bool: "bool", int: "int", float: "float", str: "str", tuple: "ints"}


@dataclass(frozen=True)
class AttrSpec:
    kind: str                 # bool | int | float | str | ints
    default: Any = REQUIRED

    def check(self, op: str, name: str, value: Any) -> Any:
        """The value in its canonical Python type, or an IRError naming what is wrong."""
        ok = {
            "bool": lambda v: isinstance(v, bool),
            "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
            "str": lambda v: isinstance(v, str),
            "ints": lambda v: isinstance(v, (list, tuple)) and all(
                isinstance(i, int) and not isinstance(i, bool) for i in v),
        }[self.kind](value)
        if not ok:
            raise IRError(f"op {op}: attribute {name}={value!r} is not of type {self.kind}")
        return {"float": float, "ints": tuple}.get(self.kind, lambda v: v)(value)


@dataclass(frozen=True)
class OpSpec:
    """Everything about one op.

    infer(*input_types, **attrs) -> TensorType | tuple[TensorType, ...]
    ref(*arrays, **attrs) -> array | tuple of arrays          (NumPy reference)
    vjp(b, inputs, outputs, cotangents, **attrs) -> [Value | None per input]
    decompose(b, *inputs, **attrs) -> Value | tuple[Value, ...] (in simpler ops)
    """
    name: str
    inputs: tuple[str, ...]          # names; a trailing "?" marks an optional input
    attrs: dict[str, AttrSpec]
    infer: Callable
    ref: Callable
    vjp: Callable | None = None
    decompose: Callable | None = None

    @property
    def min_arity(self) -> int:
        return sum(not n.endswith("?") for n in self.inputs)   # "xs*" needs at least one

    @property
    def max_arity(self) -> float:
        return float("inf") if self.inputs[-1:] and self.inputs[-1].endswith("*") else len(self.inputs)

    def check_attrs(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = set(attrs) - set(self.attrs)
        if unknown:
            raise IRError(f"op {self.name}: unknown attribute(s) {', '.join(sorted(unknown))}"
                          f" (known: {', '.join(self.attrs) or 'none'})")
        out = {}
        for name, spec in self.attrs.items():
            if name in attrs:
                out[name] = spec.check(self.name, name, attrs[name])
            elif spec.default is REQUIRED:
                raise IRError(f"op {self.name}: missing required attribute {name}")
            else:
                out[name] = spec.default
        return out

    def infer_types(self, types: list[TensorType], attrs: dict[str, Any]) -> list[TensorType]:
        if not self.min_arity <= len(types) <= self.max_arity:
            want = (str(self.min_arity) if self.min_arity == self.max_arity
                    else f"{self.min_arity} or more" if self.max_arity == float("inf")
                    else f"{self.min_arity} to {self.max_arity}")
            raise IRError(f"op {self.name} takes {want} inputs ({', '.join(self.inputs)}),"
                          f" got {len(types)}")
        out = self.infer(*types, **attrs)
        return list(out) if isinstance(out, tuple) else [out]


OPS: dict[str, OpSpec] = {}


def register(name: str, *, inputs: str, infer: Callable, ref: Callable, attrs: dict | None = None,
             vjp: Callable | None = None, decompose: Callable | None = None) -> None:
    """Add an op. `attrs` maps a name to its default, or to a type when it is required."""
    schema = {}
    for key, default in (attrs or {}).items():
        if isinstance(default, type):
            schema[key] = AttrSpec(_ATTR_TYPES[default])
        else:
            schema[key] = AttrSpec(_ATTR_TYPES[type(default)], default)
    OPS[name] = OpSpec(name, tuple(inputs.split()), schema, infer, ref, vjp, decompose)


def spec(name: str) -> OpSpec:
    if name not in OPS:
        raise IRError(f"unknown op {name!r}")
    return OPS[name]


def expect(cond: bool, message: str) -> None:
    """Shape rules state their requirement with this; the caller adds the node context."""
    if not cond:
        raise IRError(message)
