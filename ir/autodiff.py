"""Reverse-mode autodiff in the IR: the backward graph is built from each op's VJP rule.

Ops without a VJP rule are first lowered to their decomposition, so a composite op only
needs a hand-written VJP where the derived one would be poor."""
from __future__ import annotations

from .builder import Builder, describe
from .graph import Graph
from .passes import decompose, eliminate_dead_code
from .registry import OPS
from .types import IRError, Value

GRAD_PREFIX = "grad."


def grad_graph(graph: Graph, loss: str = "loss", wrt: list[str] | None = None) -> Graph:
    """A graph computing every output of `graph` plus `grad.<name>` = d loss / d name for
    each name in `wrt` (default: every trainable parameter)."""
    if loss not in graph.outputs:
        raise IRError(f"{graph.name}: no output named {loss!r} to differentiate")
    g = decompose(graph, keep=lambda op: OPS[op].vjp is not None)
    loss_value = g.outputs[loss]
    if g.values[loss_value].shape != ():
        raise IRError(f"{graph.name}: loss {loss_value} is {g.values[loss_value]}, not a scalar")
    wrt = [n for n, p in graph.params.items() if p.trainable] if wrt is None else wrt
    needs = set(wrt)
    for node in g.nodes:
        if needs.intersection(node.inputs):
            needs.update(o for o in node.outputs if g.values[o].is_float)

    b = Builder(g)
    cotangent: dict[str, Value] = {loss_value: b.const(value=1.0, dtype=g.values[loss_value].dtype)}
    for node in reversed(list(g.nodes)):
        cts = [cotangent.get(o) for o in node.outputs]
        if all(ct is None for ct in cts) or not needs.intersection(node.inputs):
            continue
        spec = OPS[node.op]
        if spec.vjp is None:
            raise IRError(f"{graph.name}: {describe(g, node)}: op {node.op} has no VJP rule")
        b.source = node.source
        grads = spec.vjp(b, [b.value(v) for v in node.inputs], [b.value(o) for o in node.outputs],
                         cts, **node.attrs)
        for name, ct in zip(node.inputs, grads):
            if ct is not None and name in needs:
                cotangent[name] = b.add(cotangent[name], ct) if name in cotangent else ct
    for name in wrt:
        g.outputs[GRAD_PREFIX + name] = (cotangent.get(name) or b.zeros_like(b.value(name))).name
    eliminate_dead_code(g)
    return g
