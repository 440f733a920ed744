/// `cond ? on_true : on_false`, broadcast to one shape (Burn's mask_where wants one shape).
pub fn where_cond<const D: usize>(cond: Tensor<D, Bool>, on_true: Tensor<D>, on_false: Tensor<D>) -> Tensor<D> {
    let shape: [usize; D] = std::array::from_fn(|i| {
        cond.dims()[i].max(on_true.dims()[i]).max(on_false.dims()[i])
    });
    on_false.expand(shape).mask_where(cond.expand(shape), on_true.expand(shape))
}
