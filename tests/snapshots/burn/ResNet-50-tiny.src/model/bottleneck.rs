use crate::ops::{load_batch_norm, load_conv2d, Weights};
use anyhow::Result;
use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig, PaddingConfig2d};
use burn::tensor::activation::relu;
use burn::tensor::Tensor;

/// `layer1.0` in the checkpoint, and the blocks like it in other sizes
#[derive(Module, Debug)]
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
        vb: Weights,
        in_channels: usize,
        channels: usize,
        out_channels: usize,
        stride: usize,
    ) -> Result<Self> {
        Ok(Self {
            conv1: load_conv2d(
                vb.pp("conv1"),
                Conv2dConfig::new([in_channels, channels], [1, 1]).with_bias(false),
            )?,
            bn1: load_batch_norm(vb.pp("bn1"), BatchNormConfig::new(channels))?,
            conv2: load_conv2d(
                vb.pp("conv2"),
                Conv2dConfig::new([channels, channels], [3, 3])
                    .with_stride([stride, stride])
                    .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
                    .with_bias(false),
            )?,
            bn2: load_batch_norm(vb.pp("bn2"), BatchNormConfig::new(channels))?,
            conv3: load_conv2d(
                vb.pp("conv3"),
                Conv2dConfig::new([channels, out_channels], [1, 1]).with_bias(false),
            )?,
            bn3: load_batch_norm(vb.pp("bn3"), BatchNormConfig::new(out_channels))?,
            downsample_0: load_conv2d(
                vb.pp("downsample.0"),
                Conv2dConfig::new([in_channels, out_channels], [1, 1])
                    .with_stride([stride, stride])
                    .with_bias(false),
            )?,
            downsample_1: load_batch_norm(
                vb.pp("downsample.1"),
                BatchNormConfig::new(out_channels),
            )?,
        })
    }

    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let out = self.conv1.forward(x.clone());
        let out = self.bn1.forward(out);
        let out = relu(out);
        let out = self.conv2.forward(out);
        let out = self.bn2.forward(out);
        let out = relu(out);
        let out = self.conv3.forward(out);
        let out = self.bn3.forward(out);
        let identity = self.downsample_0.forward(x);
        let identity = self.downsample_1.forward(identity);
        let out = out + identity;
        relu(out)
    }
}
