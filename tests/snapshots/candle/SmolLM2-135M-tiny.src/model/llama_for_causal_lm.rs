use candle_core::{Result, Tensor};
use candle_nn::{Linear, Module, VarBuilder};

use super::LlamaModel;

/// The model.
pub struct LlamaForCausalLM {
    model: LlamaModel,
}

impl LlamaForCausalLM {
    pub fn load(vb: VarBuilder) -> Result<Self> {
        Ok(Self {
            model: LlamaModel::load(vb.pp("model"))?,
        })
    }

    pub fn forward(&self, input_ids: &Tensor) -> Result<Tensor> {
        let normed = self.model.forward(input_ids)?;
        let logits =
            Linear::new(self.model.embed_tokens.embeddings().clone(), None).forward(&normed)?;
        Ok(logits)
    }
}
