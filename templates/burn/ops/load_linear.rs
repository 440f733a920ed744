/// burn-nn's Linear for `config` from the checkpoint's `weight` ([out, in]: held transposed, as
/// Burn's [in, out]) and `bias`.
pub fn load_linear(vb: Weights, config: LinearConfig) -> Result<Linear> {
    Ok(Linear {
        weight: vb.param_t("weight", [config.d_input, config.d_output])?,
        bias: if config.bias { Some(vb.param("bias", [config.d_output])?) } else { None },
    })
}
