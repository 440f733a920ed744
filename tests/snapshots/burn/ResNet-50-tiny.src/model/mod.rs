//! The model: one module per block kind.
mod bottleneck;
mod loss;
mod res_net;

pub use bottleneck::Bottleneck;
pub use loss::loss_fn;
pub use res_net::ResNet;
