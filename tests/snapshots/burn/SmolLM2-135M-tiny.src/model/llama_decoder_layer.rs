use crate::ops::{load_rms_norm, Weights};
use anyhow::Result;
use burn::module::Module;
use burn::nn::{RmsNorm, RmsNormConfig};
use burn::tensor::Tensor;

use super::HIDDEN;
use super::{LlamaAttention, LlamaMLP};

/// `model.layers.0` in the checkpoint
#[derive(Module, Debug)]
pub struct LlamaDecoderLayer {
    input_layernorm: RmsNorm,
    self_attn: LlamaAttention,
    post_attention_layernorm: RmsNorm,
    mlp: LlamaMLP,
}

impl LlamaDecoderLayer {
    pub fn load(vb: Weights) -> Result<Self> {
        Ok(Self {
            input_layernorm: load_rms_norm(vb.pp("input_layernorm"), RmsNormConfig::new(HIDDEN))?,
            self_attn: LlamaAttention::load(vb.pp("self_attn"))?,
            post_attention_layernorm: load_rms_norm(
                vb.pp("post_attention_layernorm"),
                RmsNormConfig::new(HIDDEN),
            )?,
            mlp: LlamaMLP::load(vb.pp("mlp"))?,
        })
    }

    pub fn forward(&self, h: Tensor<3>, cos: Tensor<2>, sin: Tensor<2>) -> Tensor<3> {
        let normed = self.input_layernorm.forward(h.clone());
        let out = self.self_attn.forward(normed, cos, sin);
        let h = h + out;
        let normed = self.post_attention_layernorm.forward(h.clone());
        let out = self.mlp.forward(normed);
        h + out
    }
}
