/// A kernel spread out along `dim`: `dilation - 1` zeros between its taps.
pub fn dilate(w: &Tensor, dim: usize, dilation: usize) -> Result<Tensor> {
    if dilation == 1 {
        return Ok(w.clone());
    }
    let k = w.dim(dim)?;
    let taps = w.unsqueeze(dim + 1)?;
    let mut gap = taps.dims().to_vec();
    gap[dim + 1] = dilation - 1;
    let spread = Tensor::cat(
        &[&taps, &Tensor::zeros(gap, w.dtype(), w.device())?],
        dim + 1,
    )?;
    let mut merged = w.dims().to_vec();
    merged[dim] = k * dilation;
    spread
        .reshape(merged)?
        .narrow(dim, 0, (k - 1) * dilation + 1)
}
