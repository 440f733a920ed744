pub fn softmax(x: &Tensor, dim: impl Dim) -> Result<Tensor> {
    let dim = dim.to_index(x.shape(), "softmax")?;
    if dim + 1 == x.rank() && !x.track_op() {
        candle_nn::ops::softmax_last_dim(&x.contiguous()?)
    } else {
        candle_nn::ops::softmax(x, dim)
    }
}
