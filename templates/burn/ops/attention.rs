/// Scaled dot-product attention through Burn's `module::attention`, over q [B, Hq, S, D] and
/// k, v [B, Hk, T, D]. Burn's has no grouped-query heads, so k and v are expanded to the query
/// heads (query head h reads key/value head h / (Hq / Hk)); its mask is true where attending is
/// *not* allowed, the IR's (`allowed`, broadcast to [B, Hq, S, T]) the opposite; and its causal
/// option aligns the diagonal bottom-right where S != T, the IR's top-left (j <= i), so the causal
/// mask is passed as a mask. No scale: Burn's default, 1/sqrt(D).
pub fn attention(
    q: Tensor<4>,
    k: Tensor<4>,
    v: Tensor<4>,
    allowed: Option<Tensor<4, Bool>>,
    causal: bool,
    scale: Option<f64>,
) -> Tensor<4> {
    let [b, hq, s, _] = q.dims();
    let [_, hk, t, _] = k.dims();
    let heads = |x: Tensor<4>| -> Tensor<4> {
        if hq == hk {
            return x;
        }
        let [_, _, t, d] = x.dims();
        x.unsqueeze_dim::<5>(2)
            .expand([b, hk, hq / hk, t, d])
            .reshape([b, hq, t, d])
    };
    let causal = causal.then(|| causal_mask(s, t, 0, &q.device()).unsqueeze::<4>());
    let allowed = match (allowed, causal) {
        (Some(m), Some(c)) => Some(m.expand([b, hq, s, t]).bool_and(c.expand([b, hq, s, t]))),
        (m, c) => m.or(c),
    };
    let mask = allowed.map(|m| m.expand([b, hq, s, t]).bool_not());
    let options = AttentionModuleOptions {
        scale,
        softcap: None,
        is_causal: false,
    };
    module::attention(q, heads(k), heads(v), mask, None, options)
}
