"""Graph passes: validation, topological order, dead-code elimination, decomposition."""
from __future__ import annotations

from typing import Callable

import networkx as nx

from .builder import Builder, describe
from .graph import Graph
from .registry import OPS
from .types import IRError, Node, Value


def _dependencies(graph: Graph) -> nx.DiGraph:
    producer = graph.producers()
    deps = nx.DiGraph()
    deps.add_nodes_from(range(len(graph.nodes)))
    index = {id(n): i for i, n in enumerate(graph.nodes)}
    for i, node in enumerate(graph.nodes):
        for name in node.inputs:
            if name in producer:
                deps.add_edge(index[id(producer[name])], i)
    return deps


def toposort(graph: Graph, origin: str = "graph") -> None:
    """Order nodes so every value is defined before use (stable); name any cycle."""
    deps = _dependencies(graph)
    try:
        order = list(nx.lexicographical_topological_sort(deps))
    except nx.NetworkXUnfeasible:
        cycle = nx.find_cycle(deps)
        names = " -> ".join(describe(graph, graph.nodes[a]) for a, _ in cycle)
        raise IRError(f"{origin}: cycle through {names}") from None
    graph.nodes = [graph.nodes[i] for i in order]


def validate(graph: Graph, origin: str = "graph") -> None:
    """Check every node (op, arity, attributes, shapes, defined inputs, block) and fill
    in the type of every value. Raises IRError naming node, op, shapes and block."""
    graph.values = {**graph.inputs, **{n: p.type for n, p in graph.params.items()}}
    for name in set(graph.inputs) & set(graph.params):
        raise IRError(f"{origin}: {name} is both an input and a parameter")
    defined = set(graph.values)
    for node in graph.nodes:          # before toposort, which would call a redefinition a cycle
        for name in node.outputs:
            if name in defined:
                raise IRError(f"{origin}: {describe(graph, node)}: value {name} is defined twice")
            defined.add(name)
    for node in graph.nodes:
        dangling = [v for v in node.inputs if v not in graph.values and v not in defined]
        if dangling:
            raise IRError(f"{origin}: {describe(graph, node)}: input(s) {', '.join(dangling)}"
                          " are not defined anywhere in the graph (dangling value)")
    toposort(graph, origin)
    for node in graph.nodes:
        context = f"{origin}: {describe(graph, node)}"
        if node.block and node.block not in graph.blocks:
            raise IRError(f"{context}: block {node.block} is not declared")
        if node.op not in OPS:
            raise IRError(f"{context}: unknown op {node.op!r}")
        types = [graph.values[v] for v in node.inputs]
        try:
            node.attrs = OPS[node.op].check_attrs(node.attrs)
            outs = OPS[node.op].infer_types(types, node.attrs)
        except IRError as err:
            shapes = ", ".join(f"{v}: {t}" for v, t in zip(node.inputs, types))
            raise IRError(f"{context}: {err} [inputs {shapes}]") from None
        if len(outs) != len(node.outputs):
            raise IRError(f"{context}: op {node.op} has {len(outs)} outputs, node names "
                          f"{len(node.outputs)}")
        for name, t in zip(node.outputs, outs):
            if name in graph.values:
                raise IRError(f"{context}: value {name} is defined twice")
            graph.values[name] = t
    for out, value in graph.outputs.items():
        if value not in graph.values:
            raise IRError(f"{origin}: output {out} refers to undefined value {value}")


def eliminate_dead_code(graph: Graph) -> None:
    """Drop nodes whose outputs reach no graph output."""
    live = set(graph.outputs.values())
    kept = []
    for node in reversed(graph.nodes):
        if any(out in live for out in node.outputs):
            kept.append(node)
            live.update(node.inputs)
    graph.nodes = kept[::-1]
    graph.values = {k: t for k, t in graph.values.items()
                    if k in live or k in graph.inputs or k in graph.params}


def decompose(graph: Graph, keep: Callable[[str], bool]) -> Graph:
    """A copy of the graph where every op that `keep` rejects is replaced by its
    decomposition, recursively, in the same block scope and with the same source line."""
    out = Graph(graph.name, dict(graph.inputs), dict(graph.params), [], {},
                dict(graph.blocks), dict(graph.values))   # every old name stays reserved
    rename: dict[str, str] = {}
    for node in graph.nodes:
        node = Node(node.op, [rename.get(v, v) for v in node.inputs], node.outputs,
                    node.attrs, node.block, node.source)
        for old, new in zip(node.outputs, expand(out, node, keep)):
            if new != old:
                rename[old] = new
    out.outputs = {k: rename.get(v, v) for k, v in graph.outputs.items()}
    validate(out)
    return out


def expand(graph: Graph, node: Node, keep: Callable[[str], bool]) -> list[str]:
    """Append `node` to `graph`, decomposed as far as `keep` asks; returns its output names."""
    spec = OPS[node.op]
    if keep(node.op) or spec.decompose is None:
        graph.nodes.append(node)
        types = spec.infer_types([graph.values[v] for v in node.inputs], node.attrs)
        graph.values.update(zip(node.outputs, types))
        return node.outputs
    start = len(graph.nodes)
    b = Builder(graph, node.block, node.source)
    result = spec.decompose(b, *[b.value(v) for v in node.inputs], **node.attrs)
    parts, graph.nodes[start:] = graph.nodes[start:], []
    rename: dict[str, str] = {}
    for part in parts:
        part.inputs = [rename.get(v, v) for v in part.inputs]
        rename.update((old, new) for old, new in zip(part.outputs, expand(graph, part, keep)) if old != new)
    results = result if isinstance(result, tuple) else (result,)
    return [rename.get(v.name, v.name) for v in results]
