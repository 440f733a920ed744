use crate::ops::RmsNorm;
use candle_core::{Result, Tensor};
use candle_nn::VarBuilder;

use super::HIDDEN;
use super::{LlamaAttention, LlamaMLP};

/// `model.layers.0` in the checkpoint
pub struct LlamaDecoderLayer {
    input_layernorm: RmsNorm,
    self_attn: LlamaAttention,
    post_attention_layernorm: RmsNorm,
    mlp: LlamaMLP,
}

impl LlamaDecoderLayer {
    pub fn load(vb: VarBuilder) -> Result<Self> {
        Ok(Self {
            input_layernorm: RmsNorm::load(HIDDEN, 1e-05, vb.pp("input_layernorm"))?,
            self_attn: LlamaAttention::load(vb.pp("self_attn"))?,
            post_attention_layernorm: RmsNorm::load(
                HIDDEN,
                1e-05,
                vb.pp("post_attention_layernorm"),
            )?,
            mlp: LlamaMLP::load(vb.pp("mlp"))?,
        })
    }

    pub fn forward(&self, h: &Tensor, cos: &Tensor, sin: &Tensor) -> Result<Tensor> {
        let normed = self.input_layernorm.forward(h)?;
        let out = self.self_attn.forward(&normed, cos, sin)?;
        let h = (h + &out)?;
        let normed = self.post_attention_layernorm.forward(&h)?;
        let out = self.mlp.forward(&normed)?;
        let h = (&h + &out)?;
        Ok(h)
    }
}
