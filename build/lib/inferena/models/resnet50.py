"""ResNet-50 (torchvision's v1.5: the stride sits on the 3x3 conv), torchvision parameter names.

BatchNorm runs in inference mode (running statistics, kept as non-trainable parameters)
in every column, training included."""
from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np

from inferena.ir import Builder, Graph, Value

from . import ModelDef


@dataclass(frozen=True)
class ResNetConfig:
    """torchvision's ResNet(Bottleneck, layers, num_classes, width_per_group) knobs."""
    layers: tuple[int, ...] = (3, 4, 6, 3)            # Bottleneck blocks per stage
    planes: tuple[int, ...] = (64, 128, 256, 512)      # stage widths; outputs are 4x
    width_per_group: int = 64                          # 3x3 width = planes * width_per_group / 64
    expansion: int = 4
    stem: int = 64
    classes: int = 1000
    image: int = 224
    batch: int = 4
    eps: float = 1e-5


CONFIGS = {
    "full": ResNetConfig(),
    # torchvision can build this one too: ResNet(Bottleneck, [1, 1, 1, 1], num_classes=10, width_per_group=8)
    "tiny": ResNetConfig(layers=(1, 1, 1, 1), width_per_group=8, classes=10, image=32, batch=4),
}
CONV_INIT = {"kind": "kaiming_normal", "mode": "fan_out"}


def conv(b: Builder, x: Value, name: str, out: int, kernel: int, stride: int = 1, hint: str = "out") -> Value:
    """Conv without bias, 'same' padding for odd kernels."""
    w = b.param(f"{name}.weight", (out, x.shape[1], kernel, kernel), CONV_INIT)
    return b.conv2d(x, w, stride=(stride, stride), padding=(kernel // 2, kernel // 2), name=hint)


def batch_norm(b: Builder, x: Value, name: str, c: ResNetConfig, hint: str = "out") -> Value:
    ch = x.shape[1]
    return b.batch_norm(x, b.param(f"{name}.weight", (ch,), {"kind": "ones"}),
                        b.param(f"{name}.bias", (ch,), {"kind": "zeros"}),
                        b.param(f"{name}.running_mean", (ch,), {"kind": "zeros"}, trainable=False),
                        b.param(f"{name}.running_var", (ch,), {"kind": "ones"}, trainable=False),
                        eps=c.eps, name=hint)


def bottleneck(b: Builder, name: str, x: Value, planes: int, stride: int, c: ResNetConfig) -> Value:
    """1x1 reduce -> 3x3 (stride) -> 1x1 expand, each with BN; shortcut projected where the shape changes."""
    width, out = planes * c.width_per_group // 64, planes * c.expansion
    with b.block(name, "Bottleneck"):
        h = b.relu(batch_norm(b, conv(b, x, "conv1", width, 1), "bn1", c), name="out")
        h = b.relu(batch_norm(b, conv(b, h, "conv2", width, 3, stride), "bn2", c), name="out")
        h = batch_norm(b, conv(b, h, "conv3", out, 1), "bn3", c)
        identity = x
        if stride != 1 or x.shape[1] != out:                     # downsample = (conv1x1 with stride, BN)
            identity = batch_norm(b, conv(b, x, "downsample.0", out, 1, stride, hint="identity"),
                                  "downsample.1", c, hint="identity")
        return b.relu(b.add(h, identity, name="out"), name="x")


def stage(b: Builder, k: int, x: Value, c: ResNetConfig) -> Value:
    """layer{k}: a chain of Bottlenecks; the first one strides (except in layer1)."""
    for i in range(c.layers[k - 1]):
        stride = 2 if i == 0 and k > 1 else 1
        x = bottleneck(b, f"layer{k}.{i}", x, c.planes[k - 1], stride, c)
    return x


def build(c: ResNetConfig, variant: str) -> Graph:
    """`full`: logits and loss of c.batch images; `latency`: logits of one image."""
    batch = c.batch if variant == "full" else 1
    b = Builder(Graph("ResNet"))
    images = b.input("images", (batch, 3, c.image, c.image))
    x = batch_norm(b, conv(b, images, "conv1", c.stem, 7, stride=2, hint="x"), "bn1", c, hint="x")
    x = b.relu(x, name="x")
    x = b.max_pool2d(x, kernel=(3, 3), stride=(2, 2), padding=(1, 1), name="x")
    for k in range(1, len(c.layers) + 1):
        x = stage(b, k, x, c)
    x = b.mean(x, axes=(2, 3), name="x")                       # global average pool
    bound = x.shape[1] ** -0.5                                  # nn.Linear's default init
    logits = b.linear(x, b.param("fc.weight", (c.classes, x.shape[1]), {"kind": "uniform", "bound": bound}),
                      b.param("fc.bias", (c.classes,), {"kind": "uniform", "bound": bound}), name="logits")
    b.output("logits", logits)
    if variant == "full":
        b.output("loss", b.cross_entropy(logits, b.input("labels", (batch,), "i64"), name="loss"))
    return b.graph


def inputs(c: ResNetConfig, variant: str) -> dict[str, np.ndarray]:
    shape = (c.batch, 3, c.image, c.image)
    # The phase keeps every ReLU input of the tiny config clear of its kink by more than f32
    # rounding, so the gradients verified are not decided by rounding (tests/test_models.py).
    phase = 4.25
    images = np.sin(0.001 * np.arange(np.prod(shape), dtype=np.float64) + phase).reshape(shape)
    images = images.astype(np.float32)
    if variant == "latency":
        return {"images": images[:1].copy()}
    return {"images": images, "labels": np.arange(c.batch, dtype=np.int64) % c.classes}


MODEL = ModelDef("ResNet-50", sys.modules[__name__], order=3,
                 checkpoint_ignore=("*num_batches_tracked",),
                 canonical=("torchvision", "canonical/resnet50_torchvision.py.j2"))
