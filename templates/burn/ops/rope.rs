/// Rotary embedding, half-split pairing (d with d + D/2) as the checkpoint's attention is
/// trained; Burn's RotaryEncoding pairs interleaved dims, so this is narrow + cat. cos and sin
/// are [S, D/2].
pub fn rope<const D: usize>(x: Tensor<D>, cos: Tensor<2>, sin: Tensor<2>) -> Tensor<D> {
    let half = x.dims()[D - 1] / 2;
    let x1 = x.clone().narrow(D - 1, 0, half);
    let x2 = x.narrow(D - 1, half, half);
    let (cos, sin): (Tensor<D>, Tensor<D>) = (cos.unsqueeze(), sin.unsqueeze());
    let rotated_1 = x1.clone() * cos.clone() - x2.clone() * sin.clone();
    let rotated_2 = x2 * cos + x1 * sin;
    Tensor::cat(vec![rotated_1, rotated_2], D - 1)
}
