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
BACKWARD_PATH, BACKWARD_KIND = "_grad", "Backward"    # model.layers.3 -> model_grad.layers.3


def grad_graph(graph: Graph, loss: str = "loss", wrt: list[str] | None = None,
               blocks: bool = False) -> Graph:
    """A graph computing every output of `graph` plus `grad.<name>` = d loss / d name for
    each name in `wrt` (default: every trainable parameter).

    With `blocks`, the backward of each block is a block of its own: the VJP nodes of a node
    in `model.layers.3` [LlamaDecoderLayer] go to `model_grad.layers.3`
    [LlamaDecoderLayerBackward], so code generated from the backward graph has one function
    per block kind (called once per layer) instead of one flat root. Without, they are in
    the root."""
    if loss not in graph.outputs:
        raise IRError(f"{graph.name}: no output named {loss!r} to differentiate")
    g = decompose(graph, keep=lambda op: OPS[op].vjp is not None)
    loss_value = g.outputs[loss]
    if g.values[loss_value].shape != ():
        raise IRError(f"{graph.name}: loss {loss_value} is {g.values[loss_value]}, not a scalar")
    wrt = [n for n, p in graph.params.items() if p.trainable] if wrt is None else wrt
    taken = [p for p in graph.blocks if p.partition(".")[0].endswith(BACKWARD_PATH)]
    if blocks and taken:
        raise IRError(f"{graph.name}: block {taken[0]}: top-level names ending in {BACKWARD_PATH} "
                      "are kept for backward blocks")
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
        b.scope = backward_block(g, node.block) if blocks else ""
        grads = spec.vjp(b, [b.value(v) for v in node.inputs], [b.value(o) for o in node.outputs],
                         cts, **node.attrs)
        for name, ct in zip(node.inputs, grads):
            if ct is not None and name in needs:
                cotangent[name] = b.add(cotangent[name], ct) if name in cotangent else ct
    b.scope = ""
    for name in wrt:
        g.outputs[GRAD_PREFIX + name] = (cotangent.get(name) or b.zeros_like(b.value(name))).name
    eliminate_dead_code(g)
    return g


def backward_block(g: Graph, path: str) -> str:
    """The block that holds the backward of block `path` ("" for the root), declared with
    the blocks around it on first use."""
    if not path:
        return ""
    head, _, rest = path.partition(".")
    mirror = head + BACKWARD_PATH + (f".{rest}" if rest else "")
    if mirror not in g.blocks:
        parts = path.split(".")
        outer = next((".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)
                      if ".".join(parts[:i]) in g.blocks), "")
        backward_block(g, outer)
        g.blocks[mirror] = g.blocks[path] + BACKWARD_KIND
    return mirror
