/// `cond ? value : on_false`, cond broadcast to on_false's shape or the other way round.
pub fn where_scalar<const D: usize>(cond: Tensor<D, Bool>, value: f64, on_false: Tensor<D>) -> Tensor<D> {
    let shape: [usize; D] = std::array::from_fn(|i| cond.dims()[i].max(on_false.dims()[i]));
    on_false.expand(shape).mask_fill(cond.expand(shape), value)
}
