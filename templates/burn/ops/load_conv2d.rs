/// burn-nn's Conv2d for `config` from the checkpoint's `weight` ([out, in / groups, kh, kw], as
/// Burn's) and `bias`.
pub fn load_conv2d(vb: Weights, config: Conv2dConfig) -> Result<Conv2d> {
    let [channels_in, channels_out] = config.channels;
    let [kh, kw] = config.kernel_size;
    Ok(Conv2d {
        weight: vb.param("weight", [channels_out, channels_in / config.groups, kh, kw])?,
        bias: if config.bias { Some(vb.param("bias", [channels_out])?) } else { None },
        stride: config.stride,
        kernel_size: config.kernel_size,
        dilation: config.dilation,
        groups: config.groups,
        padding: config.padding,
    })
}
