"""Config sizes traced through a model's builder (ir/sizes.py): ints everywhere, named in
generated code only where an emitter asks."""
from __future__ import annotations

import copy
import json
import pickle
from dataclasses import dataclass

from inferena.ir import sizes
from inferena.ir.sizes import Dim


@dataclass(frozen=True)
class Config:
    hidden: int = 64
    heads: int = 4
    widths: tuple[int, ...] = (8, 16)
    eps: float = 1e-5


def spelled(value, spell=sizes.constant, floor_div="//") -> str:
    with sizes.spelled():
        text = f"f({value})"
    return sizes.fill(text, spell, set(), floor_div)


def test_traced_config_sizes_are_ints_that_remember_their_expression():
    c = sizes.traced(Config())
    assert c.hidden == 64 and c.widths == (8, 16) and c.eps == 1e-5
    head_dim = c.hidden // c.heads
    assert head_dim == 16 and str(head_dim) == "16" and repr(head_dim) == "16"
    assert json.dumps({"shape": [head_dim]}) == '{"shape": [16]}'
    assert spelled(head_dim) == "f(HIDDEN // HEADS)"
    assert spelled(c.widths[1] * 2) == "f(WIDTHS[1] * 2)"
    assert spelled(c.hidden * 1) == "f(HIDDEN)"                    # x * 1 is x
    for copied in (copy.deepcopy(head_dim), pickle.loads(pickle.dumps(head_dim))):
        assert spelled(copied) == "f(HIDDEN // HEADS)"


def test_spelling_keeps_precedence_and_falls_back_to_values():
    c = sizes.traced(Config())
    assert spelled(c.heads * (c.hidden + 1)) == "f(HEADS * (HIDDEN + 1))"
    assert spelled(c.hidden - (c.heads - 1)) == "f(HIDDEN - (HEADS - 1))"
    assert spelled(c.hidden // c.heads, floor_div="/") == "f(HIDDEN / HEADS)"    # Rust
    assert spelled(c.hidden // c.heads, spell=None) == "f(16)"
    long = (c.hidden + 2 * 3 - 7) // 2 + 1          # a conv's output size: past MAX_OPERATORS
    assert type(long) is int and long == 32
    with sizes.spelled():
        text = f"x // {c.hidden * c.heads}"
    used = set()
    assert sizes.fill(text, sizes.constant, used) == "x // (HIDDEN * HEADS)"     # an operand: parenthesised
    assert used == {"hidden", "heads"}
