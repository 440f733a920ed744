/// cos/sin of the rotary angles, [len(positions), dim / 2], computed in f64.
pub fn rope_tables(positions: Tensor<1, Int>, dim: usize, theta: f64) -> (Tensor<2>, Tensor<2>) {
    let device = positions.device();
    let positions: Vec<i64> = positions.into_data().convert::<i64>().try_into_vec().unwrap();
    let half = dim / 2;
    let (mut cos, mut sin) = (Vec::new(), Vec::new());
    for &p in &positions {
        for i in 0..half {
            let angle = p as f64 / theta.powf((2 * i) as f64 / dim as f64);
            cos.push(angle.cos() as f32);
            sin.push(angle.sin() as f32);
        }
    }
    let shape = [positions.len(), half];
    (
        Tensor::from_data(TensorData::new(cos, shape), &device),
        Tensor::from_data(TensorData::new(sin, shape), &device),
    )
}
