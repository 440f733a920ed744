/// Exact GELU, x·Φ(x), from Meganeura's element-wise ops (its own `gelu` is the tanh form):
/// gelu(x) = relu(x) - |x|·Φ(-|x|), where Φ(-a) = erfc(a/√2)/2 by Abramowitz & Stegun 7.1.26
/// (|error| ≤ 1.5e-7), written in u = 1/(a + √2/p) so that no op scales by a constant but one:
/// Φ(-a) = exp(-x²/2 + ln c)·u·(b1 + u·(b2 + u·(b3 + u·(b4 + u)))).
fn gelu_erf(g: &mut Graph, x: NodeId) -> NodeId {
    const P: f64 = 0.3275911;
    const A: [f64; 5] = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429];
    let c0 = std::f64::consts::SQRT_2 / P;
    let c = 0.5 * A[4] * c0.powi(5); // Φ(-a) = c·u⁵ + ... with t = c0·u
    let shape = g.node(x).ty.shape.clone();
    let cols = *shape.last().expect("a tensor");
    let rows = shape.iter().product::<usize>() / cols;
    let x2 = if shape.len() == 2 { x } else { g.reshape(x, &[rows, cols]) };
    let row = |g: &mut Graph, value: f64| g.constant(vec![value as f32; cols], &[cols]);
    let a = g.abs(x2);
    let shift = row(g, c0);
    let shifted = g.bias_add(a, shift);
    let u = g.recip(shifted);
    let mut poly = u;
    for k in (0..4).rev() {
        let b = row(g, 0.5 * A[k] * c0.powi(k as i32 + 1) / c);
        let sum = g.bias_add(poly, b);
        poly = g.mul(sum, u);
    }
    let square = g.mul(x2, x2);
    let minus_half = g.constant(vec![-0.5; rows], &[rows, 1]);
    let minus_half = g.broadcast_inner(minus_half, cols);
    let exponent = g.mul(square, minus_half);
    let ln_c = row(g, c.ln());
    let exponent = g.bias_add(exponent, ln_c);
    let gauss = g.exp(exponent);
    let tail = g.mul(gauss, poly); // Φ(-|x|)
    let cut = g.mul(a, tail);
    let cut = g.neg(cut);
    let positive = g.relu(x2);
    let y = g.add(positive, cut);
    if shape.len() == 2 {
        y
    } else {
        g.reshape(y, &shape)
    }
}
