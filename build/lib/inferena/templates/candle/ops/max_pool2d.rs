/// Max pooling with padding that never wins (-inf). Candle's max_pool2d has a backward only
/// when kernel == stride, so while gradients are recorded every window is gathered at its
/// first maximum instead (the gradient goes there, as in PyTorch).
pub fn max_pool2d(
    x: &Tensor,
    kernel: (usize, usize),
    stride: (usize, usize),
    padding: (usize, usize),
) -> Result<Tensor> {
    let x = pad_with(
        &pad_with(x, 2, padding.0, f64::NEG_INFINITY)?,
        3,
        padding.1,
        f64::NEG_INFINITY,
    )?;
    if !x.track_op() {
        return x.max_pool2d_with_stride(kernel, stride);
    }
    let (_, _, h, w) = x.dims4()?;
    let (ho, wo) = ((h - kernel.0) / stride.0 + 1, (w - kernel.1) / stride.1 + 1);
    let mut windows = Vec::with_capacity(kernel.0 * kernel.1);
    for i in 0..kernel.0 {
        let rows = Tensor::arange_step(
            i as u32,
            (i + stride.0 * ho) as u32,
            stride.0 as u32,
            x.device(),
        )?;
        let picked = x.index_select(&rows, 2)?;
        for j in 0..kernel.1 {
            let cols = Tensor::arange_step(
                j as u32,
                (j + stride.1 * wo) as u32,
                stride.1 as u32,
                x.device(),
            )?;
            windows.push(picked.index_select(&cols, 3)?.unsqueeze(4)?);
        }
    }
    let windows = Tensor::cat(&windows, 4)?;
    let first = windows.argmax_keepdim(4)?;
    windows.gather(&first, 4)?.squeeze(4)
}
