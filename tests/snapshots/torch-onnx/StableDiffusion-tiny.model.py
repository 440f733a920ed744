"""test"""
import torch
import torch.nn.functional as F
from torch import nn


# StableDiffusion (tiny): the sizes the code is built with
CHANNELS = 4
BASE = 16
MULTS = (1, 2, 4)
GROUPS = 4


class ResBlock(nn.Module):
    def __init__(self, in_channels, out_channels, res_conv=False):
        super().__init__()
        self.norm1 = nn.GroupNorm(GROUPS, in_channels)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False)
        self.norm2 = nn.GroupNorm(GROUPS, out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.res_conv = nn.Conv2d(in_channels, out_channels, 1, bias=False) if res_conv else None

    def forward(self, h):
        h2 = self.norm1(h)
        h2 = F.silu(h2)
        h2 = self.conv1(h2)
        h2 = self.norm2(h2)
        h2 = F.silu(h2)
        h2 = self.conv2(h2)
        skip = h
        if self.res_conv is not None:
            skip = self.res_conv(h)
        out = h2 + skip
        return out


class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv2d(CHANNELS, BASE, 3, padding=1, bias=False)
        self.downsamples = nn.ModuleList([
            nn.Conv2d(BASE * MULTS[0], BASE * MULTS[0], 3, stride=2, padding=1, bias=False),
            nn.Conv2d(BASE * MULTS[1], BASE * MULTS[1], 3, stride=2, padding=1, bias=False),
        ])
        self.norm_out = nn.GroupNorm(GROUPS, BASE * MULTS[0])
        self.conv_out = nn.Conv2d(BASE * MULTS[0], CHANNELS, 3, padding=1, bias=False)
        self.encoder_blocks = nn.ModuleList([
            ResBlock(BASE, BASE * MULTS[0]),
            ResBlock(BASE * MULTS[0], BASE * MULTS[1], res_conv=True),
            ResBlock(BASE * MULTS[1], BASE * MULTS[2], res_conv=True),
        ])
        self.middle = ResBlock(BASE * MULTS[2], BASE * MULTS[2])
        self.decoder_blocks = nn.ModuleList([
            ResBlock(128, BASE * MULTS[2], res_conv=True),
            ResBlock(96, BASE * MULTS[1], res_conv=True),
            ResBlock(48, BASE * MULTS[0], res_conv=True),
        ])

    def forward(self, noisy_latent):
        h = self.conv_in(noisy_latent)
        out = self.encoder_blocks[0](h)
        h = self.downsamples[0](out)
        out2 = self.encoder_blocks[1](h)
        h = self.downsamples[1](out2)
        out3 = self.encoder_blocks[2](h)
        out4 = self.middle(out3)
        h = torch.cat([out4, out3], dim=1)
        out3 = self.decoder_blocks[0](h)
        h = F.interpolate(out3, scale_factor=2, mode="nearest")
        h = torch.cat([h, out2], dim=1)
        out2 = self.decoder_blocks[1](h)
        h = F.interpolate(out2, scale_factor=2, mode="nearest")
        h = torch.cat([h, out], dim=1)
        out = self.decoder_blocks[2](h)
        h = self.norm_out(out)
        h = F.silu(h)
        sample = self.conv_out(h)
        return sample


def loss_fn(sample, target):
    loss = F.mse_loss(sample, target)
    return loss
