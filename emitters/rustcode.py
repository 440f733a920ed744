"""Pieces shared by the emitters that write Rust (Candle, Burn, Luminal, Meganeura): names,
literals, shapes, `use` lines, crate names, and RustWriter, the writer of one struct per block
kind that each Rust framework subclasses with its op tables."""
from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Any, Callable

from inferena.ir import Graph, IRError, TensorType, sizes

from . import codegen, generic
from .base import Language
from .codegen import quoted
from .structure import Block, Part, Program, Stmt, identifier

# Literals clippy wants written as std constants (its approx_constant lint denies them).
STD_CONSTS = {name: getattr(math, attr) if attr else value for name, attr, value in [
    ("PI", "pi", None), ("E", "e", None), ("TAU", "tau", None),
    ("FRAC_1_SQRT_2", None, 1 / math.sqrt(2)), ("SQRT_2", None, math.sqrt(2)),
    ("FRAC_2_SQRT_PI", None, 2 / math.sqrt(math.pi)), ("FRAC_1_PI", None, 1 / math.pi),
    ("FRAC_2_PI", None, 2 / math.pi), ("FRAC_PI_2", None, math.pi / 2), ("FRAC_PI_4", None, math.pi / 4),
    ("LN_2", None, math.log(2)), ("LN_10", None, math.log(10)), ("LOG2_E", None, math.log2(math.e)),
    ("LOG10_E", None, math.log10(math.e))]}


WIDTH = 100          # rustfmt's max_width


def let(target: str, expr: str, indent: int) -> str:
    """`let target = expr;`, broken after `=` where rustfmt would break it."""
    line = f"let {target} = {expr};"
    if indent + len(line) <= WIDTH or indent + 4 + len(expr) + 1 > WIDTH:
        return line
    return f"let {target} =\n{' ' * (indent + 4)}{expr};"


def camel(kind: str) -> str:
    """A type name: `LlamaMLP` stays, `test_add` -> `TestAdd`."""
    if kind.isupper() and len(kind) > 1:          # GEGLU -> Geglu (clippy: upper_case_acronyms)
        return kind[0] + kind[1:].lower()
    if "_" not in kind and kind[:1].isupper():
        return kind
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^0-9A-Za-z]+", kind) if p)


def snake(name: str) -> str:
    """A module name: `LlamaDecoderLayer` -> `llama_decoder_layer`, `LlamaMLP` -> `llama_mlp`,
    `UNet2DConditionModel` -> `u_net_2d_condition_model`."""
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z])([A-Z])", r"\1_\2", s)
    s = re.sub(r"([A-Za-z])(\d)", r"\1_\2", s)          # Block2D -> block_2d
    s = re.sub(r"(\d)([A-Z][a-z])", r"\1_\2", s)        # 2DCondition -> 2d_condition
    s = re.sub(r"\W+", "_", s, flags=re.ASCII).strip("_").lower()
    return f"m_{s}" if s[:1].isdigit() or s in KEYWORDS else s


KEYWORDS = {"as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
            "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
            "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
            "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
            "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen"}


PRELUDE = {"Self", "None", "Some", "Ok", "Err", "Option", "Result", "Vec", "Box", "String"}   # a binding would match them


def config_block(title: str, values: list[tuple[str, Any]]) -> str:
    """`pub const`s of the sizes the crate's modules name (ir/sizes.py)."""
    def const(name, value):
        if isinstance(value, tuple):
            return f"pub const {name}: [usize; {len(value)}] = [{', '.join(map(str, value))}];"
        return f"pub const {name}: usize = {value};"
    return f"\n// {title}\n" + "".join(const(name, value) + "\n" for name, value in values)


def config_use(names: list[str]) -> str:
    return f"use super::{names[0]};" if len(names) == 1 else f"use super::{{{', '.join(names)}}};"


RUST = Language(
    "rust", toolchain="cargo", reserved=frozenset(KEYWORDS) | {"self", "std", "core", "candle_core", "candle_nn"} | PRELUDE,
    harness={"src/harness.rs": "rust/harness.rs"},      # beside main.rs of every crate
    run="cargo run --release -- --data .. --out outputs.safetensors",
    config_block=config_block, config_use=config_use, floor_div="/")


def ident(name: str) -> str:
    """A field name from a parameter path: `self_attn.q_proj` -> `self_attn_q_proj`."""
    s = identifier(name, PRELUDE, prefix="m_")
    return f"r#{s}" if s in KEYWORDS and s not in ("self", "super", "crate") else s


def namer(reserved=frozenset()) -> Callable[[str], str]:
    """Names -> distinct identifiers: ident(name), numbered past the ones given before and the
    reserved (`a.b` -> `a_b`, then `a_b` -> `a_b_2`)."""
    given: dict[str, str] = {}

    def name_of(name: str) -> str:
        if name not in given:
            base = new = ident(name)
            n = 1
            while new in given.values() or new in reserved:
                n += 1
                new = f"{base}_{n}"
            given[name] = new
        return given[name]
    return name_of


def template_words(env, template: str) -> frozenset[str]:
    """The locals a template's Rust binds (`let model`, `let (a, b)`, `|name|`, `for t in`): what a
    name given by namer() must not shadow."""
    text = env.loader.get_source(env, template)[0]
    patterns = [r"\blet\s+(?:mut\s+)?([a-z_]\w*)", r"\blet\s+\(([\w,\s]*)\)", r"\|([a-z_]\w*)(?::[^|]*)?\|",
                r"\bfor\s+\(?([\w,\s]*?)\)?\s+in\b"]
    bound = " ".join(m for p in patterns for m in re.findall(p, text))
    return frozenset(re.findall(r"[a-z_]\w*", bound))


def string(text: str) -> str:
    """A Rust string literal of a name: `"model.norm.weight"`."""
    return quoted(text, {"\\": "\\\\", '"': '\\"'}, lambda c: f"\\u{{{c:x}}}")


def fmt(text: str) -> str:
    """A name as literal text inside a format! string: `&format!("{p}.{fmt(rel)}")`."""
    return string(text.replace("{", "{{").replace("}", "}}"))[1:-1]


def literal(value: float) -> str:
    """An f64 literal (std constants where clippy asks for them)."""
    if math.isinf(value):
        return "f64::NEG_INFINITY" if value < 0 else "f64::INFINITY"
    if math.isnan(value):
        return "f64::NAN"
    for name, c in STD_CONSTS.items():
        if value != 0 and abs(value - c) <= 1e-12 * abs(c):
            return f"std::f64::consts::{name}"
        if value != 0 and abs(value + c) <= 1e-12 * abs(c):
            return f"-std::f64::consts::{name}"
    text = repr(float(value))
    return text if "." in text or "e" in text or "inf" in text else text + ".0"


def as_i64(value) -> str:
    """An integer attribute where Rust wants an i64: a named size (a usize const) is cast."""
    return f"{value} as i64" if isinstance(value, sizes.Dim) else str(value)


def shape(dims) -> str:
    """A shape tuple: (1, 16, 64), (5,), ()."""
    dims = [str(d) for d in dims]
    return f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"


def crate_name(model_dir: str, framework: str) -> str:
    """The package (and binary) name of a generated crate: `smollm2-135m-tiny-candle`."""
    return re.sub(r"[^a-z0-9]+", "-", f"{model_dir}-{framework}".lower()).strip("-")


def use_lines(uses) -> list[str]:
    """`use` lines for the declared `path::Name`s, ordered as rustfmt orders them."""
    wanted: dict[str, list[str]] = {}
    for item in sorted(uses):
        path, _, name = item.rpartition("::")
        if name not in wanted.setdefault(path, []):
            wanted[path].append(name)
    lines = []
    for path, names in wanted.items():
        if not names:
            continue
        names = sorted(names, key=name_order)
        lines.append(f"use {path}::{names[0]};" if len(names) == 1 else f"use {path}::{{{', '.join(names)}}};")
    return sorted(lines, key=lambda line: (not line.startswith(("use crate::", "use self::", "use super::")), line))


def name_order(name: str) -> tuple:
    """rustfmt's order inside braces: self, snake_case, CamelCase, SCREAMING_CASE."""
    return (0 if name == "self" else 1 if name[:1].islower() else 3 if name.isupper() else 2, name)


EMITTED = "emitted.json"     # what the emitter wrote before rustfmt (runner/cargo.py matches binaries by it)


def rustfmt(files: dict[str, str]) -> dict[str, str]:
    """The .rs files as rustfmt (edition 2021) writes them, where rustfmt is installed; the
    emitters already write rustfmt's layout for most lines, this settles line breaking. EMITTED
    records the digest of the crate before rustfmt (alike on machines with and without it) and
    of each file as written."""
    out = {name: sizes.fill(source, None, set()) if name.endswith(".rs") else source   # sizes not named: their values
           for name, source in files.items()}
    before = digest(json.dumps(out, sort_keys=True).encode())
    for name, source in out.items():
        if name.endswith(".rs") and shutil.which("rustfmt"):
            proc = subprocess.run(["rustfmt", "--edition", "2021", "--emit", "stdout"], input=source,
                                  capture_output=True, text=True)
            if proc.returncode == 0:
                out[name] = proc.stdout
    written = {name: digest(source.encode()) for name, source in out.items()}
    return {**out, EMITTED: json.dumps({"before_rustfmt": before, "files": written}, indent=1, sort_keys=True)}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Call:
    """What an op's snippet sees. args: each input as a `&Tensor` expression (`&h`, `normed`,
    `&self.weight`); recv: as a method receiver (`h`, `self.weight`); consts: the value of a
    scalar-constant input, else None."""
    args: list[str]
    recv: list[str]
    consts: list[float | None]
    attrs: dict[str, Any]
    in_types: list[TensorType]
    out_types: list[TensorType]
    uses: set[str] = field(default_factory=set)   # `path::Name`s the rule's code names

    def need(self, *names: str) -> None:
        """Declare the items the code being written names (`candle_core::D`): its `use` lines."""
        self.uses.update(names)



@dataclass(frozen=True)
class Layer:
    """An op whose parameters become a layer field (candle-nn's, or ops.rs's where Candle's
    fused forward has no backward)."""
    params: tuple[int, ...]                   # positions of the parameter inputs
    type: str                                 # field type
    load: Any                                 # Call -> loader expression, `{vb}` for the VarBuilder
    access: dict[int, str]                    # parameter position -> accessor on the layer
    fits: Any = lambda n: True                # Call -> whether this statement can be the layer
    call: Any = lambda n, x: f"forward({x})?"  # Call, input -> the forward call
    helpers: tuple[str, ...] = ()             # helper types/functions of the crate it uses
    uses: Any = ()                            # `path::Name`s its type, loader and call name (or Call -> them)



@dataclass
class Struct:
    """The fields of one block kind's struct, known before any forward body is written."""
    block: Block
    graph: Graph
    layers: dict[int, str] = field(default_factory=dict)       # stmt id -> layer field (rel owner)
    layer_ops: dict[str, Stmt] = field(default_factory=dict)   # layer field -> its statement
    public: set[str] = field(default_factory=set)              # fields read by other blocks
    type_name: str = ""                 # the struct's name where several kinds share one (generic.py)
    group: generic.Generic | None = None        # the generic block written for this kind
    fields: Callable[[str], str] | None = None     # member, layer or parameter -> its field

    def field(self, key: str) -> str:
        """The field of a member, layer owner or parameter: ident(key), numbered where two of the
        block's names make one identifier (`a.b` and `a_b`), in an order fixed by the block."""
        if self.fields is None:
            self.fields = namer()
            for k in [m.name for m in self.block.members] + list(self.layers.values()) + list(self.block.params):
                self.fields(k)
        return self.fields(key)

    @property
    def name(self) -> str:
        return self.type_name or camel(self.block.kind)

    def load_args(self, parent: Block | None = None) -> list[str]:
        """The sizes load() takes after vb (in a generic parent: as the parent has them)."""
        g, kind = self.group, self.block.kind
        if g is None:
            return []
        values = g.call_values(kind, parent.child_sizes.get(kind) if parent is not None else None)
        return [str(v) for v in values] + ([str(g.has_part(kind)).lower()] if g.part else [])

    def load(self, vb: str, parent: Block | None = None) -> str:
        """The expression loading this kind from `vb`: `Bottleneck::load(vb.pp(0), 64, 64, 256, 1)?`."""
        return f"{self.name}::load({', '.join([vb, *self.load_args(parent)])})?"


class RustWriter:
    """Writes the Rust module of one block kind (or the loss function): a struct with `load`
    and `forward`. A framework subclasses it with its tables (as tinygrad's renderers subclass
    CStyleLanguage): EXPRESSIONS (op -> rule over a Call) and LAYERS (op -> Layer), and its
    device(). Rules and layers declare the crate helpers and the `use` items their code needs;
    write() returns them with the code."""
    EXPRESSIONS: dict = {}
    LAYERS: dict = {}

    def __init__(self, struct: Struct, structs: dict[str, Struct], program: Program):
        self.s, self.structs, self.program = struct, structs, program
        self.block, self.graph = struct.block, struct.graph
        self.consts = codegen.const_values(self.block)
        self.refs = set(self.block.args)            # values held as `&Tensor`
        self.fields: dict[str, tuple[str, str]] = {}  # field -> (type, loader), in first-use order
        self.derived: dict[str, tuple[str, str]] = {}  # fields made in load() from the others
        self.uses: set[str] = set()                 # `path::Name`s the code names (its `use` lines)
        self.helpers: set[str] = set()
        self.mutable: set[str] = set()
        self.children: set[str] = set()             # block kinds this module uses
        self.enums: dict[str, dict] = {}            # lists of different kinds called in a loop
        self.at = 0                                 # index of the statement being written

    # --- values ---------------------------------------------------------------------------
    def recv(self, value: str) -> str:
        if value in self.block.locals:
            return self.block.locals[value]
        return self.param(value)

    def arg(self, value: str) -> str:
        if value in self.consts:
            return literal(self.consts[value])
        if value in self.block.locals:
            name = self.block.locals[value]
            return name if value in self.refs else f"&{name}"
        expr = self.param(value)
        return expr if expr.endswith(")") else f"&{expr}"   # accessors already return &Tensor

    def param(self, value: str) -> str:
        """A parameter as a place: `self.weight`, `self.model.embed_tokens.embeddings()`."""
        return "self." + self.path(self.s, self.block.rel(value))

    def path(self, struct: Struct, rel: str) -> str:
        """The field path to parameter `rel` (relative to struct's block) from its `self`;
        fields read from another block's code become `pub`."""
        block, outside = struct.block, struct is not self.s
        if rel in block.params:
            for owner, stmt in struct.layer_ops.items():
                layer = self.LAYERS[stmt.node.op]
                for pos in layer.params:
                    if pos < len(stmt.inputs) and block.rel(stmt.inputs[pos]) == rel:
                        name = struct.field(owner)
                        break
                else:
                    continue
                if outside:
                    struct.public.add(name)
                return f"{name}.{layer.access[pos]}"
            name = struct.field(rel)
            if outside:
                struct.public.add(name)
            else:
                self.fields.setdefault(name, self.param_field(rel, block.params[rel]))
            return name
        head, _, rest = rel.partition(".")
        member = next((m for m in block.members if m.name == head), None)
        if member is None:
            raise ValueError(f"{block.kind}: no parameter or member for {rel}")
        if outside:
            struct.public.add(struct.field(head))
        if member.is_list:
            index, _, rest = rest.partition(".")
            child = self.structs[member.kinds[int(index)]]
            if len({self.structs[k].name for k in member.kinds}) > 1:
                raise IRError(f"{block.kind}: parameter {rel} is read outside its block, through a list "
                              "of different block kinds")
            return f"{struct.field(head)}[{index}].{self.path(child, rest)}"
        return f"{struct.field(head)}.{self.path(self.structs[member.kinds[0]], rest)}"

    # --- statements -----------------------------------------------------------------------
    def expr(self, s: Stmt) -> str:
        layer = self.LAYERS[s.node.op] if id(s) in self.s.layers else None
        own = set(layer.params) if layer else set()      # the layer's parameters: held by the layer
        n = Call([self.arg(v) if i not in own else "" for i, v in enumerate(s.inputs)],
                 [literal(self.consts[v]) if v in self.consts else self.recv(v) if i not in own else ""
                  for i, v in enumerate(s.inputs)],
                 [self.consts.get(v) for v in s.inputs], s.node.attrs,
                 [self.graph.values[v] for v in s.inputs], [self.graph.values[o] for o in s.outputs])
        if layer:
            owner = self.s.layers[id(s)]
            self.helpers.update(layer.helpers)
            self.uses.update(layer.uses(n) if callable(layer.uses) else layer.uses)
            self.fields.setdefault(self.s.field(owner), (layer.type, layer.load(n).replace("{vb}", f"vb.pp({string(owner)})")))
            rest = [a for i, a in enumerate(n.args) if i not in layer.params]
            call = layer.call(n, ', '.join(rest))     # a method of the layer, or a helper of `{layer}`
            code = call.replace("{layer}", f"self.{self.s.field(owner)}") if "{layer}" in call \
                else f"self.{self.s.field(owner)}.{call}"
        else:
            rule = self.EXPRESSIONS[s.node.op]
            self.helpers.update(codegen.needs(rule, n))
            self.uses.update(codegen.imports(rule))
            code = rule(n)
            if "{device}" in code:
                code = code.replace("{device}", self.device())
        self.uses.update(n.uses)
        return code

    def param_field(self, rel: str, param) -> tuple[str, str]:
        """The (type, loader) of a parameter held as a plain field, not by a layer."""
        return "Tensor", f"vb.get({shape(param.type.shape)}, {string(rel)})?"

    def const_tensor(self, value: float, t: TensorType) -> str:
        """A tensor holding a constant the block returns."""
        value = literal(value) + {"f32": " as f32", "f64": "", "i64": " as i64"}.get(t.dtype, "")
        return f"Tensor::new({value}, {self.device()})?"

    def boxed(self, expr: str) -> str:
        """A block held in an enum variant (boxed: the variants differ in size)."""
        return f"Box::new({expr})"

    def ret(self, values: list[str]) -> str:
        """The forward's last line, returning these values."""
        return f"Ok({values[0]})" if len(values) == 1 else f"Ok(({', '.join(values)}))"

    def device(self) -> str:
        """Where new tensors go (the framework's device expression)."""
        raise NotImplementedError

    def call(self, s: Stmt, args: list[str], target: str) -> str:
        return f"{target}.forward({', '.join(args)})?"

    def member_field(self, s: Stmt) -> None:
        """The field of a child block or list of blocks: one type, `Vec<Kind>`; blocks that
        differ: a tuple (called one by one) or an enum over them (called in a loop)."""
        m = next(m for m in self.block.members if m.name == s.member)
        structs = [self.structs[k] for k in m.kinds]
        kinds = [st.name for st in structs]
        self.children |= set(kinds)
        vb = f"vb.pp({string(m.name)})"
        if not m.is_list:
            self.fields.setdefault(self.s.field(m.name), (kinds[0], structs[0].load(vb, self.block)))
        elif len(set(kinds)) == 1 and len({tuple(st.load_args(self.block)) for st in structs}) == 1:
            load = f"(0..{len(kinds)}).map(|i| {structs[0].load(f'{vb}.pp(i)', self.block)[:-1]}).collect::<Result<_>>()?"
            if 12 + len(m.name) + 2 + len(load) + 1 > WIDTH:       # as rustfmt breaks the chain
                load = load.replace(").map(", ")\n                .map(").replace(").collect", ")\n                .collect")
            self.fields.setdefault(self.s.field(m.name), (f"Vec<{kinds[0]}>", load))
        elif len(set(kinds)) == 1:           # one struct, its sizes per element
            self.fields.setdefault(self.s.field(m.name), (f"Vec<{kinds[0]}>", "vec![" + ", ".join(
                st.load(f"{vb}.pp({i})", self.block) for i, st in enumerate(structs)) + "]"))
        elif s.kind == "call":
            self.fields.setdefault(self.s.field(m.name), (
                f"({', '.join(kinds)})", "(" + ", ".join(st.load(f"{vb}.pp({i})", self.block)
                                                        for i, st in enumerate(structs)) + ")"))
        else:
            name = self.enum_name(m.name)
            variants = list(dict.fromkeys(kinds))
            first = self.structs[m.kinds[0]].block
            self.enums.setdefault(name, {"name": name, "member": m.name, "variants": variants,
                                         "args": [first.locals[a] for a in first.args], "returns": len(s.outputs)})
            loads = [(st.name, st.load("vb", self.block)) for st in structs]
            common = max(dict.fromkeys(loads), key=loads.count)   # the match arms: indices of each other load
            arms = [(" | ".join(str(i) for i, x in enumerate(loads) if x == v), v)
                    for v in dict.fromkeys(loads) if v != common]
            arms.append(("_", common))
            body = "".join(f"{idx} => {name}::{k}({self.boxed(load)}),\n" for idx, (k, load) in arms)
            load = (f"(0..{len(kinds)}).map(|i| {{ let vb = {vb}.pp(i); Ok(match i {{\n{body}}}) }})"
                    ".collect::<Result<_>>()?")
            self.fields.setdefault(self.s.field(m.name), (f"Vec<{name}>", load))

    def enum_name(self, member: str) -> str:
        return f"{self.s.name}{camel(member)}"

    def member_ref(self, s: Stmt) -> str:
        """A call's target: `self.mlp`, `self.layers[3]`, `self.resnets.1`."""
        m = next(m for m in self.block.members if m.name == s.member)
        base = f"self.{self.s.field(s.member)}"
        if s.index is None:
            return base
        return f"{base}.{s.index}" if len({self.structs[k].name for k in m.kinds}) > 1 else f"{base}[{s.index}]"

    def lines(self) -> list[str]:
        block, out = self.block, []
        later = self._later_uses()
        part = block.part
        for i, s in enumerate(block.stmts):
            self.at = i                    # the statement being written (what reads a value last)
            if part and i == part.stmts[0]:
                outer, out = out, []
            if s.kind == "op" and s.node.op == "const":
                continue
            names = [block.locals[o] if later[i].get(o) or o in block.returns else f"_{block.locals[o]}"
                     for o in s.outputs]
            names = [("mut " if o in self.mutable else "") + n for o, n in zip(s.outputs, names)]
            target = names[0] if len(names) == 1 else f"({', '.join(names)})"
            if s.kind == "op":
                out.append(let(target, self.expr(s), indent=8))
            elif s.kind == "call":
                self.member_field(s)
                member = self.member_ref(s)
                out.append(let(target, self.call(s, [self.arg(v) for v in s.inputs], member), indent=8))
            else:
                self.member_field(s)
                out.extend(self.loop(s))
            if part and i == part.stmts[-1]:
                out = outer + self.optional(part, out)
        self.at = len(block.stmts)
        for r in block.returns:            # a constant the block returns becomes a tensor
            if r in self.consts:
                out.append(f"let {block.locals.get(r, 'value')} = {self.const_tensor(self.consts[r], self.graph.values[r])};")
        rets = [block.locals.get(r, "value") if r in self.consts else self.owned(r) for r in block.returns]
        out.append(self.ret(rets))
        return out

    def optional(self, part: Part, lines: list[str]) -> list[str]:
        """The lines of an optional part (Block.part) as a match on its field: the part's layers
        are one `Option` field named after it (write() makes it)."""
        fields = self.part_fields(part)
        bound = [re.sub(rf"&?self\.({'|'.join(fields)})\b", r"\1", line) for line in lines]
        tail = re.fullmatch(r"let (?:mut )?\w+ =\s*(.*);", bound[-1], re.S)[1]
        binding = fields[0] if len(fields) == 1 else f"({', '.join(fields)})"
        return [f"let {self.block.locals[part.result]} = match &self.{self.s.field(part.name)} {{",
                f"Some({binding}) => {{", *bound[:-1], tail, "}",
                f"None => {self.owned(part.source)},", "};"]

    def part_fields(self, part: Part) -> list[str]:
        """The fields an optional part's statements read."""
        names = []
        for i in part.stmts:
            s = self.block.stmts[i]
            if id(s) in self.s.layers:
                names.append(self.s.field(self.s.layers[id(s)]))
            else:
                names += [self.s.field(self.block.rel(v)) for v in s.inputs if self.block.rel(v) in self.block.params]
        return list(dict.fromkeys(names))

    def owned(self, value: str) -> str:
        if value in self.block.locals and value not in self.refs:
            return self.block.locals[value]
        return f"{self.recv(value)}.clone()"

    def _later_uses(self) -> list[dict[str, bool]]:
        """For each statement, whether each of its outputs is read afterwards."""
        read = {v for s in self.block.stmts for v in s.inputs}
        return [{o: o in read for o in s.outputs} for s in self.block.stmts]

    def plan_mutable(self) -> None:
        """A loop-carried value produced right here is declared `let mut` where it is made."""
        producer = {o: s for s in self.block.stmts for o in s.outputs}
        for s in self.block.stmts:
            if s.kind != "loop":
                continue
            for j, k in s.carried.items():
                v, out = s.inputs[j], s.outputs[k]
                if (v in producer and v not in self.refs and self.block.locals[v] == self.block.locals[out]
                        and sum(v in t.inputs for t in self.block.stmts) == 1 and v not in self.block.returns):
                    self.mutable.add(v)

    def loop(self, s: Stmt) -> list[str]:
        lines = []
        args = [self.arg(v) for v in s.inputs]
        for j, k in s.carried.items():
            v, out = s.inputs[j], self.block.locals[s.outputs[k]]
            if v not in self.mutable:
                lines.append(f"let mut {out} = {self.owned(v)};")
            args[j] = f"&{out}"
        outs = [self.block.locals[o] for o in s.outputs]
        target = outs[0] if len(outs) == 1 else f"({', '.join(outs)})"
        var = codegen.loop_var(s.member)
        member = f"self.{self.s.field(s.member)}"
        if s.sliced:
            lines.append(f"for (i, {var}) in {member}.iter().enumerate() {{")
            for j, value in s.sliced.items():
                step = self.block.locals[value]
                lines.append(f"    let {step} = {self.recv(s.inputs[j])}.get(i)?;")
                args[j] = f"&{step}"
        else:
            lines.append(f"for {var} in &{member} {{")
        lines.append(f"    {target} = {self.call(s, args, var)};")
        lines.append("}")
        return lines

    def write(self) -> dict:
        self.plan_mutable()
        body = self.lines()
        if self.block.part:                  # its fields: one Option, loaded where load() is asked to
            part, fields = self.block.part, {}
            inner = self.part_fields(self.block.part)
            for name, (typ, load) in self.fields.items():
                if name == inner[0]:
                    types, loads = [self.fields[f][0] for f in inner], [self.fields[f][1] for f in inner]
                    one = (lambda xs: xs[0]) if len(inner) == 1 else (lambda xs: f"({', '.join(xs)})")
                    flag = ident(part.name)
                    fields[flag] = (f"Option<{one(types)}>", f"if {flag} {{ Some({one(loads)}) }} else {{ None }}")
                elif name not in inner:
                    fields[name] = (typ, load)
            self.fields = fields
        return {"name": self.s.name, "path": self.block.path, "args": [self.block.locals[a] for a in self.block.args],
                "returns": len(self.block.returns), "body": body, "fields": self.fields,
                "children": sorted(self.children), "enums": list(self.enums.values()),
                "helpers": self.helpers, "params": [], "flags": [], "derived": self.derived, "uses": self.uses}


def buffers(program: Program) -> list[str]:
    """Non-trainable parameters (no gradient written), by last name segment when that is unambiguous."""
    params = program.graphs["full"].params.values()
    frozen = [p.name for p in params if not p.trainable]
    leaves = {n.rsplit(".", 1)[-1] for n in frozen}
    if not any(p.trainable and p.name.rsplit(".", 1)[-1] in leaves for p in params):
        return sorted(leaves)
    return frozen


def _graph_of(block: Block, program: Program) -> Graph:
    values = [o for s in block.stmts for o in s.outputs] + block.args
    for graph in program.graphs.values():
        if all(v in graph.values for v in values):
            return graph
    return program.graphs["full"]


def structs(program: Program, layers: dict) -> dict[str, Struct]:
    """Each block kind's struct, with the statements that become layer fields (`layers`: op -> Layer)."""
    return {kind: struct(block, _graph_of(block, program), layers) for kind, block in program.blocks.items()}


def struct(block: Block, graph: Graph, layers: dict) -> Struct:
    st = Struct(block, graph)
    st.layers = codegen.layer_owners(block, {op: layer.params for op, layer in layers.items()})
    stmts = {id(s): s for s in block.stmts}
    for sid in list(st.layers):
        s = stmts[sid]
        call = Call(list(s.inputs), list(s.inputs), [None] * len(s.inputs), s.node.attrs,
                    [st.graph.values[v] for v in s.inputs], [st.graph.values[o] for o in s.outputs])
        if not layers[s.node.op].fits(call):
            del st.layers[sid]
    st.layer_ops = {owner: stmts[sid] for sid, owner in st.layers.items()}
    return st


def generic_structs(program: Program, table: dict[str, Struct], layers: dict, write,
                    optional: bool = False, nested: bool = False) -> dict[str, dict | None]:
    """Structs of the generic blocks whose member kinds come out as one code (generic.py):
    {kind: the struct written in its place (the first member), None (the others)}; the members'
    Structs get the shared type name and their load() sizes (and, `optional`: the writer writes
    optional parts, whether the part is there). write(Struct) -> the written dict."""
    written = {}
    for g in generic.generics(program, optional=optional, nested=nested):
        out = []
        for kind in g.kinds:
            block, graph = generic.symbolic(program, g, kind, table[kind].graph)
            w = write(struct(block, graph, layers))
            in_load, in_body = set(), set()
            fields = generic.fill(w["fields"], used=in_load)
            w["body"] = generic.fill(w["body"], lambda name: f"self.{name}", in_body)
            fields.update((name, ("usize", name)) for name in sorted(in_body))    # sizes forward reads
            w["fields"], w["params"] = fields, [a for a in g.args if a in in_load | in_body]
            out.append(w)
        if any({**w, "name": "", "path": ""} != {**out[0], "name": "", "path": ""} for w in out[1:]):
            continue                          # a rule writes a size differently per member
        out[0]["name"] = camel(g.name)
        g.params = list(out[0]["params"])
        if g.part:
            out[0]["params"].append(ident(g.part.name))
            out[0]["flags"] = [ident(g.part.name)]
        for i, kind in enumerate(g.kinds):
            table[kind].type_name, table[kind].group = camel(g.name), g
            written[kind] = out[0] if i == 0 else None
    return written
