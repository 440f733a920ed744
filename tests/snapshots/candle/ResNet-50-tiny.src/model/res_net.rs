use crate::ops::{conv2d_layer, max_pool2d};
use candle_core::{Result, Tensor};
use candle_nn::{
    batch_norm, linear, BatchNorm, Conv2d, Conv2dConfig, Linear, Module, ModuleT, VarBuilder,
};

use super::Bottleneck;
use super::{CLASSES, EXPANSION, PLANES, STEM, WIDTH_PER_GROUP};

/// The model.
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
    pub fn load(vb: VarBuilder) -> Result<Self> {
        Ok(Self {
            conv1: candle_nn::conv2d_no_bias(
                3,
                STEM,
                7,
                Conv2dConfig {
                    padding: 3,
                    stride: 2,
                    ..Default::default()
                },
                vb.pp("conv1"),
            )?,
            bn1: batch_norm(STEM, 1e-05, vb.pp("bn1"))?,
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
            fc: linear(PLANES[3] * EXPANSION, CLASSES, vb.pp("fc"))?,
        })
    }

    pub fn forward(&self, images: &Tensor) -> Result<Tensor> {
        let x = conv2d_layer(&self.conv1, images)?;
        let x = self.bn1.forward_t(&x, false)?;
        let x = x.relu()?;
        let x = max_pool2d(&x, (3, 3), (2, 2), (1, 1))?;
        let x = self.layer1[0].forward(&x)?;
        let x = self.layer2[0].forward(&x)?;
        let x = self.layer3[0].forward(&x)?;
        let x = self.layer4[0].forward(&x)?;
        let x = x.mean([2, 3])?;
        let logits = self.fc.forward(&x)?;
        Ok(logits)
    }
}
