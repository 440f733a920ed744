/// burn-nn's LayerNorm for `config`: the checkpoint's `weight` and `bias` are its `gamma` and
/// `beta` (its epsilon is private: the layer is made by the config, then loaded).
pub fn load_layer_norm(vb: Weights, config: LayerNormConfig) -> Result<LayerNorm> {
    let mut norm = config.init(vb.device());
    norm.gamma = vb.param("weight", [config.d_model])?;
    norm.beta = if config.bias { Some(vb.param("bias", [config.d_model])?) } else { None };
    Ok(norm)
}
