//! test
//!
//! One function per block kind; a block reads its parameters by checkpoint name under its path
//! `p`. Sizes that differ between a kind's instances are its type parameters.
#![allow(unused_imports)] // a model names the helpers its ops need
use luminal::prelude::*;

use crate::ops::*;

// StableDiffusion (tiny): the sizes the code is built with
pub const CHANNELS: usize = 4;
pub const BASE: usize = 16;
pub const MULTS: [usize; 3] = [1, 2, 4];
pub const GROUPS: usize = 4;
pub const SIZE: usize = 8;
pub const BATCH: usize = 2;

/// ResBlock: `encoder_blocks.0` in the checkpoint, and the blocks like it.
pub fn res_block<Batch: Dimension, Channels: Dimension, Height: Dimension>(
    n: &mut Net,
    p: &str,
    h: GraphTensor<(Batch, Channels, Height, Height)>,
) -> GraphTensor<(Batch, Channels, Height, Height)> {
    let h2 = group_norm(
        h,
        n.param::<(Channels,)>(&format!("{p}.norm1.weight")),
        n.param::<(Channels,)>(&format!("{p}.norm1.bias")),
        GROUPS,
        1e-05,
    );
    let h2 = h2.swish();
    let h2 = conv2d::<(Batch, Channels, Height, Height)>(
        h2,
        n.param::<(Channels, Channels, Const<3>, Const<3>)>(&format!("{p}.conv1.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let h2 = group_norm(
        h2,
        n.param::<(Channels,)>(&format!("{p}.norm2.weight")),
        n.param::<(Channels,)>(&format!("{p}.norm2.bias")),
        GROUPS,
        1e-05,
    );
    let h2 = h2.swish();
    let h2 = conv2d::<(Batch, Channels, Height, Height)>(
        h2,
        n.param::<(Channels, Channels, Const<3>, Const<3>)>(&format!("{p}.conv2.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    h2 + h
}

/// ResBlock2: `encoder_blocks.1` in the checkpoint, and the blocks like it.
pub fn res_block_2<Batch: Dimension, Channels: Dimension, Height: Dimension, Out: Dimension>(
    n: &mut Net,
    p: &str,
    h: GraphTensor<(Batch, Channels, Height, Height)>,
) -> GraphTensor<(Batch, Out, Height, Height)> {
    let h2 = group_norm(
        h,
        n.param::<(Channels,)>(&format!("{p}.norm1.weight")),
        n.param::<(Channels,)>(&format!("{p}.norm1.bias")),
        GROUPS,
        1e-05,
    );
    let h2 = h2.swish();
    let h2 = conv2d::<(Batch, Out, Height, Height)>(
        h2,
        n.param::<(Out, Channels, Const<3>, Const<3>)>(&format!("{p}.conv1.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let h2 = group_norm(
        h2,
        n.param::<(Out,)>(&format!("{p}.norm2.weight")),
        n.param::<(Out,)>(&format!("{p}.norm2.bias")),
        GROUPS,
        1e-05,
    );
    let h2 = h2.swish();
    let h2 = conv2d::<(Batch, Out, Height, Height)>(
        h2,
        n.param::<(Out, Out, Const<3>, Const<3>)>(&format!("{p}.conv2.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let skip = conv2d::<(Batch, Out, Height, Height)>(
        h,
        n.param::<(Out, Channels, Const<1>, Const<1>)>(&format!("{p}.res_conv.weight")),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    h2 + skip
}

/// UNet: the model.
pub fn u_net<Batch: Dimension>(
    n: &mut Net,
    noisy_latent: GraphTensor<(Batch, Const<CHANNELS>, Const<SIZE>, Const<SIZE>)>,
) -> GraphTensor<(Batch, Const<CHANNELS>, Const<8>, Const<8>)> {
    let h = conv2d::<(Batch, Const<BASE>, Const<8>, Const<8>)>(
        noisy_latent,
        n.param::<R4<BASE, CHANNELS, 3, 3>>("conv_in.weight"),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let out = res_block(n, "encoder_blocks.0", h);
    let h = conv2d::<(Batch, Const<{ BASE * MULTS[0] }>, Const<4>, Const<4>)>(
        out,
        n.param::<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>("downsamples.0.weight"),
        [2, 2],
        [1, 1],
        [1, 1],
        1,
    );
    let out2 = res_block_2::<Batch, Const<16>, Const<4>, Const<32>>(n, "encoder_blocks.1", h);
    let h = conv2d::<(Batch, Const<{ BASE * MULTS[1] }>, Const<2>, Const<2>)>(
        out2,
        n.param::<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>("downsamples.1.weight"),
        [2, 2],
        [1, 1],
        [1, 1],
        1,
    );
    let out3 = res_block_2::<Batch, Const<32>, Const<2>, Const<64>>(n, "encoder_blocks.2", h);
    let out4 = res_block(n, "middle", out3);
    let h = out4.concat_along::<(Batch, Const<128>, Const<2>, Const<2>), Axis<1>, _>(out3);
    let out3 = res_block_2::<Batch, Const<128>, Const<2>, Const<64>>(n, "decoder_blocks.0", h);
    let h = upsample_nearest::<(Batch, Const<{ BASE * MULTS[2] }>, Const<4>, Const<4>)>(out3, 2);
    let h = h.concat_along::<(Batch, Const<96>, Const<4>, Const<4>), Axis<1>, _>(out2);
    let out2 = res_block_2::<Batch, Const<96>, Const<4>, Const<32>>(n, "decoder_blocks.1", h);
    let h = upsample_nearest::<(Batch, Const<{ BASE * MULTS[1] }>, Const<8>, Const<8>)>(out2, 2);
    let h = h.concat_along::<(Batch, Const<48>, Const<8>, Const<8>), Axis<1>, _>(out);
    let out = res_block_2::<Batch, Const<48>, Const<8>, Const<16>>(n, "decoder_blocks.2", h);
    let h = group_norm(
        out,
        n.param::<R1<{ BASE * MULTS[0] }>>("norm_out.weight"),
        n.param::<R1<{ BASE * MULTS[0] }>>("norm_out.bias"),
        GROUPS,
        1e-05,
    );
    let h = h.swish();
    conv2d::<(Batch, Const<CHANNELS>, Const<8>, Const<8>)>(
        h,
        n.param::<R4<CHANNELS, { BASE * MULTS[0] }, 3, 3>>("conv_out.weight"),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    )
}
