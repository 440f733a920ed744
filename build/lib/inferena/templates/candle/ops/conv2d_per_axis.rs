/// conv2d with a padding, stride and dilation per axis (Candle's conv2d takes one of each).
/// While gradients are recorded it runs as `conv2d_cols` (groups 1), else on an input padded
/// and cropped to the rows and columns the kernel reads, since Candle's conv2d backward sizes
/// both axes from the height alone.
pub fn conv2d_per_axis(
    x: &Tensor,
    weight: &Tensor,
    bias: Option<&Tensor>,
    stride: (usize, usize),
    padding: (usize, usize),
    dilation: (usize, usize),
    groups: usize,
) -> Result<Tensor> {
    let tracked = x.track_op() || weight.track_op();
    if tracked && groups == 1 {
        return conv2d_cols(x, weight, bias, stride, padding, dilation);
    }
    let (weight, dilation) = if dilation.0 == dilation.1 {
        (weight.clone(), dilation.0)
    } else {
        (dilate(&dilate(weight, 2, dilation.0)?, 3, dilation.1)?, 1)
    };
    let (_, _, kh, kw) = weight.dims4()?;
    let step = if stride.0 == stride.1 { stride.0 } else { 1 };
    let (x, pad) = if padding.0 == padding.1 && !tracked {
        (x.clone(), padding.0)
    } else {
        let x = x
            .pad_with_zeros(2, padding.0, padding.0)?
            .pad_with_zeros(3, padding.1, padding.1)?;
        let (_, _, h, w) = x.dims4()?;
        let reach = |size: usize, k: usize, s: usize| {
            (size - ((k - 1) * dilation + 1)) / s * s + (k - 1) * dilation + 1
        };
        let x = x
            .narrow(2, 0, reach(h, kh, step))?
            .narrow(3, 0, reach(w, kw, step))?;
        (x, 0)
    };
    let mut y = x.conv2d(&weight, pad, step, dilation, groups)?;
    if stride.0 != stride.1 {
        y = every(&every(&y, 2, stride.0)?, 3, stride.1)?;
    }
    match bias {
        Some(bias) => y.broadcast_add(&bias.reshape((1, (), 1, 1))?),
        None => Ok(y),
    }
}
