/// d(sum(embedding(w, ids) * grad)) / dw for a [num, D] table, through Burn's autodiff.
pub fn embedding_grad(grad: Tensor<3>, ids: Tensor<2, Int>, num: usize) -> Tensor<2> {
    let tracked = grad.is_autodiff();
    let device = grad.device().autodiff();
    let [_, _, d] = grad.dims();
    let w = Tensor::<2>::zeros([num, d], &device).require_grad();
    let y = embedding(w.clone(), ids);
    let grads = (y * grad.detach().autodiff()).sum().backward();
    let g = w.grad(&grads).expect("the embedding's gradient");
    if tracked { g.autodiff() } else { g }
}
