/// `cond ? on_true : on_false` with broadcasting (Tensor::where_cond wants one shape).
pub fn where_cond(cond: &Tensor, on_true: &Tensor, on_false: &Tensor) -> Result<Tensor> {
    let shape = cond
        .shape()
        .broadcast_shape_binary_op(on_true.shape(), "where")?;
    let shape = shape.broadcast_shape_binary_op(on_false.shape(), "where")?;
    cond.broadcast_as(&shape)?.where_cond(
        &on_true.broadcast_as(&shape)?,
        &on_false.broadcast_as(&shape)?,
    )
}
