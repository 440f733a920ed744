"""ResNet-50 and the simplified Stable Diffusion U-Net from their graphs alone: sizes and
checkpoint names of the full configs, inputs, and the shape of the generated PyTorch.
(The tiny end-to-end runs are tests/test_models.py.)"""
from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from inferena.models import get_model
from emitted import render

RESNET, UNET = get_model("ResNet-50"), get_model("StableDiffusion")


def trainable(graph) -> int:
    return sum(p.type.size for p in graph.params.values() if p.trainable)


# --- ResNet-50 ------------------------------------------------------------------------------

def torchvision_names(layers=(3, 4, 6, 3)) -> set[str]:
    """torchvision's ResNet state_dict keys, without num_batches_tracked."""
    def bn(prefix):
        return [f"{prefix}.{k}" for k in ("weight", "bias", "running_mean", "running_var")]

    names = ["conv1.weight", *bn("bn1"), "fc.weight", "fc.bias"]
    for k, blocks in enumerate(layers, start=1):
        for i in range(blocks):
            block = f"layer{k}.{i}"
            for j in (1, 2, 3):
                names += [f"{block}.conv{j}.weight", *bn(f"{block}.bn{j}")]
        names += [f"layer{k}.0.downsample.0.weight", *bn(f"layer{k}.0.downsample.1")]
    return set(names)


def test_resnet50_size_and_torchvision_names():
    graph = RESNET.graphs("full")["full"]
    assert trainable(graph) == 25_557_032                   # torchvision's documented num_params
    assert graph.param_count() == 25_610_152                # plus the BatchNorm running statistics
    assert set(graph.params) == torchvision_names() and len(graph.params) == 267
    assert {n for n, p in graph.params.items() if not p.trainable} == \
        {n for n in graph.params if n.endswith(("running_mean", "running_var"))}
    shapes = {"conv1.weight": (64, 3, 7, 7), "layer1.0.conv1.weight": (64, 64, 1, 1),
              "layer2.0.conv2.weight": (128, 128, 3, 3), "layer3.5.conv3.weight": (1024, 256, 1, 1),
              "layer4.0.downsample.0.weight": (2048, 1024, 1, 1), "layer4.2.bn3.running_var": (2048,),
              "fc.weight": (1000, 2048), "fc.bias": (1000,)}
    assert {k: graph.params[k].type.shape for k in shapes} == shapes
    assert graph.params["layer2.0.conv1.weight"].init == {"kind": "kaiming_normal", "mode": "fan_out"}


@pytest.mark.parametrize("config", ["full", "tiny"])
def test_resnet50_matches_torchvision_state_dict(config):
    """Names and shapes equal the canonical row's torchvision model (built without memory)."""
    if importlib.util.find_spec("torchvision") is None:
        pytest.skip("torchvision not installed")
    import torch
    from torchvision.models.resnet import Bottleneck, ResNet
    c = RESNET.config(config)
    with torch.device("meta"):
        net = ResNet(Bottleneck, list(c.layers), num_classes=c.classes, width_per_group=c.width_per_group)
    want = {k: tuple(v.shape) for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")}
    graph = RESNET.graphs(config)["full"]
    assert {k: p.type.shape for k, p in graph.params.items()} == want
    assert trainable(graph) == sum(p.numel() for p in net.parameters())


def test_resnet50_inputs_and_latency_graph():
    full, latency = RESNET.inputs("full", "full"), RESNET.inputs("full", "latency")
    assert full["images"].shape == (4, 3, 224, 224) and full["images"].dtype == np.float32
    assert full["images"].flat[1000] == pytest.approx(np.sin(1.0 + 4.25))     # sin(k / 1000 + phase)
    assert full["labels"].tolist() == [0, 1, 2, 3]
    np.testing.assert_array_equal(latency["images"], full["images"][:1])
    graphs = RESNET.graphs("full")
    assert graphs["latency"].inputs["images"].shape == (1, 3, 224, 224)
    assert set(graphs["latency"].outputs) == {"logits"} and set(graphs["full"].outputs) == {"logits", "loss"}


def test_resnet50_generated_pytorch_reads_like_torchvision():
    source = render("pytorch", RESNET.graphs("full"))["model.py"]
    # one Bottleneck class, sizes, stride and the projection shortcut as constructor arguments,
    # as torchvision's Bottleneck(inplanes, planes, stride, downsample)
    assert source.count("(nn.Module):") == 2 and "class ResNet(nn.Module):" in source
    assert ("class Bottleneck(nn.Module):\n    def __init__(self, in_channels, channels, out_channels, stride, "
            "downsample=False):") in source
    assert "nn.Conv2d(channels, channels, 3, stride=stride, padding=1, bias=False)" in source
    assert "self.downsample = nn.Sequential(" in source and ") if downsample else None" in source
    assert "        if self.downsample is not None:\n            identity = self.downsample(x)" in source
    assert ("            [Bottleneck(512, 256, 1024, 2, downsample=True)]\n"
            "            + [Bottleneck(1024, 256, 1024, 1) for _ in range(5)]") in source
    assert "for block in self.layer3:" in source
    assert "nn.BatchNorm2d(" in source and "nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)" in source


# --- Stable Diffusion, simplified U-Net ---------------------------------------------------

def unet_names() -> set[str]:
    def res_block(prefix, projected):
        return [f"{prefix}.{n}" for n in ("norm1.weight", "norm1.bias", "conv1.weight", "norm2.weight",
                                          "norm2.bias", "conv2.weight")] + \
               ([f"{prefix}.res_conv.weight"] if projected else [])

    names = ["conv_in.weight", "downsamples.0.weight", "downsamples.1.weight", "norm_out.weight",
             "norm_out.bias", "conv_out.weight", *res_block("middle", False)]
    for i, projected in enumerate((False, True, True)):            # 64->64, 64->128, 128->256
        names += res_block(f"encoder_blocks.{i}", projected)
    for i in range(3):                                             # 512->256, 384->128, 192->64
        names += res_block(f"decoder_blocks.{i}", True)
    return set(names)


def test_unet_size_and_names():
    graph = UNET.graphs("full")["full"]
    assert graph.param_count() == trainable(graph) == 5_294_080
    assert set(graph.params) == unet_names()
    shapes = {"conv_in.weight": (64, 4, 3, 3), "downsamples.1.weight": (128, 128, 3, 3),
              "encoder_blocks.2.conv1.weight": (256, 128, 3, 3), "middle.norm2.weight": (256,),
              "decoder_blocks.0.conv1.weight": (256, 512, 3, 3), "decoder_blocks.1.res_conv.weight": (128, 384, 1, 1),
              "decoder_blocks.2.norm1.bias": (192,), "conv_out.weight": (4, 64, 3, 3)}
    assert {k: graph.params[k].type.shape for k in shapes} == shapes
    groups = {n.attrs["groups"] for n in graph.nodes if n.op == "group_norm"}
    assert groups == {16} and not any(len(n.inputs) == 3 for n in graph.nodes if n.op == "conv2d")   # no biases


def test_unet_inputs_and_latency_graph():
    full, latency = UNET.inputs("full", "full"), UNET.inputs("full", "latency")
    j = np.arange(2 * 4 * 32 * 32)
    np.testing.assert_allclose(full["noisy_latent"].ravel(), np.sin(0.01 * j), atol=1e-7)
    np.testing.assert_allclose(full["target"].ravel(), np.cos(0.007 * j), atol=1e-7)
    np.testing.assert_array_equal(latency["noisy_latent"], full["noisy_latent"][:1])
    graphs = UNET.graphs("full")
    assert graphs["full"].values[graphs["full"].outputs["sample"]].shape == (2, 4, 32, 32)
    assert graphs["latency"].inputs["noisy_latent"].shape == (1, 4, 32, 32)


def test_unet_generated_pytorch():
    source = render("pytorch", UNET.graphs("full"))["model.py"]
    assert "self.downsamples = nn.ModuleList([" in source and "self.downsamples[1](" in source
    # one ResBlock, its 1x1 projection shortcut a constructor argument
    assert ("self.encoder_blocks = nn.ModuleList([\n            ResBlock(64, 64),\n"
            "            ResBlock(64, 128, res_conv=True),\n            ResBlock(128, 256, res_conv=True),") in source
    assert "self.middle = ResBlock(256, 256)" in source and source.count("(nn.Module):") == 2
    assert "nn.GroupNorm(16, out_channels)" in source and "F.interpolate(" in source
