use crate::ops::{rope_tables, RmsNorm};
use candle_core::{Result, Tensor, D};
use candle_nn::{embedding, Embedding, Module, VarBuilder};

use super::LlamaDecoderLayer;
use super::{HEAD_DIM, HIDDEN, VOCAB};

/// `model` in the checkpoint
pub struct LlamaModel {
    pub embed_tokens: Embedding,
    layers: Vec<LlamaDecoderLayer>,
    norm: RmsNorm,
}

impl LlamaModel {
    pub fn load(vb: VarBuilder) -> Result<Self> {
        Ok(Self {
            embed_tokens: embedding(VOCAB, HIDDEN, vb.pp("embed_tokens"))?,
            layers: (0..2)
                .map(|i| LlamaDecoderLayer::load(vb.pp("layers").pp(i)))
                .collect::<Result<_>>()?,
            norm: RmsNorm::load(HIDDEN, 1e-05, vb.pp("norm"))?,
        })
    }

    pub fn forward(&self, input_ids: &Tensor) -> Result<Tensor> {
        let mut h = self.embed_tokens.forward(input_ids)?;
        let positions = Tensor::arange(0, input_ids.dim(D::Minus1)? as i64, input_ids.device())?;
        let (cos, sin) = rope_tables(&positions, HEAD_DIM, 100000.0)?;
        for layer in &self.layers {
            h = layer.forward(&h, &cos, &sin)?;
        }
        let normed = self.norm.forward(&h)?;
        Ok(normed)
    }
}
