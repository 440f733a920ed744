//! The model: one module per block kind.
mod loss;
mod res_block;
mod u_net;

pub use loss::loss_fn;
pub use res_block::ResBlock;
pub use u_net::UNet;

// StableDiffusion (tiny): the sizes the code is built with
pub const CHANNELS: usize = 4;
pub const BASE: usize = 16;
pub const MULTS: [usize; 3] = [1, 2, 4];
pub const GROUPS: usize = 4;
