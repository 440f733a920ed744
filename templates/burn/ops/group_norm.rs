/// GroupNorm over [N, C, ...] with per-channel scale and shift (not a layer's: the IR's own).
pub fn group_norm<const D: usize>(x: Tensor<D>, weight: Tensor<1>, bias: Tensor<1>, groups: usize, eps: f64) -> Tensor<D> {
    let dims = x.dims();
    let grouped = x.reshape([dims[0] as i64, groups as i64, -1]);
    let mean = grouped.clone().mean_dim(2);
    let centered = grouped - mean;
    let var = centered.clone().square().mean_dim(2);
    let normed = (centered / (var + eps).sqrt()).reshape(dims);
    let mut shape = [1; D];
    shape[1] = dims[1];
    normed * weight.reshape(shape) + bias.reshape(shape)
}
