/// burn-nn's RmsNorm for `config`: the checkpoint's `weight` is its `gamma`.
pub fn load_rms_norm(vb: Weights, config: RmsNormConfig) -> Result<RmsNorm> {
    Ok(RmsNorm {
        gamma: vb.param("weight", [config.d_model])?,
        epsilon: config.epsilon,
    })
}
