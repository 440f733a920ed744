/// Nearest-neighbour upsampling of [N, C, H, W] by an integer factor (Burn's interpolate).
pub fn upsample_nearest(x: Tensor<4>, scale: usize) -> Tensor<4> {
    let [_, _, h, w] = x.dims();
    let options = InterpolateOptions::new(InterpolateMode::Nearest).with_output_size([h * scale, w * scale]);
    interpolate(x, options)
}
