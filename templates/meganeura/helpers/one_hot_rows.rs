/// The [total, rows] matrix placing `rows` rows at `start` of `total` (a matmul by it).
fn one_hot_rows(g: &mut Graph, total: usize, start: usize, rows: usize) -> NodeId {
    let mut data = vec![0.0; total * rows];
    for r in 0..rows {
        data[(start + r) * rows + r] = 1.0;
    }
    g.constant(data, &[total, rows])
}
