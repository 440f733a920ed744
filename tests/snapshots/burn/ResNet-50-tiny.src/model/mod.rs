//! The model: one module per block kind.
mod bottleneck;
mod loss;
mod res_net;

pub use bottleneck::Bottleneck;
pub use loss::loss_fn;
pub use res_net::ResNet;

// ResNet-50 (tiny): the sizes the code is built with
pub const PLANES: [usize; 4] = [64, 128, 256, 512];
pub const WIDTH_PER_GROUP: usize = 8;
pub const EXPANSION: usize = 4;
pub const STEM: usize = 64;
pub const CLASSES: usize = 10;
