"""test"""
import mlx.core as mx
import mlx.nn as nn


# StableDiffusion (tiny): the sizes the code is built with
CHANNELS = 4
BASE = 16
MULTS = (1, 2, 4)
GROUPS = 4


class ResBlock(nn.Module):
    def __init__(self, in_channels, out_channels, res_conv=False):
        super().__init__()
        self.norm1 = nn.GroupNorm(GROUPS, in_channels, pytorch_compatible=True)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False)
        self.norm2 = nn.GroupNorm(GROUPS, out_channels, pytorch_compatible=True)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.res_conv = nn.Conv2d(in_channels, out_channels, 1, bias=False) if res_conv else None

    def __call__(self, h):
        h2 = self.norm1(mx.moveaxis(h, 1, -1))
        h2 = nn.silu(h2)
        h2 = self.conv1(h2)
        h2 = self.norm2(h2)
        h2 = nn.silu(h2)
        h2 = self.conv2(h2)
        skip = mx.moveaxis(h, 1, -1)
        if self.res_conv is not None:
            skip = self.res_conv(mx.moveaxis(h, 1, -1))
        out = h2 + skip
        return mx.moveaxis(out, -1, 1)


class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv2d(CHANNELS, BASE, 3, padding=1, bias=False)
        self.downsamples = [
            nn.Conv2d(BASE * MULTS[0], BASE * MULTS[0], 3, stride=2, padding=1, bias=False),
            nn.Conv2d(BASE * MULTS[1], BASE * MULTS[1], 3, stride=2, padding=1, bias=False),
        ]
        self.norm_out = nn.GroupNorm(GROUPS, BASE * MULTS[0], pytorch_compatible=True)
        self.conv_out = nn.Conv2d(BASE * MULTS[0], CHANNELS, 3, padding=1, bias=False)
        self.encoder_blocks = [ResBlock(BASE, BASE * MULTS[0]), ResBlock(BASE * MULTS[0], BASE * MULTS[1], res_conv=True), ResBlock(BASE * MULTS[1], BASE * MULTS[2], res_conv=True)]
        self.middle = ResBlock(BASE * MULTS[2], BASE * MULTS[2])
        self.decoder_blocks = [ResBlock(128, BASE * MULTS[2], res_conv=True), ResBlock(96, BASE * MULTS[1], res_conv=True), ResBlock(48, BASE * MULTS[0], res_conv=True)]

    def __call__(self, noisy_latent):
        h = self.conv_in(mx.moveaxis(noisy_latent, 1, -1))
        out = self.encoder_blocks[0](mx.moveaxis(h, -1, 1))
        h = self.downsamples[0](mx.moveaxis(out, 1, -1))
        out2 = self.encoder_blocks[1](mx.moveaxis(h, -1, 1))
        h = self.downsamples[1](mx.moveaxis(out2, 1, -1))
        out3 = self.encoder_blocks[2](mx.moveaxis(h, -1, 1))
        out4 = self.middle(out3)
        h = mx.concatenate([out4, out3], axis=1)
        out3 = self.decoder_blocks[0](h)
        h = mx.repeat(mx.repeat(out3, 2, axis=2), 2, axis=3)
        h = mx.concatenate([h, out2], axis=1)
        out2 = self.decoder_blocks[1](h)
        h = mx.repeat(mx.repeat(out2, 2, axis=2), 2, axis=3)
        h = mx.concatenate([h, out], axis=1)
        out = self.decoder_blocks[2](h)
        h = self.norm_out(mx.moveaxis(out, 1, -1))
        h = nn.silu(h)
        sample = self.conv_out(h)
        return mx.moveaxis(sample, -1, 1)


def loss_fn(sample, target):
    loss = nn.losses.mse_loss(sample, target)
    return loss
