/// `x` with `size` entries of `value` on both sides of `dim`.
pub fn pad_with(x: &Tensor, dim: usize, size: usize, value: f64) -> Result<Tensor> {
    if size == 0 {
        return Ok(x.clone());
    }
    let mut side = x.dims().to_vec();
    side[dim] = size;
    let side = Tensor::full(value, side, x.device())?.to_dtype(x.dtype())?;
    Tensor::cat(&[&side, x, &side], dim)
}
