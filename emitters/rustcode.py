"""Pieces shared by the emitters that write Rust (Candle, Burn, Luminal, Meganeura): names,
literals, shapes, `use` lines, crate names and the cargo workspace layout."""
from __future__ import annotations

import math
import re
import shutil
import subprocess

from .base import Language

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
    s = re.sub(r"\W+", "_", s).strip("_").lower()
    return f"m_{s}" if s[:1].isdigit() or s in KEYWORDS else s


KEYWORDS = {"as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
            "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
            "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
            "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
            "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen"}


RUST = Language(
    "rust", toolchain="cargo", reserved=frozenset(KEYWORDS) | {"self", "std", "core", "candle_core", "candle_nn"},
    harness={"src/harness.rs": "rust/harness.rs"},      # beside main.rs of every crate
    run="cargo run --release -- --data .. --out outputs.safetensors")


def ident(name: str) -> str:
    """A field name from a parameter path: `self_attn.q_proj` -> `self_attn_q_proj`."""
    s = re.sub(r"\W", "_", name)
    return f"r#{s}" if s in KEYWORDS and s not in ("self", "super", "crate") else s


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


def shape(dims) -> str:
    """A shape tuple: (1, 16, 64), (5,), ()."""
    dims = [str(d) for d in dims]
    return f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"


def crate_name(model_dir: str, framework: str) -> str:
    """The package (and binary) name of a generated crate: `smollm2-135m-tiny-candle`."""
    return re.sub(r"[^a-z0-9]+", "-", f"{model_dir}-{framework}".lower()).strip("-")


def use_lines(code: str, table: list[tuple[str, str, str]]) -> list[str]:
    """`use` lines for the names the code mentions, ordered as rustfmt orders them.
    table: (regex, crate path, name)."""
    wanted: dict[str, list[str]] = {}
    for pattern, path, name in table:
        if re.search(pattern, code) and name not in wanted.setdefault(path, []):
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


def rustfmt(files: dict[str, str]) -> dict[str, str]:
    """The .rs files as rustfmt (edition 2021) writes them, where rustfmt is installed; the
    emitters already write rustfmt's layout for most lines, this settles line breaking."""
    if shutil.which("rustfmt") is None:
        return files
    out = dict(files)
    for name, source in files.items():
        if name.endswith(".rs"):
            proc = subprocess.run(["rustfmt", "--edition", "2021", "--emit", "stdout"], input=source,
                                  capture_output=True, text=True)
            if proc.returncode == 0:
                out[name] = proc.stdout
    return out
