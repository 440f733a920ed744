/// burn-nn's Linear from the checkpoint's `weight` ([out, in], held transposed as Burn's
/// [in, out]) and optional `bias`.
pub fn load_linear(vb: Weights, d_input: usize, d_output: usize, bias: bool) -> Result<Linear> {
    Ok(Linear {
        weight: vb.param_t("weight", [d_input, d_output])?,
        bias: if bias { Some(vb.param("bias", [d_output])?) } else { None },
    })
}
