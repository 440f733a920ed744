/// burn-nn's BatchNorm in inference mode (running statistics, also while training: the IR's
/// batch_norm normalises with the stored statistics): `weight`/`bias` are `gamma`/`beta`.
pub fn load_batch_norm(vb: Weights, num_features: usize, epsilon: f64) -> Result<BatchNorm> {
    Ok(BatchNorm {
        gamma: vb.param("weight", [num_features])?,
        beta: vb.param("bias", [num_features])?,
        training: Param::from_bool(false),
        running_mean: RunningState::new(vb.buffer("running_mean", [num_features])?),
        running_var: RunningState::new(vb.buffer("running_var", [num_features])?),
        momentum: 0.1,
        epsilon,
    })
}
