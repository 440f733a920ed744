/// burn-nn's GroupNorm for `config` (affine): the checkpoint's `weight` and `bias` are its
/// `gamma` and `beta`.
pub fn load_group_norm(vb: Weights, config: GroupNormConfig) -> Result<GroupNorm> {
    Ok(GroupNorm {
        gamma: Some(vb.param("weight", [config.num_channels])?),
        beta: Some(vb.param("bias", [config.num_channels])?),
        num_groups: config.num_groups,
        num_channels: config.num_channels,
        epsilon: config.epsilon,
        affine: true,
    })
}
