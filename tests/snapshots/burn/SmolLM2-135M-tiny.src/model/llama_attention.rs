use super::{HEADS, HEAD_DIM, HIDDEN, KV_HEADS};
use crate::ops::{attention, load_linear, rope, Weights};
use anyhow::Result;
use burn::module::Module;
use burn::nn::{Linear, LinearConfig};
use burn::tensor::Tensor;

/// `model.layers.0.self_attn` in the checkpoint
#[derive(Module, Debug)]
pub struct LlamaAttention {
    q_proj: Linear,
    k_proj: Linear,
    v_proj: Linear,
    o_proj: Linear,
}

impl LlamaAttention {
    pub fn load(vb: Weights) -> Result<Self> {
        Ok(Self {
            q_proj: load_linear(
                vb.pp("q_proj"),
                LinearConfig::new(HIDDEN, HEADS * HEAD_DIM).with_bias(false),
            )?,
            k_proj: load_linear(
                vb.pp("k_proj"),
                LinearConfig::new(HIDDEN, KV_HEADS * HEAD_DIM).with_bias(false),
            )?,
            v_proj: load_linear(
                vb.pp("v_proj"),
                LinearConfig::new(HIDDEN, KV_HEADS * HEAD_DIM).with_bias(false),
            )?,
            o_proj: load_linear(
                vb.pp("o_proj"),
                LinearConfig::new(HEADS * HEAD_DIM, HIDDEN).with_bias(false),
            )?,
        })
    }

    pub fn forward(&self, normed: Tensor<3>, cos: Tensor<2>, sin: Tensor<2>) -> Tensor<3> {
        let q = self.q_proj.forward(normed.clone());
        let k = self.k_proj.forward(normed.clone());
        let v = self.v_proj.forward(normed);
        let q = q.reshape([0, 0, HEADS, HEAD_DIM]);
        let q = q.swap_dims(1, 2);
        let q = rope(q, cos.clone(), sin.clone());
        let k = k.reshape([0, 0, KV_HEADS, HEAD_DIM]);
        let k = k.swap_dims(1, 2);
        let k = rope(k, cos, sin);
        let v = v.reshape([0, 0, KV_HEADS, HEAD_DIM]);
        let v = v.swap_dims(1, 2);
        let out = attention(q, k, v, None, true, None);
        let out = out.swap_dims(1, 2);
        let out = out.reshape([0, 0, HEADS * HEAD_DIM]);
        self.o_proj.forward(out)
    }
}
