/// d(sum(max_pool2d(x) * grad)) / dx, taken with Candle's backward through `max_pool2d`.
pub fn max_pool2d_backward(
    grad: &Tensor,
    x: &Tensor,
    kernel: (usize, usize),
    stride: (usize, usize),
    padding: (usize, usize),
) -> Result<Tensor> {
    let x = Var::from_tensor(&x.detach())?;
    let y = max_pool2d(x.as_tensor(), kernel, stride, padding)?;
    let grads = (y * grad.detach())?.sum_all()?.backward()?;
    match grads.get(&x) {
        Some(g) => Ok(g.clone()),
        None => x.zeros_like(),
    }
}
