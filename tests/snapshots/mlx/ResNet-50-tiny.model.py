"""test"""
import mlx.core as mx
import mlx.nn as nn


# ResNet-50 (tiny): the sizes the code is built with
PLANES = (64, 128, 256, 512)
WIDTH_PER_GROUP = 8
EXPANSION = 4
STEM = 64
CLASSES = 10


class Bottleneck(nn.Module):
    def __init__(self, in_channels, channels, out_channels, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, channels, 1, bias=False)
        self.bn1 = nn.BatchNorm(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm(channels)
        self.conv3 = nn.Conv2d(channels, out_channels, 1, bias=False)
        self.bn3 = nn.BatchNorm(out_channels)
        self.downsample = [
            nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
            nn.BatchNorm(out_channels),
        ]

    def __call__(self, x):
        out = self.conv1(mx.moveaxis(x, 1, -1))
        out = self.bn1(out)
        out = nn.relu(out)
        out = self.conv2(out)
        out = self.bn2(out)
        out = nn.relu(out)
        out = self.conv3(out)
        out = self.bn3(out)
        identity = self.downsample[0](mx.moveaxis(x, 1, -1))
        identity = self.downsample[1](identity)
        out = out + identity
        x = nn.relu(out)
        return mx.moveaxis(x, -1, 1)


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, STEM, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm(STEM)
        self.fc = nn.Linear(PLANES[3] * EXPANSION, CLASSES, bias=True)
        self.layer1 = [Bottleneck(STEM, PLANES[0] * WIDTH_PER_GROUP // 64, PLANES[0] * EXPANSION, 1) for _ in range(1)]
        self.layer2 = [Bottleneck(PLANES[0] * EXPANSION, PLANES[1] * WIDTH_PER_GROUP // 64, PLANES[1] * EXPANSION, 2) for _ in range(1)]
        self.layer3 = [Bottleneck(PLANES[1] * EXPANSION, PLANES[2] * WIDTH_PER_GROUP // 64, PLANES[2] * EXPANSION, 2) for _ in range(1)]
        self.layer4 = [Bottleneck(PLANES[2] * EXPANSION, PLANES[3] * WIDTH_PER_GROUP // 64, PLANES[3] * EXPANSION, 2) for _ in range(1)]

    def __call__(self, images):
        x = self.conv1(mx.moveaxis(images, 1, -1))
        x = self.bn1(x)
        x = nn.relu(x)
        x = nn.MaxPool2d((3, 3), (2, 2), (1, 1))(x)
        x = self.layer1[0](mx.moveaxis(x, -1, 1))
        x = self.layer2[0](x)
        x = self.layer3[0](x)
        x = self.layer4[0](x)
        x = x.mean(axis=(2, 3))
        logits = self.fc(x)
        return logits


def loss_fn(logits, labels):
    loss = nn.losses.cross_entropy(logits, labels, reduction="mean")
    return loss
