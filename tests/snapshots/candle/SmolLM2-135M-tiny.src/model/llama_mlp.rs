use super::{HIDDEN, INTERMEDIATE};
use candle_core::{Result, Tensor};
use candle_nn::{linear_no_bias, Linear, Module, VarBuilder};

/// `model.layers.0.mlp` in the checkpoint
pub struct LlamaMLP {
    gate_proj: Linear,
    up_proj: Linear,
    down_proj: Linear,
}

impl LlamaMLP {
    pub fn load(vb: VarBuilder) -> Result<Self> {
        Ok(Self {
            gate_proj: linear_no_bias(HIDDEN, INTERMEDIATE, vb.pp("gate_proj"))?,
            up_proj: linear_no_bias(HIDDEN, INTERMEDIATE, vb.pp("up_proj"))?,
            down_proj: linear_no_bias(INTERMEDIATE, HIDDEN, vb.pp("down_proj"))?,
        })
    }

    pub fn forward(&self, normed: &Tensor) -> Result<Tensor> {
        let gate = self.gate_proj.forward(normed)?;
        let up = self.up_proj.forward(normed)?;
        let gate = gate.silu()?;
        let h = (&gate * &up)?;
        let out = self.down_proj.forward(&h)?;
        Ok(out)
    }
}
