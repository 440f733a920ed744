"""Block structure in generated code: one class per block kind, loops over repeated
blocks, variants for blocks that differ; the generated source is snapshot-tested."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

import inferena.ir as ir
from inferena.emitters import EMITTERS, rustcode
from inferena.emitters.base import TEMPLATES
from inferena.emitters.structure import analyze
from inferena.models import get_model
from emitted import render

SNAPSHOTS = Path(__file__).parent / "snapshots"


def test_full_smollm2_is_one_class_per_kind_and_a_loop():
    source = render("pytorch", get_model("SmolLM2-135M").graphs("full"))["model.py"]
    assert source.count("class LlamaDecoderLayer(") == 1
    assert "self.layers = nn.ModuleList(LlamaDecoderLayer() for _ in range(30))" in source
    assert "for layer in self.layers:" in source
    assert len(source.splitlines()) < 150


@pytest.mark.parametrize("framework", ["pytorch", "mlx", "jax", "candle", "burn", "ggml"])
def test_blocks_that_differ_by_an_optional_part_are_one_class(framework):
    """Full ResNet-50's bottlenecks with and without `downsample` are one generic class (one
    function in JAX), the part built and applied where the block has it, as torchvision's is;
    ONNX, without conditionals, shares one function among the blocks with a downsample, their
    stride a function attribute. (The tiny U-Net's ResBlock runs both ways in test_models. GGML's
    train.c, the IR's backward graph, keeps its forward blocks apart: they save the part's values.)"""
    files = render(framework, get_model("ResNet-50").graphs("full"))
    source = "\n".join(t for name, t in files.items() if isinstance(t, str) and name != "train.c")
    condition = {"pytorch": "if self.downsample is not None:", "mlx": "if self.downsample is not None:",
                 "jax": 'if "downsample" in p:', "candle": "match &self.downsample {",
                 "burn": "match &self.downsample {", "ggml": "if (has_downsample) {"}[framework]
    assert source.count(condition) == 1
    assert "Bottleneck2" not in source and "bottleneck2" not in source
    call = {"pytorch": "Bottleneck(256, 128, 512, 2, downsample=True)", "mlx": "Bottleneck(256, 128, 512, 2, downsample=True)",
            "jax": "zip(params[\"layer2\"], [2, 1, 1, 1])", "candle": "Bottleneck::load(vb.pp(\"layer2\").pp(1), 512, 128, 512, 1, false)",
            "burn": "Bottleneck::load(vb.pp(\"layer2\").pp(0), 256, 128, 512, 2, true)",
            "ggml": "bottleneck(n, item(n, p, \"layer2\", 0), 2, 1, x)"}
    assert call[framework] in source


# a block kind's class/struct/function, as each emitter opens it
OPENS = {"pytorch": r"^class (\w+)\(nn\.Module\)", "mlx": r"^class (\w+)\(nn\.Module\)", "jax": r"^def (\w+)\(p,",
         "candle": r"^pub struct (\w+)", "burn": r"^pub struct (\w+)", "ggml": r"^/\* (\w+):"}


@pytest.mark.parametrize("framework", list(OPENS))
def test_blocks_with_children_of_other_sizes_are_one_class(framework):
    """SD 1.5's transformer blocks at three widths are one class each, as diffusers' are (nested
    generics: a parent passes its own sizes to its children's constructors); sizes that are a
    multiple of an argument are written from it."""
    files = render(framework, get_model("StableDiffusion-1.5").graphs("tiny"))
    source = "\n".join(t for name, t in files.items() if isinstance(t, str) and name != "train.c")
    kinds = {k.lower().replace("_", "") for k in re.findall(OPENS[framework], source, re.M)}
    assert {"attention", "attention2", "geglu", "feedforward", "basictransformerblock", "transformer2dmodel"} <= kinds
    assert not kinds & {"attention3", "geglu2", "feedforward2", "basictransformerblock2", "transformer2dmodel2"}


def test_onnx_functions_share_a_body_that_differs_in_an_attribute():
    text = EMITTERS["onnxruntime"].to_text(render("onnxruntime", get_model("ResNet-50").graphs("full"))["inference.onnx"])
    assert text.count("inferena.Bottleneck <stride: ints = [2, 2]>") == 3
    assert "strides: ints = @stride" in text
    assert {line.split(" ")[0] for line in text.splitlines() if line.startswith("Bottleneck")} == {"Bottleneck", "Bottleneck2"}


@pytest.mark.parametrize("model", ["SmolLM2-135M", "ResNet-50", "StableDiffusion"])
@pytest.mark.parametrize("framework", list(EMITTERS))
def test_generated_source_snapshot(model, framework):
    """A change in generated code shows up here, in review, for every discovered emitter.
    INFERENA_UPDATE_SNAPSHOTS=1 rewrites."""
    if not EMITTERS[framework].available(get_model(model)):
        pytest.skip(f"{framework} writes no program for {model}")
    try:
        files = render(framework, get_model(model).graphs("tiny"), get_model(model))
    except ir.IRError as err:         # "<framework> cannot ...": the model's row says why
        if not str(err).startswith(f"{framework} cannot"):
            raise
        pytest.skip(str(err))
    for name, source in files.items():
        if name == rustcode.EMITTED:         # digests of the files reviewed here
            continue
        if name.endswith(".rs") and not shutil.which("rustfmt"):
            pytest.skip("rustfmt is not installed: the Rust snapshots are its layout")
        if isinstance(source, bytes):        # a binary model file is reviewed in its text form
            name, source = f"{name}.txt", EMITTERS[framework].to_text(source)
        path = SNAPSHOTS / framework / f"{model}-tiny.{name}"
        template = TEMPLATES / framework / name
        if template.is_file() and template.read_text() == source:     # copied unchanged: nothing generated
            if os.environ.get("INFERENA_UPDATE_SNAPSHOTS"):
                path.unlink(missing_ok=True)
            continue
        # a file another emitter writes alike (pytorch-compile's model.py is PyTorch's) is kept once
        earlier = [SNAPSHOTS / f / path.name for f in list(EMITTERS)[:list(EMITTERS).index(framework)]]
        same = next((e for e in earlier if e.exists() and e.read_text() == source), None)
        if os.environ.get("INFERENA_UPDATE_SNAPSHOTS"):
            path.parent.mkdir(parents=True, exist_ok=True)
            if same:
                path.unlink(missing_ok=True)
            else:
                path.write_text(source)
        path = path if path.exists() or not same else same
        assert path.exists(), f"no snapshot {path}; run with INFERENA_UPDATE_SNAPSHOTS=1"
        assert source == path.read_text(), f"{path} changed; review it and update the snapshot"


def _two_layers(second_differs: bool, chained: bool = True):
    b = ir.Builder(ir.Graph("Net"))
    x = b.input("x", (2, 4))
    h = x
    for i in range(2):
        with b.block(f"layers.{i}", "Layer"):
            y = b.linear(h if chained else x, b.param("proj.weight", (4, 4)), name="h")
            if second_differs and i == 1:
                y = b.tanh(y, name="h")
            h = b.add(y, h, name="h") if chained else y
        if not chained:
            b.output(f"y{i}", h)
    if chained:
        b.output("y", h)
    return b.graph


def test_repeated_chained_blocks_become_a_loop():
    p = analyze({"full": _two_layers(False)})
    root = p.blocks["Net"]
    assert [s.kind for s in root.stmts] == ["loop"]
    assert list(p.blocks) == ["Layer", "Net"]


def test_a_block_that_differs_becomes_a_variant_kind():
    p = analyze({"full": _two_layers(True)})
    assert {"Layer", "Layer2", "Net"} == set(p.blocks)
    assert [s.kind for s in p.blocks["Net"].stmts] == ["loop"]      # same calling convention


def test_unchained_repeats_are_separate_calls():
    p = analyze({"full": _two_layers(False, chained=False)})
    assert [(s.kind, s.index) for s in p.blocks["Net"].stmts] == [("call", 0), ("call", 1)]


def test_full_and_latency_share_classes():
    p = analyze(get_model("SmolLM2-135M").graphs("tiny"))
    assert p.roots == {"full": "LlamaForCausalLM", "latency": "LlamaForCausalLM"}
    assert p.loss is not None and p.loss.args[-1] == "labels"


def test_skipping_a_block_level_is_a_clear_error():
    b = ir.Builder(ir.Graph("Net"))
    x = b.input("x", (2, 4))
    with b.block("encoder.layers.0", "Layer"):
        y = b.tanh(x)
    b.output("y", y)
    with pytest.raises(ir.IRError, match="declare the blocks in between"):
        analyze({"full": b.graph})


def test_per_layer_slices_become_a_zip_loop():
    b = ir.Builder(ir.Graph("Net"))
    h = b.input("x", (2, 4))
    cache = b.input("cache", (3, 2, 4))
    for i in range(3):
        keys = b.select(cache, axis=0, index=i, name="keys")
        with b.block(f"layers.{i}", "Layer"):
            h = b.add(b.linear(h, b.param("proj.weight", (4, 4))), keys, name="h")
    b.output("y", h)
    source = render("pytorch", {"full": b.graph, "latency": b.graph})["model.py"]
    assert "for layer, keys in zip(self.layers, cache):" in source
    assert "select" not in source and ".select(" not in source
