/// burn-nn's RmsNorm: the checkpoint's `weight` is its `gamma`.
pub fn load_rms_norm(vb: Weights, d_model: usize, epsilon: f64) -> Result<RmsNorm> {
    Ok(RmsNorm {
        gamma: vb.param("weight", [d_model])?,
        epsilon,
    })
}
