/// RMSNorm over the last axis with scale `weight` (not a layer's: the IR's own).
pub fn rms_norm<const D: usize>(x: Tensor<D>, weight: Tensor<1>, eps: f64) -> Tensor<D> {
    let rms = (x.clone().square().mean_dim(D - 1) + eps).sqrt();
    x / rms * weight.unsqueeze()
}
