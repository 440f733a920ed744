"""test"""
import mlx.core as mx
import mlx.nn as nn


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
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm(64)
        self.fc = nn.Linear(2048, 10, bias=True)
        self.layer1 = [Bottleneck(64, 8, 256, 1) for _ in range(1)]
        self.layer2 = [Bottleneck(256, 16, 512, 2) for _ in range(1)]
        self.layer3 = [Bottleneck(512, 32, 1024, 2) for _ in range(1)]
        self.layer4 = [Bottleneck(1024, 64, 2048, 2) for _ in range(1)]

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
