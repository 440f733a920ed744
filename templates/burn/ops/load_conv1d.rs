/// burn-nn's Conv1d from the checkpoint's `weight` ([out, in / groups, k], as Burn's) and
/// optional `bias`.
#[allow(clippy::too_many_arguments)]
pub fn load_conv1d(
    vb: Weights,
    channels: [usize; 2],
    kernel_size: usize,
    stride: usize,
    padding: usize,
    dilation: usize,
    groups: usize,
    bias: bool,
) -> Result<Conv1d> {
    let shape = [channels[1], channels[0] / groups, kernel_size];
    Ok(Conv1d {
        weight: vb.param("weight", shape)?,
        bias: if bias { Some(vb.param("bias", [channels[1]])?) } else { None },
        stride,
        kernel_size,
        dilation,
        groups,
        padding: PaddingConfig1d::Explicit(padding, padding),
    })
}
