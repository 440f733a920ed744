use crate::ops::{load_batch_norm, load_conv2d, load_linear, Weights};
use anyhow::Result;
use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig, Linear, LinearConfig, PaddingConfig2d};
use burn::tensor::activation::relu;
use burn::tensor::module::max_pool2d;
use burn::tensor::ops::MaxPoolOptions;
use burn::tensor::Tensor;

use super::Bottleneck;
use super::{CLASSES, EXPANSION, PLANES, STEM, WIDTH_PER_GROUP};

/// The model.
#[derive(Module, Debug)]
pub struct ResNet {
    conv1: Conv2d,
    bn1: BatchNorm,
    layer1: Vec<Bottleneck>,
    layer2: Vec<Bottleneck>,
    layer3: Vec<Bottleneck>,
    layer4: Vec<Bottleneck>,
    fc: Linear,
}

impl ResNet {
    pub fn load(vb: Weights) -> Result<Self> {
        Ok(Self {
            conv1: load_conv2d(
                vb.pp("conv1"),
                Conv2dConfig::new([3, STEM], [7, 7])
                    .with_stride([2, 2])
                    .with_padding(PaddingConfig2d::Explicit(3, 3, 3, 3))
                    .with_bias(false),
            )?,
            bn1: load_batch_norm(vb.pp("bn1"), BatchNormConfig::new(STEM))?,
            layer1: (0..1)
                .map(|i| {
                    Bottleneck::load(
                        vb.pp("layer1").pp(i),
                        STEM,
                        PLANES[0] * WIDTH_PER_GROUP / 64,
                        PLANES[0] * EXPANSION,
                        1,
                    )
                })
                .collect::<Result<_>>()?,
            layer2: (0..1)
                .map(|i| {
                    Bottleneck::load(
                        vb.pp("layer2").pp(i),
                        PLANES[0] * EXPANSION,
                        PLANES[1] * WIDTH_PER_GROUP / 64,
                        PLANES[1] * EXPANSION,
                        2,
                    )
                })
                .collect::<Result<_>>()?,
            layer3: (0..1)
                .map(|i| {
                    Bottleneck::load(
                        vb.pp("layer3").pp(i),
                        PLANES[1] * EXPANSION,
                        PLANES[2] * WIDTH_PER_GROUP / 64,
                        PLANES[2] * EXPANSION,
                        2,
                    )
                })
                .collect::<Result<_>>()?,
            layer4: (0..1)
                .map(|i| {
                    Bottleneck::load(
                        vb.pp("layer4").pp(i),
                        PLANES[2] * EXPANSION,
                        PLANES[3] * WIDTH_PER_GROUP / 64,
                        PLANES[3] * EXPANSION,
                        2,
                    )
                })
                .collect::<Result<_>>()?,
            fc: load_linear(
                vb.pp("fc"),
                LinearConfig::new(PLANES[3] * EXPANSION, CLASSES),
            )?,
        })
    }

    pub fn forward(&self, images: Tensor<4>) -> Tensor<2> {
        let x = self.conv1.forward(images);
        let x = self.bn1.forward(x);
        let x = relu(x);
        let x = max_pool2d(
            x,
            MaxPoolOptions::new([3, 3])
                .with_stride([2, 2])
                .with_padding([1, 1]),
        );
        let x = self.layer1[0].forward(x);
        let x = self.layer2[0].forward(x);
        let x = self.layer3[0].forward(x);
        let x = self.layer4[0].forward(x);
        let x = x.mean_dims(&[2, 3]).squeeze_dims::<2>(&[2, 3]);
        self.fc.forward(x)
    }
}
