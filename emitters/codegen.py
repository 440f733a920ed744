"""Language-neutral pieces of code generation, shared by every emitter (Python and Rust):
which statements call a framework layer, scalar constants, loop variable names, and what the
measurement program needs to know about the roots and the loss."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

from inferena.ir import sizes

from .structure import Block, Program

# Where a template puts the config block of the sizes its code names, and (a language whose
# files import it from the block's module) the line that imports them (ir/sizes.py).
CONFIG_BLOCK, CONFIG_USE = "\ue004config\ue005", "\ue004config-use\ue005"


def quoted(text: str, escapes: dict[str, str], escape) -> str:
    """A double-quoted string literal of `text`: characters in `escapes` replaced, any other
    non-printable one written escape(code point); everything else verbatim."""
    return '"' + "".join(escapes.get(c) or (c if c.isprintable() else escape(ord(c))) for c in text) + '"'


@dataclass(frozen=True)
class Rule:
    """One row of an emitter's op table: emit(call) -> code, the helper functions of the
    generated module that code calls (a tuple, or a function of the call when it depends on
    it), and the items it names that need an import (`candle_nn::loss::mse`; a rule whose
    imports depend on the call declares them on it). The writers collect both from here;
    nothing scans the generated text."""
    emit: Callable[[Any], Any]
    helpers: tuple[str, ...] | Callable[[Any], tuple[str, ...]] = ()
    imports: tuple[str, ...] = ()

    def __call__(self, n):
        return self.emit(n)

    def needs(self, n) -> tuple[str, ...]:
        return self.helpers(n) if callable(self.helpers) else self.helpers


def needs(rule, n) -> tuple[str, ...]:
    """The helpers a table row's code for `n` calls (none for a plain function row)."""
    return rule.needs(n) if isinstance(rule, Rule) else ()


def default_scale(n) -> bool:
    """Whether an attention's scale is 1/sqrt(head dim), the frameworks' default: code then
    leaves it to the framework (or computes it from the shape) instead of writing a float that
    differs per block size."""
    return is_default_scale(n.attrs["scale"], int(n.in_types[0].shape[-1]))


def is_default_scale(scale: float, head_dim: int) -> bool:
    return abs(scale - head_dim ** -0.5) <= 1e-12 * head_dim ** -0.5


def imports(rule) -> tuple[str, ...]:
    return rule.imports if isinstance(rule, Rule) else ()


def closure(used, deps: dict[str, tuple[str, ...]]) -> set[str]:
    """Helpers with the helpers they call, transitively (deps: helper -> helpers it calls)."""
    out, todo = set(), list(used)
    while todo:
        h = todo.pop()
        if h not in out:
            out.add(h)
            todo.extend(deps.get(h, ()))
    return out


def uses(block: Block) -> dict[str, int]:
    """How many statements of the block read each value."""
    count: dict[str, int] = {}
    for s in block.stmts:
        for v in s.inputs:
            count[v] = count.get(v, 0) + 1
    return count


def layer_owners(block: Block, layers: dict[str, tuple[int, ...]]) -> dict[int, str]:
    """Statements (by id) that become a call of a framework layer, and the layer's name.

    `layers` maps an op to the positions of its parameter inputs (linear: weight, bias). A
    statement qualifies when those parameters belong to this block, are read nowhere else in
    it and are all the parameters under one name (`q_proj.weight` -> layer `q_proj`)."""
    count = uses(block)
    found = {}
    for s in block.stmts:
        if s.kind != "op" or s.node.op not in layers:
            continue
        params = [s.inputs[i] for i in layers[s.node.op] if i < len(s.inputs)]
        rels = [block.rel(p) for p in params]
        owners = {r.rsplit(".", 1)[0] for r in rels if "." in r}
        if (all(r in block.params and count[p] == 1 for r, p in zip(rels, params))
                and len(owners) == 1 and len(rels) == len(
                    [r for r in block.params if r.startswith(f"{next(iter(owners))}.")])):
            found[id(s)] = owners.pop()
    return found


def const_values(block: Block) -> dict[str, float]:
    """Scalar constants of a block (written inline where they are used)."""
    return {s.outputs[0]: s.node.attrs["value"] for s in block.stmts
            if s.kind == "op" and s.node.op == "const"}


def loop_var(member: str) -> str:
    """`layers` -> `layer`: the name of one element in a loop over a list member."""
    return member[:-1] if member.endswith("s") and len(member) > 1 else "block"


@dataclass
class Root:
    """One variant's entry point: its root block, input names and output names."""
    kind: str
    inputs: list[str]          # graph input names, in call order
    outputs: list[str]         # output names (file keys, `latency.` prefixed for that variant)


def roots(program: Program) -> dict[str, Root]:
    out = {}
    for variant, kind in program.roots.items():
        graph, block = program.graphs[variant], program.blocks[kind]
        prefix = "" if variant == "full" else f"{variant}."
        out[variant] = Root(kind, list(block.args),
                            [prefix + k for k, v in graph.outputs.items() if k != "loss"])
    return out


def loss_arguments(program: Program) -> list[tuple[str, str]]:
    """The loss function's arguments, each ("output", output name) or ("input", input name)."""
    if not program.loss:
        return []
    names = {v: k for k, v in program.graphs["full"].outputs.items()}
    return [("output", names[a]) if a in names else ("input", a) for a in program.loss.args]


def name_sizes(files: dict[str, Any], ctx, language) -> dict[str, Any]:
    """Files written under sizes.spelled() with their sizes spelled: by their config names
    where a template placed CONFIG_BLOCK (or CONFIG_USE) and the program has a model, as plain
    values elsewhere; the block lists the sizes the files name (language.config_block(title,
    [(constant, value)])), CONFIG_USE becomes language.config_use(constants) of that file's."""
    texts = {k: t for k, t in files.items() if isinstance(t, str)}
    named = ctx.model is not None and any(CONFIG_BLOCK in t for t in texts.values())
    out, used = dict(files), set()
    for key, text in texts.items():
        here: set[str] = set()
        places = named and (CONFIG_BLOCK in text or CONFIG_USE in text)
        text = sizes.fill(text, sizes.constant if places else None, here, language.floor_div)
        names = sorted({sizes.constant(f) for f in here})
        if CONFIG_USE in text:
            use = language.config_use(names) if names else ""          # "": the block is included
            text = text.replace(CONFIG_USE + "\n", use + "\n" if use else "")
        out[key] = text
        used |= here
    config = ctx.model.config(ctx.config) if named else None
    fields = [f.name for f in dataclasses.fields(config) if f.name in used] if named else []
    block = language.config_block(f"{ctx.model.name} ({ctx.config}): the sizes the code is built with",
                                  [(sizes.constant(f), getattr(config, f)) for f in fields]) if fields else ""
    return {k: t.replace(CONFIG_BLOCK + "\n", block) if isinstance(t, str) else t for k, t in out.items()}
