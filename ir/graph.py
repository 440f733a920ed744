"""The graph: typed inputs, parameters, nodes with block scopes, named outputs; JSON I/O."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .types import IRError, Node, Param, TensorType


@dataclass
class Graph:
    name: str                                     # the root block's kind, e.g. LlamaForCausalLM
    inputs: dict[str, TensorType] = field(default_factory=dict)
    params: dict[str, Param] = field(default_factory=dict)
    nodes: list[Node] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)    # output name -> value name
    blocks: dict[str, str] = field(default_factory=dict)     # block path -> block kind
    values: dict[str, TensorType] = field(default_factory=dict, compare=False)
    name_counters: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def type_of(self, value: str) -> TensorType:
        return self.values[value]

    def producers(self) -> dict[str, Node]:
        return {out: node for node in self.nodes for out in node.outputs}

    def users(self) -> dict[str, list[Node]]:
        found: dict[str, list[Node]] = {}
        for node in self.nodes:
            for name in dict.fromkeys(node.inputs):
                found.setdefault(name, []).append(node)
        return found

    def param_count(self) -> int:
        return sum(p.type.size for p in self.params.values())

    # --- JSON -----------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "inputs": [{"name": n, "shape": list(t.shape), "dtype": t.dtype}
                       for n, t in self.inputs.items()],
            "params": [{"name": p.name, "shape": list(p.type.shape), "dtype": p.type.dtype,
                        "init": p.init, "trainable": p.trainable} for p in self.params.values()],
            "blocks": self.blocks,
            "nodes": [{"op": n.op, "inputs": n.inputs, "outputs": n.outputs,
                       "attrs": {k: list(v) if isinstance(v, tuple) else v
                                 for k, v in n.attrs.items()},
                       "block": n.block, "source": n.source} for n in self.nodes],
            "outputs": self.outputs,
        }

    @classmethod
    def from_dict(cls, data: dict, origin: str = "graph") -> "Graph":
        from .passes import validate
        try:
            graph = cls(
                name=data["name"],
                inputs={i["name"]: TensorType(tuple(i["shape"]), i["dtype"]) for i in data["inputs"]},
                params={p["name"]: Param(p["name"], TensorType(tuple(p["shape"]), p["dtype"]), p["init"],
                                         p.get("trainable", True)) for p in data["params"]},
                nodes=[Node(n["op"], list(n["inputs"]), list(n["outputs"]), dict(n["attrs"]),
                            n.get("block", ""), n.get("source", "")) for n in data["nodes"]],
                outputs=dict(data["outputs"]),
                blocks=dict(data.get("blocks", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise IRError(f"{origin}: malformed graph JSON (missing or bad field {err})") from None
        validate(graph, origin)        # canonicalises attributes and fills in value types
        return graph


def save_graphs(graphs: dict[str, Graph], path: Path) -> None:
    path.write_text(json.dumps({k: g.to_dict() for k, g in graphs.items()}, indent=1))


def load_graphs(path: Path) -> dict[str, Graph]:
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError) as err:
        raise IRError(f"{path}: cannot read graph file ({err})") from None
    if not isinstance(data, dict):
        raise IRError(f"{path}: malformed graph file (not an object of named graphs)")
    return {k: Graph.from_dict(v, f"{path} [{k}]") for k, v in data.items()}
