/// 1 where query i may attend key j (j <= i + offset), [q_len, k_len].
pub fn causal_mask(q_len: usize, k_len: usize, offset: i64, device: &Device) -> Result<Tensor> {
    let mask: Vec<u8> = (0..q_len as i64)
        .flat_map(|i| (0..k_len as i64).map(move |j| u8::from(j <= i + offset)))
        .collect();
    Tensor::from_vec(mask, (q_len, k_len), device)
}
