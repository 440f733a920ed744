"""Block structure for code generation, shared by every emitter.

Turns graphs (the full and latency variants of one model) into a `Program`: one `Block`
per block kind (a class/function in generated code) with its arguments, statements,
owned parameters and children; consecutive repeated children become loops; the loss
becomes its own function. Instances of a kind must have identical structure; one that
differs becomes a numbered variant kind rather than silently wrong code."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import networkx as nx

from inferena.ir import Graph, IRError, Node, Param
from inferena.ir.passes import eliminate_dead_code


@dataclass
class Stmt:
    """One statement: an op node, a call of a child block, or a loop over a list of children."""
    kind: str                      # "op" | "call" | "loop"
    inputs: list[str]              # graph value names
    outputs: list[str]
    node: Node | None = None       # for "op"
    member: str = ""               # child attribute, for "call" and "loop"
    index: int | None = None       # element of a list member, for "call"
    carried: dict[int, int] = field(default_factory=dict)   # loop: input position <- output position
    child_kinds: list[str] = field(default_factory=list)    # kinds called, for "call" and "loop"
    sliced: dict[int, str] = field(default_factory=dict)    # loop: input position -> per-step value


@dataclass
class Member:
    """A child attribute: one block, or a list of blocks (`layers.0` ... `layers.29`)."""
    name: str
    kinds: list[str]
    is_list: bool


@dataclass(frozen=True)
class Part:
    """An optional part of a shape-generic block (generic.py): the statements reading the
    parameters under `name` (torchvision's `downsample`), a chain from `source` to `result`;
    a block without it uses `source` where `result` stood."""
    name: str
    stmts: tuple[int, ...]          # positions in Block.stmts
    source: str
    result: str


@dataclass
class Block:
    kind: str
    path: str                       # path of the first instance ("" for a root)
    args: list[str]
    returns: list[str]
    stmts: list[Stmt]
    params: dict[str, Param]        # parameters this block owns, by name relative to it
    members: list[Member]
    locals: dict[str, str] = field(default_factory=dict)   # value name -> local identifier
    part: Part | None = None        # generic.symbolic(): the optional part, where the class has one
    # generic.symbolic(): each generic child kind's constructor values, as this class has them
    child_sizes: dict[str, tuple] = field(default_factory=dict)

    def rel(self, value: str) -> str:
        """A parameter's name relative to this block."""
        return value[len(self.path) + 1:] if self.path else value


@dataclass
class Program:
    blocks: dict[str, Block]                 # children before parents
    roots: dict[str, str]                    # variant -> root block kind
    loss: Block | None                       # the loss function of the full variant
    graphs: dict[str, Graph]
    # every instance of each kind, in analysis order: (its graph, its own Block: the kind's
    # statements with this instance's values); emitters whose types hold shapes read them
    instances: dict[str, list[tuple[Graph, Block]]] = field(default_factory=dict)


def forward_part(graph: Graph, loss: str) -> Graph:
    fwd = Graph(graph.name, dict(graph.inputs), dict(graph.params), list(graph.nodes),
                {k: v for k, v in graph.outputs.items() if k != loss}, dict(graph.blocks),
                dict(graph.values))
    eliminate_dead_code(fwd)
    fwd.inputs = {k: t for k, t in graph.inputs.items() if any(k in n.inputs for n in fwd.nodes)}
    return fwd


def analyze(graphs: dict[str, Graph], loss: str = "loss", reserved=frozenset()) -> Program:
    """`reserved`: names the emitter's language never binds as locals (Emitter.names_taken)."""
    program = Program({}, {}, None, graphs)
    for variant, graph in graphs.items():
        fwd = forward_part(graph, loss)
        program.roots[variant] = _Analysis(fwd, program, reserved).resolve("")
        for found in program.instances.values():     # the whole graph: its values, dead outputs too
            found[:] = [(graph if g is fwd else g, block) for g, block in found]
        if loss in graph.outputs:
            program.loss = _loss_block(graph, fwd, loss)
    for block in program.blocks.values():
        assign_locals(block, reserved)
    if program.loss:
        assign_locals(program.loss, reserved)
    return program


class _Analysis:
    def __init__(self, graph: Graph, program: Program, reserved=frozenset()):
        self.graph, self.program, self.reserved = graph, program, reserved
        self.paths = [""] + sorted(graph.blocks, key=lambda p: (p.count("."), p))
        self.children: dict[str, list[str]] = {p: [] for p in self.paths}
        for p in self.paths[1:]:
            self.children[self._parent(p)].append(p)
        self.subtree: dict[str, list[Node]] = {p: [] for p in self.paths}
        for node in graph.nodes:
            p = node.block
            while True:
                self.subtree[p].append(node)
                if p == "":
                    break
                p = self._parent(p)
        self.interface: dict[str, tuple[list[str], list[str]]] = {}
        self.position = {id(n): i for i, n in enumerate(graph.nodes)}   # list.index compares fields
        for kids in self.children.values():       # resolved (and variants numbered) in execution order
            kids.sort(key=lambda c: self.position[id(self.subtree[c][0])] if self.subtree[c] else -1)

    def _parent(self, path: str) -> str:
        """The innermost declared block holding a block path or a parameter name."""
        parts = path.split(".")
        for i in range(len(parts) - 1, 0, -1):
            if ".".join(parts[:i]) in self.graph.blocks:
                return ".".join(parts[:i])
        return ""

    def _io(self, path: str) -> tuple[list[str], list[str]]:
        """Arguments (used, defined outside, not an own parameter) and results of an instance."""
        if path not in self.interface:
            nodes = self.subtree[path]
            defined = {o for n in nodes for o in n.outputs}
            inside = {id(n) for n in nodes}
            args = list(dict.fromkeys(
                v for n in nodes for v in n.inputs
                if v not in defined and not (v in self.graph.params and _under(v, path))))
            used_outside = {v for n in self.graph.nodes if id(n) not in inside for v in n.inputs}
            used_outside |= set(self.graph.outputs.values())
            rets = [o for n in nodes for o in n.outputs if o in used_outside]
            if path == "":
                args = [v for v in self.graph.inputs]
                rets = list(self.graph.outputs.values())
            self.interface[path] = (args, rets)
        return self.interface[path]

    def resolve(self, path: str) -> str:
        """Analyse one instance (children first); returns its kind, merged with equals."""
        kind = self.graph.blocks.get(path, self.graph.name)
        stmts = self._statements(path)
        args, rets = self._io(path)
        params = {p[len(path) + 1:] if path else p: self.graph.params[p]
                  for p in dict.fromkeys(v for n in self.graph.nodes if n.block == path for v in n.inputs)
                  if p in self.graph.params and _under(p, path) and self._parent(p) == path}
        members: dict[str, Member] = {}
        for s in stmts:
            if s.kind != "op":
                m = members.setdefault(s.member, Member(s.member, [], s.index is not None or s.kind == "loop"))
                m.kinds.extend(s.child_kinds)
        block = Block(kind, path, args, rets, stmts, params, list(members.values()))
        return self._merge(block)

    def _statements(self, path: str) -> list[Stmt]:
        own = [n for n in self.graph.nodes if n.block == path]
        items: list[Stmt] = [Stmt("op", list(n.inputs), list(n.outputs), node=n) for n in own]
        for child in self.children[path]:
            if not self.subtree[child]:
                continue                 # a block whose every node was dead code
            rel = child[len(path) + 1:] if path else child
            m = re.fullmatch(r"([A-Za-z_]\w*)(?:\.(\d+))?", rel, re.ASCII)
            if not m:
                raise IRError(f"block {child} [{self.graph.blocks[child]}] sits under {path or 'the root'} as "
                              f"{rel!r}: declare the blocks in between (a child must be `name` or `name.<i>`)")
            kind = self.resolve(child)
            args, rets = self._io(child)
            items.append(Stmt("call", args, rets, member=m[1], index=int(m[2]) if m[2] else None,
                              child_kinds=[kind]))
        first = {id(s): self._first_index(s, path) for s in items}
        items.sort(key=lambda s: first[id(s)])
        items = _toposort(items, self.graph, path)
        return _group_loops(items, self._io(path)[1])

    def _first_index(self, stmt: Stmt, path: str) -> int:
        if stmt.kind == "op":
            return self.position[id(stmt.node)]
        child = f"{path}.{stmt.member}" if path else stmt.member
        child = f"{child}.{stmt.index}" if stmt.index is not None else child
        return self.position[id(self.subtree[child][0])]

    def _merge(self, block: Block) -> str:
        """The block's kind, as an identifier (identifier()) unique up to case and `_` (so that
        every language's spelling of it is too: `Class` and `class`), numbered past the kinds
        of other structure: a variant."""
        sig = signature(block)
        base = block.kind = identifier(block.kind[:MAX_KIND], self.reserved, prefix="Block_")
        n = 1
        while (same := _folded(self.program.blocks).get(_fold(block.kind))) and (
                same != block.kind or signature(self.program.blocks[same]) != sig):
            n += 1
            block.kind = f"{base}{n}"
        self.program.blocks.setdefault(block.kind, block)
        self.program.instances.setdefault(block.kind, []).append((self.graph, block))
        return block.kind


def _fold(kind: str) -> str:
    return kind.replace("_", "").lower()


def _folded(blocks: dict[str, Block]) -> dict[str, str]:
    return {_fold(k): k for k in blocks}


def _under(value: str, path: str) -> bool:
    return path == "" or value.startswith(path + ".")


def _toposort(items: list[Stmt], graph: Graph, path: str) -> list[Stmt]:
    made = {o: i for i, s in enumerate(items) for o in s.outputs}
    deps = nx.DiGraph()
    deps.add_nodes_from(range(len(items)))
    deps.add_edges_from((made[v], i) for i, s in enumerate(items) for v in s.inputs if v in made)
    try:
        return [items[i] for i in nx.lexicographical_topological_sort(deps)]
    except nx.NetworkXUnfeasible:
        raise IRError(f"{graph.name}: block {path or 'root'} [{graph.blocks.get(path, graph.name)}]: its "
                      "children depend on each other in a cycle, so they are not callable functions") from None


def _group_loops(stmts: list[Stmt], returns: list[str] = ()) -> list[Stmt]:
    """Runs of calls `m.0, m.1, ..., m.n-1` that pass results along become one loop; an
    argument that is `select(X, axis=0, index=k)` for call k becomes a loop over X."""
    uses: dict[str, int] = {}
    for s in stmts:
        for v in s.inputs:
            uses[v] = uses.get(v, 0) + 1
    selects = {s.outputs[0]: s for s in stmts if s.kind == "op" and s.node.op == "select"
               and s.node.attrs["axis"] == 0 and uses.get(s.outputs[0]) == 1}
    out: list[Stmt] = []
    absorbed: set[int] = set()
    i = 0
    while i < len(stmts):
        run, end = _call_run(stmts, i, selects)
        loop = _as_loop(run, stmts[end:], selects, returns) if len(run) > 1 else None
        if loop:
            out.append(loop)
            absorbed.update(id(selects[c.inputs[j]]) for c in run for j in loop.sliced)
            out.extend(s for s in stmts[i:end] if s.kind == "op")      # selects, dropped below
            i = end
        else:
            out.append(stmts[i])
            i += 1
    return [s for s in out if id(s) not in absorbed]


def _call_run(stmts: list[Stmt], i: int, selects: dict[str, Stmt]) -> tuple[list[Stmt], int]:
    """Calls `m.0, m.1, ...` from position i, stepping over the selects that feed them."""
    run: list[Stmt] = []
    j = i
    while j < len(stmts):
        s = stmts[j]
        if s.kind == "call" and s.index == len(run) and (not run or s.member == run[0].member):
            run.append(s)
        elif not (s.kind == "op" and s.outputs[0] in selects):
            break
        j += 1
    while j > i and stmts[j - 1].kind != "call":      # trailing selects belong to what follows
        j -= 1
    return run, j


def _as_loop(run: list[Stmt], rest: list[Stmt], selects: dict[str, Stmt], returns=()) -> Stmt | None:
    first = run[0]
    if any(len(c.inputs) != len(first.inputs) or len(c.outputs) != len(first.outputs) for c in run):
        return None
    sliced: dict[int, str] = {}
    for j in range(len(first.inputs)):
        picks = [selects.get(c.inputs[j]) for c in run]
        if all(p is not None and p.node.attrs["index"] == k and p.inputs[0] == picks[0].inputs[0]
               for k, p in enumerate(picks)):
            sliced[j] = first.inputs[j]
    carried: dict[int, int] = {}
    for prev, cur in zip(run, run[1:]):
        step = {}
        for j, (a, b) in enumerate(zip(prev.inputs, cur.inputs)):
            if j in sliced:
                continue
            if b in prev.outputs:
                step[j] = prev.outputs.index(b)
            elif a != b:
                return None
        if carried and step != carried:
            return None
        carried = step
    inner = {o for s in run[:-1] for o in s.outputs}
    later = {v for s in rest for v in s.inputs} | set(returns)     # results a loop would hide
    if inner & later or sorted(carried.values()) != list(range(len(first.outputs))):
        return None
    inputs = [selects[v].inputs[0] if j in sliced else v for j, v in enumerate(first.inputs)]
    return Stmt("loop", inputs, list(run[-1].outputs), member=first.member, carried=carried,
                child_kinds=[k for s in run for k in s.child_kinds], sliced=sliced)


def signature(block: Block) -> tuple:
    """Structure of a block with value names abstracted away: equal means same code."""
    ref = {v: ("arg", i) for i, v in enumerate(block.args)}

    def describe(v: str) -> tuple:
        if v in ref:
            return ref[v]
        rel = block.rel(v)
        return ("param", rel, block.params[rel].type.shape) if rel in block.params else ("outer", rel)

    out = []
    for s in block.stmts:
        ins = tuple(describe(v) for v in s.inputs)
        head = (s.node.op, tuple(sorted((k, repr(a)) for k, a in s.node.attrs.items()))) if s.kind == "op" \
            else (s.kind, s.member, s.index, tuple(s.child_kinds), tuple(sorted(s.carried.items())),
                  tuple(sorted(s.sliced)))
        out.append((head, ins, len(s.outputs)))
        for o in s.outputs:
            ref[o] = ("val", len(ref))
    return tuple(out), tuple(ref.get(v) for v in block.returns)


def _loss_block(graph: Graph, fwd: Graph, loss: str) -> Block:
    done = {id(n) for n in fwd.nodes}
    nodes = [n for n in graph.nodes if id(n) not in done]
    inside = [n for n in nodes if n.block]
    if inside:
        raise IRError(f"{graph.name}: the loss must be computed at the root, not in block {inside[0].block}")
    defined = {o for n in nodes for o in n.outputs}
    args = list(dict.fromkeys(v for n in nodes for v in n.inputs if v not in defined))
    args.sort(key=lambda v: (v not in fwd.outputs.values(), v))
    stmts = [Stmt("op", list(n.inputs), list(n.outputs), node=n) for n in nodes]
    return Block("loss", "", args, [graph.outputs[loss]], stmts, {}, [])


MAX_KIND = 64       # a longer kind is cut: its identifier names files too (Candle's src/model/<kind>.rs)


def identifier(name: str, reserved=frozenset(), prefix: str = "v_") -> str:
    """The one rule making an IR name an identifier, for every language: ASCII letters, digits
    and `_` kept, any other character `_`; `prefix` before one that starts with a digit or is
    reserved. Callers number the results that collide."""
    base = re.sub(r"[^0-9A-Za-z_]", "_", name) or "v"
    return f"{prefix}{base}" if base[0].isdigit() or base in reserved else base


def hint(value: str, reserved=frozenset(), prefix: str = "v_") -> str:
    """The readable part of a value name: `model.layers.3.self_attn/q_2` -> `q`."""
    return identifier(re.sub(r"_\d+$", "", value.rsplit("/", 1)[-1]), reserved, prefix)


def assign_locals(block: Block, reserved=frozenset()) -> None:
    """Local identifiers: the model's own names, reused once a value is dead (`x = x + ...`)."""
    uses: dict[str, int] = {}
    for s in block.stmts:
        for v in s.inputs:
            uses[v] = uses.get(v, 0) + 1
    live: dict[str, str] = {}          # local -> value currently held
    names = block.locals

    def bind(value: str) -> None:
        base = hint(value, reserved)
        name, n = base, 1
        while name in live and (uses.get(live[name], 0) > 0 or live[name] in block.returns):
            n += 1
            name = f"{base}{n}"
        live[name] = value
        names[value] = name

    for a in block.args:
        bind(a)
    for s in block.stmts:
        for v in s.inputs:
            uses[v] -= 1
        for v in s.sliced.values():       # a loop's per-step slices, named like their source
            bind(v)
        for o in s.outputs:
            bind(o)


def function_names(program: Program, snake, reserved=frozenset()) -> dict[str, str]:
    """Block kind -> a unique function name (`snake(kind)`, numbered past the reserved ones)."""
    names, taken = {}, set(reserved)
    for kind in program.blocks:
        base = name = snake(kind)
        k = 2
        while name in taken:
            name, k = f"{base}{k}", k + 1
        taken.add(name)
        names[kind] = name
    return names
