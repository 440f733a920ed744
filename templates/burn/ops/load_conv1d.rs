/// burn-nn's Conv1d for `config` from the checkpoint's `weight` ([out, in / groups, k], as
/// Burn's) and `bias`.
pub fn load_conv1d(vb: Weights, config: Conv1dConfig) -> Result<Conv1d> {
    let shape = [config.channels_out, config.channels_in / config.groups, config.kernel_size];
    Ok(Conv1d {
        weight: vb.param("weight", shape)?,
        bias: if config.bias { Some(vb.param("bias", [config.channels_out])?) } else { None },
        stride: config.stride,
        kernel_size: config.kernel_size,
        dilation: config.dilation,
        groups: config.groups,
        padding: config.padding,
    })
}
