/// LayerNorm over the last axis with a learned scale (`weight`) and optional shift (`bias`).
pub struct LayerNorm {
    pub weight: Tensor,
    pub bias: Option<Tensor>,
    eps: f64,
}

impl LayerNorm {
    pub fn load(size: usize, eps: f64, bias: bool, vb: VarBuilder) -> Result<Self> {
        let bias = if bias {
            Some(vb.get(size, "bias")?)
        } else {
            None
        };
        Ok(Self {
            weight: vb.get(size, "weight")?,
            bias,
            eps,
        })
    }

    pub fn forward(&self, x: &Tensor) -> Result<Tensor> {
        layer_norm(x, &self.weight, self.bias.as_ref(), self.eps)
    }
}
