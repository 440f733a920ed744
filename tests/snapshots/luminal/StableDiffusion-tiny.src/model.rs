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
pub fn res_block<Batch: Dimension>(
    n: &mut Net,
    p: &str,
    h: GraphTensor<(Batch, Const<BASE>, Const<8>, Const<8>)>,
) -> GraphTensor<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>)> {
    let reshape = h.reshape::<(Batch, Const<GROUPS>, Const<256>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<256>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE / GROUPS }>, Axes2<0, 1>>();
    let mul =
        mean.reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE / GROUPS }>), Axis<2>>()
            * broadcast_to.expand::<(Batch, Const<GROUPS>, Const<{ BASE / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<BASE>, Const<1>, Const<1>)>();
    let sub = h - reshape
        .reshape::<(Batch, Const<BASE>)>()
        .expand::<(Batch, Const<BASE>, Const<8>, Const<8>), Axes2<2, 3>>();
    let mul =
        rsqrt
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE / GROUPS }>), Axis<2>>()
            * broadcast_to.expand::<(Batch, Const<GROUPS>, Const<{ BASE / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<BASE>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<BASE>)>()
            .expand::<(Batch, Const<BASE>, Const<8>, Const<8>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<BASE>>(&format!("{p}.norm1.weight"))
        .reshape::<R3<BASE, 1, 1>>();
    let mul = mul
        * reshape
            .reshape::<R1<BASE>>()
            .expand::<(Batch, Const<BASE>, Const<8>, Const<8>), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<BASE>>(&format!("{p}.norm1.bias"))
        .reshape::<R3<BASE, 1, 1>>();
    let add = mul
        + reshape
            .reshape::<R1<BASE>>()
            .expand::<(Batch, Const<BASE>, Const<8>, Const<8>), Axes3<0, 2, 3>>();
    let h2 = add.swish();
    let h2 = conv2d::<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>)>(
        h2,
        n.param::<R4<{ BASE * MULTS[0] }, BASE, 3, 3>>(&format!("{p}.conv1.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let reshape = h2.reshape::<(Batch, Const<GROUPS>, Const<256>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<256>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE * MULTS[0] / GROUPS }>, Axes2<0, 1>>();
    let mul = mean.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[0] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[0] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[0] }>, Const<1>, Const<1>)>();
    let sub = h2
        - reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[0] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>), Axes2<2, 3>>();
    let mul = rsqrt.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[0] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[0] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[0] }>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[0] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[0] }>>(&format!("{p}.norm2.weight"))
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let mul = mul
        * reshape.reshape::<R1<{ BASE * MULTS[0] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[0] }>,
            Const<8>,
            Const<8>,
        ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[0] }>>(&format!("{p}.norm2.bias"))
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let add = mul
        + reshape.reshape::<R1<{ BASE * MULTS[0] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[0] }>,
            Const<8>,
            Const<8>,
        ), Axes3<0, 2, 3>>();
    let h2 = add.swish();
    let h2 = conv2d::<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>)>(
        h2,
        n.param::<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>(&format!("{p}.conv2.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    h2 + h
}

/// ResBlock2: `encoder_blocks.1` in the checkpoint, and the blocks like it.
pub fn res_block_2<Batch: Dimension>(
    n: &mut Net,
    p: &str,
    h: GraphTensor<(Batch, Const<{ BASE * MULTS[0] }>, Const<4>, Const<4>)>,
) -> GraphTensor<(Batch, Const<{ BASE * MULTS[1] }>, Const<4>, Const<4>)> {
    let reshape = h.reshape::<(Batch, Const<GROUPS>, Const<64>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<64>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE * MULTS[0] / GROUPS }>, Axes2<0, 1>>();
    let mul = mean.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[0] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[0] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[0] }>, Const<1>, Const<1>)>();
    let sub = h - reshape
        .reshape::<(Batch, Const<{ BASE * MULTS[0] }>)>()
        .expand::<(Batch, Const<{ BASE * MULTS[0] }>, Const<4>, Const<4>), Axes2<2, 3>>();
    let mul = rsqrt.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[0] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[0] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[0] }>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[0] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[0] }>, Const<4>, Const<4>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[0] }>>(&format!("{p}.norm1.weight"))
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let mul = mul
        * reshape.reshape::<R1<{ BASE * MULTS[0] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[0] }>,
            Const<4>,
            Const<4>,
        ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[0] }>>(&format!("{p}.norm1.bias"))
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let add = mul
        + reshape.reshape::<R1<{ BASE * MULTS[0] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[0] }>,
            Const<4>,
            Const<4>,
        ), Axes3<0, 2, 3>>();
    let h2 = add.swish();
    let h2 = conv2d::<(Batch, Const<{ BASE * MULTS[1] }>, Const<4>, Const<4>)>(
        h2,
        n.param::<R4<{ BASE * MULTS[1] }, { BASE * MULTS[0] }, 3, 3>>(&format!("{p}.conv1.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let reshape = h2.reshape::<(Batch, Const<GROUPS>, Const<128>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<128>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE * MULTS[1] / GROUPS }>, Axes2<0, 1>>();
    let mul = mean.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[1] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[1] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[1] }>, Const<1>, Const<1>)>();
    let sub = h2
        - reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[1] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[1] }>, Const<4>, Const<4>), Axes2<2, 3>>();
    let mul = rsqrt.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[1] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[1] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[1] }>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[1] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[1] }>, Const<4>, Const<4>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[1] }>>(&format!("{p}.norm2.weight"))
        .reshape::<R3<{ BASE * MULTS[1] }, 1, 1>>();
    let mul = mul
        * reshape.reshape::<R1<{ BASE * MULTS[1] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[1] }>,
            Const<4>,
            Const<4>,
        ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[1] }>>(&format!("{p}.norm2.bias"))
        .reshape::<R3<{ BASE * MULTS[1] }, 1, 1>>();
    let add = mul
        + reshape.reshape::<R1<{ BASE * MULTS[1] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[1] }>,
            Const<4>,
            Const<4>,
        ), Axes3<0, 2, 3>>();
    let h2 = add.swish();
    let h2 = conv2d::<(Batch, Const<{ BASE * MULTS[1] }>, Const<4>, Const<4>)>(
        h2,
        n.param::<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>(&format!("{p}.conv2.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let skip = conv2d::<(Batch, Const<{ BASE * MULTS[1] }>, Const<4>, Const<4>)>(
        h,
        n.param::<R4<{ BASE * MULTS[1] }, { BASE * MULTS[0] }, 1, 1>>(&format!(
            "{p}.res_conv.weight"
        )),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    h2 + skip
}

/// ResBlock3: `encoder_blocks.2` in the checkpoint, and the blocks like it.
pub fn res_block_3<Batch: Dimension>(
    n: &mut Net,
    p: &str,
    h: GraphTensor<(Batch, Const<{ BASE * MULTS[1] }>, Const<2>, Const<2>)>,
) -> GraphTensor<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>)> {
    let reshape = h.reshape::<(Batch, Const<GROUPS>, Const<32>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<32>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE * MULTS[1] / GROUPS }>, Axes2<0, 1>>();
    let mul = mean.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[1] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[1] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[1] }>, Const<1>, Const<1>)>();
    let sub = h - reshape
        .reshape::<(Batch, Const<{ BASE * MULTS[1] }>)>()
        .expand::<(Batch, Const<{ BASE * MULTS[1] }>, Const<2>, Const<2>), Axes2<2, 3>>();
    let mul = rsqrt.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[1] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[1] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[1] }>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[1] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[1] }>, Const<2>, Const<2>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[1] }>>(&format!("{p}.norm1.weight"))
        .reshape::<R3<{ BASE * MULTS[1] }, 1, 1>>();
    let mul = mul
        * reshape.reshape::<R1<{ BASE * MULTS[1] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[1] }>,
            Const<2>,
            Const<2>,
        ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[1] }>>(&format!("{p}.norm1.bias"))
        .reshape::<R3<{ BASE * MULTS[1] }, 1, 1>>();
    let add = mul
        + reshape.reshape::<R1<{ BASE * MULTS[1] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[1] }>,
            Const<2>,
            Const<2>,
        ), Axes3<0, 2, 3>>();
    let h2 = add.swish();
    let h2 = conv2d::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>)>(
        h2,
        n.param::<R4<{ BASE * MULTS[2] }, { BASE * MULTS[1] }, 3, 3>>(&format!("{p}.conv1.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let reshape = h2.reshape::<(Batch, Const<GROUPS>, Const<64>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<64>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE * MULTS[2] / GROUPS }>, Axes2<0, 1>>();
    let mul = mean.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[2] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[2] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[2] }>, Const<1>, Const<1>)>();
    let sub = h2
        - reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[2] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>), Axes2<2, 3>>();
    let mul = rsqrt.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[2] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[2] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[2] }>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[2] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[2] }>>(&format!("{p}.norm2.weight"))
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let mul = mul
        * reshape.reshape::<R1<{ BASE * MULTS[2] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[2] }>,
            Const<2>,
            Const<2>,
        ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[2] }>>(&format!("{p}.norm2.bias"))
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let add = mul
        + reshape.reshape::<R1<{ BASE * MULTS[2] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[2] }>,
            Const<2>,
            Const<2>,
        ), Axes3<0, 2, 3>>();
    let h2 = add.swish();
    let h2 = conv2d::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>)>(
        h2,
        n.param::<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>(&format!("{p}.conv2.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let skip = conv2d::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>)>(
        h,
        n.param::<R4<{ BASE * MULTS[2] }, { BASE * MULTS[1] }, 1, 1>>(&format!(
            "{p}.res_conv.weight"
        )),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    h2 + skip
}

/// ResBlock4: `middle` in the checkpoint, and the blocks like it.
pub fn res_block_4<Batch: Dimension>(
    n: &mut Net,
    p: &str,
    out: GraphTensor<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>)>,
) -> GraphTensor<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>)> {
    let reshape = out.reshape::<(Batch, Const<GROUPS>, Const<64>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<64>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE * MULTS[2] / GROUPS }>, Axes2<0, 1>>();
    let mul = mean.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[2] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[2] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[2] }>, Const<1>, Const<1>)>();
    let sub = out
        - reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[2] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>), Axes2<2, 3>>();
    let mul = rsqrt.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[2] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[2] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[2] }>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[2] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[2] }>>(&format!("{p}.norm1.weight"))
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let mul = mul
        * reshape.reshape::<R1<{ BASE * MULTS[2] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[2] }>,
            Const<2>,
            Const<2>,
        ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[2] }>>(&format!("{p}.norm1.bias"))
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let add = mul
        + reshape.reshape::<R1<{ BASE * MULTS[2] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[2] }>,
            Const<2>,
            Const<2>,
        ), Axes3<0, 2, 3>>();
    let h = add.swish();
    let h = conv2d::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>)>(
        h,
        n.param::<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>(&format!("{p}.conv1.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let reshape = h.reshape::<(Batch, Const<GROUPS>, Const<64>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<64>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE * MULTS[2] / GROUPS }>, Axes2<0, 1>>();
    let mul = mean.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[2] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[2] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[2] }>, Const<1>, Const<1>)>();
    let sub = h - reshape
        .reshape::<(Batch, Const<{ BASE * MULTS[2] }>)>()
        .expand::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>), Axes2<2, 3>>();
    let mul = rsqrt.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[2] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[2] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[2] }>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[2] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[2] }>>(&format!("{p}.norm2.weight"))
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let mul = mul
        * reshape.reshape::<R1<{ BASE * MULTS[2] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[2] }>,
            Const<2>,
            Const<2>,
        ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[2] }>>(&format!("{p}.norm2.bias"))
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let add = mul
        + reshape.reshape::<R1<{ BASE * MULTS[2] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[2] }>,
            Const<2>,
            Const<2>,
        ), Axes3<0, 2, 3>>();
    let h = add.swish();
    let h = conv2d::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>)>(
        h,
        n.param::<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>(&format!("{p}.conv2.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    h + out
}

/// ResBlock5: `decoder_blocks.0` in the checkpoint, and the blocks like it.
pub fn res_block_5<Batch: Dimension>(
    n: &mut Net,
    p: &str,
    h: GraphTensor<(Batch, Const<128>, Const<2>, Const<2>)>,
) -> GraphTensor<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>)> {
    let reshape = h.reshape::<(Batch, Const<GROUPS>, Const<128>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<128>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { 128 / GROUPS }>, Axes2<0, 1>>();
    let mul =
        mean.reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<{ 128 / GROUPS }>), Axis<2>>()
            * broadcast_to.expand::<(Batch, Const<GROUPS>, Const<{ 128 / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<128>, Const<1>, Const<1>)>();
    let sub = h - reshape
        .reshape::<(Batch, Const<128>)>()
        .expand::<(Batch, Const<128>, Const<2>, Const<2>), Axes2<2, 3>>();
    let mul =
        rsqrt
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<{ 128 / GROUPS }>), Axis<2>>()
            * broadcast_to.expand::<(Batch, Const<GROUPS>, Const<{ 128 / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<128>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<128>)>()
            .expand::<(Batch, Const<128>, Const<2>, Const<2>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<128>>(&format!("{p}.norm1.weight"))
        .reshape::<R3<128, 1, 1>>();
    let mul = mul
        * reshape
            .reshape::<R1<128>>()
            .expand::<(Batch, Const<128>, Const<2>, Const<2>), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<128>>(&format!("{p}.norm1.bias"))
        .reshape::<R3<128, 1, 1>>();
    let add = mul
        + reshape
            .reshape::<R1<128>>()
            .expand::<(Batch, Const<128>, Const<2>, Const<2>), Axes3<0, 2, 3>>();
    let h2 = add.swish();
    let h2 = conv2d::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>)>(
        h2,
        n.param::<R4<{ BASE * MULTS[2] }, 128, 3, 3>>(&format!("{p}.conv1.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let reshape = h2.reshape::<(Batch, Const<GROUPS>, Const<64>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<64>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE * MULTS[2] / GROUPS }>, Axes2<0, 1>>();
    let mul = mean.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[2] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[2] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[2] }>, Const<1>, Const<1>)>();
    let sub = h2
        - reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[2] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>), Axes2<2, 3>>();
    let mul = rsqrt.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[2] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[2] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[2] }>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[2] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[2] }>>(&format!("{p}.norm2.weight"))
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let mul = mul
        * reshape.reshape::<R1<{ BASE * MULTS[2] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[2] }>,
            Const<2>,
            Const<2>,
        ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[2] }>>(&format!("{p}.norm2.bias"))
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let add = mul
        + reshape.reshape::<R1<{ BASE * MULTS[2] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[2] }>,
            Const<2>,
            Const<2>,
        ), Axes3<0, 2, 3>>();
    let h2 = add.swish();
    let h2 = conv2d::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>)>(
        h2,
        n.param::<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>(&format!("{p}.conv2.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let skip = conv2d::<(Batch, Const<{ BASE * MULTS[2] }>, Const<2>, Const<2>)>(
        h,
        n.param::<R4<{ BASE * MULTS[2] }, 128, 1, 1>>(&format!("{p}.res_conv.weight")),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    h2 + skip
}

/// ResBlock6: `decoder_blocks.1` in the checkpoint, and the blocks like it.
pub fn res_block_6<Batch: Dimension>(
    n: &mut Net,
    p: &str,
    h: GraphTensor<(Batch, Const<96>, Const<4>, Const<4>)>,
) -> GraphTensor<(Batch, Const<{ BASE * MULTS[1] }>, Const<4>, Const<4>)> {
    let reshape = h.reshape::<(Batch, Const<GROUPS>, Const<384>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<384>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { 96 / GROUPS }>, Axes2<0, 1>>();
    let mul =
        mean.reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<{ 96 / GROUPS }>), Axis<2>>()
            * broadcast_to.expand::<(Batch, Const<GROUPS>, Const<{ 96 / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<96>, Const<1>, Const<1>)>();
    let sub = h - reshape
        .reshape::<(Batch, Const<96>)>()
        .expand::<(Batch, Const<96>, Const<4>, Const<4>), Axes2<2, 3>>();
    let mul =
        rsqrt
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<{ 96 / GROUPS }>), Axis<2>>()
            * broadcast_to.expand::<(Batch, Const<GROUPS>, Const<{ 96 / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<96>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<96>)>()
            .expand::<(Batch, Const<96>, Const<4>, Const<4>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<96>>(&format!("{p}.norm1.weight"))
        .reshape::<R3<96, 1, 1>>();
    let mul = mul
        * reshape
            .reshape::<R1<96>>()
            .expand::<(Batch, Const<96>, Const<4>, Const<4>), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<96>>(&format!("{p}.norm1.bias"))
        .reshape::<R3<96, 1, 1>>();
    let add = mul
        + reshape
            .reshape::<R1<96>>()
            .expand::<(Batch, Const<96>, Const<4>, Const<4>), Axes3<0, 2, 3>>();
    let h2 = add.swish();
    let h2 = conv2d::<(Batch, Const<{ BASE * MULTS[1] }>, Const<4>, Const<4>)>(
        h2,
        n.param::<R4<{ BASE * MULTS[1] }, 96, 3, 3>>(&format!("{p}.conv1.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let reshape = h2.reshape::<(Batch, Const<GROUPS>, Const<128>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<128>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE * MULTS[1] / GROUPS }>, Axes2<0, 1>>();
    let mul = mean.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[1] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[1] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[1] }>, Const<1>, Const<1>)>();
    let sub = h2
        - reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[1] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[1] }>, Const<4>, Const<4>), Axes2<2, 3>>();
    let mul = rsqrt.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[1] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[1] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[1] }>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[1] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[1] }>, Const<4>, Const<4>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[1] }>>(&format!("{p}.norm2.weight"))
        .reshape::<R3<{ BASE * MULTS[1] }, 1, 1>>();
    let mul = mul
        * reshape.reshape::<R1<{ BASE * MULTS[1] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[1] }>,
            Const<4>,
            Const<4>,
        ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[1] }>>(&format!("{p}.norm2.bias"))
        .reshape::<R3<{ BASE * MULTS[1] }, 1, 1>>();
    let add = mul
        + reshape.reshape::<R1<{ BASE * MULTS[1] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[1] }>,
            Const<4>,
            Const<4>,
        ), Axes3<0, 2, 3>>();
    let h2 = add.swish();
    let h2 = conv2d::<(Batch, Const<{ BASE * MULTS[1] }>, Const<4>, Const<4>)>(
        h2,
        n.param::<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>(&format!("{p}.conv2.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let skip = conv2d::<(Batch, Const<{ BASE * MULTS[1] }>, Const<4>, Const<4>)>(
        h,
        n.param::<R4<{ BASE * MULTS[1] }, 96, 1, 1>>(&format!("{p}.res_conv.weight")),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    h2 + skip
}

/// ResBlock7: `decoder_blocks.2` in the checkpoint, and the blocks like it.
pub fn res_block_7<Batch: Dimension>(
    n: &mut Net,
    p: &str,
    h: GraphTensor<(Batch, Const<48>, Const<8>, Const<8>)>,
) -> GraphTensor<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>)> {
    let reshape = h.reshape::<(Batch, Const<GROUPS>, Const<768>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<768>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { 48 / GROUPS }>, Axes2<0, 1>>();
    let mul =
        mean.reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<{ 48 / GROUPS }>), Axis<2>>()
            * broadcast_to.expand::<(Batch, Const<GROUPS>, Const<{ 48 / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<48>, Const<1>, Const<1>)>();
    let sub = h - reshape
        .reshape::<(Batch, Const<48>)>()
        .expand::<(Batch, Const<48>, Const<8>, Const<8>), Axes2<2, 3>>();
    let mul =
        rsqrt
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<{ 48 / GROUPS }>), Axis<2>>()
            * broadcast_to.expand::<(Batch, Const<GROUPS>, Const<{ 48 / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<48>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<48>)>()
            .expand::<(Batch, Const<48>, Const<8>, Const<8>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<48>>(&format!("{p}.norm1.weight"))
        .reshape::<R3<48, 1, 1>>();
    let mul = mul
        * reshape
            .reshape::<R1<48>>()
            .expand::<(Batch, Const<48>, Const<8>, Const<8>), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<48>>(&format!("{p}.norm1.bias"))
        .reshape::<R3<48, 1, 1>>();
    let add = mul
        + reshape
            .reshape::<R1<48>>()
            .expand::<(Batch, Const<48>, Const<8>, Const<8>), Axes3<0, 2, 3>>();
    let h2 = add.swish();
    let h2 = conv2d::<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>)>(
        h2,
        n.param::<R4<{ BASE * MULTS[0] }, 48, 3, 3>>(&format!("{p}.conv1.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let reshape = h2.reshape::<(Batch, Const<GROUPS>, Const<256>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<256>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE * MULTS[0] / GROUPS }>, Axes2<0, 1>>();
    let mul = mean.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[0] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[0] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[0] }>, Const<1>, Const<1>)>();
    let sub = h2
        - reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[0] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>), Axes2<2, 3>>();
    let mul = rsqrt.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[0] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[0] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[0] }>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[0] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[0] }>>(&format!("{p}.norm2.weight"))
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let mul = mul
        * reshape.reshape::<R1<{ BASE * MULTS[0] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[0] }>,
            Const<8>,
            Const<8>,
        ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[0] }>>(&format!("{p}.norm2.bias"))
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let add = mul
        + reshape.reshape::<R1<{ BASE * MULTS[0] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[0] }>,
            Const<8>,
            Const<8>,
        ), Axes3<0, 2, 3>>();
    let h2 = add.swish();
    let h2 = conv2d::<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>)>(
        h2,
        n.param::<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>(&format!("{p}.conv2.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let skip = conv2d::<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>)>(
        h,
        n.param::<R4<{ BASE * MULTS[0] }, 48, 1, 1>>(&format!("{p}.res_conv.weight")),
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
    let out2 = res_block_2(n, "encoder_blocks.1", h);
    let h = conv2d::<(Batch, Const<{ BASE * MULTS[1] }>, Const<2>, Const<2>)>(
        out2,
        n.param::<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>("downsamples.1.weight"),
        [2, 2],
        [1, 1],
        [1, 1],
        1,
    );
    let out3 = res_block_3(n, "encoder_blocks.2", h);
    let out4 = res_block_4(n, "middle", out3);
    let h = out4.concat_along::<(Batch, Const<128>, Const<2>, Const<2>), Axis<1>, _>(out3);
    let out3 = res_block_5(n, "decoder_blocks.0", h);
    let reshape = out3.reshape::<(
        Batch,
        Const<{ BASE * MULTS[2] }>,
        Const<2>,
        Const<1>,
        Const<2>,
        Const<1>,
    )>();
    let concat = reshape.concat_along::<(
        Batch,
        Const<{ BASE * MULTS[2] }>,
        Const<2>,
        Const<1>,
        Const<2>,
        Const<2>,
    ), Axis<5>, _>(reshape);
    let concat = concat.concat_along::<(
        Batch,
        Const<{ BASE * MULTS[2] }>,
        Const<2>,
        Const<2>,
        Const<2>,
        Const<2>,
    ), Axis<3>, _>(concat);
    let reshape = concat.reshape::<(Batch, Const<{ BASE * MULTS[2] }>, Const<4>, Const<4>)>();
    let h = reshape.concat_along::<(Batch, Const<96>, Const<4>, Const<4>), Axis<1>, _>(out2);
    let out2 = res_block_6(n, "decoder_blocks.1", h);
    let reshape = out2.reshape::<(
        Batch,
        Const<{ BASE * MULTS[1] }>,
        Const<4>,
        Const<1>,
        Const<4>,
        Const<1>,
    )>();
    let concat = reshape.concat_along::<(
        Batch,
        Const<{ BASE * MULTS[1] }>,
        Const<4>,
        Const<1>,
        Const<4>,
        Const<2>,
    ), Axis<5>, _>(reshape);
    let concat = concat.concat_along::<(
        Batch,
        Const<{ BASE * MULTS[1] }>,
        Const<4>,
        Const<2>,
        Const<4>,
        Const<2>,
    ), Axis<3>, _>(concat);
    let reshape = concat.reshape::<(Batch, Const<{ BASE * MULTS[1] }>, Const<8>, Const<8>)>();
    let h = reshape.concat_along::<(Batch, Const<48>, Const<8>, Const<8>), Axis<1>, _>(out);
    let out = res_block_7(n, "decoder_blocks.2", h);
    let reshape = out.reshape::<(Batch, Const<GROUPS>, Const<256>)>();
    let mean = reshape
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let sub = reshape
        - mean
            .reshape::<(Batch, Const<GROUPS>)>()
            .expand::<(Batch, Const<GROUPS>, Const<256>), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<(Batch, Const<GROUPS>), Axis<2>>()
        .reshape::<(Batch, Const<GROUPS>, Const<1>)>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE * MULTS[0] / GROUPS }>, Axes2<0, 1>>();
    let mul = mean.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[0] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[0] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[0] }>, Const<1>, Const<1>)>();
    let sub = out
        - reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[0] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>), Axes2<2, 3>>();
    let mul = rsqrt.reshape::<(Batch, Const<GROUPS>)>().expand::<(
        Batch,
        Const<GROUPS>,
        Const<{ BASE * MULTS[0] / GROUPS }>,
    ), Axis<2>>()
        * broadcast_to
            .expand::<(Batch, Const<GROUPS>, Const<{ BASE * MULTS[0] / GROUPS }>), Axis<0>>();
    let reshape = mul.reshape::<(Batch, Const<{ BASE * MULTS[0] }>, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Batch, Const<{ BASE * MULTS[0] }>)>()
            .expand::<(Batch, Const<{ BASE * MULTS[0] }>, Const<8>, Const<8>), Axes2<2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[0] }>>("norm_out.weight")
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let mul = mul
        * reshape.reshape::<R1<{ BASE * MULTS[0] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[0] }>,
            Const<8>,
            Const<8>,
        ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ BASE * MULTS[0] }>>("norm_out.bias")
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let add = mul
        + reshape.reshape::<R1<{ BASE * MULTS[0] }>>().expand::<(
            Batch,
            Const<{ BASE * MULTS[0] }>,
            Const<8>,
            Const<8>,
        ), Axes3<0, 2, 3>>();
    let h = add.swish();
    conv2d::<(Batch, Const<CHANNELS>, Const<8>, Const<8>)>(
        h,
        n.param::<R4<CHANNELS, { BASE * MULTS[0] }, 3, 3>>("conv_out.weight"),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    )
}
