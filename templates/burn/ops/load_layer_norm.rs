/// burn-nn's LayerNorm: the checkpoint's `weight` and `bias` are its `gamma` and `beta`.
pub fn load_layer_norm(vb: Weights, d_model: usize, epsilon: f64, bias: bool) -> Result<LayerNorm> {
    let mut norm = LayerNormConfig::new(d_model)
        .with_epsilon(epsilon)
        .with_bias(bias)
        .init(vb.device());
    norm.gamma = vb.param("weight", [d_model])?;
    norm.beta = if bias { Some(vb.param("bias", [d_model])?) } else { None };
    Ok(norm)
}
