use super::{HEADS, HEAD_DIM, HIDDEN, KV_HEADS};
use crate::ops::{attention, rope};
use candle_core::{Result, Tensor, D};
use candle_nn::{linear_no_bias, Linear, Module, VarBuilder};

/// `model.layers.0.self_attn` in the checkpoint
pub struct LlamaAttention {
    q_proj: Linear,
    k_proj: Linear,
    v_proj: Linear,
    o_proj: Linear,
}

impl LlamaAttention {
    pub fn load(vb: VarBuilder) -> Result<Self> {
        Ok(Self {
            q_proj: linear_no_bias(HIDDEN, HEADS * HEAD_DIM, vb.pp("q_proj"))?,
            k_proj: linear_no_bias(HIDDEN, KV_HEADS * HEAD_DIM, vb.pp("k_proj"))?,
            v_proj: linear_no_bias(HIDDEN, KV_HEADS * HEAD_DIM, vb.pp("v_proj"))?,
            o_proj: linear_no_bias(HEADS * HEAD_DIM, HIDDEN, vb.pp("o_proj"))?,
        })
    }

    pub fn forward(&self, normed: &Tensor, cos: &Tensor, sin: &Tensor) -> Result<Tensor> {
        let q = self.q_proj.forward(normed)?;
        let k = self.k_proj.forward(normed)?;
        let v = self.v_proj.forward(normed)?;
        let q = q.reshape((q.dim(0)?, q.dim(1)?, HEADS, HEAD_DIM))?;
        let q = q.transpose(1, 2)?;
        let q = rope(&q, cos, sin)?;
        let k = k.reshape((k.dim(0)?, k.dim(1)?, KV_HEADS, HEAD_DIM))?;
        let k = k.transpose(1, 2)?;
        let k = rope(&k, cos, sin)?;
        let v = v.reshape((v.dim(0)?, v.dim(1)?, KV_HEADS, HEAD_DIM))?;
        let v = v.transpose(1, 2)?;
        let out = attention(&q, &k, &v, None, true, (q.dim(3)? as f64).powf(-0.5))?;
        let out = out.transpose(1, 2)?;
        let out = out.flatten_from(D::Minus2)?;
        let out = self.o_proj.forward(&out)?;
        Ok(out)
    }
}
