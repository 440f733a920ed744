"""Canonical Candle rows: candle-transformers' own model implementations, what a Candle user
runs, loading the generated weights by their checkpoint names through
`VarBuilder::from_mmaped_safetensors` and measured and verified like the generated crate.

A crate per model (a member of the generated/ workspace, as Candle's): the shared main.rs
(templates/candle_canonical/main.rs.j2) and a model's src/model.rs wrapping the library's
model as `Model` (`load(vb)`, `forward(<full graph inputs>)`, `latency(<latency graph inputs>)`).
Training is not measured: every model here calls Candle ops without a backward (fused kernels
whose gradients stop silently, a max pool Candle cannot differentiate: IMPLEMENTATIONS says which),
and the row says so."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from inferena.ir import IRError

from . import candle, codegen, rustcode
from .base import CPU_ONLY, Emitter
from .structure import Program

NAME = "candle-canonical"
# candle-transformers at the candle-core release the Candle crates pin (its other crates
# resolve through templates/rust/Cargo.lock)
DEPENDENCIES = {**{k: candle.DEPENDENCIES[k] for k in ("anyhow", "candle-core", "candle-nn", "serde_json")},
                "candle-transformers": candle.VERSION}
VERSION = DEPENDENCIES["candle-transformers"]


@dataclass(frozen=True)
class Implementation:
    """A model's candle-transformers implementation. template: its src/model.rs under
    templates/candle_canonical/; untrainable: why the row has no Training column; limits: what
    of a config the implementation cannot build (None: it builds it)."""
    module: str
    template: str
    untrainable: str
    limits: Callable[[Any, Any], str | None] = lambda config, full: None


def _fixed(*names: str, why: str) -> Callable[[Any, Any], str | None]:
    """A config the implementation builds only at the full config's values of `names`."""
    def limits(config, full) -> str | None:
        differ = [f"{n} {getattr(config, n)} (full: {getattr(full, n)})" for n in names
                  if getattr(config, n) != getattr(full, n)]
        return f"{why}; this config has {', '.join(differ)}" if differ else None
    return limits


_FUSED = "Candle's fused {} have no backward (gradients stop silently)"
IMPLEMENTATIONS = {
    # models::llama's Llama::forward keeps the last position's logits only; SmolLM3's Model
    # (a LLaMA, NoPE off here) returns every position's hidden states, as the graph's logits need
    "SmolLM2-135M": Implementation(
        "smol::smollm3", "smollm2.rs.j2", _FUSED.format("rms_norm, softmax_last_dim and rope"),
        lambda c, full: None if c.heads * c.head_dim == c.hidden else
        f"smollm3 takes head_dim = hidden / heads; this config has {c.head_dim}, {c.hidden} / {c.heads}"),
    "ResNet-50": Implementation(
        "resnet", "resnet50.rs.j2", "its max_pool2d(3, stride 2) has no backward in Candle (kernel != stride)",
        _fixed("layers", "planes", "width_per_group", "stem", "expansion", "eps",
               why="resnet::resnet50 builds torchvision's ResNet-50 only")),
    # its GELUs are the tanh approximation (Tensor::gelu): logits 1.4e-4 off the exact GELU, CLOSE
    "Whisper-tiny": Implementation(
        "whisper", "whisper.rs.j2", _FUSED.format("layer_norm and softmax_last_dim"),
        lambda c, full: None if c.ffn == 4 * c.d_model else
        f"whisper::model builds its MLP 4 x d_model wide; this config has ffn {c.ffn}, d_model {c.d_model}"),
    # its GEGLU gate is the tanh GELU too
    "StableDiffusion-1.5": Implementation(
        "stable_diffusion::unet_2d", "sd15.rs.j2", _FUSED.format("layer_norm and softmax_last_dim"),
        _fixed("down_block_types", "up_block_types", "norm_num_groups", "transformer_norm_eps", "layer_norm_eps",
               "max_period", why="unet_2d builds SD's block layout, epsilons and timestep period, and its down "
               "and up blocks' resnets take GroupNorm(32) whatever norm_num_groups says")),
}


def render(program: Program, env, ctx) -> dict[str, str]:
    model = ctx.model
    impl = IMPLEMENTATIONS[model.name]
    config = model.config(ctx.config)
    why = impl.limits(config, model.config("full"))
    if why:
        raise IRError(f"{NAME} cannot express {model.folder(ctx.config)}: {why}")
    files = {
        "src/model.rs": env.get_template(f"candle_canonical/{impl.template}").render(
            header=ctx.header, c=config, module=impl.module),
        "src/main.rs": main_source(program, env, ctx, impl),
        "Cargo.toml": env.get_template("candle/Cargo.toml.j2").render(
            package=rustcode.crate_name(ctx.folder, NAME), dependencies=DEPENDENCIES,
            header=ctx.header.splitlines()[0]),
    }
    return rustcode.rustfmt(files)


def main_source(program: Program, env, ctx, impl: Implementation) -> str:
    """main.rs: the graphs' inputs read by name, passed to Model::forward and Model::latency in
    the graphs' order, their outputs saved by the graphs' output names."""
    roots = codegen.roots(program)
    full, latency = roots["full"], roots["latency"]
    inputs = list(dict.fromkeys(full.inputs + ["latency." + i for i in latency.inputs]))
    local = {name: rustcode.ident(name.replace(".", "_")) for name in inputs + full.outputs + latency.outputs}

    def pattern(outputs: list[str]) -> str:
        return local[outputs[0]] if len(outputs) == 1 else f"({', '.join(local[o] for o in outputs)})"

    return env.get_template("candle_canonical/main.rs.j2").render(
        header=ctx.header, version=VERSION, module=impl.module, untrainable=impl.untrainable,
        inputs=[(n, local[n]) for n in inputs], local=local, full=full, latency=latency,
        full_args=", ".join(local[i] for i in full.inputs),
        latency_args=", ".join(local["latency." + i] for i in latency.inputs),
        full_outs=pattern(full.outputs), latency_outs=pattern(latency.outputs))


@dataclass(frozen=True)
class CandleCanonical(Emitter):
    """Written for the models candle-transformers implements (IMPLEMENTATIONS)."""

    def available(self, model) -> bool:
        return model.name in IMPLEMENTATIONS

    def display_for(self, model) -> str:
        return f"{self.display} (candle-transformers {IMPLEMENTATIONS[model.name].module})"


# cargo builds the crate (a member of the generated/ workspace, runner/cargo.py), cc links it
EMITTER = CandleCanonical(NAME, "Candle", rustcode.RUST, candle.EMITTER.supported, render,
                          requires=candle.EMITTER.requires, order=61, devices=CPU_ONLY,
                          source="candle-transformers' own implementation")
