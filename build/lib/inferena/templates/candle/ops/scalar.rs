/// A scalar tensor of `like`'s dtype and device.
pub fn scalar(value: f64, like: &Tensor) -> Result<Tensor> {
    Tensor::new(value, like.device())?.to_dtype(like.dtype())
}
