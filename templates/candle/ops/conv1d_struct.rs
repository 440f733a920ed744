/// A 1-D convolution layer (`weight`, optional `bias`), forward through `conv1d`.
pub struct Conv1d {
    pub weight: Tensor,
    pub bias: Option<Tensor>,
    stride: usize,
    padding: usize,
    dilation: usize,
    groups: usize,
}

impl Conv1d {
    /// `geometry`: stride, padding, dilation, groups.
    pub fn load(
        shape: (usize, usize, usize),
        bias: bool,
        geometry: (usize, usize, usize, usize),
        vb: VarBuilder,
    ) -> Result<Self> {
        let (stride, padding, dilation, groups) = geometry;
        let bias = if bias {
            Some(vb.get(shape.0, "bias")?)
        } else {
            None
        };
        let weight = vb.get(shape, "weight")?;
        Ok(Self {
            weight,
            bias,
            stride,
            padding,
            dilation,
            groups,
        })
    }

    pub fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let (stride, padding, dilation) = (self.stride, self.padding, self.dilation);
        conv1d(
            x,
            &self.weight,
            self.bias.as_ref(),
            stride,
            padding,
            dilation,
            self.groups,
        )
    }
}
