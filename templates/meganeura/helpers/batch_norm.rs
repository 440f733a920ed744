/// Batch norm under `p` with its stored statistics, on a flat NCHW image ([n, c, h * w]): a
/// per-channel scale and shift computed in the graph, scale = weight / sqrt(running_var + eps),
/// shift = bias - running_mean * scale.
fn batch_norm(g: &mut Graph, p: &str, x: NodeId, [n, c, spatial]: [usize; 3], eps: f32) -> NodeId {
    let [weight, bias, mean, var] =
        ["weight", "bias", "running_mean", "running_var"].map(|name| g.parameter(&format!("{p}.{name}"), &[c]));
    let eps = g.constant(vec![eps; c], &[c]);
    let shifted = g.add(var, eps);
    let log_var = g.log(shifted);
    let minus_half = g.constant(vec![-0.5; c], &[c]);
    let half_log_var = g.mul(log_var, minus_half);
    let rsqrt = g.exp(half_log_var);
    let scale = g.mul(weight, rsqrt);
    let mean_scaled = g.mul(mean, scale);
    let mean_scaled = g.neg(mean_scaled);
    let shift = g.add(bias, mean_scaled);
    // Meganeura's mul_per_channel reads its gate per (image, channel): the scale once per image
    let ones = g.constant(vec![1.0; n], &[n, 1]);
    let row = g.reshape(scale, &[1, c]);
    let tiled = g.matmul(ones, row);
    let gate = g.reshape(tiled, &[n * c]);
    let scaled = g.mul_per_channel(x, gate, c as u32, spatial as u32);
    g.add_per_channel(scaled, shift, c as u32, spatial as u32)
}
