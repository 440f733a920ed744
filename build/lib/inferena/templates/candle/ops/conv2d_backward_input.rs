/// d(sum(conv2d(x, weight) * grad)) / dx, taken with Candle's backward (conv2d is linear in x).
pub fn conv2d_backward_input(
    grad: &Tensor,
    weight: &Tensor,
    input_size: (usize, usize),
    stride: (usize, usize),
    padding: (usize, usize),
    dilation: (usize, usize),
    groups: usize,
) -> Result<Tensor> {
    let shape = (
        grad.dim(0)?,
        weight.dim(1)? * groups,
        input_size.0,
        input_size.1,
    );
    let x = Var::zeros(shape, grad.dtype(), grad.device())?;
    let y = conv2d_per_axis(
        x.as_tensor(),
        &weight.detach(),
        None,
        stride,
        padding,
        dilation,
        groups,
    )?;
    let grads = (y * grad.detach())?.sum_all()?.backward()?;
    match grads.get(&x) {
        Some(g) => Ok(g.clone()),
        None => x.zeros_like(),
    }
}
