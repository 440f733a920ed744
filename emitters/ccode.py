"""Pieces shared by the emitters that write C (GGML): names, literals, and CWriter, the writer of
one function per block kind (a loop over repeated blocks, a path string naming the block's
weights) that each C framework fills with its op table."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from inferena.ir import Graph, IRError, TensorType

from . import codegen, generic
from .base import Language
from .codegen import quoted
from .structure import Block, Program, Stmt, function_names

KEYWORDS = {"auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
            "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
            "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
            "volatile", "while", "bool", "true", "false", "main", "ctx", "n", "p", "i"}

def config_block(title: str, values: list[tuple[str, Any]]) -> str:
    """The sizes model.c names (ir/sizes.py), in model.h: `#define`s, arrays for tuples."""
    def const(name, value):
        if isinstance(value, tuple):
            return f"static const int64_t {name}[{len(value)}] = {{{', '.join(map(str, value))}}};"
        return f"#define {name} {value}"
    return f"\n/* {title} */\n" + "".join(const(name, value) + "\n" for name, value in values)


C = Language(
    "c", toolchain="c", reserved=frozenset(KEYWORDS),
    harness={"harness.c": "c/harness.c", "harness.h": "c/harness.h"},
    run="make && ./main --data .. --out outputs.safetensors",
    config_block=config_block, config_use=lambda names: "", floor_div="/")   # model.h: included


def snake(kind: str) -> str:
    """A function name from a block kind: `LlamaDecoderLayer` -> `llama_decoder_layer`."""
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", kind)
    s = re.sub(r"([a-z\d])([A-Z])", r"\1_\2", s)
    s = re.sub(r"\W+", "_", s, flags=re.ASCII).strip("_").lower()
    return f"b_{s}" if s[:1].isdigit() or s in KEYWORDS else s


def literal(value: float) -> str:
    """A float literal (`1e-05f`, `-INFINITY`)."""
    if math.isinf(value):
        return "-INFINITY" if value < 0 else "INFINITY"
    if math.isnan(value):
        return "NAN"
    text = repr(float(value))
    return text + "f" if ("." in text or "e" in text) else text + ".0f"


def string(text: str) -> str:
    """A C string literal of a name (`?` escaped: no trigraph can form)."""
    return quoted(text, {"\\": "\\\\", '"': '\\"', "?": "\\?"},
                  lambda c: f"\\u{c:04x}" if c < 0x10000 else f"\\U{c:08x}")


@dataclass
class Call:
    """What an op's snippet sees: each input as a C expression (None for a scalar constant,
    whose value is in consts), attributes and IR types."""
    args: list[str | None]
    consts: list[float | None]
    attrs: dict[str, Any]
    in_types: list[TensorType]
    out_types: list[TensorType]
    helpers: set[str] = field(default_factory=set)

    def ax(self, axis: int, i: int = 0) -> int:
        """ggml's axis (ne index) of IR axis `axis` of input i: dims are reversed."""
        rank = self.in_types[i].rank
        return rank - 1 - (axis % rank)


TENSOR = "struct ggml_tensor *"


class CWriter:
    """Writes the C function of one block kind. EXPRESSIONS: op -> rule(Call) -> expression
    (or a tuple of expressions, one per output)."""
    EXPRESSIONS: dict = {}
    PREAMBLE = ("struct ggml_context *ctx = n->ctx;",)

    def __init__(self, block: Block, graph: Graph, program: Program, functions: dict[str, str],
                 merged: dict[str, generic.Generic] | None = None):
        self.block, self.graph, self.program, self.functions = block, graph, program, functions
        self.merged = merged or {}            # block kind -> the generic function written for it
        self.consts = codegen.const_values(block)
        self.declared: set[str] = set()
        self.helpers: set[str] = set()
        self.aliases: dict[str, str] = {}         # value -> expression it stands for (no variable)

    def value(self, v: str) -> str:
        if v in self.consts:            # rules see the value in Call.consts; as a tensor, one element
            self.helpers.add("scalar")
            return f"scalar(n, {literal(self.consts[v])})"
        if v in self.aliases:
            return self.aliases[v]
        if v in self.block.locals:
            return self.block.locals[v]
        rel = self.block.rel(v)
        return f"W(n, p, {string(rel)})"

    def assign(self, name: str, expr: str) -> str:
        if name in self.declared:
            return f"{name} = {expr};"
        self.declared.add(name)
        return f"{TENSOR}{name} = {expr};"

    def declare(self, names: list[str]) -> list[str]:
        new = [x for x in dict.fromkeys(names) if x not in self.declared]
        self.declared.update(new)
        return [f"struct ggml_tensor {', '.join('*' + x for x in new)};"] if new else []

    def op(self, s: Stmt) -> list[str]:
        if s.node.op == "const":
            return []
        if s.node.op not in self.EXPRESSIONS:
            raise IRError(f"the GGML emitter has no rule for op {s.node.op} (and it has no decomposition)")
        call = Call([self.value(v) for v in s.inputs], [self.consts.get(v) for v in s.inputs], self.attrs(s),
                    [self.type(v) for v in s.inputs], [self.type(o) for o in s.outputs])
        rule = self.EXPRESSIONS[s.node.op]
        code = self.apply(rule, call)
        self.helpers |= call.helpers | set(codegen.needs(rule, call))
        if isinstance(code, Alias):
            for o, e in zip(s.outputs, code.exprs):
                self.aliases[o] = e
            return [f"/* {code.note} */"] if code.note else []
        exprs = code if isinstance(code, tuple) else (code,)
        return [self.assign(self.block.locals[o], e) for o, e in zip(s.outputs, exprs)]

    def apply(self, rule, call: Call):
        return rule(call)

    def type(self, v: str) -> TensorType:
        return self.graph.values[v]

    def attrs(self, s: Stmt) -> dict:
        return s.node.attrs

    def sizes(self, kind: str) -> list[str]:
        """The sizes a generic function takes for this kind (and whether it has the optional
        part), as this function has them."""
        g = self.merged.get(kind)
        if g is None:
            return []
        values = g.call_values(kind, self.block.child_sizes.get(kind))
        return [str(v) for v in values] + ([str(int(g.has_part(kind)))] if g.part else [])

    def call_expr(self, kind: str, path: str, args: list[str], outs: list[str]) -> str:
        fn, sizes = self.functions[kind], self.sizes(kind)
        if len(outs) == 1:
            return f"{fn}({', '.join(['n', path, *sizes, *args])})"
        return f"{fn}({', '.join(['n', path, *sizes, *args, *('&' + o for o in outs)])})"

    def call(self, s: Stmt) -> list[str]:
        path = f"child(n, p, {string(s.member)})" if s.index is None else f"item(n, p, {string(s.member)}, {s.index})"
        args = [self.value(v) for v in s.inputs]
        outs = [self.block.locals[o] for o in s.outputs]
        if len(outs) == 1:
            return [self.assign(outs[0], self.call_expr(s.child_kinds[0], path, args, outs))]
        return self.declare(outs) + [self.call_expr(s.child_kinds[0], path, args, outs) + ";"]

    def loop(self, s: Stmt) -> list[str]:
        lines, args = [], [self.value(v) for v in s.inputs]
        outs = [self.block.locals[o] for o in s.outputs]
        for j, k in s.carried.items():           # the carried value lives in the output's variable
            if args[j] != outs[k]:
                lines.append(self.assign(outs[k], args[j]))
            args[j] = outs[k]
        lines += self.declare(outs)
        kinds = s.child_kinds
        if len({(self.functions[k], tuple(self.sizes(k))) for k in kinds}) > 1:     # one call each
            for i, kind in enumerate(kinds):
                step = list(args)
                for j in s.sliced:
                    step[j] = f"select_axis(ctx, {args[j]}, {self.graph.values[s.inputs[j]].rank - 1}, {i}, {self.graph.values[s.inputs[j]].rank - 1})"
                lines.append(self.call_expr(kind, f"item(n, p, {string(s.member)}, {i})", step, outs)
                             .join(("", ";")) if len(outs) > 1 else
                             f"{outs[0]} = {self.call_expr(kind, f'item(n, p, {string(s.member)}, {i})', step, outs)};")
            return lines
        for j in s.sliced:
            args[j] = f"select_axis(ctx, {args[j]}, {self.graph.values[s.inputs[j]].rank - 1}, i, {self.graph.values[s.inputs[j]].rank - 1})"
        body = self.call_expr(kinds[0], f"item(n, p, {string(s.member)}, i)", args, outs)
        body = f"{outs[0]} = {body};" if len(outs) == 1 else body + ";"
        lines.append(f"for (int i = 0; i < {len(kinds)}; i++)")
        lines.append(f"    {body}")
        return lines

    def stmt(self, s: Stmt) -> list[str]:
        return self.op(s) if s.kind == "op" else self.call(s) if s.kind == "call" else self.loop(s)

    def lines(self) -> list[str]:
        """The statements; a generic function's optional part (Block.part) under `if (part)`,
        its result standing for the part's source without it."""
        out, part = [], self.block.part
        for i, s in enumerate(self.block.stmts):
            if part and i == part.stmts[0]:
                result = self.block.locals[part.result]
                out.append(self.assign(result, self.value(part.source)))
                outside = set(self.declared)
                inner = [line for j in part.stmts for line in self.stmt(self.block.stmts[j])]
                self.declared = outside
                out += [f"if ({flag(part)}) {{", *(f"    {line}" for line in inner), "}"]
            if not part or i not in part.stmts:
                out += self.stmt(s)
        return out

    def signature(self, name: str, static: bool = True, sizes: tuple[str, ...] = ()) -> str:
        args = ["struct net *n", "const char *p", *(f"int64_t {a}" for a in sizes)]
        args += [f"{TENSOR}{self.block.locals[a]}" for a in self.block.args]
        rets = self.block.returns
        if len(rets) == 1:
            head = f"{'static ' if static else ''}{TENSOR}{name}("
        else:
            head = f"{'static ' if static else ''}void {name}("
            args += [f"struct ggml_tensor **ret_{self.block.locals.get(r, 'v')}" for r in rets]
        return head + ", ".join(args) + ")"

    def write(self, name: str, doc: str, static: bool = True, sizes: tuple[str, ...] = ()) -> str:
        self.declared = {self.block.locals[a] for a in self.block.args}
        body = list(self.PREAMBLE) + self.lines()
        rets = []
        for r in self.block.returns:
            if r in self.consts:
                self.helpers.add("scalar")
                rets.append(f"scalar(n, {literal(self.consts[r])})")
            else:
                rets.append(self.value(r))
        if len(rets) == 1:
            body.append(f"return {rets[0]};")
        else:
            body += [f"*ret_{self.block.locals.get(r, 'v')} = {e};" for r, e in zip(self.block.returns, rets)]
        if not any("ctx" in line for line in body[1:]):
            body = body[1:]
        text = f"/* {doc} */\n{self.signature(name, static, sizes)} {{\n"
        text += "".join(f"    {line}\n" for line in body)
        return text + "}\n"


def flag(part) -> str:
    """A generic function's argument saying whether it has the optional part (its name is
    the part's result's)."""
    return f"has_{part.name}"


@dataclass
class Alias:
    """A rule whose outputs are other expressions (no statement written), with a comment."""
    exprs: tuple[str, ...]
    note: str = ""


def graph_of(block: Block, program: Program) -> Graph:
    values = [o for s in block.stmts for o in s.outputs] + block.args
    for graph in program.graphs.values():
        if all(v in graph.values for v in values):
            return graph
    return program.graphs[next(iter(program.graphs))]


def functions(program: Program, reserved=frozenset()) -> dict[str, str]:
    """Block kind -> C function name, unique."""
    return function_names(program, snake, reserved)
