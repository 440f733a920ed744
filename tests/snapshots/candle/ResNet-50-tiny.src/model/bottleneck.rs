use crate::ops::conv2d_layer;
use candle_core::{Result, Tensor};
use candle_nn::{batch_norm, BatchNorm, Conv2d, Conv2dConfig, ModuleT, VarBuilder};

/// `layer1.0` in the checkpoint, and the blocks like it in other sizes
pub struct Bottleneck {
    conv1: Conv2d,
    bn1: BatchNorm,
    conv2: Conv2d,
    bn2: BatchNorm,
    conv3: Conv2d,
    bn3: BatchNorm,
    downsample_0: Conv2d,
    downsample_1: BatchNorm,
}

impl Bottleneck {
    pub fn load(
        vb: VarBuilder,
        in_channels: usize,
        channels: usize,
        out_channels: usize,
        stride: usize,
    ) -> Result<Self> {
        Ok(Self {
            conv1: candle_nn::conv2d_no_bias(
                in_channels,
                channels,
                1,
                Default::default(),
                vb.pp("conv1"),
            )?,
            bn1: batch_norm(channels, 1e-05, vb.pp("bn1"))?,
            conv2: candle_nn::conv2d_no_bias(
                channels,
                channels,
                3,
                Conv2dConfig {
                    padding: 1,
                    stride,
                    ..Default::default()
                },
                vb.pp("conv2"),
            )?,
            bn2: batch_norm(channels, 1e-05, vb.pp("bn2"))?,
            conv3: candle_nn::conv2d_no_bias(
                channels,
                out_channels,
                1,
                Default::default(),
                vb.pp("conv3"),
            )?,
            bn3: batch_norm(out_channels, 1e-05, vb.pp("bn3"))?,
            downsample_0: candle_nn::conv2d_no_bias(
                in_channels,
                out_channels,
                1,
                Conv2dConfig {
                    stride,
                    ..Default::default()
                },
                vb.pp("downsample.0"),
            )?,
            downsample_1: batch_norm(out_channels, 1e-05, vb.pp("downsample.1"))?,
        })
    }

    pub fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let out = conv2d_layer(&self.conv1, x)?;
        let out = self.bn1.forward_t(&out, false)?;
        let out = out.relu()?;
        let out = conv2d_layer(&self.conv2, &out)?;
        let out = self.bn2.forward_t(&out, false)?;
        let out = out.relu()?;
        let out = conv2d_layer(&self.conv3, &out)?;
        let out = self.bn3.forward_t(&out, false)?;
        let identity = conv2d_layer(&self.downsample_0, x)?;
        let identity = self.downsample_1.forward_t(&identity, false)?;
        let out = (&out + &identity)?;
        let x = out.relu()?;
        Ok(x)
    }
}
