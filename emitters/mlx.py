"""MLX emitter: an mlx.nn.Module class per block kind (plain Python lists for repeated
children, so parameter paths are the checkpoint's names), mlx.nn layers and mx.fast kernels,
mx.compile for every measured function, nn.value_and_grad for training.

Layouts. The IR is NCHW; MLX's convolutions, pooling, BatchNorm and GroupNorm are channels-last.
Conv weights are stored as MLX wants them, [O, kh, kw, I] (main.py converts the checkpoint's
[O, I, kh, kw] at load time and the gradients back before writing them). Activations change
layout inside each block: a channels-last layer's result stays NHWC through the layers and
same-shape elementwise ops that follow it (conv -> BatchNorm -> relu -> conv ...) and is turned
back (`mx.moveaxis(x, -1, 1)`) only where NCHW code reads it, at the latest where the block
returns; so the IR's NCHW holds at every block boundary. A whole-model NHWC layout would also
save those boundary transposes; it needs a layout pass over the IR that nothing has yet.

Exactness, checked op by op in float64 against the reference (tests/test_mlx_emitter.py):
mx.fast.rms_norm, mx.fast.layer_norm and mx.fast.scaled_dot_product_attention are used as they
are (nn.RMSNorm / nn.LayerNorm call the first two); nn.gelu is the exact erf GELU and
nn.gelu_approx the tanh one. mx.fast.rope (traditional=False is the half-split pairing) is not
used: it computes its angles in float32 from an offset, and at 2048 positions (head_dim 64,
theta 1e5) it is 1.0e-5 rel-L2 (4e-4 max abs) from the float64 reference, against 4e-8 for the
rotation written out over float64-computed cos/sin tables (apply_rope, rope_tables); the IR's
rope op also takes the tables, of any positions, not an offset."""
from __future__ import annotations

from inferena.ir import sizes

from . import codegen, pycode
from . import jax as jax_emitter
from . import pytorch
from .base import Emitter
from .codegen import Rule
from .pycode import PYTHON, OpCall, run_spec
from .structure import Program, Stmt

NAME = "mlx"
MX_DTYPES = {"f32": "mx.float32", "f64": "mx.float64", "i64": "mx.int64", "bool": "mx.bool_"}
# Helpers model.py defines when the code calls them (see templates/mlx/model.py.j2).
HELPERS = ("rope_tables", "apply_rope", "causal_mask", "channels_last", "conv", "conv_backward_input",
           "conv_backward_weight", "max_pool2d", "max_pool2d_backward", "group_norm", "batch_norm", "sum_to")
NEEDS = {"conv_backward_input": ("conv",), "conv_backward_weight": ("conv",),
         "max_pool2d": ("channels_last",)}
# Layers that take channels-last input: an NCHW (NCL) activation is converted where it enters one.
CHANNELS_LAST = {"conv1d", "conv2d", "batch_norm", "group_norm"}
# Ops that act alike on either layout when their tensor inputs share the result's shape.
ELEMENTWISE = {"relu", "silu", "sigmoid", "tanh", "gelu", "exp", "neg", "erf", "add", "sub", "mul", "div"}


def _split(n: OpCall) -> str:
    x, sizes, axis = n.args[0], n.attrs["sizes"], n.attrs["axis"]
    if len(sizes) == 1:
        return f"{x},"
    if len(set(sizes)) == 1:
        return f"mx.split({x}, {len(sizes)}, axis={axis})"
    return f"mx.split({x}, {[sum(sizes[:i + 1]) for i in range(len(sizes) - 1)]}, axis={axis})"


def _causal(n: OpCall, q: str, k: str) -> str:
    return f"causal_mask({q}.shape[-2], {k}.shape[-2], {n.attrs.get('offset', 0)})"


def _attention(n: OpCall) -> str:
    """mx.fast.scaled_dot_product_attention ([batch, heads, seq, dim]; fewer key/value heads is
    grouped-query attention). Its "causal" mask is used where queries and keys are equally
    long; otherwise the mask is written (query i sees keys j <= i, as the IR defines it)."""
    q, k, v = n.args[:3]
    mask = n.args[3] if len(n.args) == 4 else None
    if n.attrs["causal"]:
        square = n.in_types[0].shape[-2] == n.in_types[1].shape[-2]
        if mask is None:
            mask = '"causal"' if square else _causal(n, q, k)
        else:
            mask = f"{mask} & {_causal(n, q, k)}"
    scale = f"{q}.shape[-1] ** -0.5" if codegen.default_scale(n) else repr(n.attrs["scale"])
    opts = [f"scale={scale}"] + ([f"mask={mask}"] if mask else [])
    return f"mx.fast.scaled_dot_product_attention({q}, {k}, {v}, {', '.join(opts)})"


def _attention_helpers(n: OpCall) -> tuple[str, ...]:
    square = n.in_types[0].shape[-2] == n.in_types[1].shape[-2]
    return ("causal_mask",) if n.attrs["causal"] and (len(n.args) == 4 or not square) else ()


def _eps(n: OpCall) -> str:
    return "" if n.attrs["eps"] == 1e-5 else f", eps={n.attrs['eps']!r}"


def _positions(n: OpCall) -> str:
    size, offset = f"{n.args[0]}.shape[{n.attrs['axis']}]", n.attrs["offset"]
    return f"mx.arange({offset}, {offset} + {size})" if offset else f"mx.arange({size})"


EXPRESSIONS = {
    **pycode.array_rules("mx"),
    "rsqrt": lambda n: f"mx.rsqrt({n.args[0]})",
    "cast": lambda n: f"{n.args[0]}.astype({MX_DTYPES[n.attrs['dtype']]})",
    "sigmoid": lambda n: f"mx.sigmoid({n.args[0]})",
    "silu": lambda n: f"nn.silu({n.args[0]})",
    "softmax": lambda n: f"mx.softmax({n.args[0]}, axis={n.attrs['axis']})",
    "sum": jax_emitter._reduce("sum"),
    "mean": jax_emitter._reduce("mean"),
    "max": jax_emitter._reduce("max"),
    "reshape": jax_emitter._reshape,
    "transpose": jax_emitter._transpose,
    "broadcast_to": lambda n: f"mx.broadcast_to({n.args[0]}, {tuple(n.attrs['shape'])})",
    "split": _split,
    "concat": lambda n: f"mx.concatenate([{', '.join(n.args)}], axis={n.attrs['axis']})",
    "linear": jax_emitter.EXPRESSIONS["linear"],
    "embedding": jax_emitter.EXPRESSIONS["embedding"],
    "embedding_grad": lambda n: (f"mx.zeros(({n.attrs['num']}, {n.args[0]}.shape[-1]), {n.args[0]}.dtype)"
                                 f".at[{n.args[1]}.reshape(-1)].add({n.args[0]}.reshape(-1, {n.args[0]}.shape[-1]))"),
    "rmsnorm": lambda n: f"mx.fast.rms_norm({n.args[0]}, {n.args[1]}, {n.attrs['eps']!r})",
    "layer_norm": lambda n: (f"mx.fast.layer_norm({n.args[0]}, {n.args[1]}, "
                             f"{n.args[2] if len(n.args) == 3 else None}, {n.attrs['eps']!r})"),
    "group_norm": Rule(lambda n: f"group_norm({', '.join(n.args)}, {n.attrs['groups']}{_eps(n)})", ("group_norm",)),
    "batch_norm": Rule(lambda n: f"batch_norm({', '.join(n.args)}{_eps(n)})", ("batch_norm",)),
    "positions": _positions,
    "causal_mask": Rule(lambda n: _causal(n, *n.args), ("causal_mask",)),
    "attention": Rule(_attention, _attention_helpers),
    "one_hot": lambda n: f"({n.args[0]}[..., None] == mx.arange({n.attrs['depth']})).astype(mx.float32)",
    "cross_entropy": lambda n: f"nn.losses.cross_entropy({n.args[0]}, {n.args[1]}, reduction=\"mean\")",
    "mse_loss": lambda n: f"nn.losses.mse_loss({n.args[0]}, {n.args[1]})",
    "erf": lambda n: f"mx.erf({n.args[0]})",
    "relu": lambda n: f"nn.relu({n.args[0]})",
    "gelu": lambda n: f"nn.{'gelu_approx' if n.attrs['approximate'] == 'tanh' else 'gelu'}({n.args[0]})",
    # functional convolution and pooling: the JAX rows, with PyTorch-layout helpers of model.py
    # (conv: NCHW input, [O, I, *kernel] weights, as the IR; conv layers are nn.Conv2d)
    **{op: jax_emitter.EXPRESSIONS[op] for op in ("conv1d", "conv2d", "conv2d_backward_input",
                                                  "conv2d_backward_weight", "max_pool2d", "max_pool2d_backward")},
    "upsample_nearest": lambda n: (f"mx.repeat(mx.repeat({n.args[0]}, {n.attrs['scale']}, axis=2), "
                                   f"{n.attrs['scale']}, axis=3)"),
    "arange": lambda n: f"mx.arange({n.attrs['size']}, dtype={MX_DTYPES[n.attrs['dtype']]})",
}
SUPPORTED = set(EXPRESSIONS) | {"const"}

# Ops whose parameters become an mlx.nn layer: op -> (constructor, parameter inputs). The
# constructors take PyTorch's arguments (nn.Conv2d(in, out, kernel, stride=...)); the conv
# layers hold [O, kh, kw, I] weights.
LAYERS = {
    "linear": pytorch.LAYERS["linear"],
    "embedding": pytorch.LAYERS["embedding"],
    "rmsnorm": pytorch.LAYERS["rmsnorm"],
    "conv2d": pytorch.LAYERS["conv2d"],
    "conv1d": pytorch.LAYERS["conv1d"],
    "group_norm": (lambda n: f"nn.GroupNorm({n.attrs['groups']}, {n.in_types[1].shape[0]}{_eps(n)}, "
                             "pytorch_compatible=True)", (1, 2)),
    "layer_norm": (lambda n: f"nn.LayerNorm({n.in_types[1].shape[0]}{_eps(n)}"
                             f"{'' if len(n.args) == 3 else ', bias=False'})", (1, 2)),
    # inference-mode BatchNorm (main.py calls model.eval()); nn.BatchNorm freezes its statistics
    "batch_norm": (lambda n: f"nn.BatchNorm({n.in_types[1].shape[0]}{_eps(n)})", (1, 2, 3, 4)),
}


class ModuleWriter(pytorch.ModuleWriter):
    """One mlx.nn.Module class per block kind: PyTorch's structure, MLX's tables."""
    EXPRESSIONS = EXPRESSIONS
    LAYERS = LAYERS
    FROZEN = ".freeze()"
    NAME = NAME
    # mlx.nn.Module's own attributes (it is a dict): a child named so, or not an identifier, is an item
    RESERVED = frozenset({
        "apply", "apply_to_modules", "children", "clear", "copy", "eval", "filter_and_map", "freeze", "fromkeys",
        "get", "is_module", "items", "keys", "leaf_modules", "load_weights", "modules", "named_modules",
        "parameters", "pop", "popitem", "save_weights", "set_dtype", "setdefault", "state", "train",
        "trainable_parameter_filter", "trainable_parameters", "training", "unfreeze", "update", "update_modules",
        "valid_child_filter", "valid_parameter_filter", "values"})

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.frozen: list[str] = []          # parameters outside layers that are not trained
        self.nhwc: set[str] = set()          # values held channels-last (results of MLX's NHWC layers)
        self.consts = pycode.consts(self.block)

    def get(self, obj: str, name: str) -> str:
        return f"{obj}.{name}" if pycode.is_attribute(name) and name not in self.RESERVED \
            else f"{obj}[{pycode.string(name)}]"

    def put(self, name: str, value: str) -> str:
        return f"{self.get('self', name)} = {value}"

    def unholdable(self, parameter: bool) -> frozenset[str]:
        return frozenset()

    def _chained(self, stmts) -> bool:
        return False                         # lists stay lists: their items are `name.<i>` in the checkpoint

    def container(self, name: str, cls: str, items: list[str]) -> str:
        inner = ", ".join(items)
        return f"[{inner}]" if sizes.width(inner) <= 70 else "[\n" + "".join(f"            {i},\n" for i in items) + "        ]"

    def list_member(self, ctors: list[str]) -> str:
        if len(set(ctors)) == 1:
            return f"[{ctors[0]} for _ in range({len(ctors)})]"
        return pytorch._kinds_list(ctors)

    def declare(self, rel: str, p) -> None:
        self._attr(rel, f"mx.zeros({tuple(p.type.shape)})")
        if not p.trainable and rel not in self.frozen:
            self.frozen.append(rel)

    def special(self, s: Stmt, n: OpCall) -> str | None:
        return None

    def ref(self, value: str) -> str:
        """A value as NCHW code reads it: a channels-last one is converted where it is read."""
        name = super().ref(value)
        return f"mx.moveaxis({name}, -1, 1)" if value in self.nhwc else name

    def expr(self, s: Stmt, n: OpCall) -> str:
        """Channels-last results stay channels-last through the layers and the same-shape
        elementwise ops that follow them (conv -> BatchNorm -> relu -> conv -> ...), so a block
        converts where its NCHW inputs enter and its results leave, not at every layer."""
        raw = [self.block.locals.get(v) for v in s.inputs]
        layer = id(s) in self.layers and s.node.op in CHANNELS_LAST and self.graph.values[s.inputs[0]].rank > 2
        out = self.graph.values[s.outputs[0]] if len(s.outputs) == 1 else None
        tensors = [i for i, v in enumerate(s.inputs) if v not in self.consts]
        same = (s.node.op in ELEMENTWISE and tensors and out is not None and out.rank > 2
                and all(s.inputs[i] in self.nhwc and self.graph.values[s.inputs[i]] == out for i in tensors))
        if s.node.op == "max_pool2d" and s.inputs[0] in self.nhwc:      # nn.MaxPool2d is channels-last
            self.nhwc.add(s.outputs[0])
            a = n.attrs
            return f"nn.MaxPool2d({tuple(a['kernel'])}, {tuple(a['stride'])}, {tuple(a['padding'])})({raw[0]})"
        if layer and s.inputs[0] in self.nhwc:
            n = OpCall([raw[0], *n.args[1:]], n.attrs, n.in_types, n.out_types)
        elif same:
            n = OpCall([raw[i] if i in tensors else a for i, a in enumerate(n.args)], n.attrs, n.in_types, n.out_types)
        code = super().expr(s, n)
        if layer or same:
            self.nhwc.add(s.outputs[0])
        if code is not None and any(t.dtype == "f64" for t in (*n.in_types, *n.out_types)):
            code = pycode.Statement(f"{CPU_MARK}{', '.join(self.block.locals[o] for o in s.outputs)} = {code}")
        return code

    def layer_call(self, s: Stmt, layer: str, args: str) -> str:
        if s.node.op in CHANNELS_LAST and self.graph.values[s.inputs[0]].rank > 2 and s.inputs[0] not in self.nhwc:
            first, _, rest = args.partition(", ")
            args = ", ".join([f"mx.moveaxis({first}, 1, -1)"] + ([rest] if rest else []))
        return f"{layer}({args})"

    def present(self, part) -> tuple[str, str]:
        """Without the part its result is its source, in the layout the part leaves it."""
        condition, source = super().present(part)
        nhwc = part.result in self.nhwc and part.source not in self.nhwc
        return condition, f"mx.moveaxis({source}, 1, -1)" if nhwc else source

    def write(self) -> dict:
        cls = super().write()
        cls["body"] = on_cpu_stream(cls["body"])
        if self.frozen:                      # BatchNorm statistics outside a layer: loaded, never trained
            cls["init"].append(f"self.freeze(keys={self.frozen}, recurse=False)")
        return cls


CPU_MARK = "\0cpu\0"          # a float64 statement: MLX's GPU backends have no float64


def on_cpu_stream(lines: list[str]) -> list[str]:
    """Each run of float64 statements (CPU_MARK) in one `with mx.stream(mx.cpu):` block, as
    rope_tables computes its float64 angles; MLX's unified memory hands the results to the GPU."""
    out: list[str] = []
    for line in lines:
        indent, mark, code = line.partition(CPU_MARK)        # indented: inside an optional part's `if`
        if mark:
            if not out or not out[-1].startswith(f"{indent}    {CPU_MARK}"):
                out.append(f"{indent}with mx.stream(mx.cpu):          # float64: MLX's GPU backends have none")
            line = f"{indent}    {mark}{code}"
        out.append(line)
    return [line.replace(CPU_MARK, "") for line in out]


def render(program: Program, env, ctx) -> dict[str, str]:
    """File name -> source for the generated MLX program."""
    written, merged = pytorch.generic_classes(program, lambda block, graph, merged:
                                              ModuleWriter(block, graph, program, merged).write())
    classes = []
    for block in program.blocks.values():
        if block.kind in written:             # one class for the kinds of a generic block
            classes.extend([written[block.kind]] if written[block.kind] else [])
            continue
        variant = next((v for v, k in program.roots.items() if k == block.kind), "full")
        classes.append(ModuleWriter(block, program.graphs[variant], program, merged).write())
    loss = pytorch.loss_function(program, ModuleWriter)
    used = codegen.closure(set().union(*(c["helpers"] for c in classes + [loss or {"helpers": set()}])), NEEDS)
    model = env.get_template("mlx/model.py.j2").render(
        header=ctx.header, helpers=[h for h in HELPERS if h in used], classes=classes, loss=loss)
    return {"model.py": model, "main.py": main_source(program, env, ctx.header)}


def main_source(program: Program, env, header: str) -> str:
    spec = run_spec(program)
    return env.get_template("mlx/main.py.j2").render(header=header, framework=NAME,
                                                     channels_last=_has_conv_layers(program), **spec)


def _has_conv_layers(program: Program) -> bool:
    layers = {op: LAYERS[op][1] for op in ("conv1d", "conv2d")}
    return any(codegen.layer_owners(block, layers) for block in program.blocks.values())


EMITTER = Emitter(NAME, "MLX", PYTHON, frozenset(SUPPORTED), render, requires=("mlx", "safetensors"),
                  extras={"mlx": "mlx"}, reserved=frozenset(HELPERS), order=35)
