/// cos/sin of the rotary angles, [len(positions), dim / 2], computed in f64.
pub fn rope_tables(positions: &Tensor, dim: usize, theta: f64) -> Result<(Tensor, Tensor)> {
    let inv_freq: Vec<f64> = (0..dim)
        .step_by(2)
        .map(|i| 1.0 / theta.powf(i as f64 / dim as f64))
        .collect();
    let inv_freq = Tensor::new(inv_freq, positions.device())?;
    let angles = positions
        .to_dtype(DType::F64)?
        .unsqueeze(1)?
        .broadcast_mul(&inv_freq.unsqueeze(0)?)?;
    Ok((
        angles.cos()?.to_dtype(DType::F32)?,
        angles.sin()?.to_dtype(DType::F32)?,
    ))
}
