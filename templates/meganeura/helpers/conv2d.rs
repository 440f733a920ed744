/// A convolution under `p` of a flat NCHW image [n, c, h, w]: its kernel [out, c, kh, kw] (flat,
/// as Meganeura's conv2d takes it), one stride, padding [ph, pw], the bias added per channel.
#[allow(clippy::too_many_arguments)]
fn conv2d(
    g: &mut Graph,
    p: &str,
    x: NodeId,
    [n, c, h, w]: [u32; 4],
    [out, kh, kw]: [u32; 3],
    stride: u32,
    [ph, pw]: [u32; 2],
    bias: bool,
) -> NodeId {
    let weight = g.parameter(&format!("{p}.weight"), &[(out * c * kh * kw) as usize]);
    let y = g.conv2d_hw(x, weight, n, c, h, w, out, kh, kw, stride, ph, pw);
    if !bias {
        return y;
    }
    let bias = g.parameter(&format!("{p}.bias"), &[out as usize]);
    let spatial = ((h + 2 * ph - kh) / stride + 1) * ((w + 2 * pw - kw) / stride + 1);
    g.add_per_channel(y, bias, out, spatial)
}
