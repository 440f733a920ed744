"""Pieces shared by the emitters that write Python (PyTorch, JAX, MLX, ...)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from inferena.ir import Graph, TensorType

from .structure import Block, Stmt


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


def loop_var(member: str) -> str:
    return member[:-1] if member.endswith("s") and len(member) > 1 else "block"


def consts(block: Block) -> dict[str, str]:
    """Scalar constants are written inline where they are used."""
    return {s.outputs[0]: literal(s.node.attrs["value"]) for s in block.stmts
            if s.kind == "op" and s.node.op == "const"}


def shape_expr(x: str, spec: tuple[int, ...]) -> str:
    return ", ".join(f"{x}.shape[{i}]" if d == 0 else str(d) for i, d in enumerate(spec))


def body_lines(block: Block, graph: Graph, expr, call, ref) -> list[str]:
    """Statement lines of a block's function body.

    expr(stmt, OpCall) -> str: the expression of an op statement;
    call(stmt, args) -> str: a child call; ref(value) -> str: how the body names a value."""
    lines = []
    for s in block.stmts:
        outs = [block.locals[o] for o in s.outputs]
        target = ", ".join(outs)
        if s.kind == "op":
            if s.node.op == "const":
                continue
            op = OpCall([ref(v) for v in s.inputs], s.node.attrs,
                        [graph.values[v] for v in s.inputs], [graph.values[o] for o in s.outputs])
            lines.append(f"{target} = {expr(s, op)}")
        elif s.kind == "call":
            lines.append(f"{target} = {call(s, [ref(v) for v in s.inputs])}")
        else:
            lines.extend(loop_lines(block, s, call, ref))
    returns = ", ".join(ref(r) for r in block.returns)
    lines.append(f"return {returns}")
    return lines


def loop_lines(block: Block, s: Stmt, call, ref) -> list[str]:
    lines = []
    args = [ref(v) for v in s.inputs]
    for j, k in s.carried.items():
        out = block.locals[s.outputs[k]]
        if args[j] != out:
            lines.append(f"{out} = {args[j]}")
        args[j] = out
    outs = ", ".join(block.locals[o] for o in s.outputs)
    var = loop_var(s.member)
    if s.sliced:        # per-layer inputs: iterate over their first axis alongside the layers
        steps = [block.locals[v] for v in s.sliced.values()]
        sources = ", ".join(args[j] for j in s.sliced)
        lines.append(f"for {var}, {', '.join(steps)} in zip(self.{s.member}, {sources}):")
        for j, step in zip(s.sliced, steps):
            args[j] = step
    else:
        lines.append(f"for {var} in self.{s.member}:")
    lines.append(f"    {outs} = {call(s, args, var)}")
    return lines
