"""Pieces shared by the emitters that write Python (PyTorch, JAX, MLX, ...)."""
from __future__ import annotations

import builtins
import keyword
import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from inferena.ir import Graph, TensorType

from .base import Language
from .codegen import Rule, loop_var, quoted
from .structure import Block, Program, Stmt

def config_block(title: str, values: list[tuple[str, Any]]) -> str:
    return f"\n\n# {title}\n" + "".join(f"{name} = {value!r}\n" for name, value in values)


PYTHON = Language(
    "python", toolchain="python",
    # keywords, builtins and the module aliases generated code imports
    reserved=frozenset(keyword.kwlist) | frozenset(n for n in dir(builtins) if not n.startswith("_"))
    | {"self", "torch", "nn", "F", "np", "jax", "jnp", "lax", "mx", "math", "loss_fn"},
    harness={"harness.py": "python/harness.py"},
    run="python main.py --data .. --out outputs.safetensors", config_block=config_block)


def string(text: str) -> str:
    """A Python string literal of a name: `"model.norm.weight"`."""
    return quoted(text, {"\\": "\\\\", '"': '\\"'}, lambda c: f"\\u{c:04x}" if c < 0x10000 else f"\\U{c:08x}")


def is_attribute(name: str) -> bool:
    """Whether `obj.<name>` names the attribute `name` (an identifier, no keyword, unchanged
    by the NFKC normalisation Python applies to identifiers)."""
    return name.isidentifier() and not keyword.iskeyword(name) and unicodedata.normalize("NFKC", name) == name


def attribute(obj: str, name: str) -> str:
    """The attribute `name` of `obj` as code: `self.q_proj`, `getattr(self, "class")`."""
    return f"{obj}.{name}" if is_attribute(name) else f"getattr({obj}, {string(name)})"


def set_attribute(obj: str, name: str, value: str) -> str:
    """The statement setting it: `self.q_proj = ...`, `setattr(self, "class", ...)`."""
    return f"{obj}.{name} = {value}" if is_attribute(name) else f"setattr({obj}, {string(name)}, {value})"


def path_access(obj: str, path: str, get=attribute) -> str:
    """A dotted path under `obj`, list items indexed: `self.layers[0].proj.weight`;
    get(obj, name): how one step reads a child."""
    for part in path.split("."):
        obj = f"{obj}[{part}]" if part.isascii() and part.isdigit() else get(obj, part)
    return obj


class Statement(str):
    """An op's code that is a whole statement (`out += identity`), not an expression to assign."""


@dataclass
class OpCall:
    """What an op's code snippet sees: argument expressions, attributes, types."""
    args: list[str]
    attrs: dict[str, Any]
    in_types: list[TensorType]
    out_types: list[TensorType]


def literal(value: float) -> str:
    if math.isinf(value):
        return 'float("-inf")' if value < 0 else 'float("inf")'
    return repr(float(value))


def _select(n: OpCall) -> str:
    rank = n.in_types[0].rank
    axis, index = n.attrs["axis"] % rank, n.attrs["index"]
    if axis == rank - 1 and axis > 1:
        return f"{n.args[0]}[..., {index}]"
    return f"{n.args[0]}[{':, ' * axis}{index}]"


def array_rules(ns: str) -> dict:
    """The op-table rows every NumPy-like Python library writes alike: operators, indexing,
    `<ns>.exp(x)`-style functions of its module alias `ns` (torch, jnp, mx), and the helpers
    the model templates define under one name. An emitter starts from these and overrides rows
    (as tinygrad's WGSL renderer overrides rows of the C-style table)."""
    rules = {
        "neg": lambda n: f"-{n.args[0]}",
        "pow": lambda n: f"{n.args[0]} ** {n.attrs['exponent']!r}",
        "where": lambda n: f"{ns}.where({', '.join(n.args)})",
        "zeros_like": lambda n: f"{ns}.zeros_like({n.args[0]})",
        "select": _select,
        "sum_to": Rule(lambda n: f"sum_to({n.args[0]}, {tuple(n.attrs['shape'])})", ("sum_to",)),
        "rope_tables": Rule(lambda n: f"rope_tables({n.args[0]}, {n.attrs['dim']}, {n.attrs['theta']!r})",
                            ("rope_tables",)),
        "rope": Rule(lambda n: f"apply_rope({', '.join(n.args)})", ("apply_rope",)),
    }
    for op, sym in (("add", "+"), ("sub", "-"), ("mul", "*"), ("div", "/"), ("matmul", "@"), ("greater", ">")):
        rules[op] = (lambda sym: lambda n: f"{n.args[0]} {sym} {n.args[1]}")(sym)
    for op in ("exp", "log", "sqrt", "tanh", "sin", "cos"):
        rules[op] = (lambda op: lambda n: f"{ns}.{op}({n.args[0]})")(op)
    return rules


def consts(block: Block) -> dict[str, str]:
    """Scalar constants are written inline where they are used."""
    return {s.outputs[0]: literal(s.node.attrs["value"]) for s in block.stmts
            if s.kind == "op" and s.node.op == "const"}


def shape_expr(x: str, spec: tuple[int, ...]) -> str:
    return ", ".join(f"{x}.shape[{i}]" if d == 0 else str(d) for i, d in enumerate(spec))


def body_lines(block: Block, graph: Graph, expr, call, ref, loop=None, present=None) -> list[str]:
    """Statement lines of a block's function body.

    expr(stmt, OpCall) -> str: the expression of an op statement;
    call(stmt, args) -> str: a child call; ref(value) -> str: how the body names a value;
    loop(block, stmt, call, ref) -> lines: a loop statement (default: loop_lines);
    present(part) -> (the condition that the block's optional part (Block.part) is there, the
    part's result without it), as torchvision writes `identity = x` and `if self.downsample is
    not None:`; called once the part's statements are written."""
    lines: list[str] = []
    part = block.part
    for i, s in enumerate(block.stmts):
        if part and i == part.stmts[0]:
            outer, lines = lines, []
        outs = [block.locals[o] for o in s.outputs]
        target = ", ".join(outs)
        if s.kind == "op":
            if s.node.op == "const":
                continue
            op = OpCall([ref(v) for v in s.inputs], s.node.attrs,
                        [graph.values[v] for v in s.inputs], [graph.values[o] for o in s.outputs])
            code = expr(s, op)
            if code is not None:           # None: folded into a later statement
                lines.append(code if isinstance(code, Statement) else f"{target} = {code}")
        elif s.kind == "call":
            lines.append(f"{target} = {call(s, [ref(v) for v in s.inputs])}")
        else:
            lines.extend((loop or loop_lines)(block, s, call, ref))
        if part and i == part.stmts[-1]:
            condition, default = present(part)
            result = block.locals[part.result]
            lines = outer + ([f"{result} = {default}"] if result != default else []) + \
                [f"if {condition}:"] + [f"    {line}" for line in lines]
    returns = ", ".join(ref(r) for r in block.returns)
    lines.append(f"return {returns}")
    return lines


def loop_lines(block: Block, s: Stmt, call, ref, container=lambda member: f"self.{member}",
               var: str | None = None) -> list[str]:
    """A Python for loop over a list member; container(member) -> how the body names the list,
    var: the loop variable (default: loop_var(member))."""
    lines = []
    args = [ref(v) for v in s.inputs]
    for j, k in s.carried.items():
        out = block.locals[s.outputs[k]]
        if args[j] != out:
            lines.append(f"{out} = {args[j]}")
        args[j] = out
    outs = ", ".join(block.locals[o] for o in s.outputs)
    var = var or loop_var(s.member)
    if s.sliced:        # per-layer inputs: iterate over their first axis alongside the layers
        steps = [block.locals[v] for v in s.sliced.values()]
        sources = ", ".join(args[j] for j in s.sliced)
        lines.append(f"for {var}, {', '.join(steps)} in zip({container(s.member)}, {sources}):")
        for j, step in zip(s.sliced, steps):
            args[j] = step
    else:
        lines.append(f"for {var} in {container(s.member)}:")
    lines.append(f"    {outs} = {call(s, args, var)}")
    return lines


def run_spec(program: Program) -> dict:
    """What the harness needs: root classes, their inputs and outputs, the loss call."""
    spec = {}
    for variant, kind in program.roots.items():
        graph, block = program.graphs[variant], program.blocks[kind]
        prefix = "" if variant == "full" else f"{variant}."
        spec[variant] = {
            "root": kind,
            "args": ", ".join(f"inputs[{string(prefix + a)}]" for a in block.args),
            "outputs": [prefix + k for k, v in graph.outputs.items() if k != "loss"]}
    spec["imports"] = list(dict.fromkeys([spec["full"]["root"], spec["latency"]["root"]]
                                         + (["loss_fn"] if program.loss else [])))
    spec["loss_call"] = None
    if program.loss:
        outputs = spec["full"]["outputs"]
        names = {v: k for k, v in program.graphs["full"].outputs.items()}
        args = [("outputs" if len(outputs) == 1 else f"outputs[{outputs.index(names[a])}]")
                if a in names else f"inputs[{string(a)}]" for a in program.loss.args]
        spec["loss_call"] = f"loss_fn({', '.join(args)})"
    return spec
