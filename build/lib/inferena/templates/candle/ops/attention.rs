/// Scaled dot-product attention over q [B, Hq, S, D] and k, v [B, Hk, T, D]. Query head h
/// reads key/value head h / (Hq / Hk) (grouped-query attention, k and v are not copied).
/// `mask` (broadcast to [B, Hq, S, T]) is 1 where attending is allowed.
pub fn attention(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
    causal: bool,
    scale: f64,
) -> Result<Tensor> {
    let (b, hq, s, d) = q.dims4()?;
    let (_, hk, t, _) = k.dims4()?;
    let group = hq / hk;
    let q = (q * scale)?; // scaled before the product: one [.., S, T] tensor fewer kept for backward
    let scores = q.reshape((b, hk, group * s, d))?.matmul(&k.t()?)?;
    let mut scores = scores.reshape((b, hk, group, s, t))?;
    let blocked = scalar(f64::NEG_INFINITY, &scores)?;
    if let Some(mask) = mask {
        let mask = mask
            .broadcast_as((b, hq, s, t))?
            .reshape((b, hk, group, s, t))?;
        scores = where_cond(&mask, &scores, &blocked)?;
    }
    if causal {
        scores = where_cond(&causal_mask(s, t, 0, q.device())?, &scores, &blocked)?;
    }
    let probs = softmax(&scores, D::Minus1)?.reshape((b, hk, group * s, t))?;
    probs
        .matmul(&v.contiguous()?)?
        .reshape((b, hq, s, v.dim(3)?))
}
