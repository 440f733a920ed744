/// d(sum(conv2d(x, weight) * grad)) / dweight, taken with Candle's backward.
pub fn conv2d_backward_weight(
    x: &Tensor,
    grad: &Tensor,
    kernel: (usize, usize),
    stride: (usize, usize),
    padding: (usize, usize),
    dilation: (usize, usize),
    groups: usize,
) -> Result<Tensor> {
    let shape = (grad.dim(1)?, x.dim(1)? / groups, kernel.0, kernel.1);
    let w = Var::zeros(shape, x.dtype(), x.device())?;
    let y = conv2d_per_axis(
        &x.detach(),
        w.as_tensor(),
        None,
        stride,
        padding,
        dilation,
        groups,
    )?;
    let grads = (y * grad.detach())?.sum_all()?.backward()?;
    match grads.get(&w) {
        Some(g) => Ok(g.clone()),
        None => w.zeros_like(),
    }
}
