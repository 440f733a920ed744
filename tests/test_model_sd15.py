"""Stable Diffusion 1.5's U-Net is diffusers' UNet2DConditionModel: same parameter count,
names and shapes (full and tiny configs)."""
from __future__ import annotations

import pytest

from inferena.models import get_model

MODEL = get_model("StableDiffusion-1.5")
DIFFUSERS_SD15_PARAMETERS = 859_520_964      # sum of numel over UNet2DConditionModel(SD 1.5).state_dict()


@pytest.fixture(scope="module")
def graphs():
    return {config: MODEL.graphs(config)["full"] for config in ("full", "tiny")}


def test_parameter_count_is_diffusers(graphs):
    assert graphs["full"].param_count() == DIFFUSERS_SD15_PARAMETERS
    assert len(graphs["full"].params) == 686


def test_latency_graph_shares_the_parameters(graphs):
    latency = MODEL.graphs("tiny")["latency"]
    assert latency.params.keys() == graphs["tiny"].params.keys()
    assert "loss" not in latency.outputs and set(latency.inputs) == {"sample", "timestep", "encoder_hidden_states"}


def diffusers_state_shapes(c) -> dict[str, tuple[int, ...]]:
    torch = pytest.importorskip("torch")
    diffusers = pytest.importorskip("diffusers")
    with torch.device("meta"):
        unet = diffusers.UNet2DConditionModel(
            sample_size=c.sample_size, in_channels=c.in_channels, out_channels=c.out_channels,
            down_block_types=c.down_block_types, up_block_types=c.up_block_types,
            block_out_channels=c.block_out_channels, layers_per_block=c.layers_per_block,
            attention_head_dim=c.heads, cross_attention_dim=c.cross_attention_dim,
            norm_num_groups=c.norm_num_groups, norm_eps=c.resnet_eps,
            flip_sin_to_cos=c.flip_sin_to_cos, freq_shift=int(c.freq_shift))
    return {k: tuple(v.shape) for k, v in unet.state_dict().items()}


@pytest.mark.parametrize("config", ["full", "tiny"])
def test_names_and_shapes_are_diffusers(graphs, config):
    want = diffusers_state_shapes(MODEL.config(config))
    have = {name: p.type.shape for name, p in graphs[config].params.items()}
    assert sorted(have.keys() - want.keys()) == [] and sorted(want.keys() - have.keys()) == []
    assert {k: v for k, v in have.items() if want[k] != v} == {}


def test_generated_pytorch_has_diffusers_module_tree(tmp_path):
    """ff.net = [GEGLU, (dropout slot), Linear], to_out = [Linear]; a block whose inner results
    are returned (DownBlock2D's resnets feed the skips) is not folded into a loop."""
    torch = pytest.importorskip("torch")
    from emitted import import_source, render

    source = render("pytorch", MODEL.graphs("tiny"), MODEL)["model.py"]
    # one class per diffusers block for every width (nested: a FeedForward makes its GEGLU from
    # its own size; sizes that are multiples of an argument are written from it)
    assert ("class FeedForward(nn.Module):\n    def __init__(self, features):\n        super().__init__()\n"
            "        self.net = nn.ModuleList([\n            GEGLU(features),\n            nn.Identity(),\n"
            "            nn.Linear(4 * features, features, bias=True),\n        ])") in source
    for cls in ("GEGLU", "FeedForward", "Attention", "BasicTransformerBlock", "Transformer2DModel"):
        assert source.count(f"class {cls}(nn.Module):") == 1
    assert "self.transformer_blocks = nn.ModuleList(BasicTransformerBlock(channels, head_dim) for _ in range(1))" in source
    assert "self.to_out = nn.ModuleList([nn.Linear(features, features, bias=True)])" in source
    module = import_source(tmp_path / "sd15_model.py", source, "sd15_model")
    with torch.device("meta"):
        unet = module.UNet2DConditionModel()
    have = {k: tuple(v.shape) for k, v in unet.state_dict().items()}
    assert have == {k: p.type.shape for k, p in MODEL.graphs("tiny")["full"].params.items()}
