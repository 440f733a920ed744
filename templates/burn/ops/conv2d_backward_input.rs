/// d(sum(conv2d(x, weight) * grad)) / dx for x of [N, C, input_size], through Burn's autodiff
/// (conv2d is linear in x: exact).
pub fn conv2d_backward_input(
    grad: Tensor<4>,
    weight: Tensor<4>,
    input_size: [usize; 2],
    options: ConvOptions<2>,
) -> Tensor<4> {
    let tracked = grad.is_autodiff();
    let device = grad.device().autodiff();
    let [n, _, _, _] = grad.dims();
    let [_, c, _, _] = weight.dims();
    let shape = [n, c * options.groups, input_size[0], input_size[1]];
    let x = Tensor::<4>::zeros(shape, &device).require_grad();
    let y = conv2d(x.clone(), weight.detach().autodiff(), None, options);
    let grads = (y * grad.detach().autodiff()).sum().backward();
    let g = x.grad(&grads).expect("the input's gradient");
    if tracked { g.autodiff() } else { g }
}
