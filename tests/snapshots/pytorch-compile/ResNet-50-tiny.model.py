"""test"""
import torch
import torch.nn.functional as F
from torch import nn


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
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.conv3 = nn.Conv2d(channels, out_channels, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out_channels)
        self.downsample = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
            nn.BatchNorm2d(out_channels),
        )

    def forward(self, x):
        out = self.conv1(x)
        out = self.bn1(out)
        out = F.relu(out, inplace=True)
        out = self.conv2(out)
        out = self.bn2(out)
        out = F.relu(out, inplace=True)
        out = self.conv3(out)
        out = self.bn3(out)
        identity = self.downsample(x)
        out += identity
        x = F.relu(out, inplace=True)
        return x


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, STEM, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(STEM)
        self.fc = nn.Linear(PLANES[3] * EXPANSION, CLASSES, bias=True)
        self.layer1 = nn.ModuleList(Bottleneck(STEM, PLANES[0] * WIDTH_PER_GROUP // 64, PLANES[0] * EXPANSION, 1) for _ in range(1))
        self.layer2 = nn.ModuleList(Bottleneck(PLANES[0] * EXPANSION, PLANES[1] * WIDTH_PER_GROUP // 64, PLANES[1] * EXPANSION, 2) for _ in range(1))
        self.layer3 = nn.ModuleList(Bottleneck(PLANES[1] * EXPANSION, PLANES[2] * WIDTH_PER_GROUP // 64, PLANES[2] * EXPANSION, 2) for _ in range(1))
        self.layer4 = nn.ModuleList(Bottleneck(PLANES[2] * EXPANSION, PLANES[3] * WIDTH_PER_GROUP // 64, PLANES[3] * EXPANSION, 2) for _ in range(1))

    def forward(self, images):
        x = self.conv1(images)
        x = self.bn1(x)
        x = F.relu(x, inplace=True)
        x = F.max_pool2d(x, kernel_size=3, stride=2, padding=1)
        x = self.layer1[0](x)
        x = self.layer2[0](x)
        x = self.layer3[0](x)
        x = self.layer4[0](x)
        x = x.mean(dim=(2, 3), keepdim=False)
        logits = self.fc(x)
        return logits


def loss_fn(logits, labels):
    loss = F.cross_entropy(logits, labels)
    return loss
