"""Shape-generic blocks: block kinds that differ only in sizes or scalar attributes become one
class (function, struct) with constructor arguments, as torchvision writes one
`Bottleneck(inplanes, planes, stride)`.

structure.analyze() numbers every kind whose instances differ (`Bottleneck`, `Bottleneck2`,
...); generics() groups the numbered kinds of one structure and finds the quantities that vary
between them: parameter dimensions and integer attributes. Quantities that vary alike are one
argument, named after where it first appears (`in_channels`, `stride`; `conv1_out_channels`
where two arguments would share a role). symbolic() gives a kind's block and graph with those
quantities as `Size`s: ints that write themselves as the argument's name, so an emitter's
unchanged op rules write `nn.Conv2d(in_channels, conv1_out_channels, 1)`.

Float attributes vary like sizes (FloatSize); a size that is, in every member, a multiple or sum
of an argument's config expression is written from it (`nn.Linear(features, 8 * features)`).
With `nested`, kinds with children group too once their children are grouped: a child's
constructor values are the parent's quantities, and symbolic() gives the parent's block the
child_sizes its constructor calls write (`BasicTransformerBlock(channels, head_dim)`).

An emitter writes each member kind from its symbolic view and merges the group only where the
code comes out identical (same_code): a rule that branches on a size, or computes with one,
writes different code per member and keeps the kinds apart, so merging never changes what a
program computes."""
from __future__ import annotations

import copy
import keyword
import math
import re
from dataclasses import dataclass, field

from inferena.ir import Graph, Param, TensorType, sizes

from .structure import Block, Part, Program, signature


MARK = re.compile("\ue000([^\ue001]+)\ue001")
DERIVED = re.compile(r"[\d\s*+]*\{\}[\d\s*+{}]*")       # an argument's multiple or sum: `4 * {}`


class Size(int):
    """A constructor argument's value that writes itself as a mark for the argument (fill()
    spells it as the emitter names it where the code stands: `stride`, `self.stride`), or for
    an expression of one (`4 * features`)."""
    name: str

    def __new__(cls, value: int, name: str):
        size = int.__new__(cls, value)
        size.name = name
        return size

    def __str__(self) -> str:
        return f"\ue000{self.name}\ue001"

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else format(int(self), spec)

    def __mul__(self, other):
        return self if other == 1 else int(self) * other

    __rmul__ = __mul__

    def __floordiv__(self, other):
        return self if other == 1 else int(self) // other

    def __add__(self, other):
        return self if other == 0 else int(self) + other

    __radd__ = __add__


class FloatSize(float):
    """A float constructor argument (an attention's scale): as Size, its mark when written."""
    name: str

    def __new__(cls, value: float, name: str):
        size = float.__new__(cls, value)
        size.name = name
        return size

    __str__ = __repr__ = Size.__str__

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else format(float(self), spec)


def _size(value, name: str):
    return FloatSize(value, name) if isinstance(value, float) else Size(value, name)


def _scalar(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


@dataclass
class Generic:
    """One class for several block kinds."""
    name: str                                  # the class name
    kinds: list[str]                           # the member kinds, in program order
    args: list[str]                            # constructor arguments
    values: dict[str, tuple]                   # kind -> its argument values
    places: dict[tuple, str] = field(default_factory=dict)   # quantity -> argument
    part: Part | None = None                   # an optional part (positions in the first kind's block)
    without: list[str] = field(default_factory=list)   # the kinds that lack it
    params: list[str] | None = None            # the arguments the emitter's code reads (None: all)
    derived: dict[str, tuple[str, str]] = field(default_factory=dict)  # size -> (argument, `4 * {}`)
    within: dict[str, "Generic"] = field(default_factory=dict, repr=False)   # children's groups

    def has_part(self, kind: str) -> bool:
        return self.part is not None and kind not in self.without

    def call_values(self, kind: str, sizes: tuple | None = None) -> list:
        """The kind's constructor values for the arguments the code reads; `sizes`: the
        kind's values as its parent class has them (Block.child_sizes)."""
        values = self.values[kind] if sizes is None else sizes
        return [v for a, v in zip(self.args, values) if self.params is None or a in self.params]


# Roles of a parameter's dimensions, by the op that reads it and the axis.
ROLES = {
    "conv2d": ("out_channels", "in_channels"), "conv1d": ("out_channels", "in_channels"),
    "linear": ("out_features", "in_features"), "embedding": ("num_embeddings", "embedding_dim"),
    "batch_norm": ("channels",), "group_norm": ("channels",), "layer_norm": ("features",),
    "rmsnorm": ("features",),
}


def _quantities(block: Block, within: dict[str, Generic]) -> dict[tuple, int | float]:
    """The block's sizes and scalar attributes, (param rel, axis) or (stmt i, attr, element),
    and its children's constructor values (stmt i, layer, argument) where they are generic."""
    out: dict[tuple, int | float] = {}
    for rel, p in block.params.items():
        for axis, d in enumerate(p.type.shape):
            out[("param", rel, axis)] = d
    for i, s in enumerate(block.stmts):
        if s.kind != "op":
            for layer, kind in enumerate(s.child_kinds):
                for j, x in enumerate(within[kind].values[kind] if kind in within else ()):
                    out[("child", i, layer, j)] = x
            continue
        if s.node.op == "const":
            continue
        for key, v in s.node.attrs.items():
            items = v if isinstance(v, tuple) else (v,)
            for j, x in enumerate(items):
                if _scalar(x):
                    out[("attr", i, key, j)] = x
    return out


def _key(block: Block, within: dict[str, Generic]) -> tuple:
    """The block's structure without parameter shapes and scalar attribute values, its
    children by their group (and whether each has the group's optional part)."""
    ops, returns = signature(block)
    out = []
    for (head, ins, n), s in zip(ops, block.stmts):
        if s.kind == "op":
            head = (s.node.op, tuple(sorted((k, _scalar_free(v)) for k, v in s.node.attrs.items())))
        else:
            kinds = tuple((within[k].kinds[0], within[k].has_part(k)) if k in within else k for k in s.child_kinds)
            head = (*head[:3], kinds, *head[4:])
        out.append((head, tuple(x[:2] if x[0] == "param" else x for x in ins), n))
    return tuple(out), returns


def _scalar_free(v):
    items = v if isinstance(v, tuple) else (v,)
    if all(_scalar(x) for x in items):
        return ("scalars", tuple(type(x).__name__ for x in items) if isinstance(v, tuple) else type(v).__name__)
    return repr(v)


def _role(program: Program, block: Block, key: tuple, within: dict[str, Generic]) -> tuple[str, str]:
    """(owner, role) of a quantity: ("conv1", "out_channels"), ("conv2", "stride")."""
    if key[0] == "param":
        _, rel, axis = key
        owner = rel.rpartition(".")[0] or rel
        for s in block.stmts:
            rels = [block.rel(v) for v in s.inputs]
            if s.kind == "op" and rel in rels:
                roles = ROLES.get(s.node.op, ())
                at = roles[axis:axis + 1] if rels.index(rel) == 1 else roles[:1]
                if at:
                    return owner, at[0]
                break
        return owner, f"dim{axis}"
    if key[0] == "child":
        _, i, layer, j = key
        s = block.stmts[i]
        g = within[s.child_kinds[layer]]
        return (s.member if s.index is None else f"{s.member}.{s.index}"), g.args[j]
    _, i, attr, j = key
    s = block.stmts[i]
    if (s.node.op, attr) == ("reshape", "shape"):
        return "reshape", _split_role(program, s, j)
    owners = [block.rel(v).rpartition(".")[0] for v in s.inputs if block.rel(v) in block.params]
    return (owners[0] if owners else s.node.op), ATTR_ROLES.get((s.node.op, attr), attr)


def _split_role(program: Program, s, j: int) -> str:
    """A reshape's output size j: where it splits the last axis in two, the pair is an
    attention's (heads, head_dim), or a square image's (height, width) when equal."""
    x = next(g.values[s.inputs[0]] for g in program.graphs.values() if s.inputs[0] in g.values)
    shape = s.node.attrs["shape"]
    kept = all(d in (0, e) for d, e in zip(shape[:-2], x.shape[:-1]))    # 0: the input's size
    if len(shape) == x.rank + 1 and kept and j >= x.rank - 1:
        names = ("height", "width") if shape[-1] == shape[-2] else ("heads", "head_dim")
        return names[j - x.rank + 1]
    return "shape"


ATTR_ROLES = {("split", "sizes"): "split_size"}
COMBINED = [({"in_channels", "out_channels"}, "channels"), ({"in_features", "out_features"}, "features"),
            ({"height", "width"}, "sample_size"),
            ({"in_channels"}, "in_channels"), ({"out_channels"}, "out_channels")]


def _names(roles: list[list[tuple[str, str]]]) -> list[str]:
    """Argument names: the role a quantity plays (`channels` where it is both a layer's input
    and another's output), the first layer's name before it where two would clash."""
    base = []
    for r in roles:
        kinds = {k for _, k in r}
        base.append(next((name for need, name in COMBINED if need <= kinds), r[0][1]))
    if "in_channels" in base and "channels" in base and "out_channels" not in base and base.count("channels") == 1:
        base[base.index("channels")] = "out_channels"
    keep = {b: next(i for i, x in enumerate(base) if x == b) for b in base}    # a clash: the first keeps it
    keep.update({b: i for i, (r, b) in enumerate(zip(roles, base)) if r[0][1].startswith("in_")
                 and base.count(b) > 1 and not roles[keep[b]][0][1].startswith("in_")})
    names = [b if keep[b] == i else f"{r[0][0]}_{r[0][1]}".replace(".", "_")
             for i, (r, b) in enumerate(zip(roles, base))]
    return _unique(names)


def generics(program: Program, optional: bool = False, nested: bool = False) -> list[Generic]:
    """Groups of two or more kinds that differ only in sizes and scalar attributes, children
    before parents (roots stay as they are). `optional`: the emitter writes optional parts, so
    a kind that is another's without one part (Part) joins that kind's group. `nested`: the
    emitter writes children's constructor calls from a Block's child_sizes, so kinds with
    children group too, where their children are of one group each (CrossAttnDownBlock2D:
    its ResnetBlock2D, Transformer2DModel and Downsample2D of three sizes)."""
    roots = set(program.roots.values())
    depth: dict[str, int] = {}
    for kind, block in program.blocks.items():           # children come first
        depth[kind] = 1 + max((depth[k] for m in block.members for k in m.kinds), default=-1)
    out: list[Generic] = []
    within: dict[str, Generic] = {}                      # kind -> its group, of the levels done
    for level in range(1 + (max(depth.values()) if nested else 0)):
        kinds = [k for k in program.blocks if depth[k] == level and k not in roots]
        found = _level(program, kinds, within, optional)
        out.extend(found)
        within.update({k: g for g in found for k in g.kinds})
    _name_groups(out, program)
    return out


def _level(program: Program, kinds: list[str], within: dict[str, Generic], optional: bool) -> list[Generic]:
    groups: dict[tuple, list[str]] = {}
    for kind in kinds:
        groups.setdefault(_key(program.blocks[kind], within), []).append(kind)
    guests: dict[tuple, tuple[Part, list[str]]] = {}     # host key -> its part, the kinds without it
    if optional:
        for key, members in groups.items():
            for part in _parts(program.blocks[members[0]]):
                guest = _key(_without(program.blocks[members[0]], part), within)
                if guest in groups and guest not in guests and key not in guests.values():
                    guests[key] = (part, groups[guest])
                    break
        taken = {tuple(members) for _, members in guests.values()}
        groups = {k: v for k, v in groups.items() if tuple(v) not in taken}
    out = []
    for key, members in groups.items():
        part, absent = guests.get(key, (None, []))
        g = _group(program, members, absent, part, within) or (
            _group(program, members, [], None, within) if absent else None)
        out.extend([g] if g else [])
        if absent and (not g or not g.part):
            out.extend(x for x in [_group(program, absent, [], None, within)] if x)
    return out


def _group(program: Program, kinds: list[str], absent: list[str], part: Part | None,
           within: dict[str, Generic]) -> Generic | None:
    """The Generic of `kinds` (and of `absent`, the kinds without `part`), None where they
    cannot be one class."""
    everyone = kinds + absent
    if len(everyone) < 2:
        return None
    host = program.blocks[kinds[0]]
    kept = [i for i in range(len(host.stmts)) if not part or i not in part.stmts]
    qs = [_quantities(program.blocks[k], within) for k in kinds]
    qs += [{(q[0], kept[q[1]], *q[2:]) if q[0] in ("attr", "child") else q: v
            for q, v in _quantities(program.blocks[k], within).items()} for k in absent]
    if any(q.keys() != qs[0].keys() for q in qs[:len(kinds)]) or any(q.keys() != qs[-1].keys() for q in qs[len(kinds):]):
        return None
    varying: dict[tuple, list[tuple]] = {}           # value vector -> the quantities that have it
    for key in qs[-1]:
        vector = tuple(q[key] for q in qs)
        if len(set(vector)) > 1:
            varying.setdefault(vector, []).append(key)
    if not varying and not part:
        return None
    roles = [[_role(program, host, k, within) for k in keys] for keys in varying.values()]
    names = _names(roles)
    order = sorted(range(len(names)), key=lambda i: not roles[i][0][1].startswith("in_"))
    varying = dict([list(varying.items())[i] for i in order])
    names = [names[i] for i in order]
    derived = _derived(list(varying), names)
    args = [i for i, n in enumerate(names) if n not in derived]
    g = Generic(_base(kinds[0]), everyone, [names[i] for i in args], {
        k: tuple(list(varying)[i][m] for i in args) for m, k in enumerate(everyone)}, part=part,
        without=absent, derived=derived, within=within)
    for name, keys in zip(names, varying.values()):
        for key in keys:
            g.places[key] = name
    for key in qs[0].keys() - qs[-1].keys():          # the part's own sizes: the argument they follow
        vector = tuple(q[key] for q in qs[:len(kinds)])
        same = [n for n, vec in zip(names, varying) if vec[:len(kinds)] == vector]
        if same:
            role = _role(program, host, key, within)[1]
            g.places[key] = next((n for n in same if n.endswith(role)), same[0])
        elif len(set(vector)) > 1:
            return None                               # a size only the part has: no argument for it
    return g


def _derived(vectors: list[tuple], names: list[str]) -> dict[str, tuple[str, str]]:
    """Sizes that are, in every member, the same multiple or sum of an argument's config
    expression (ir/sizes.py: GEGLU's `8 * block_out_channels[0]` of `block_out_channels[0]`):
    {size: (argument, template)}; the code writes them from the argument (`8 * features`)."""
    out: dict[str, tuple[str, str]] = {}
    for v, vec in zip(names, vectors):
        if v in {u for u, _ in out.values()}:
            continue                                   # an argument others are written from
        for u, base in zip(names, vectors):
            if u == v or u in out or not all(isinstance(x, sizes.Dim) for x in vec + base):
                continue
            templates = {x.expr.replace(b.expr, "{}") for x, b in zip(vec, base)}
            t = templates.pop()
            if not templates and DERIVED.fullmatch(t) and all(_evaluate(t, b) == x for x, b in zip(vec, base)):
                out[v] = (u, t)
                break
    return out


def _evaluate(template: str, value: int) -> int:
    """A DERIVED template's value for the argument's value: `4 * {} + 8`, a sum of products."""
    return sum(math.prod(value if f.strip() == "{}" else int(f) for f in term.split("*"))
               for term in template.split("+"))


def _parts(block: Block) -> list[Part]:
    """Candidate optional parts: per first component of the parameter names, the statements
    reading parameters under it, where they are consecutive and form a chain from one value
    of the block to one result that nothing but later statements uses. Its name becomes a
    constructor argument (`downsample=False`): only an ASCII identifier, no Python keyword."""
    out = []
    for name in dict.fromkeys(rel.split(".")[0] for rel in block.params if "." in rel):
        if not (re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) and not keyword.iskeyword(name)):
            continue
        under = {p.name for rel, p in block.params.items() if rel.split(".")[0] == name}
        at = [i for i, s in enumerate(block.stmts) if any(v in under for v in s.inputs)]
        chain = [block.stmts[i] for i in at]
        if at != list(range(at[0], at[0] + len(at))) or any(s.kind != "op" or len(s.outputs) != 1 for s in chain):
            continue
        feeds = [[v for v in s.inputs if v not in under] for s in chain]
        if len(feeds[0]) != 1 or any(f != [prev.outputs[0]] for f, prev in zip(feeds[1:], chain)):
            continue
        inner = {s.outputs[0] for s in chain[:-1]}
        if inner & ({v for i, s in enumerate(block.stmts) if i not in at for v in s.inputs} | set(block.returns)):
            continue
        out.append(Part(name, tuple(at), feeds[0][0], chain[-1].outputs[0]))
    return out


def _without(block: Block, part: Part) -> Block:
    """The block with the part left out: its source stands where its result stood."""
    def sub(values):
        return [part.source if v == part.result else v for v in values]
    stmts = []
    for i, s in enumerate(block.stmts):
        if i in part.stmts:
            continue
        if part.result in s.inputs:
            s = copy.copy(s)
            s.inputs = sub(s.inputs)
        stmts.append(s)
    out = copy.copy(block)
    out.stmts, out.returns = stmts, sub(block.returns)
    out.params = {rel: p for rel, p in block.params.items() if rel.split(".")[0] != part.name}
    return out


def _unique(names: list[str]) -> list[str]:
    out = []
    for n in names:
        name, i = n, 1
        while name in out:
            i += 1
            name = f"{n}{i}"
        out.append(name)
    return out


def _base(kind: str) -> str:
    return kind.rstrip("0123456789") or kind


def _name_groups(groups: list[Generic], program: Program) -> None:
    """A group is named after its base kind, numbered where several groups (or an unmerged
    kind) share it: Bottleneck, Bottleneck2."""
    merged = {k for g in groups for k in g.kinds}
    taken = {k for k in program.blocks if k not in merged}
    for g in groups:
        name, i = g.name, 1
        while name in taken:
            i += 1
            name = f"{g.name}{i}"
        g.name = name
        taken.add(name)


def symbolic(program: Program, g: Generic, kind: str, graph: Graph) -> tuple[Block, Graph]:
    """The kind's block and graph with the group's quantities as Sizes (the kind's values,
    written as the argument names). A group with an optional part gives every kind the first
    kind's block, the part marked (Block.part): a kind without it has its own sizes there and,
    for the statements it shares, its own value types."""
    values = dict(zip(g.args, g.values[kind]))
    for name, (arg, t) in g.derived.items():
        values[name] = _evaluate(t, int(values[arg]))
    block = program.blocks[g.kinds[0] if kind in g.without else kind]
    types = dict(graph.values)
    if kind in g.without:
        for host, mine in zip(_values(_without(block, g.part)), _values(program.blocks[kind])):
            types[host] = graph.values[mine]
        for v in set(_values(block)) - types.keys():          # the part's own values
            types[v] = next(gr.values[v] for gr in program.graphs.values() if v in gr.values)
        types[g.part.result] = types[g.part.source]           # what stands in its place

    def sized(key, d):
        if key not in g.places:
            return d
        name = g.places[key]
        arg, t = g.derived.get(name, (name, "{}"))
        return _size(values[name], t.replace("{}", arg))

    params = {}
    for rel, p in block.params.items():
        t = TensorType(tuple(sized(("param", rel, a), d) for a, d in enumerate(p.type.shape)), p.type.dtype)
        params[rel] = Param(p.name, t, p.init, p.trainable)
        types[p.name] = t
    stmts = []
    for i, s in enumerate(block.stmts):
        if s.kind == "op" and any(k[0] == "attr" and k[1] == i for k in g.places):
            node = copy.copy(s.node)
            node.attrs = dict(node.attrs)
            for key, v in s.node.attrs.items():
                items = v if isinstance(v, tuple) else (v,)
                new = tuple(sized(("attr", i, key, j), x) for j, x in enumerate(items))
                node.attrs[key] = new if isinstance(v, tuple) else new[0]
            s = copy.copy(s)
            s.node = node
        stmts.append(s)
    sym = copy.copy(block)
    sym.params, sym.stmts = params, stmts
    sym.child_sizes = {k: tuple(sized(("child", i, layer, j), v) for j, v in enumerate(g.within[k].values[k]))
                       for i, s in enumerate(block.stmts) if s.kind != "op"
                       for layer, k in enumerate(s.child_kinds) if k in g.within}
    if g.part:                                    # in this block's value names
        sym.part = next(p for p in _parts(block) if p.name == g.part.name)
    first = program.blocks[g.kinds[0]]            # locals named as in the first member
    sym.locals = {v: first.locals[f] for v, f in zip(_values(block), _values(first)) if f in first.locals}
    sym_graph = copy.copy(graph)
    sym_graph.values = types
    return sym, sym_graph


def fill(code, spell=lambda name: name, used: set[str] | None = None):
    """Code (a string, or lists/dicts/tuples of them) with each Size mark spelled by
    spell(name) (an expression of one: each name in it, in parentheses where the code around
    needs them); the names met are added to `used`."""
    if isinstance(code, str):
        def name(m):
            if used is not None:
                used.add(m[0])
            return spell(m[0])

        def sub(m):
            expr = re.sub(r"[A-Za-z_]\w*", name, m[1])
            return sizes.operand(expr, code[:m.start()], code[m.end():])
        return MARK.sub(sub, code)
    if isinstance(code, dict):
        return {k: fill(v, spell, used) for k, v in code.items()}
    if isinstance(code, (list, tuple)):
        return type(code)(fill(v, spell, used) for v in code)
    return code


def _values(block: Block) -> list[str]:
    """The block's local values in a fixed order (equal-structured blocks match position by position)."""
    return list(block.args) + [v for s in block.stmts for v in [*s.sliced.values(), *s.outputs]]
