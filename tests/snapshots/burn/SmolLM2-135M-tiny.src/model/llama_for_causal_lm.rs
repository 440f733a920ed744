use crate::ops::Weights;
use anyhow::Result;
use burn::module::Module;
use burn::tensor::module::linear;
use burn::tensor::{Int, Tensor};

use super::LlamaModel;

/// The model.
#[derive(Module, Debug)]
pub struct LlamaForCausalLM {
    model: LlamaModel,
}

impl LlamaForCausalLM {
    pub fn load(vb: Weights) -> Result<Self> {
        Ok(Self {
            model: LlamaModel::load(vb.pp("model"))?,
        })
    }

    pub fn forward(&self, input_ids: Tensor<2, Int>) -> Tensor<3> {
        let normed = self.model.forward(input_ids);
        linear(
            normed,
            self.model.embed_tokens.weight.val().transpose(),
            None,
        )
    }
}
