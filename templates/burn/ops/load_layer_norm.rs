/// burn-nn's LayerNorm: the checkpoint's `weight` and `bias` are its `gamma` and `beta`.
pub fn load_layer_norm(vb: Weights, d_model: usize, epsilon: f64, bias: bool) -> Result<LayerNorm> {
    Ok(LayerNorm {
        gamma: vb.param("weight", [d_model])?,
        beta: if bias { Some(vb.param("bias", [d_model])?) } else { None },
        epsilon,
    })
}
