use crate::ops::conv2d_layer;
use candle_core::{Result, Tensor};
use candle_nn::{group_norm, Conv2d, Conv2dConfig, GroupNorm, Module, VarBuilder};

use super::ResBlock;
use super::{BASE, CHANNELS, GROUPS, MULTS};

/// The model.
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
    pub fn load(vb: VarBuilder) -> Result<Self> {
        Ok(Self {
            conv_in: candle_nn::conv2d_no_bias(
                CHANNELS,
                BASE,
                3,
                Conv2dConfig {
                    padding: 1,
                    ..Default::default()
                },
                vb.pp("conv_in"),
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
            downsamples_0: candle_nn::conv2d_no_bias(
                BASE * MULTS[0],
                BASE * MULTS[0],
                3,
                Conv2dConfig {
                    padding: 1,
                    stride: 2,
                    ..Default::default()
                },
                vb.pp("downsamples.0"),
            )?,
            downsamples_1: candle_nn::conv2d_no_bias(
                BASE * MULTS[1],
                BASE * MULTS[1],
                3,
                Conv2dConfig {
                    padding: 1,
                    stride: 2,
                    ..Default::default()
                },
                vb.pp("downsamples.1"),
            )?,
            middle: ResBlock::load(vb.pp("middle"), BASE * MULTS[2], BASE * MULTS[2], false)?,
            decoder_blocks: vec![
                ResBlock::load(vb.pp("decoder_blocks").pp(0), 128, BASE * MULTS[2], true)?,
                ResBlock::load(vb.pp("decoder_blocks").pp(1), 96, BASE * MULTS[1], true)?,
                ResBlock::load(vb.pp("decoder_blocks").pp(2), 48, BASE * MULTS[0], true)?,
            ],
            norm_out: group_norm(GROUPS, BASE * MULTS[0], 1e-05, vb.pp("norm_out"))?,
            conv_out: candle_nn::conv2d_no_bias(
                BASE * MULTS[0],
                CHANNELS,
                3,
                Conv2dConfig {
                    padding: 1,
                    ..Default::default()
                },
                vb.pp("conv_out"),
            )?,
        })
    }

    pub fn forward(&self, noisy_latent: &Tensor) -> Result<Tensor> {
        let h = conv2d_layer(&self.conv_in, noisy_latent)?;
        let out = self.encoder_blocks[0].forward(&h)?;
        let h = conv2d_layer(&self.downsamples_0, &out)?;
        let out2 = self.encoder_blocks[1].forward(&h)?;
        let h = conv2d_layer(&self.downsamples_1, &out2)?;
        let out3 = self.encoder_blocks[2].forward(&h)?;
        let out4 = self.middle.forward(&out3)?;
        let h = Tensor::cat(&[&out4, &out3], 1)?;
        let out3 = self.decoder_blocks[0].forward(&h)?;
        let h = out3.upsample_nearest2d(out3.dim(2)? * 2, out3.dim(3)? * 2)?;
        let h = Tensor::cat(&[&h, &out2], 1)?;
        let out2 = self.decoder_blocks[1].forward(&h)?;
        let h = out2.upsample_nearest2d(out2.dim(2)? * 2, out2.dim(3)? * 2)?;
        let h = Tensor::cat(&[&h, &out], 1)?;
        let out = self.decoder_blocks[2].forward(&h)?;
        let h = self.norm_out.forward(&out)?;
        let h = h.silu()?;
        let sample = conv2d_layer(&self.conv_out, &h)?;
        Ok(sample)
    }
}
