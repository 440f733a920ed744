"""test"""
import torch
import torch.nn.functional as F
from torchvision.models.resnet import Bottleneck, ResNet


def Model():
    """torchvision's own ResNet class and Bottleneck block at this test size
    (what resnet50() builds, with fewer blocks and a narrower 3x3 width).
    Called the way the benchmark calls every model: images -> logits."""
    return ResNet(Bottleneck, [1, 1, 1, 1], num_classes=10, width_per_group=8)


def loss_fn(logits, labels):
    loss = F.cross_entropy(logits, labels)
    return loss

