/// A linear layer under `p`: x · weightᵀ (+ bias), its weight [out, in] as the checkpoint has it.
fn linear(g: &mut Graph, p: &str, x: NodeId, [out_features, in_features]: [usize; 2], bias: bool) -> NodeId {
    let weight = g.parameter(&format!("{p}.weight"), &[out_features, in_features]);
    let y = g.matmul_bt(x, weight);
    if !bias {
        return y;
    }
    let bias = g.parameter(&format!("{p}.bias"), &[out_features]);
    g.bias_add(y, bias)
}
