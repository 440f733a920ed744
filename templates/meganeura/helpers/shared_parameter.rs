/// A parameter read by more than one block (tied weights): one node, made by whichever block
/// reads it first.
fn shared_parameter(g: &mut Graph, name: &str, shape: &[usize]) -> NodeId {
    let found = g.nodes().iter().find(|n| matches!(&n.op, Op::Parameter { name: m } if m == name));
    match found {
        Some(node) => node.id,
        None => g.parameter(name, shape),
    }
}
