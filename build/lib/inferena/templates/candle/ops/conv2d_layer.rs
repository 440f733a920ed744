/// A candle-nn Conv2d layer's forward, through `conv2d_per_axis` (Candle's conv2d, or
/// `conv2d_cols` while gradients are recorded).
pub fn conv2d_layer(conv: &Conv2d, x: &Tensor) -> Result<Tensor> {
    let c = conv.config();
    let pair = |v: usize| (v, v);
    conv2d_per_axis(
        x,
        conv.weight(),
        conv.bias(),
        pair(c.stride),
        pair(c.padding),
        pair(c.dilation),
        c.groups,
    )
}
