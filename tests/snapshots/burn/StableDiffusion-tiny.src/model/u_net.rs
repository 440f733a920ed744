use crate::ops::{load_conv2d, load_group_norm, upsample_nearest, Weights};
use anyhow::Result;
use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{GroupNorm, GroupNormConfig, PaddingConfig2d};
use burn::tensor::activation::silu;
use burn::tensor::Tensor;

use super::ResBlock;
use super::{BASE, CHANNELS, GROUPS, MULTS};

/// The model.
#[derive(Module, Debug)]
pub struct UNet {
    conv_in: Conv2d,
    encoder_blocks: Vec<ResBlock>,
    downsamples_0: Conv2d,
    downsamples_1: Conv2d,
    middle: ResBlock,
    decoder_blocks: Vec<ResBlock>,
    norm_out: GroupNorm,
    conv_out: Conv2d,
}

impl UNet {
    pub fn load(vb: Weights) -> Result<Self> {
        Ok(Self {
            conv_in: load_conv2d(
                vb.pp("conv_in"),
                Conv2dConfig::new([CHANNELS, BASE], [3, 3])
                    .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
                    .with_bias(false),
            )?,
            encoder_blocks: vec![
                ResBlock::load(vb.pp("encoder_blocks").pp(0), BASE, BASE * MULTS[0], false)?,
                ResBlock::load(
                    vb.pp("encoder_blocks").pp(1),
                    BASE * MULTS[0],
                    BASE * MULTS[1],
                    true,
                )?,
                ResBlock::load(
                    vb.pp("encoder_blocks").pp(2),
                    BASE * MULTS[1],
                    BASE * MULTS[2],
                    true,
                )?,
            ],
            downsamples_0: load_conv2d(
                vb.pp("downsamples.0"),
                Conv2dConfig::new([BASE * MULTS[0], BASE * MULTS[0]], [3, 3])
                    .with_stride([2, 2])
                    .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
                    .with_bias(false),
            )?,
            downsamples_1: load_conv2d(
                vb.pp("downsamples.1"),
                Conv2dConfig::new([BASE * MULTS[1], BASE * MULTS[1]], [3, 3])
                    .with_stride([2, 2])
                    .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
                    .with_bias(false),
            )?,
            middle: ResBlock::load(vb.pp("middle"), BASE * MULTS[2], BASE * MULTS[2], false)?,
            decoder_blocks: vec![
                ResBlock::load(vb.pp("decoder_blocks").pp(0), 128, BASE * MULTS[2], true)?,
                ResBlock::load(vb.pp("decoder_blocks").pp(1), 96, BASE * MULTS[1], true)?,
                ResBlock::load(vb.pp("decoder_blocks").pp(2), 48, BASE * MULTS[0], true)?,
            ],
            norm_out: load_group_norm(
                vb.pp("norm_out"),
                GroupNormConfig::new(GROUPS, BASE * MULTS[0]),
            )?,
            conv_out: load_conv2d(
                vb.pp("conv_out"),
                Conv2dConfig::new([BASE * MULTS[0], CHANNELS], [3, 3])
                    .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
                    .with_bias(false),
            )?,
        })
    }

    pub fn forward(&self, noisy_latent: Tensor<4>) -> Tensor<4> {
        let h = self.conv_in.forward(noisy_latent);
        let out = self.encoder_blocks[0].forward(h);
        let h = self.downsamples_0.forward(out.clone());
        let out2 = self.encoder_blocks[1].forward(h);
        let h = self.downsamples_1.forward(out2.clone());
        let out3 = self.encoder_blocks[2].forward(h);
        let out4 = self.middle.forward(out3.clone());
        let h = Tensor::cat(vec![out4, out3], 1);
        let out3 = self.decoder_blocks[0].forward(h);
        let h = upsample_nearest(out3, 2);
        let h = Tensor::cat(vec![h, out2], 1);
        let out2 = self.decoder_blocks[1].forward(h);
        let h = upsample_nearest(out2, 2);
        let h = Tensor::cat(vec![h, out], 1);
        let out = self.decoder_blocks[2].forward(h);
        let h = self.norm_out.forward(out);
        let h = silu(h);
        self.conv_out.forward(h)
    }
}
