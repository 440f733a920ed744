use super::GROUPS;
use crate::ops::{load_conv2d, load_group_norm, Weights};
use anyhow::Result;
use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{GroupNorm, GroupNormConfig, PaddingConfig2d};
use burn::tensor::activation::silu;
use burn::tensor::Tensor;

/// `encoder_blocks.1` in the checkpoint, and the blocks like it in other sizes
#[derive(Module, Debug)]
pub struct ResBlock {
    norm1: GroupNorm,
    conv1: Conv2d,
    norm2: GroupNorm,
    conv2: Conv2d,
    res_conv: Option<Conv2d>,
}

impl ResBlock {
    pub fn load(
        vb: Weights,
        in_channels: usize,
        out_channels: usize,
        res_conv: bool,
    ) -> Result<Self> {
        Ok(Self {
            norm1: load_group_norm(vb.pp("norm1"), GroupNormConfig::new(GROUPS, in_channels))?,
            conv1: load_conv2d(
                vb.pp("conv1"),
                Conv2dConfig::new([in_channels, out_channels], [3, 3])
                    .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
                    .with_bias(false),
            )?,
            norm2: load_group_norm(vb.pp("norm2"), GroupNormConfig::new(GROUPS, out_channels))?,
            conv2: load_conv2d(
                vb.pp("conv2"),
                Conv2dConfig::new([out_channels, out_channels], [3, 3])
                    .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
                    .with_bias(false),
            )?,
            res_conv: if res_conv {
                Some(load_conv2d(
                    vb.pp("res_conv"),
                    Conv2dConfig::new([in_channels, out_channels], [1, 1]).with_bias(false),
                )?)
            } else {
                None
            },
        })
    }

    pub fn forward(&self, h: Tensor<4>) -> Tensor<4> {
        let h2 = self.norm1.forward(h.clone());
        let h2 = silu(h2);
        let h2 = self.conv1.forward(h2);
        let h2 = self.norm2.forward(h2);
        let h2 = silu(h2);
        let h2 = self.conv2.forward(h2);
        let skip = match &self.res_conv {
            Some(res_conv) => res_conv.forward(h),
            None => h,
        };
        h2 + skip
    }
}
