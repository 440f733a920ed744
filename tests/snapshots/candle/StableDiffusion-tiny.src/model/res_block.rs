use super::GROUPS;
use crate::ops::conv2d_layer;
use candle_core::{Result, Tensor};
use candle_nn::{group_norm, Conv2d, Conv2dConfig, GroupNorm, Module, VarBuilder};

/// `encoder_blocks.1` in the checkpoint, and the blocks like it in other sizes
pub struct ResBlock {
    norm1: GroupNorm,
    conv1: Conv2d,
    norm2: GroupNorm,
    conv2: Conv2d,
    res_conv: Option<Conv2d>,
}

impl ResBlock {
    pub fn load(
        vb: VarBuilder,
        in_channels: usize,
        out_channels: usize,
        res_conv: bool,
    ) -> Result<Self> {
        Ok(Self {
            norm1: group_norm(GROUPS, in_channels, 1e-05, vb.pp("norm1"))?,
            conv1: candle_nn::conv2d_no_bias(
                in_channels,
                out_channels,
                3,
                Conv2dConfig {
                    padding: 1,
                    ..Default::default()
                },
                vb.pp("conv1"),
            )?,
            norm2: group_norm(GROUPS, out_channels, 1e-05, vb.pp("norm2"))?,
            conv2: candle_nn::conv2d_no_bias(
                out_channels,
                out_channels,
                3,
                Conv2dConfig {
                    padding: 1,
                    ..Default::default()
                },
                vb.pp("conv2"),
            )?,
            res_conv: if res_conv {
                Some(candle_nn::conv2d_no_bias(
                    in_channels,
                    out_channels,
                    1,
                    Default::default(),
                    vb.pp("res_conv"),
                )?)
            } else {
                None
            },
        })
    }

    pub fn forward(&self, h: &Tensor) -> Result<Tensor> {
        let h2 = self.norm1.forward(h)?;
        let h2 = h2.silu()?;
        let h2 = conv2d_layer(&self.conv1, &h2)?;
        let h2 = self.norm2.forward(&h2)?;
        let h2 = h2.silu()?;
        let h2 = conv2d_layer(&self.conv2, &h2)?;
        let skip = match &self.res_conv {
            Some(res_conv) => conv2d_layer(res_conv, h)?,
            None => h.clone(),
        };
        let out = (&h2 + &skip)?;
        Ok(out)
    }
}
