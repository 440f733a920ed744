"""The canonical Candle row: candle-transformers' own models, for the models it implements; a
config its model cannot build is an error row naming why (test_models runs the tiny zoo end to
end, test_rust_crates builds, runs and clippy-checks the crates, test_structure snapshots the
generated source)."""
from __future__ import annotations

import re

import pytest

from inferena.emitters import candle, candle_canonical
from inferena.emitters.base import TEMPLATES
from inferena.ir import IRError
from inferena.models import MODELS, get_model
from emitted import render

EMITTER = candle_canonical.EMITTER


def test_written_for_the_models_candle_transformers_implements():
    assert {name for name, model in MODELS.items() if EMITTER.available(model)} == set(candle_canonical.IMPLEMENTATIONS)
    assert not EMITTER.available(get_model("StableDiffusion"))        # the simplified U-Net is ours alone


@pytest.mark.parametrize("name", list(candle_canonical.IMPLEMENTATIONS))
def test_the_full_config_is_what_its_model_builds(name):
    config = get_model(name).config("full")
    assert candle_canonical.IMPLEMENTATIONS[name].limits(config, config) is None


@pytest.mark.parametrize("name, why", [
    ("ResNet-50", r"resnet::resnet50 builds torchvision's ResNet-50 only; this config has layers \(1, 1, 1, 1\)"),
    ("Whisper-tiny", r"MLP 4 x d_model wide; this config has ffn 64, d_model 32"),
    ("StableDiffusion-1.5", r"GroupNorm\(32\) whatever norm_num_groups says; this config has norm_num_groups 8"),
])
def test_a_tiny_config_its_model_cannot_build_says_why(name, why):
    model = get_model(name)
    with pytest.raises(IRError, match=f"candle-canonical cannot express {model.folder('tiny')}: .*{why}"):
        render("candle-canonical", model.graphs("tiny"), model)


def test_training_is_not_measured_and_the_row_says_why():
    model = get_model("SmolLM2-135M")
    main = render("candle-canonical", model.graphs("tiny"), model)["src/main.rs"]
    assert re.search(r'"not_measured": \{\s*"training": "smol::smollm3: Candle\'s fused rms_norm', main)


def test_the_lock_pins_candle_transformers_at_candles_release():
    lock = (TEMPLATES / "rust" / "Cargo.lock").read_text()
    assert f'name = "candle-transformers"\nversion = "{candle.VERSION}"' in lock
    assert candle_canonical.DEPENDENCIES["candle-core"] == candle.DEPENDENCIES["candle-core"]
