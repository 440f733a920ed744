/// d(sum(conv2d(x, w) * grad)) / dw for a kernel of `kernel` size: Burn's conv2d_weight_backward.
pub fn conv2d_backward_weight(
    x: Tensor<4>,
    grad: Tensor<4>,
    kernel: [usize; 2],
    options: ConvOptions<2>,
) -> Tensor<4> {
    let [_, c, _, _] = x.dims();
    let [_, o, _, _] = grad.dims();
    let weight = Tensor::<4>::zeros([o, c / options.groups, kernel[0], kernel[1]], &x.device());
    conv2d_weight_backward(x, weight, grad, options)
}
