//! The model: one module per block kind.
mod loss;
mod res_block;
mod res_block_2;
mod u_net;

pub use loss::loss_fn;
pub use res_block::ResBlock;
pub use res_block_2::ResBlock2;
pub use u_net::UNet;
