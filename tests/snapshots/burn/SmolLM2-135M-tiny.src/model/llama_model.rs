use crate::ops::{load_embedding, load_rms_norm, rope_tables, Weights};
use anyhow::Result;
use burn::module::Module;
use burn::nn::{Embedding, EmbeddingConfig, RmsNorm, RmsNormConfig};
use burn::tensor::{Int, Tensor};

use super::LlamaDecoderLayer;
use super::{HEAD_DIM, HIDDEN, VOCAB};

/// `model` in the checkpoint
#[derive(Module, Debug)]
pub struct LlamaModel {
    pub embed_tokens: Embedding,
    layers: Vec<LlamaDecoderLayer>,
    norm: RmsNorm,
}

impl LlamaModel {
    pub fn load(vb: Weights) -> Result<Self> {
        Ok(Self {
            embed_tokens: load_embedding(
                vb.pp("embed_tokens"),
                EmbeddingConfig::new(VOCAB, HIDDEN),
            )?,
            layers: (0..2)
                .map(|i| LlamaDecoderLayer::load(vb.pp("layers").pp(i)))
                .collect::<Result<_>>()?,
            norm: load_rms_norm(vb.pp("norm"), RmsNormConfig::new(HIDDEN))?,
        })
    }

    pub fn forward(&self, input_ids: Tensor<2, Int>) -> Tensor<3> {
        let mut h = self.embed_tokens.forward(input_ids.clone());
        let positions =
            Tensor::<1, Int>::arange(0..input_ids.dims()[1] as i64, &input_ids.device());
        let (cos, sin) = rope_tables(positions, HEAD_DIM, 100000.0);
        for layer in &self.layers {
            h = layer.forward(h, cos.clone(), sin.clone());
        }
        self.norm.forward(h)
    }
}
