/// d(sum(max_pool2d(x) * grad)) / dx, through Burn's autodiff of max_pool2d.
pub fn max_pool2d_backward(
    grad: Tensor<4>,
    x: Tensor<4>,
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
) -> Tensor<4> {
    let tracked = grad.is_autodiff();
    let x = x.detach().autodiff().require_grad();
    let options = MaxPoolOptions::new(kernel).with_stride(stride).with_padding(padding);
    let y = max_pool2d(x.clone(), options);
    let grads = (y * grad.detach().autodiff()).sum().backward();
    let g = x.grad(&grads).expect("the input's gradient");
    if tracked { g.autodiff() } else { g }
}
