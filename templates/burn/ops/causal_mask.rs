/// True where query i may attend key j (j <= i + offset), [q_len, k_len].
pub fn causal_mask(q_len: usize, k_len: usize, offset: i64, device: &Device) -> Tensor<2, Bool> {
    let mask: Vec<bool> = (0..q_len as i64)
        .flat_map(|i| (0..k_len as i64).map(move |j| j <= i + offset))
        .collect();
    Tensor::from_data(TensorData::new(mask, [q_len, k_len]), device)
}
