/// Sum a broadcast result back down to `shape`.
pub fn sum_to(x: &Tensor, shape: &[usize]) -> Result<Tensor> {
    let lead = x.rank() - shape.len();
    let mut dims: Vec<usize> = (0..lead).collect();
    dims.extend(
        (0..shape.len())
            .filter(|&i| shape[i] == 1 && x.dims()[lead + i] != 1)
            .map(|i| lead + i),
    );
    let summed = if dims.is_empty() {
        x.clone()
    } else {
        x.sum_keepdim(dims)?
    };
    summed.reshape(shape)
}
