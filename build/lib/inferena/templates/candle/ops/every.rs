/// Every `step`-th index along `dim`, from the first.
pub fn every(x: &Tensor, dim: usize, step: usize) -> Result<Tensor> {
    if step == 1 {
        return Ok(x.clone());
    }
    let size = x.dim(dim)?;
    let picks = Tensor::arange_step(0u32, size as u32, step as u32, x.device())?;
    x.index_select(&picks, dim)
}
