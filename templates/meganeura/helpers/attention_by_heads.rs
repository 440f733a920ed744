/// Multi-head attention from matmuls and a softmax, one head at a time (Meganeura's attention
/// kernels take a power-of-two head dim): q [S, H·D], k and v [T, Hk·D] (query head h reads
/// key/value head h / (H / Hk)) → [S, H·D]; `causal`: query i sees keys 0..=i.
fn attention_by_heads(
    g: &mut Graph,
    [q, k, v]: [NodeId; 3],
    [heads, kv_heads, head_dim]: [usize; 3],
    scale: f32,
    causal: bool,
) -> NodeId {
    let (s, t) = (g.node(q).ty.shape[0], g.node(k).ty.shape[0]);
    // head h of x [rows, count·D]: its columns, cut from the flat [rows, count, D] buffer
    let head = |g: &mut Graph, x: NodeId, count: usize, h: usize| {
        let rows = g.node(x).ty.shape[0];
        let mut part = g.reshape(x, &[rows * count * head_dim]);
        let (before, after) = ((h * head_dim) as u32, ((count - h - 1) * head_dim) as u32);
        if before > 0 {
            part = g.split_b(part, rows as u32, before, head_dim as u32 + after, 1);
        }
        if after > 0 {
            part = g.split_a(part, rows as u32, head_dim as u32, after, 1);
        }
        g.reshape(part, &[rows, head_dim])
    };
    let scale = g.constant(vec![scale; s], &[s, 1]);
    let scale = g.broadcast_inner(scale, t);
    let mask = causal.then(|| {
        let data = (0..s).flat_map(|i| (0..t).map(move |j| if j > i { -1e30 } else { 0.0 })).collect();
        g.constant(data, &[s, t])
    });
    let mut out = None;
    for h in 0..heads {
        let kv = h / (heads / kv_heads);
        let qh = head(g, q, heads, h);
        let kh = head(g, k, kv_heads, kv);
        let vh = head(g, v, kv_heads, kv);
        let scores = g.matmul_bt(qh, kh);
        let mut scores = g.mul(scores, scale);
        if let Some(mask) = mask {
            scores = g.add(scores, mask);
        }
        let weights = g.softmax(scores);
        let oh = g.matmul(weights, vh);
        let oh = g.reshape(oh, &[s * head_dim]);
        out = Some(match out {
            None => oh,
            Some(o) => g.concat(o, oh, s as u32, (h * head_dim) as u32, head_dim as u32, 1),
        });
    }
    g.reshape(out.expect("a head"), &[s, heads * head_dim])
}
