use candle_core::{Result, Tensor};
use candle_nn::{Linear, Module, VarBuilder};

use super::LlamaModel;

/// The model.
pub struct LlamaForCausalLM {
    model: LlamaModel,
    lm_head: Linear,
}

impl LlamaForCausalLM {
    pub fn load(vb: VarBuilder) -> Result<Self> {
        let model = LlamaModel::load(vb.pp("model"))?;
        let lm_head = Linear::new(model.embed_tokens.embeddings().clone(), None);
        Ok(Self { model, lm_head })
    }

    pub fn forward(&self, input_ids: &Tensor) -> Result<Tensor> {
        let normed = self.model.forward(input_ids)?;
        let logits = self.lm_head.forward(&normed)?;
        Ok(logits)
    }
}
