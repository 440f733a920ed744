"""PyTorch emitter: nn.Module classes per block kind, nn.ModuleList loops, functional ops."""
from __future__ import annotations

import re
from pathlib import Path

from inferena.ir import Graph, IRError, sizes

from . import codegen, generic, pycode
from .base import Emitter
from .codegen import Rule
from .pycode import PYTHON, OpCall, attribute, run_spec, set_attribute, shape_expr
from .structure import Block, Part, Program, Stmt

NAME = "pytorch"
TORCH_DTYPES = {"f32": "torch.float32", "f64": "torch.float64", "i64": "torch.int64", "bool": "torch.bool"}


def _reshape(n: OpCall) -> str:
    x, spec, rank = n.args[0], n.attrs["shape"], n.in_types[0].rank
    out = n.out_types[0].shape
    if len(spec) == rank + 1 and all(d == 0 for d in spec[:rank - 1]):
        sizes = [d if d else o for d, o in zip(spec[-2:], out[-2:])]    # -1 stays: no batch size baked in
        return f"{x}.unflatten(-1, ({sizes[0]}, {sizes[1]}))"
    if len(spec) == rank - 1 and all(d == 0 for d in spec[:rank - 2]):
        return f"{x}.flatten(-2)"
    return f"{x}.reshape({shape_expr(x, spec)})"


def _transpose(n: OpCall) -> str:
    perm = n.attrs["perm"]
    moved = [i for i, p in enumerate(perm) if p != i]
    if len(moved) == 2:
        return f"{n.args[0]}.transpose({moved[0]}, {moved[1]})"
    return f"{n.args[0]}.permute{tuple(perm)}"


def _reduce(method):
    return lambda n: f"{n.args[0]}.{method}(dim={tuple(n.attrs['axes'])}, keepdim={n.attrs['keepdims']})"


def _attention(n: OpCall) -> str:
    q, k, v = n.args[:3]
    opts = [] if codegen.default_scale(n) else [f"scale={n.attrs['scale']!r}"]
    if len(n.args) == 4:
        mask = n.args[3]
        if n.attrs["causal"]:
            mask = f"{mask} & causal_mask({q}.shape[-2], {k}.shape[-2], 0, {q}.device)"
        opts.insert(0, f"attn_mask={mask}")
    elif n.attrs["causal"]:
        opts.insert(0, "is_causal=True")
    if n.in_types[0].shape[1] != n.in_types[1].shape[1]:
        opts.append("enable_gqa=True")
    return f"F.scaled_dot_product_attention({', '.join([q, k, v, *opts])})"


def _cross_entropy(n: OpCall) -> str:
    logits, labels = n.args
    if n.in_types[0].rank > 2:
        logits, labels = f"{logits}.flatten(0, -2)", f"{labels}.flatten()"
    return f"F.cross_entropy({logits}, {labels})"


def _ints(v) -> str:
    """A size attribute as PyTorch code writes it: 2 for (2, 2), (1, 2) otherwise."""
    v = tuple(v) if isinstance(v, (tuple, list)) else (v,)
    return str(v[0]) if len(set(v)) == 1 else str(v)


def _conv_options(attrs) -> list[str]:
    """stride/padding/dilation/groups keyword arguments that differ from the defaults."""
    opts = [f"{k}={_ints(attrs[k])}" for k, default in (("stride", 1), ("padding", 0), ("dilation", 1))
            if _ints(attrs[k]) != str(default)]
    return opts + ([f"groups={attrs['groups']}"] if attrs["groups"] != 1 else [])


def _conv(fn):
    return lambda n: f"{fn}({', '.join(n.args + _conv_options(n.attrs))})"


def _conv_layer(cls):
    def ctor(n: OpCall) -> str:
        w = n.in_types[1].shape
        args = [str(w[1] * n.attrs["groups"]), str(w[0]), _ints(w[2:])] + _conv_options(n.attrs)
        return f"nn.{cls}({', '.join(args + ([] if len(n.args) == 3 else ['bias=False']))})"
    return ctor


def _eps(n: OpCall, default: float = 1e-5) -> list[str]:
    return [] if n.attrs["eps"] == default else [f"eps={n.attrs['eps']!r}"]


def _max_pool_options(attrs) -> list[str]:
    opts = [f"kernel_size={_ints(attrs['kernel'])}"]
    if tuple(attrs["stride"]) != tuple(attrs["kernel"]):
        opts.append(f"stride={_ints(attrs['stride'])}")
    return opts + ([f"padding={_ints(attrs['padding'])}"] if any(attrs["padding"]) else [])


def _max_pool_backward(n: OpCall) -> str:
    """Scatter-add each window's gradient to the position max_pool2d picked (its indices
    count within each flattened H*W plane)."""
    g, x = n.args
    picked = f"F.max_pool2d({x}, {', '.join(_max_pool_options(n.attrs))}, return_indices=True)[1]"
    return f"torch.zeros_like({x}).flatten(2).scatter_add(2, {picked}.flatten(2), {g}.flatten(2)).view_as({x})"


def _arange(n: OpCall, device: str | None = None) -> str:
    where = f", device={device}" if device else ""
    return f"torch.arange({n.attrs['size']}, dtype={TORCH_DTYPES[n.attrs['dtype']]}{where})"


def _conv2d_input(n: OpCall) -> str:
    g, w = n.args
    c = n.in_types[1].shape[1] * n.attrs["groups"]
    size = f"({g}.shape[0], {c}, {', '.join(map(str, n.attrs['input_size']))})"
    return f"torch.nn.grad.conv2d_input({', '.join([size, w, g] + _conv_options(n.attrs))})"


def _conv2d_weight(n: OpCall) -> str:
    x, g = n.args
    size = (n.in_types[1].shape[1], n.in_types[0].shape[1] // n.attrs["groups"]) + tuple(n.attrs["kernel"])
    return f"torch.nn.grad.conv2d_weight({', '.join([x, str(size), g] + _conv_options(n.attrs))})"


EXPRESSIONS = {
    **pycode.array_rules("torch"),
    "rsqrt": lambda n: f"torch.rsqrt({n.args[0]})",
    "cast": lambda n: f"{n.args[0]}.to({TORCH_DTYPES[n.attrs['dtype']]})",
    "sigmoid": lambda n: f"torch.sigmoid({n.args[0]})",
    "silu": lambda n: f"F.silu({n.args[0]})",
    "softmax": lambda n: f"torch.softmax({n.args[0]}, dim={n.attrs['axis']})",
    "sum": _reduce("sum"),
    "mean": _reduce("mean"),
    "max": _reduce("amax"),
    "reshape": _reshape,
    "transpose": _transpose,
    "broadcast_to": lambda n: f"{n.args[0]}.expand({tuple(n.attrs['shape'])})",
    "split": lambda n: f"torch.split({n.args[0]}, {list(n.attrs['sizes'])}, dim={n.attrs['axis']})",
    "concat": lambda n: f"torch.cat([{', '.join(n.args)}], dim={n.attrs['axis']})",
    "linear": lambda n: f"F.linear({', '.join(n.args)})",
    "embedding": lambda n: f"F.embedding({n.args[0]}, {n.args[1]})",
    "embedding_grad": lambda n: (f"{n.args[0]}.new_zeros({n.attrs['num']}, {n.args[0]}.shape[-1]).index_add_("
                                 f"0, {n.args[1]}.flatten(), {n.args[0]}.flatten(0, -2))"),
    "rmsnorm": lambda n: f"F.rms_norm({n.args[0]}, ({n.in_types[1].shape[0]},), {n.args[1]}, "
                         f"eps={n.attrs['eps']!r})",
    "positions": lambda n: (f"torch.arange({n.attrs['offset']}, {n.attrs['offset']} + " if n.attrs["offset"]
                            else "torch.arange(") + f"{n.args[0]}.shape[{n.attrs['axis']}], device={n.args[0]}.device)",
    "causal_mask": Rule(lambda n: (f"causal_mask({n.args[0]}.shape[-2], {n.args[1]}.shape[-2], "
                                   f"{n.attrs['offset']}, {n.args[0]}.device)"), ("causal_mask",)),
    "attention": Rule(_attention, lambda n: ("causal_mask",) if len(n.args) == 4 and n.attrs["causal"] else ()),
    "one_hot": lambda n: f"F.one_hot({n.args[0]}, {n.attrs['depth']}).float()",
    "cross_entropy": _cross_entropy,
    "erf": lambda n: f"torch.erf({n.args[0]})",
    "relu": lambda n: f"torch.relu({n.args[0]})",
    "gelu": lambda n: f"F.gelu({n.args[0]}" + (', approximate="tanh")' if n.attrs["approximate"] == "tanh" else ")"),
    "conv2d": _conv("F.conv2d"),
    "conv1d": _conv("F.conv1d"),
    "conv2d_backward_input": _conv2d_input,
    "conv2d_backward_weight": _conv2d_weight,
    "group_norm": lambda n: f"F.group_norm({', '.join([n.args[0], str(n.attrs['groups'])] + n.args[1:] + _eps(n))})",
    "layer_norm": lambda n: f"F.layer_norm({', '.join([n.args[0], f'({n.in_types[1].shape[0]},)'] + n.args[1:] + _eps(n))})",
    "batch_norm": lambda n: f"F.batch_norm({', '.join([n.args[0]] + n.args[3:] + n.args[1:3] + _eps(n))})",
    "max_pool2d": lambda n: f"F.max_pool2d({', '.join([n.args[0]] + _max_pool_options(n.attrs))})",
    "max_pool2d_backward": _max_pool_backward,
    "upsample_nearest": lambda n: f"F.interpolate({n.args[0]}, scale_factor={n.attrs['scale']}, mode=\"nearest\")",
    "mse_loss": lambda n: f"F.mse_loss({n.args[0]}, {n.args[1]})",
    "arange": _arange,
}
SUPPORTED = set(EXPRESSIONS) | {"const"}

# Ops whose parameters become a torch.nn layer: op -> (constructor, parameter inputs).
LAYERS = {
    "linear": (lambda n: f"nn.Linear({n.in_types[1].shape[1]}, {n.in_types[1].shape[0]}, "
                         f"bias={len(n.args) == 3})", (1, 2)),
    "embedding": (lambda n: f"nn.Embedding({n.in_types[1].shape[0]}, {n.in_types[1].shape[1]})", (1,)),
    "rmsnorm": (lambda n: f"nn.RMSNorm({n.in_types[1].shape[0]}, eps={n.attrs['eps']!r})", (1,)),
    "conv2d": (_conv_layer("Conv2d"), (1, 2)),
    "conv1d": (_conv_layer("Conv1d"), (1, 2)),
    "group_norm": (lambda n: f"nn.GroupNorm({', '.join([str(n.attrs['groups']), str(n.in_types[1].shape[0])] + _eps(n))})",
                   (1, 2)),
    "layer_norm": (lambda n: f"nn.LayerNorm({', '.join([str(n.in_types[1].shape[0])] + _eps(n) + (['bias=False'] if len(n.args) == 2 else []))})",
                   (1, 2)),
    # inference-mode BatchNorm: the generated program puts every module in eval()
    "batch_norm": (lambda n: f"nn.BatchNorm{max(n.in_types[0].rank - 2, 1)}d({', '.join([str(n.in_types[1].shape[0])] + _eps(n))})",
                   (1, 2, 3, 4)),
}
# Helpers the model template defines, kept where the generated code calls them.
HELPERS = ("rope_tables", "apply_rope", "causal_mask", "sum_to")
# Ops that return a fresh tensor their backward does not keep: a relu or add may overwrite it.
OVERWRITABLE = {"conv1d", "conv2d", "batch_norm", "group_norm", "layer_norm", "linear", "matmul", "add"}


def _container(name: str, cls: str, items: list[str]) -> str:
    """nn.Sequential(a, b) or nn.ModuleList([a, b]) for `self.<name> = `, one item a line when long."""
    inner = ", ".join(items)
    if sizes.width(f"        {set_attribute('self', name, f'nn.{cls}([{inner}])')}") > 100 or not name:
        inner = "".join(f"\n            {item}," for item in items) + "\n        "
    return f"nn.{cls}([{inner}])" if cls == "ModuleList" else f"nn.{cls}({inner})"


def _kinds_list(kinds: list[str], width: int = 70) -> str:
    """kinds: constructor calls. [A(), B(), B()], or [A()] + [B() for _ in range(5)] where a
    call repeats 3 times or more (twice, where the list would be wider than `width`), or [A() if i % 2 == 0 else B() for i in range(16)] where two
    alternate."""
    if len(kinds) >= 4 and kinds[0] != kinds[1] and all(k == kinds[i % 2] for i, k in enumerate(kinds)):
        return f"[{kinds[0]} if i % 2 == 0 else {kinds[1]} for i in range({len(kinds)})]"
    repeat = 2 if sizes.width(", ".join(kinds)) > width else 3
    runs: list[list[str]] = []
    for k in kinds:
        if runs and runs[-1][0] == k:
            runs[-1].append(k)
        else:
            runs.append([k])
    parts, loose = [], []
    for run in runs:
        if len(run) < repeat:
            loose += run
            continue
        if loose:
            parts.append(f"[{', '.join(loose)}]")
            loose = []
        parts.append(f"[{run[0]} for _ in range({len(run)})]")
    if loose:
        parts.append(f"[{', '.join(loose)}]")
    return " + ".join(parts)


def _split_sum(expr: str) -> list[str]:
    """The terms of `[a] + [b for _ in range(2)]` (no " + " inside a term's brackets)."""
    terms, depth, start = [], 0, 0
    for i, ch in enumerate(expr):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and expr.startswith(" + ", i):
            terms.append(expr[start:i])
            start = i + 3
    return terms + [expr[start:]]


class ModuleWriter:
    """Writes one nn.Module class for a block kind. The tables and the hooks below
    (container, list_member, declare, special, layer_call) are what a framework with
    PyTorch-like modules (MLX) overrides."""
    EXPRESSIONS = EXPRESSIONS
    LAYERS = LAYERS
    FROZEN = ".requires_grad_(False)"        # appended to a layer without trainable weights
    NAME = NAME                              # the framework a refusal names
    # nn.Module's own attributes (dir(torch.nn.Module) of torch 2.x, and its `training` flag): a
    # child module named so is set by setattr and read from `_modules` (getattr finds the
    # attribute); no parameter can be
    RESERVED = frozenset({
        "T_destination", "add_module", "apply", "bfloat16", "buffers", "call_super_init", "children", "compile",
        "cpu", "cuda", "double", "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer",
        "get_extra_state", "get_parameter", "get_submodule", "half", "ipu", "load_state_dict", "modules", "mtia",
        "named_buffers", "named_children", "named_modules", "named_parameters", "parameters",
        "register_backward_hook", "register_buffer", "register_forward_hook", "register_forward_pre_hook",
        "register_full_backward_hook", "register_full_backward_pre_hook", "register_load_state_dict_post_hook",
        "register_load_state_dict_pre_hook", "register_module", "register_parameter",
        "register_state_dict_post_hook", "register_state_dict_pre_hook", "requires_grad_", "set_extra_state",
        "set_submodule", "share_memory", "state_dict", "to", "to_empty", "train", "training", "type", "xpu",
        "zero_grad"})

    def __init__(self, block: Block, graph: Graph, program: Program,
                 merged: dict[str, generic.Generic] | None = None):
        self.block, self.graph, self.program = block, graph, program
        self.merged = merged or {}           # block kind -> the generic class written for it
        self.layers = codegen.layer_owners(block, {op: params for op, (_, params) in self.LAYERS.items()})
        self.layer_lists = self._layer_lists()
        self.init: list[str] = []
        self.helpers: set[str] = set()       # helper functions of model.py the code calls
        self.made = {o: s for s in block.stmts if s.kind == "op" for o in s.outputs}
        self.uses: dict[str, int] = {}
        for s in block.stmts:
            for v in s.inputs:
                self.uses[v] = self.uses.get(v, 0) + 1

    def _layer_lists(self) -> dict[int, tuple[str, int]]:
        """Layers named `<name>.<i>` (torchvision's `downsample.0`): statement id -> (attribute, i).
        The attribute is an nn.Sequential called once when the layers form one chain in order,
        else an nn.ModuleList indexed at each call."""
        groups: dict[str, dict[int, Stmt]] = {}
        for s in self.block.stmts:
            m = re.fullmatch(r"([A-Za-z_]\w*)\.(\d+)", self.layers.get(id(s), ""))
            if m:
                groups.setdefault(m[1], {})[int(m[2])] = s
        found, self.lists = {}, {}
        for name, items in groups.items():
            # child blocks of the same list take their places (diffusers' ff.net: GEGLU, dropout,
            # Linear); an index nothing uses (a dropout) holds nn.Identity
            entries = {(c.index or 0) + k: self.ctor(kind) for c in self.block.stmts
                       if c.kind != "op" and c.member == name for k, kind in enumerate(c.child_kinds)}
            entries.update((i, self._layer(s, self._op_call(s))) for i, s in items.items())
            stmts = [items[i] for i in sorted(items)]
            chained = len(entries) == len(items) == max(items) + 1 and self._chained(stmts)
            ctors = [entries.get(i, "nn.Identity()") for i in range(max(entries) + 1)]
            self.lists[name] = (self.container(name, "Sequential" if chained else "ModuleList", ctors), chained, stmts)
            found.update((id(s), (name, i)) for i, s in items.items())
        return found

    def _chained(self, stmts: list[Stmt]) -> bool:
        """Consecutive layers, each fed only by the one before, whose inner results nothing else uses."""
        position = {id(s): i for i, s in enumerate(self.block.stmts)}
        at = [position[id(s)] for s in stmts]
        inner = [o for s in stmts[:-1] for o in s.outputs]
        first = self.block.locals.get(stmts[0].inputs[0])
        return (len(stmts) > 1 and at == list(range(at[0], at[0] + len(at)))
                and all(len(s.outputs) == 1 and [i for i in range(len(s.inputs)) if i not in self.LAYERS[s.node.op][1]]
                        == [0] for s in stmts)
                and all(cur.inputs[0] == prev.outputs[0] for prev, cur in zip(stmts, stmts[1:]))
                and not any(v in inner for s in self.block.stmts if id(s) not in map(id, stmts) for v in s.inputs)
                and not set(inner) & set(self.block.returns)
                and first is not None and all(self.block.locals[o] != first for o in inner))

    def _op_call(self, s: Stmt) -> OpCall:
        return OpCall(list(s.inputs), s.node.attrs, [self.graph.values[v] for v in s.inputs],
                      [self.graph.values[o] for o in s.outputs])

    def _layer(self, s: Stmt, n: OpCall) -> str:
        """The nn layer's constructor."""
        skip = set(self.LAYERS[s.node.op][1])
        frozen = not any(self.block.params[self.block.rel(s.inputs[i])].trainable
                         for i in skip if i < len(s.inputs))
        # a layer with no trainable weight (Whisper's sinusoid table) is frozen, as in HF
        return self.LAYERS[s.node.op][0](n) + (self.FROZEN if frozen else "")

    def ref(self, value: str) -> str:
        if value in self.consts:
            return self.consts[value]
        if value in self.block.locals:
            return self.block.locals[value]
        # a parameter of a list's element (a tied weight): self.layers[0].proj.weight
        return pycode.path_access("self", self.block.rel(value), self.get)

    def expr(self, s: Stmt, n: OpCall) -> str:
        if id(s) in self.layers:
            skip = set(self.LAYERS[s.node.op][1])
            args = ", ".join(a for i, a in enumerate(n.args) if i not in skip)
            if id(s) in self.layer_lists:
                name, i = self.layer_lists[id(s)]
                ctor, chained, stmts = self.lists[name]
                self._attr(name, ctor)
                if not chained:
                    return self.layer_call(s, f"{self.get('self', name)}[{i}]", args)
                # the whole chain is one call, made where its last layer was
                return f"{self.get('self', name)}({self.ref(stmts[0].inputs[0])})" if s is stmts[-1] else None
            name = self.layers[id(s)]
            self._attr(name, self._layer(s, n))
            return self.layer_call(s, self.get("self", name), args)
        for v in s.inputs:
            rel = self.block.rel(v)
            if rel in self.block.params and v not in self.block.locals:
                self.declare(rel, self.block.params[rel])
        special = self.special(s, n)
        if special is not None:
            return special
        rule = self.EXPRESSIONS[s.node.op]
        self.helpers.update(codegen.needs(rule, n))
        return rule(n)

    def layer_call(self, s: Stmt, layer: str, args: str) -> str:
        """The call of a layer attribute on the op's other arguments."""
        return f"{layer}({args})"

    def declare(self, rel: str, p) -> None:
        """A parameter outside any layer: an nn.Parameter, or a buffer when frozen."""
        empty = f"torch.empty({', '.join(map(str, p.type.shape))})"
        self.check(rel, parameter=True)
        if p.trainable:
            self._attr(rel, f"nn.Parameter({empty})")
        elif pycode.string(rel) not in "".join(self.init):      # BatchNorm statistics: buffers
            self.init.append(f"self.register_buffer({pycode.string(rel)}, {empty})")

    def special(self, s: Stmt, n: OpCall) -> str | None:
        """Code that replaces the table's where the statement's context allows it."""
        if s.node.op == "arange" and self.block.args:   # no inputs: made where the block's inputs are
            return _arange(n, f"{self.ref(self.block.args[0])}.device")
        if s.node.op in ("relu", "add") and self._overwritable(s):
            if s.node.op == "relu":
                return f"F.relu({n.args[0]}, inplace=True)"
            if self.block.locals[s.outputs[0]] == n.args[0]:
                return pycode.Statement(f"{n.args[0]} += {n.args[1]}")
        return None

    def _overwritable(self, s: Stmt) -> bool:
        """Whether a relu/add may write into its first input, as torchvision's ReLU(inplace=True)
        and `out += identity` do: a temporary of this block that nothing else reads, made by an
        op whose backward does not keep it, with the result's shape and dtype."""
        v = s.inputs[0]
        return (v in self.made and self.made[v].node.op in OVERWRITABLE and self.uses[v] == 1
                and v not in self.block.returns and s.inputs.count(v) == 1
                and self.graph.values[v] == self.graph.values[s.outputs[0]])

    def call(self, s: Stmt, args: list[str], var: str | None = None) -> str:
        member = self.get("self", s.member)
        target = var or (f"{member}[{s.index}]" if s.index is not None else member)
        return f"{target}({', '.join(args)})"

    def get(self, obj: str, name: str) -> str:
        """Code reading the child (module or parameter) `name` of the module `obj`."""
        return f"{obj}._modules[{pycode.string(name)}]" if name in self.RESERVED else attribute(obj, name)

    def put(self, name: str, value: str) -> str:
        """The statement making `value` this module's child `name`."""
        return set_attribute("self", name, value)

    def unholdable(self, parameter: bool) -> frozenset[str]:
        """Child names besides dotted ones the framework's modules cannot hold."""
        return self.RESERVED if parameter else frozenset({"training"})

    def check(self, name: str, parameter: bool = False) -> None:
        """A child the framework's modules cannot hold under the checkpoint's name (a module's
        children are named without dots): the row says why."""
        if "." in name or name in self.unholdable(parameter):
            what = "parameter" if parameter else "module"
            raise IRError(f"{self.NAME} cannot hold a {what} named {name!r} (a module attribute of "
                          "the framework, or a name with a dot outside a declared block)")

    def _attr(self, name: str, value: str) -> None:
        self.check(name)
        line = self.put(name, value)
        if line not in self.init:
            self.init.append(line)

    def ctor(self, kind: str) -> str:
        """A child's constructor call: `Kind()`, or its generic class's with the kind's sizes
        (in a generic class, the sizes it has them as): `Bottleneck(in_channels, channels, ...)`."""
        g = self.merged.get(kind)
        if g is None:
            return f"{kind}()"
        args = [str(v) for v in g.call_values(kind, self.block.child_sizes.get(kind))]
        return f"{g.name}({', '.join(args + ([f'{g.part.name}=True'] if g.has_part(kind) else []))})"

    def container(self, name: str, cls: str, items: list[str]) -> str:
        return _container(name, cls, items)

    def list_member(self, ctors: list[str]) -> str:
        """A list attribute of child modules."""
        if len(set(ctors)) == 1:
            return f"nn.ModuleList({ctors[0]} for _ in range({len(ctors)}))"
        items = _kinds_list(ctors)
        if sizes.width(items) <= 70:
            return f"nn.ModuleList({items})"
        if " + " not in items:
            return _container("", "ModuleList", ctors)
        return "nn.ModuleList(\n" + "\n".join(f"            {'+ ' if i else ''}{part}" for i, part in
                                               enumerate(_split_sum(items))) + "\n        )"

    def members(self) -> None:
        for m in self.block.members:
            if m.name in self.lists:         # made with the layers of the same list
                continue
            ctors = [self.ctor(k) for k in m.kinds]
            self._attr(m.name, self.list_member(ctors) if m.is_list else ctors[0])

    def loop(self, block: Block, s: Stmt, call, ref) -> list[str]:
        return pycode.loop_lines(block, s, call, ref, container=lambda member: self.get("self", member))

    def present(self, part: Part) -> tuple[str, str]:
        """The optional part's condition and its result without it (pycode.body_lines)."""
        return f"{self.get('self', part.name)} is not None", self.ref(part.source)

    def write(self) -> dict:
        self.consts = pycode.consts(self.block)
        body = pycode.body_lines(self.block, self.graph, self.expr, self.call, self.ref, self.loop, self.present)
        self.members()
        if self.block.part:                  # its layers are made where the constructor asks for them
            name = self.block.part.name
            self.init = [f"{line} if {name} else None" if line.startswith(self.put(name, "")) else line
                         for line in self.init]
        return {"name": self.block.kind, "init": self.init, "helpers": self.helpers, "params": [],
                "args": [self.block.locals[a] for a in self.block.args], "body": body}


def render(program: Program, env, ctx) -> dict[str, str]:
    """File name -> source for the generated PyTorch program."""
    return {"model.py": model_source(program, env, ctx), "main.py": main_source(program, env, ctx.header)}


def model_source(program: Program, env, ctx) -> str:
    """model.py: one nn.Module per block kind and the loss function."""
    written, merged = generic_classes(program, lambda block, graph, merged:
                                      ModuleWriter(block, graph, program, merged).write())
    classes = []
    for block in program.blocks.values():
        if block.kind in written:             # one class for the kinds of a generic block
            classes.extend([written[block.kind]] if written[block.kind] else [])
            continue
        variant = next((v for v, k in program.roots.items() if k == block.kind), "full")
        classes.append(ModuleWriter(block, program.graphs[variant], program, merged).write())
    loss = loss_function(program)
    used = set().union(*(c["helpers"] for c in classes + [loss or {"helpers": set()}]))
    return env.get_template("pytorch/model.py.j2").render(
        header=ctx.header, helpers=[h for h in HELPERS if h in used], classes=classes, loss=loss)


def generic_classes(program: Program, write) -> tuple[dict[str, dict | None], dict[str, generic.Generic]]:
    """Classes of the generic blocks whose member kinds come out as one code (generic.py),
    children first: {kind: the class written in its place (the first member), None (the
    others)} and {kind: its group}, which writes the kind's constructor call (ModuleWriter.ctor).
    write(block, graph, merged) -> the class; a class takes the arguments its code reads."""
    written, merged = {}, {}
    for g in generic.generics(program, optional=True, nested=True):
        classes = [_sized(write(*generic.symbolic(program, g, kind, program.graphs["full"]), merged))
                   for kind in g.kinds]
        if any({**c, "name": ""} != {**classes[0], "name": ""} for c in classes[1:]):
            continue                          # a rule writes a size differently per member
        g.params = [a for a in g.args if a in classes[0]["sizes"]]
        classes[0].update(name=g.name, params=g.params + ([f"{g.part.name}=False"] if g.part else []))
        written.update({kind: classes[0] if i == 0 else None for i, kind in enumerate(g.kinds)})
        merged.update({kind: g for kind in g.kinds})
    return written, merged


def _sized(cls: dict) -> dict:
    """A generic class's code with its sizes spelled: the constructor's arguments in __init__,
    attributes kept from them (`self.sizes`) in forward; "sizes": the arguments it reads."""
    in_init, in_body = set(), set()
    body = generic.fill(cls["body"], lambda name: f"self.{name}", in_body)
    init = generic.fill(cls["init"], used=in_init)
    keep = [f"self.{name} = {name}" for name in sorted(in_body)]
    return {**cls, "init": keep + init, "body": body, "sizes": in_init | in_body}


def loss_function(program: Program, writer_class=None) -> dict | None:
    if not program.loss:
        return None
    writer = (writer_class or ModuleWriter)(program.loss, program.graphs["full"], program)
    writer.consts = pycode.consts(program.loss)
    body = pycode.body_lines(program.loss, program.graphs["full"], writer.expr, writer.call, writer.ref)
    return {"args": [program.loss.locals[a] for a in program.loss.args], "body": body, "helpers": writer.helpers}


def main_source(program: Program, env, header: str, roots: tuple[str, str] | None = None,
                framework: str = NAME, compiled: bool = False) -> str:
    """The measurement program; `roots` (full, latency) replace the generated root classes
    (canonical rows); `compiled` runs the model through torch.compile."""
    spec = run_spec(program)
    if roots:
        spec["full"]["root"], spec["latency"]["root"] = roots
        spec["imports"] = list(dict.fromkeys(roots)) + (["loss_fn"] if program.loss else [])
    return env.get_template("pytorch/main.py.j2").render(header=header, framework=framework,
                                                         meta_init=roots is None, compiled=compiled, **spec)


EMITTER = Emitter(NAME, "PyTorch", PYTHON, frozenset(SUPPORTED), render, requires=("torch", "safetensors"),
                  extras={"torch": "pytorch", "safetensors": "pytorch"}, reserved=frozenset(HELPERS), order=10)
