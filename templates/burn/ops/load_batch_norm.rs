/// burn-nn's BatchNorm for `config`, in inference mode also while training (the IR's batch_norm
/// normalises with the stored statistics): `weight`/`bias` are `gamma`/`beta`, the running
/// statistics are buffers (no gradient).
pub fn load_batch_norm(vb: Weights, config: BatchNormConfig) -> Result<BatchNorm> {
    let n = config.num_features;
    Ok(BatchNorm {
        gamma: vb.param("weight", [n])?,
        beta: vb.param("bias", [n])?,
        training: Param::from_bool(false),
        running_mean: RunningState::new(vb.buffer("running_mean", [n])?),
        running_var: RunningState::new(vb.buffer("running_var", [n])?),
        momentum: config.momentum,
        epsilon: config.epsilon,
    })
}
