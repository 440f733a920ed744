/// The gradient of max_pool_2d (k×k windows, one stride and padding) of a flat NCHW image
/// [n, c, h, w], `grad` that of its output: each output's gradient to the first maximum of its
/// window (row-major), as PyTorch's is (Meganeura's own MaxPool2d backward spreads it evenly).
/// Composed from Meganeura's convolutions with each channel an image of its own: for each
/// position in the window a one-hot kernel picks that input of every window (conv2d); where it
/// is the window's maximum and no earlier position was, the output's gradient goes back through
/// the same kernel (conv2d_grad_input).
#[allow(clippy::too_many_arguments)]
fn max_pool_2d_backward(
    g: &mut Graph,
    grad: NodeId,
    x: NodeId,
    [n, c, h, w]: [u32; 4],
    k: u32,
    stride: u32,
    pad: u32,
) -> NodeId {
    let planes = n * c;
    let (oh, ow) = ((h + 2 * pad - k) / stride + 1, (w + 2 * pad - k) / stride + 1);
    let (rows, cols) = ((planes * oh) as usize, ow as usize);
    let max = g.max_pool_2d(x, n, c, h, w, k, k, stride, pad);
    let max = g.reshape(max, &[rows, cols]);
    let grad = g.reshape(grad, &[rows, cols]);
    let ones = g.constant(vec![1.0; cols], &[cols]);
    // 1 for the windows whose maximum no earlier position held
    let mut free = g.constant(vec![1.0; rows * cols], &[rows, cols]);
    let mut out = None;
    for di in 0..k {
        for dj in 0..k {
            let mut pick = vec![0.0; (k * k) as usize];
            pick[(di * k + dj) as usize] = 1.0;
            let kernel = g.constant(pick, &[(k * k) as usize]);
            let tap = g.conv2d_hw(x, kernel, planes, 1, h, w, 1, k, k, stride, pad, pad);
            let mut tap = g.reshape(tap, &[rows, cols]);
            // the padding (zeros here) never holds a window's maximum
            let inside = |at: u32, size: u32| at >= pad && at < size + pad;
            let padding: Vec<f32> = (0..oh)
                .flat_map(|i| (0..ow).map(move |j| (i * stride + di, j * stride + dj)))
                .map(|(r, s)| if inside(r, h) && inside(s, w) { 0.0 } else { -f32::MAX })
                .collect();
            if padding.iter().any(|&v| v != 0.0) {
                let padding = g.constant(padding.repeat(planes as usize), &[rows, cols]);
                tap = g.add(tap, padding);
            }
            let below = g.greater(max, tap);
            let below = g.neg(below);
            let at_max = g.bias_add(below, ones);
            let first = g.mul(at_max, free);
            let taken = g.neg(first);
            free = g.add(free, taken);
            let part = g.mul(grad, first);
            let part = g.reshape(part, &[rows * cols]);
            let part = g.conv2d_grad_input(part, kernel, planes, 1, h, w, 1, k, k, stride, pad, pad);
            out = Some(match out {
                None => part,
                Some(sum) => g.add(sum, part),
            });
        }
    }
    out.expect("a window")
}
