//! The model: one module per block kind.
mod loss;
mod res_block;
mod u_net;

pub use loss::loss_fn;
pub use res_block::ResBlock;
pub use u_net::UNet;
