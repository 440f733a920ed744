"""Builder: how model code, decompositions and VJP rules add nodes to a graph.

    b = Builder(Graph("LlamaForCausalLM"))
    ids = b.input("input_ids", (1, 128), "i64")
    with b.block("model", "LlamaModel"):
        w = b.param("embed_tokens.weight", (49152, 576))      # -> model.embed_tokens.weight
        h = b.embedding(ids, w, name="h")

Every registered op is a method: `b.rmsnorm(x, w, eps=1e-5)`. Shapes are checked as each
node is added, so a model error points at the model's own source line.
"""
from __future__ import annotations

import inspect
from contextlib import contextmanager
from pathlib import Path

from .graph import Graph
from .names import check_name, check_output
from .registry import spec
from .types import IRError, Node, Param, TensorType, Value

_IR_DIR = Path(__file__).resolve().parent


def _caller_line() -> str:
    frame = inspect.currentframe()
    while frame is not None:
        path = Path(frame.f_code.co_filename).resolve()
        if _IR_DIR not in path.parents and path.name != "contextlib.py":     # past `with b.block(...)`
            return f"{path.parent.name}/{path.name}:{frame.f_lineno}"
        frame = frame.f_back
    return ""


def describe(graph: Graph, node: Node) -> str:
    """'node model.layers.0/q (op linear, block model.layers.0.self_attn [LlamaAttention], at ...)'"""
    where = f"block {node.block} [{graph.blocks.get(node.block, '?')}]" if node.block else "root"
    at = f", at {node.source}" if node.source else ""
    return f"node {', '.join(node.outputs) or '?'} (op {node.op}, {where}{at})"


class Builder:
    def __init__(self, graph: Graph, scope: str = "", source: str | None = None):
        self.graph = graph
        self.scope = scope
        self.source = source          # fixed source line (for rewrites), else the caller's

    # --- declarations -------------------------------------------------------------------
    def input(self, name: str, shape, dtype: str = "f32") -> Value:
        self._claim(name, "input")
        t = self.graph.inputs[name] = self.graph.values[name] = TensorType(tuple(shape), dtype)
        return Value(name, t)

    def param(self, name: str, shape, init: dict | None = None, dtype: str = "f32",
              trainable: bool = True) -> Value:
        """A parameter named relative to the current block (checkpoint naming)."""
        full = f"{self.scope}.{name}" if self.scope else name
        self._claim(full, "parameter", dotted=True)
        t = TensorType(tuple(shape), dtype)
        self.graph.params[full] = Param(full, t, init or {"kind": "normal", "std": 0.02}, trainable)
        self.graph.values[full] = t
        return Value(full, t)

    def output(self, name: str, value: Value) -> None:
        try:
            check_output(self.graph, name)
        except IRError as err:
            raise IRError(f"{err} ({_caller_line()})") from None
        self.graph.outputs[name] = value.name

    @contextmanager
    def block(self, name: str, kind: str):
        """Scope for one block instance; parameters inside are named `<path>.<name>`."""
        path = f"{self.scope}.{name}" if self.scope else name
        self._check(path, "block path", dotted=True, block=True)
        self._check(kind, f"block kind of {path!r}")
        if path in self.graph.blocks:
            raise IRError(f"block {path} declared twice ({_caller_line()})")
        self.graph.blocks[path] = kind
        outer, self.scope = self.scope, path
        try:
            yield path
        finally:
            self.scope = outer

    # --- nodes --------------------------------------------------------------------------
    def op(self, op: str, *inputs: Value, name: str | tuple[str, ...] | None = None, **attrs):
        """Add one node; returns its output Value, or a tuple of them. `name` is a hint
        for the output value (a tuple for several outputs) that generated code keeps."""
        node = Node(op, [v.name for v in inputs], [], {}, self.scope,
                    self.source if self.source is not None else _caller_line())
        try:
            s = spec(op)
            node.attrs = s.check_attrs(attrs)
            missing = [v.name for v in inputs if v.name not in self.graph.values]
            if missing:
                raise IRError(f"input(s) {', '.join(missing)} not defined in this graph")
            types = s.infer_types([v.type for v in inputs], node.attrs)
        except IRError as err:
            shapes = ", ".join(f"{v.name}: {v.type}" for v in inputs)
            node.outputs = [f"{self.scope}/{h}" if self.scope else h       # name the node
                            for h in (name if isinstance(name, tuple) else (name or op,))]
            raise IRError(f"{describe(self.graph, node)}: {err} [inputs {shapes}]") from None
        hints = name if isinstance(name, tuple) else (
            [name or op] if len(types) == 1 else [f"{name or op}{i}" for i in range(len(types))])
        outs = []
        for hint, t in zip(hints, types):
            self._check(hint, "value name")
            out = self._fresh(f"{self.scope}/{hint}" if self.scope else hint)
            self.graph.values[out] = t
            node.outputs.append(out)
            outs.append(Value(out, t))
        self.graph.nodes.append(node)
        return outs[0] if len(outs) == 1 else tuple(outs)

    def __getattr__(self, op: str):
        if op.startswith("_"):
            raise AttributeError(op)
        return lambda *inputs, **attrs: self.op(op, *inputs, **attrs)

    def value(self, name: str) -> Value:
        return Value(name, self.graph.values[name])

    def _claim(self, name: str, what: str, dotted: bool = False) -> None:
        self._check(name, what, dotted)
        if name in self.graph.values:
            raise IRError(f"name {name} defined twice ({_caller_line()})")

    @staticmethod
    def _check(name: str, what: str, dotted: bool = False, block: bool = False) -> None:
        try:
            check_name(name, what, dotted, block)
        except IRError as err:
            raise IRError(f"{err} ({_caller_line()})") from None

    def _fresh(self, base: str) -> str:
        counters = self.graph.name_counters
        name, i = base, counters.get(base, 0)
        while name in self.graph.values:
            i += 1
            name = f"{base}_{i}"
        counters[base] = i
        return name
