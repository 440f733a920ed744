/// conv1d. Candle's conv1d backward gives wrong gradients (candle-core 0.11.1 on the CPU), so
/// while gradients are recorded it runs as a conv2d over a height-1 image.
pub fn conv1d(
    x: &Tensor,
    weight: &Tensor,
    bias: Option<&Tensor>,
    stride: usize,
    padding: usize,
    dilation: usize,
    groups: usize,
) -> Result<Tensor> {
    if x.track_op() || weight.track_op() || bias.is_some_and(|b| b.track_op()) {
        let (x, weight) = (x.unsqueeze(2)?, weight.unsqueeze(2)?);
        let y = conv2d_per_axis(
            &x,
            &weight,
            bias,
            (1, stride),
            (0, padding),
            (1, dilation),
            groups,
        )?;
        return y.squeeze(2);
    }
    let y = x.conv1d(weight, padding, stride, dilation, groups)?;
    match bias {
        Some(bias) => y.broadcast_add(&bias.reshape((1, (), 1))?),
        None => Ok(y),
    }
}
