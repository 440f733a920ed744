/// burn-nn's Conv2d from the checkpoint's `weight` ([out, in / groups, kh, kw], as Burn's) and
/// optional `bias`.
#[allow(clippy::too_many_arguments)]
pub fn load_conv2d(
    vb: Weights,
    channels: [usize; 2],
    kernel_size: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
    dilation: [usize; 2],
    groups: usize,
    bias: bool,
) -> Result<Conv2d> {
    let shape = [channels[1], channels[0] / groups, kernel_size[0], kernel_size[1]];
    Ok(Conv2d {
        weight: vb.param("weight", shape)?,
        bias: if bias { Some(vb.param("bias", [channels[1]])?) } else { None },
        stride,
        kernel_size,
        dilation,
        groups,
        padding: PaddingConfig2d::Explicit(padding[0], padding[1], padding[0], padding[1]),
    })
}
