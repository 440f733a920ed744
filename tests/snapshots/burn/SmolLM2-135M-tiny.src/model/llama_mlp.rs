use super::{HIDDEN, INTERMEDIATE};
use crate::ops::{load_linear, Weights};
use anyhow::Result;
use burn::module::Module;
use burn::nn::{Linear, LinearConfig};
use burn::tensor::activation::silu;
use burn::tensor::Tensor;

/// `model.layers.0.mlp` in the checkpoint
#[derive(Module, Debug)]
pub struct LlamaMLP {
    gate_proj: Linear,
    up_proj: Linear,
    down_proj: Linear,
}

impl LlamaMLP {
    pub fn load(vb: Weights) -> Result<Self> {
        Ok(Self {
            gate_proj: load_linear(
                vb.pp("gate_proj"),
                LinearConfig::new(HIDDEN, INTERMEDIATE).with_bias(false),
            )?,
            up_proj: load_linear(
                vb.pp("up_proj"),
                LinearConfig::new(HIDDEN, INTERMEDIATE).with_bias(false),
            )?,
            down_proj: load_linear(
                vb.pp("down_proj"),
                LinearConfig::new(INTERMEDIATE, HIDDEN).with_bias(false),
            )?,
        })
    }

    pub fn forward(&self, normed: Tensor<3>) -> Tensor<3> {
        let gate = self.gate_proj.forward(normed.clone());
        let up = self.up_proj.forward(normed);
        let gate = silu(gate);
        let h = gate * up;
        self.down_proj.forward(h)
    }
}
