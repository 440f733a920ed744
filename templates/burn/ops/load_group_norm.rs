/// burn-nn's GroupNorm (affine): the checkpoint's `weight` and `bias` are its `gamma` and `beta`.
pub fn load_group_norm(vb: Weights, num_groups: usize, num_channels: usize, epsilon: f64) -> Result<GroupNorm> {
    Ok(GroupNorm {
        gamma: Some(vb.param("weight", [num_channels])?),
        beta: Some(vb.param("bias", [num_channels])?),
        num_groups,
        num_channels,
        epsilon,
        affine: true,
    })
}
