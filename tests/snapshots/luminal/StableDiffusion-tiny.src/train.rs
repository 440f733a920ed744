//! test Training: the IR's backward graph (Luminal 0.2.0 has no autodiff), written as
//! forward Luminal code: the forward blocks return what their backward reads, and each block's
//! backward is a function of its own.
#![allow(unused_imports)] // a model names the helpers its ops need
use luminal::prelude::*;

use crate::model::{BASE, BATCH, CHANNELS, GROUPS, MULTS, SIZE};
use crate::ops::*;

/// ResBlock: `encoder_blocks.0` in the checkpoint, and the blocks like it.
#[allow(clippy::type_complexity)]
pub fn res_block<Channels: Dimension, Height: Dimension, Width: Dimension, Seq: Dimension>(
    n: &mut Net,
    p: &str,
    h: GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
) -> (
    GraphTensor<(Const<BATCH>, Const<GROUPS>, Width)>,
    GraphTensor<R3<BATCH, GROUPS, 1>>,
    GraphTensor<(Const<GROUPS>, Seq)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Const<BATCH>, Channels, Const<1>, Const<1>)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Channels, Const<1>, Const<1>)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Const<BATCH>, Const<GROUPS>, Width)>,
    GraphTensor<R3<BATCH, GROUPS, 1>>,
    GraphTensor<(Const<GROUPS>, Seq)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Const<BATCH>, Channels, Const<1>, Const<1>)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Channels, Const<1>, Const<1>)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
) {
    let reshape = h.reshape::<(Const<BATCH>, Const<GROUPS>, Width)>();
    let mean = reshape
        .mean_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let sub = reshape
        - mean
            .reshape::<R2<BATCH, GROUPS>>()
            .expand::<(Const<BATCH>, Const<GROUPS>, Width), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<(Const<GROUPS>, Seq), Axes2<0, 1>>();
    let mul = mean
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<(Const<BATCH>, Const<GROUPS>, Seq), Axis<2>>()
        * broadcast_to.expand::<(Const<BATCH>, Const<GROUPS>, Seq), Axis<0>>();
    let reshape = mul.reshape::<(Const<BATCH>, Channels, Const<1>, Const<1>)>();
    let sub2 =
        h - reshape
            .reshape::<(Const<BATCH>, Channels)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes2<2, 3>>();
    let mul = rsqrt
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<(Const<BATCH>, Const<GROUPS>, Seq), Axis<2>>()
        * broadcast_to.expand::<(Const<BATCH>, Const<GROUPS>, Seq), Axis<0>>();
    let reshape = mul.reshape::<(Const<BATCH>, Channels, Const<1>, Const<1>)>();
    let mul = sub2
        * reshape
            .reshape::<(Const<BATCH>, Channels)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes2<2, 3>>();
    let reshape2 = n
        .param::<(Channels,)>(&format!("{p}.norm1.weight"))
        .reshape::<(Channels, Const<1>, Const<1>)>();
    let mul2 = mul
        * reshape2
            .reshape::<(Channels,)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes3<0, 2, 3>>();
    let reshape3 = n
        .param::<(Channels,)>(&format!("{p}.norm1.bias"))
        .reshape::<(Channels, Const<1>, Const<1>)>();
    let add = mul2
        + reshape3
            .reshape::<(Channels,)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes3<0, 2, 3>>();
    let sigmoid = add.sigmoid();
    let mul2 = add * sigmoid;
    let h2 = conv2d::<(Const<BATCH>, Channels, Height, Height)>(
        mul2,
        n.param::<(Channels, Channels, Const<3>, Const<3>)>(&format!("{p}.conv1.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let reshape3 = h2.reshape::<(Const<BATCH>, Const<GROUPS>, Width)>();
    let mean = reshape3
        .mean_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let sub3 = reshape3
        - mean
            .reshape::<R2<BATCH, GROUPS>>()
            .expand::<(Const<BATCH>, Const<GROUPS>, Width), Axis<2>>();
    let mul3 = sub3 * sub3;
    let mean2 = mul3
        .mean_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add2 = mean2 + 1e-05;
    let rsqrt2 = add2.sqrt().recip();
    let broadcast_to2 = n
        .constant::<R0>(1.0)
        .expand::<(Const<GROUPS>, Seq), Axes2<0, 1>>();
    let mul3 = mean
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<(Const<BATCH>, Const<GROUPS>, Seq), Axis<2>>()
        * broadcast_to2.expand::<(Const<BATCH>, Const<GROUPS>, Seq), Axis<0>>();
    let reshape3 = mul3.reshape::<(Const<BATCH>, Channels, Const<1>, Const<1>)>();
    let sub4 = h2
        - reshape3
            .reshape::<(Const<BATCH>, Channels)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes2<2, 3>>();
    let mul3 = rsqrt2
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<(Const<BATCH>, Const<GROUPS>, Seq), Axis<2>>()
        * broadcast_to2.expand::<(Const<BATCH>, Const<GROUPS>, Seq), Axis<0>>();
    let reshape3 = mul3.reshape::<(Const<BATCH>, Channels, Const<1>, Const<1>)>();
    let mul3 = sub4
        * reshape3
            .reshape::<(Const<BATCH>, Channels)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes2<2, 3>>();
    let reshape4 = n
        .param::<(Channels,)>(&format!("{p}.norm2.weight"))
        .reshape::<(Channels, Const<1>, Const<1>)>();
    let mul4 = mul3
        * reshape4
            .reshape::<(Channels,)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes3<0, 2, 3>>();
    let reshape5 = n
        .param::<(Channels,)>(&format!("{p}.norm2.bias"))
        .reshape::<(Channels, Const<1>, Const<1>)>();
    let add2 = mul4
        + reshape5
            .reshape::<(Channels,)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes3<0, 2, 3>>();
    let sigmoid2 = add2.sigmoid();
    let mul4 = add2 * sigmoid2;
    let h2 = conv2d::<(Const<BATCH>, Channels, Height, Height)>(
        mul4,
        n.param::<(Channels, Channels, Const<3>, Const<3>)>(&format!("{p}.conv2.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let out = h2 + h;
    (
        sub,
        rsqrt,
        broadcast_to,
        sub2,
        reshape,
        mul,
        reshape2,
        add,
        sigmoid,
        mul2,
        sub3,
        rsqrt2,
        broadcast_to2,
        sub4,
        reshape3,
        mul3,
        reshape4,
        add2,
        sigmoid2,
        mul4,
        out,
    )
}

/// ResBlock2: `encoder_blocks.1` in the checkpoint, and the blocks like it.
#[allow(clippy::type_complexity)]
pub fn res_block_2<
    Channels: Dimension,
    Height: Dimension,
    Width: Dimension,
    Seq: Dimension,
    Out: Dimension,
    Width2: Dimension,
    Seq2: Dimension,
>(
    n: &mut Net,
    p: &str,
    h: GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
) -> (
    GraphTensor<(Const<BATCH>, Const<GROUPS>, Width)>,
    GraphTensor<R3<BATCH, GROUPS, 1>>,
    GraphTensor<(Const<GROUPS>, Seq)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Const<BATCH>, Channels, Const<1>, Const<1>)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Channels, Const<1>, Const<1>)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    GraphTensor<(Const<BATCH>, Const<GROUPS>, Width2)>,
    GraphTensor<R3<BATCH, GROUPS, 1>>,
    GraphTensor<(Const<GROUPS>, Seq2)>,
    GraphTensor<(Const<BATCH>, Out, Height, Height)>,
    GraphTensor<(Const<BATCH>, Out, Const<1>, Const<1>)>,
    GraphTensor<(Const<BATCH>, Out, Height, Height)>,
    GraphTensor<(Out, Const<1>, Const<1>)>,
    GraphTensor<(Const<BATCH>, Out, Height, Height)>,
    GraphTensor<(Const<BATCH>, Out, Height, Height)>,
    GraphTensor<(Const<BATCH>, Out, Height, Height)>,
    GraphTensor<(Const<BATCH>, Out, Height, Height)>,
) {
    let reshape = h.reshape::<(Const<BATCH>, Const<GROUPS>, Width)>();
    let mean = reshape
        .mean_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let sub = reshape
        - mean
            .reshape::<R2<BATCH, GROUPS>>()
            .expand::<(Const<BATCH>, Const<GROUPS>, Width), Axis<2>>();
    let mul = sub * sub;
    let mean2 = mul
        .mean_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add = mean2 + 1e-05;
    let rsqrt = add.sqrt().recip();
    let broadcast_to = n
        .constant::<R0>(1.0)
        .expand::<(Const<GROUPS>, Seq), Axes2<0, 1>>();
    let mul = mean
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<(Const<BATCH>, Const<GROUPS>, Seq), Axis<2>>()
        * broadcast_to.expand::<(Const<BATCH>, Const<GROUPS>, Seq), Axis<0>>();
    let reshape = mul.reshape::<(Const<BATCH>, Channels, Const<1>, Const<1>)>();
    let sub2 =
        h - reshape
            .reshape::<(Const<BATCH>, Channels)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes2<2, 3>>();
    let mul = rsqrt
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<(Const<BATCH>, Const<GROUPS>, Seq), Axis<2>>()
        * broadcast_to.expand::<(Const<BATCH>, Const<GROUPS>, Seq), Axis<0>>();
    let reshape = mul.reshape::<(Const<BATCH>, Channels, Const<1>, Const<1>)>();
    let mul = sub2
        * reshape
            .reshape::<(Const<BATCH>, Channels)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes2<2, 3>>();
    let reshape2 = n
        .param::<(Channels,)>(&format!("{p}.norm1.weight"))
        .reshape::<(Channels, Const<1>, Const<1>)>();
    let mul2 = mul
        * reshape2
            .reshape::<(Channels,)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes3<0, 2, 3>>();
    let reshape3 = n
        .param::<(Channels,)>(&format!("{p}.norm1.bias"))
        .reshape::<(Channels, Const<1>, Const<1>)>();
    let add = mul2
        + reshape3
            .reshape::<(Channels,)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes3<0, 2, 3>>();
    let sigmoid = add.sigmoid();
    let mul2 = add * sigmoid;
    let h2 = conv2d::<(Const<BATCH>, Out, Height, Height)>(
        mul2,
        n.param::<(Out, Channels, Const<3>, Const<3>)>(&format!("{p}.conv1.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let reshape3 = h2.reshape::<(Const<BATCH>, Const<GROUPS>, Width2)>();
    let mean = reshape3
        .mean_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let sub3 = reshape3
        - mean
            .reshape::<R2<BATCH, GROUPS>>()
            .expand::<(Const<BATCH>, Const<GROUPS>, Width2), Axis<2>>();
    let mul3 = sub3 * sub3;
    let mean2 = mul3
        .mean_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add2 = mean2 + 1e-05;
    let rsqrt2 = add2.sqrt().recip();
    let broadcast_to2 = n
        .constant::<R0>(1.0)
        .expand::<(Const<GROUPS>, Seq2), Axes2<0, 1>>();
    let mul3 = mean
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<(Const<BATCH>, Const<GROUPS>, Seq2), Axis<2>>()
        * broadcast_to2.expand::<(Const<BATCH>, Const<GROUPS>, Seq2), Axis<0>>();
    let reshape3 = mul3.reshape::<(Const<BATCH>, Out, Const<1>, Const<1>)>();
    let sub4 = h2
        - reshape3
            .reshape::<(Const<BATCH>, Out)>()
            .expand::<(Const<BATCH>, Out, Height, Height), Axes2<2, 3>>();
    let mul3 = rsqrt2
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<(Const<BATCH>, Const<GROUPS>, Seq2), Axis<2>>()
        * broadcast_to2.expand::<(Const<BATCH>, Const<GROUPS>, Seq2), Axis<0>>();
    let reshape3 = mul3.reshape::<(Const<BATCH>, Out, Const<1>, Const<1>)>();
    let mul3 = sub4
        * reshape3
            .reshape::<(Const<BATCH>, Out)>()
            .expand::<(Const<BATCH>, Out, Height, Height), Axes2<2, 3>>();
    let reshape4 = n
        .param::<(Out,)>(&format!("{p}.norm2.weight"))
        .reshape::<(Out, Const<1>, Const<1>)>();
    let mul4 = mul3
        * reshape4
            .reshape::<(Out,)>()
            .expand::<(Const<BATCH>, Out, Height, Height), Axes3<0, 2, 3>>();
    let reshape5 = n
        .param::<(Out,)>(&format!("{p}.norm2.bias"))
        .reshape::<(Out, Const<1>, Const<1>)>();
    let add2 = mul4
        + reshape5
            .reshape::<(Out,)>()
            .expand::<(Const<BATCH>, Out, Height, Height), Axes3<0, 2, 3>>();
    let sigmoid2 = add2.sigmoid();
    let mul4 = add2 * sigmoid2;
    let h2 = conv2d::<(Const<BATCH>, Out, Height, Height)>(
        mul4,
        n.param::<(Out, Out, Const<3>, Const<3>)>(&format!("{p}.conv2.weight")),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let skip = conv2d::<(Const<BATCH>, Out, Height, Height)>(
        h,
        n.param::<(Out, Channels, Const<1>, Const<1>)>(&format!("{p}.res_conv.weight")),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let out = h2 + skip;
    (
        sub,
        rsqrt,
        broadcast_to,
        sub2,
        reshape,
        mul,
        reshape2,
        add,
        sigmoid,
        mul2,
        sub3,
        rsqrt2,
        broadcast_to2,
        sub4,
        reshape3,
        mul3,
        reshape4,
        add2,
        sigmoid2,
        mul4,
        out,
    )
}

/// ResBlockBackward: `decoder_blocks_grad.2` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn res_block_backward(
    _n: &mut Net,
    _p: &str,
    add: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
    decoder_blocks_2_res_conv_weight: GraphTensor<R4<{ BASE * MULTS[0] }, 48, 1, 1>>,
    h: GraphTensor<R4<BATCH, 48, 8, 8>>,
    decoder_blocks_2_conv2_weight: GraphTensor<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>,
    mul: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
    sigmoid: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
    add2: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
    reshape: GraphTensor<R3<{ BASE * MULTS[0] }, 1, 1>>,
    mul2: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
    reshape2: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>,
    sub: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
    broadcast_to: GraphTensor<R2<GROUPS, { BASE * MULTS[0] / GROUPS }>>,
    rsqrt: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub2: GraphTensor<R3<BATCH, GROUPS, 256>>,
    decoder_blocks_2_conv1_weight: GraphTensor<R4<{ BASE * MULTS[0] }, 48, 3, 3>>,
    mul3: GraphTensor<R4<BATCH, 48, 8, 8>>,
    sigmoid2: GraphTensor<R4<BATCH, 48, 8, 8>>,
    add3: GraphTensor<R4<BATCH, 48, 8, 8>>,
    reshape3: GraphTensor<R3<48, 1, 1>>,
    mul4: GraphTensor<R4<BATCH, 48, 8, 8>>,
    reshape4: GraphTensor<R4<BATCH, 48, 1, 1>>,
    sub3: GraphTensor<R4<BATCH, 48, 8, 8>>,
    broadcast_to2: GraphTensor<R2<GROUPS, { 48 / GROUPS }>>,
    rsqrt2: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub4: GraphTensor<R3<BATCH, GROUPS, 768>>,
) -> (
    GraphTensor<R4<{ BASE * MULTS[0] }, 48, 1, 1>>,
    GraphTensor<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R4<{ BASE * MULTS[0] }, 48, 3, 3>>,
    GraphTensor<R1<48>>,
    GraphTensor<R1<48>>,
    GraphTensor<R4<BATCH, 48, 8, 8>>,
) {
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, 48, 8, 8>>(
        add,
        decoder_blocks_2_res_conv_weight,
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight = conv2d_backward_weight::<R4<{ BASE * MULTS[0] }, 48, 1, 1>>(
        h,
        add,
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let v_conv2d_backward_input2 = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>(
        add,
        decoder_blocks_2_conv2_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight2 = conv2d_backward_weight::<
        R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>,
    >(mul, add, [1, 1], [1, 1], [1, 1], 1);
    let mul = v_conv2d_backward_input2 * sigmoid;
    let mul5 = v_conv2d_backward_input2 * add2;
    let sub5 = -sigmoid + 1.0;
    let mul6 = sigmoid * sub5;
    let mul5 = mul5 * mul6;
    let add = mul + mul5;
    let sum_to = add
        .sum_reduce::<R1<{ BASE * MULTS[0] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let reshape5 = sum_to.reshape::<R1<{ BASE * MULTS[0] }>>();
    let mul = add
        * reshape
            .reshape::<R1<{ BASE * MULTS[0] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>, Axes3<0, 2, 3>>();
    let mul2 = add * mul2;
    let sum_to = mul2
        .sum_reduce::<R1<{ BASE * MULTS[0] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let reshape = sum_to.reshape::<R1<{ BASE * MULTS[0] }>>();
    let mul2 = mul
        * reshape2
            .reshape::<R2<BATCH, { BASE * MULTS[0] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>, Axes2<2, 3>>();
    let mul = mul * sub;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, { BASE * MULTS[0] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>();
    let reshape2 = sum_to.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>>();
    let mul = reshape2
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, { BASE * MULTS[0] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>();
    let reshape2 = sum_to2.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>>();
    let mul = reshape2
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt * rsqrt * rsqrt;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.00390625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 256>, Axis<2>>();
    let mul = broadcast_to * sub2;
    let mul5 = broadcast_to * sub2;
    let add = mul + mul5;
    let neg = -add;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add2 = sum_to2 + sum_to;
    let mul = add2 * 0.00390625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 256>, Axis<2>>();
    let add = add + broadcast_to;
    let reshape2 = add.reshape::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>();
    let add = mul2 + reshape2;
    let v_conv2d_backward_input2 = conv2d_backward_input::<R4<BATCH, 48, 8, 8>>(
        add,
        decoder_blocks_2_conv1_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight3 = conv2d_backward_weight::<R4<{ BASE * MULTS[0] }, 48, 3, 3>>(
        mul3,
        add,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let mul = v_conv2d_backward_input2 * sigmoid2;
    let mul2 = v_conv2d_backward_input2 * add3;
    let sub = -sigmoid2 + 1.0;
    let mul3 = sigmoid2 * sub;
    let mul2 = mul2 * mul3;
    let add = mul + mul2;
    let sum_to = add
        .sum_reduce::<R1<48>, Axes3<0, 2, 3>>()
        .reshape::<R3<48, 1, 1>>();
    let reshape2 = sum_to.reshape::<R1<48>>();
    let mul = add
        * reshape3
            .reshape::<R1<48>>()
            .expand::<R4<BATCH, 48, 8, 8>, Axes3<0, 2, 3>>();
    let mul2 = add * mul4;
    let sum_to = mul2
        .sum_reduce::<R1<48>, Axes3<0, 2, 3>>()
        .reshape::<R3<48, 1, 1>>();
    let reshape3 = sum_to.reshape::<R1<48>>();
    let mul2 = mul
        * reshape4
            .reshape::<R2<BATCH, 48>>()
            .expand::<R4<BATCH, 48, 8, 8>, Axes2<2, 3>>();
    let mul = mul * sub3;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, 48>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, 48, 1, 1>>();
    let reshape4 = sum_to.reshape::<R3<BATCH, GROUPS, { 48 / GROUPS }>>();
    let mul = reshape4 * broadcast_to2.expand::<R3<BATCH, GROUPS, { 48 / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, 48>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, 48, 1, 1>>();
    let add = v_conv2d_backward_input + mul2;
    let reshape4 = sum_to2.reshape::<R3<BATCH, GROUPS, { 48 / GROUPS }>>();
    let mul = reshape4 * broadcast_to2.expand::<R3<BATCH, GROUPS, { 48 / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt2 * rsqrt2 * rsqrt2;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.0013020834;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 768>, Axis<2>>();
    let mul = broadcast_to * sub4;
    let mul2 = broadcast_to * sub4;
    let add2 = mul + mul2;
    let neg = -add2;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add3 = sum_to2 + sum_to;
    let mul = add3 * 0.0013020834;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 768>, Axis<2>>();
    let add2 = add2 + broadcast_to;
    let reshape4 = add2.reshape::<R4<BATCH, 48, 8, 8>>();
    let add = add + reshape4;
    (
        v_conv2d_backward_weight,
        v_conv2d_backward_weight2,
        reshape5,
        reshape,
        v_conv2d_backward_weight3,
        reshape2,
        reshape3,
        add,
    )
}

/// ResBlockBackward2: `decoder_blocks_grad.1` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn res_block_backward_2(
    _n: &mut Net,
    _p: &str,
    reshape: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>,
    decoder_blocks_1_res_conv_weight: GraphTensor<R4<{ BASE * MULTS[1] }, 96, 1, 1>>,
    h: GraphTensor<R4<BATCH, 96, 4, 4>>,
    decoder_blocks_1_conv2_weight: GraphTensor<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>,
    mul: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>,
    sigmoid: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>,
    add: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>,
    reshape2: GraphTensor<R3<{ BASE * MULTS[1] }, 1, 1>>,
    mul2: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>,
    reshape3: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 1, 1>>,
    sub: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>,
    broadcast_to: GraphTensor<R2<GROUPS, { BASE * MULTS[1] / GROUPS }>>,
    rsqrt: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub2: GraphTensor<R3<BATCH, GROUPS, 128>>,
    decoder_blocks_1_conv1_weight: GraphTensor<R4<{ BASE * MULTS[1] }, 96, 3, 3>>,
    mul3: GraphTensor<R4<BATCH, 96, 4, 4>>,
    sigmoid2: GraphTensor<R4<BATCH, 96, 4, 4>>,
    add2: GraphTensor<R4<BATCH, 96, 4, 4>>,
    reshape4: GraphTensor<R3<96, 1, 1>>,
    mul4: GraphTensor<R4<BATCH, 96, 4, 4>>,
    reshape5: GraphTensor<R4<BATCH, 96, 1, 1>>,
    sub3: GraphTensor<R4<BATCH, 96, 4, 4>>,
    broadcast_to2: GraphTensor<R2<GROUPS, { 96 / GROUPS }>>,
    rsqrt2: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub4: GraphTensor<R3<BATCH, GROUPS, 384>>,
) -> (
    GraphTensor<R4<{ BASE * MULTS[1] }, 96, 1, 1>>,
    GraphTensor<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[1] }>>,
    GraphTensor<R1<{ BASE * MULTS[1] }>>,
    GraphTensor<R4<{ BASE * MULTS[1] }, 96, 3, 3>>,
    GraphTensor<R1<96>>,
    GraphTensor<R1<96>>,
    GraphTensor<R4<BATCH, 96, 4, 4>>,
) {
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, 96, 4, 4>>(
        reshape,
        decoder_blocks_1_res_conv_weight,
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight = conv2d_backward_weight::<R4<{ BASE * MULTS[1] }, 96, 1, 1>>(
        h,
        reshape,
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let v_conv2d_backward_input2 = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>(
        reshape,
        decoder_blocks_1_conv2_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight2 = conv2d_backward_weight::<
        R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>,
    >(mul, reshape, [1, 1], [1, 1], [1, 1], 1);
    let mul = v_conv2d_backward_input2 * sigmoid;
    let mul5 = v_conv2d_backward_input2 * add;
    let sub5 = -sigmoid + 1.0;
    let mul6 = sigmoid * sub5;
    let mul5 = mul5 * mul6;
    let add = mul + mul5;
    let sum_to = add
        .sum_reduce::<R1<{ BASE * MULTS[1] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[1] }, 1, 1>>();
    let reshape = sum_to.reshape::<R1<{ BASE * MULTS[1] }>>();
    let mul = add
        * reshape2
            .reshape::<R1<{ BASE * MULTS[1] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[1] }, 4, 4>, Axes3<0, 2, 3>>();
    let mul2 = add * mul2;
    let sum_to = mul2
        .sum_reduce::<R1<{ BASE * MULTS[1] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[1] }, 1, 1>>();
    let reshape2 = sum_to.reshape::<R1<{ BASE * MULTS[1] }>>();
    let mul2 = mul
        * reshape3
            .reshape::<R2<BATCH, { BASE * MULTS[1] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[1] }, 4, 4>, Axes2<2, 3>>();
    let mul = mul * sub;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, { BASE * MULTS[1] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[1] }, 1, 1>>();
    let reshape3 = sum_to.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[1] / GROUPS }>>();
    let mul = reshape3
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[1] / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, { BASE * MULTS[1] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[1] }, 1, 1>>();
    let reshape3 = sum_to2.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[1] / GROUPS }>>();
    let mul = reshape3
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[1] / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt * rsqrt * rsqrt;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.0078125;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 128>, Axis<2>>();
    let mul = broadcast_to * sub2;
    let mul5 = broadcast_to * sub2;
    let add = mul + mul5;
    let neg = -add;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add3 = sum_to2 + sum_to;
    let mul = add3 * 0.0078125;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 128>, Axis<2>>();
    let add = add + broadcast_to;
    let reshape3 = add.reshape::<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>();
    let add = mul2 + reshape3;
    let v_conv2d_backward_input2 = conv2d_backward_input::<R4<BATCH, 96, 4, 4>>(
        add,
        decoder_blocks_1_conv1_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight3 = conv2d_backward_weight::<R4<{ BASE * MULTS[1] }, 96, 3, 3>>(
        mul3,
        add,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let mul = v_conv2d_backward_input2 * sigmoid2;
    let mul2 = v_conv2d_backward_input2 * add2;
    let sub = -sigmoid2 + 1.0;
    let mul3 = sigmoid2 * sub;
    let mul2 = mul2 * mul3;
    let add = mul + mul2;
    let sum_to = add
        .sum_reduce::<R1<96>, Axes3<0, 2, 3>>()
        .reshape::<R3<96, 1, 1>>();
    let reshape3 = sum_to.reshape::<R1<96>>();
    let mul = add
        * reshape4
            .reshape::<R1<96>>()
            .expand::<R4<BATCH, 96, 4, 4>, Axes3<0, 2, 3>>();
    let mul2 = add * mul4;
    let sum_to = mul2
        .sum_reduce::<R1<96>, Axes3<0, 2, 3>>()
        .reshape::<R3<96, 1, 1>>();
    let reshape4 = sum_to.reshape::<R1<96>>();
    let mul2 = mul
        * reshape5
            .reshape::<R2<BATCH, 96>>()
            .expand::<R4<BATCH, 96, 4, 4>, Axes2<2, 3>>();
    let mul = mul * sub3;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, 96>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, 96, 1, 1>>();
    let reshape5 = sum_to.reshape::<R3<BATCH, GROUPS, { 96 / GROUPS }>>();
    let mul = reshape5 * broadcast_to2.expand::<R3<BATCH, GROUPS, { 96 / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, 96>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, 96, 1, 1>>();
    let add = v_conv2d_backward_input + mul2;
    let reshape5 = sum_to2.reshape::<R3<BATCH, GROUPS, { 96 / GROUPS }>>();
    let mul = reshape5 * broadcast_to2.expand::<R3<BATCH, GROUPS, { 96 / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt2 * rsqrt2 * rsqrt2;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.0026041667;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 384>, Axis<2>>();
    let mul = broadcast_to * sub4;
    let mul2 = broadcast_to * sub4;
    let add2 = mul + mul2;
    let neg = -add2;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add3 = sum_to2 + sum_to;
    let mul = add3 * 0.0026041667;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 384>, Axis<2>>();
    let add2 = add2 + broadcast_to;
    let reshape5 = add2.reshape::<R4<BATCH, 96, 4, 4>>();
    let add = add + reshape5;
    (
        v_conv2d_backward_weight,
        v_conv2d_backward_weight2,
        reshape,
        reshape2,
        v_conv2d_backward_weight3,
        reshape3,
        reshape4,
        add,
    )
}

/// ResBlockBackward3: `decoder_blocks_grad.0` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn res_block_backward_3(
    _n: &mut Net,
    _p: &str,
    reshape: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    decoder_blocks_0_res_conv_weight: GraphTensor<R4<{ BASE * MULTS[2] }, 128, 1, 1>>,
    h: GraphTensor<R4<BATCH, 128, 2, 2>>,
    decoder_blocks_0_conv2_weight: GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>,
    mul: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    sigmoid: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    add: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    reshape2: GraphTensor<R3<{ BASE * MULTS[2] }, 1, 1>>,
    mul2: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    reshape3: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 1, 1>>,
    sub: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    broadcast_to: GraphTensor<R2<GROUPS, { BASE * MULTS[2] / GROUPS }>>,
    rsqrt: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub2: GraphTensor<R3<BATCH, GROUPS, 64>>,
    decoder_blocks_0_conv1_weight: GraphTensor<R4<{ BASE * MULTS[2] }, 128, 3, 3>>,
    mul3: GraphTensor<R4<BATCH, 128, 2, 2>>,
    sigmoid2: GraphTensor<R4<BATCH, 128, 2, 2>>,
    add2: GraphTensor<R4<BATCH, 128, 2, 2>>,
    reshape4: GraphTensor<R3<128, 1, 1>>,
    mul4: GraphTensor<R4<BATCH, 128, 2, 2>>,
    reshape5: GraphTensor<R4<BATCH, 128, 1, 1>>,
    sub3: GraphTensor<R4<BATCH, 128, 2, 2>>,
    broadcast_to2: GraphTensor<R2<GROUPS, { 128 / GROUPS }>>,
    rsqrt2: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub4: GraphTensor<R3<BATCH, GROUPS, 128>>,
) -> (
    GraphTensor<R4<{ BASE * MULTS[2] }, 128, 1, 1>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, 128, 3, 3>>,
    GraphTensor<R1<128>>,
    GraphTensor<R1<128>>,
    GraphTensor<R4<BATCH, 128, 2, 2>>,
) {
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, 128, 2, 2>>(
        reshape,
        decoder_blocks_0_res_conv_weight,
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight = conv2d_backward_weight::<R4<{ BASE * MULTS[2] }, 128, 1, 1>>(
        h,
        reshape,
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let v_conv2d_backward_input2 = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>(
        reshape,
        decoder_blocks_0_conv2_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight2 = conv2d_backward_weight::<
        R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>,
    >(mul, reshape, [1, 1], [1, 1], [1, 1], 1);
    let mul = v_conv2d_backward_input2 * sigmoid;
    let mul5 = v_conv2d_backward_input2 * add;
    let sub5 = -sigmoid + 1.0;
    let mul6 = sigmoid * sub5;
    let mul5 = mul5 * mul6;
    let add = mul + mul5;
    let sum_to = add
        .sum_reduce::<R1<{ BASE * MULTS[2] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let reshape = sum_to.reshape::<R1<{ BASE * MULTS[2] }>>();
    let mul = add
        * reshape2
            .reshape::<R1<{ BASE * MULTS[2] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>, Axes3<0, 2, 3>>();
    let mul2 = add * mul2;
    let sum_to = mul2
        .sum_reduce::<R1<{ BASE * MULTS[2] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let reshape2 = sum_to.reshape::<R1<{ BASE * MULTS[2] }>>();
    let mul2 = mul
        * reshape3
            .reshape::<R2<BATCH, { BASE * MULTS[2] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>, Axes2<2, 3>>();
    let mul = mul * sub;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, { BASE * MULTS[2] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[2] }, 1, 1>>();
    let reshape3 = sum_to.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>>();
    let mul = reshape3
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, { BASE * MULTS[2] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[2] }, 1, 1>>();
    let reshape3 = sum_to2.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>>();
    let mul = reshape3
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt * rsqrt * rsqrt;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.015625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 64>, Axis<2>>();
    let mul = broadcast_to * sub2;
    let mul5 = broadcast_to * sub2;
    let add = mul + mul5;
    let neg = -add;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add3 = sum_to2 + sum_to;
    let mul = add3 * 0.015625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 64>, Axis<2>>();
    let add = add + broadcast_to;
    let reshape3 = add.reshape::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>();
    let add = mul2 + reshape3;
    let v_conv2d_backward_input2 = conv2d_backward_input::<R4<BATCH, 128, 2, 2>>(
        add,
        decoder_blocks_0_conv1_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight3 = conv2d_backward_weight::<R4<{ BASE * MULTS[2] }, 128, 3, 3>>(
        mul3,
        add,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let mul = v_conv2d_backward_input2 * sigmoid2;
    let mul2 = v_conv2d_backward_input2 * add2;
    let sub = -sigmoid2 + 1.0;
    let mul3 = sigmoid2 * sub;
    let mul2 = mul2 * mul3;
    let add = mul + mul2;
    let sum_to = add
        .sum_reduce::<R1<128>, Axes3<0, 2, 3>>()
        .reshape::<R3<128, 1, 1>>();
    let reshape3 = sum_to.reshape::<R1<128>>();
    let mul = add
        * reshape4
            .reshape::<R1<128>>()
            .expand::<R4<BATCH, 128, 2, 2>, Axes3<0, 2, 3>>();
    let mul2 = add * mul4;
    let sum_to = mul2
        .sum_reduce::<R1<128>, Axes3<0, 2, 3>>()
        .reshape::<R3<128, 1, 1>>();
    let reshape4 = sum_to.reshape::<R1<128>>();
    let mul2 = mul
        * reshape5
            .reshape::<R2<BATCH, 128>>()
            .expand::<R4<BATCH, 128, 2, 2>, Axes2<2, 3>>();
    let mul = mul * sub3;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, 128>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, 128, 1, 1>>();
    let reshape5 = sum_to.reshape::<R3<BATCH, GROUPS, { 128 / GROUPS }>>();
    let mul = reshape5 * broadcast_to2.expand::<R3<BATCH, GROUPS, { 128 / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, 128>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, 128, 1, 1>>();
    let add = v_conv2d_backward_input + mul2;
    let reshape5 = sum_to2.reshape::<R3<BATCH, GROUPS, { 128 / GROUPS }>>();
    let mul = reshape5 * broadcast_to2.expand::<R3<BATCH, GROUPS, { 128 / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt2 * rsqrt2 * rsqrt2;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.0078125;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 128>, Axis<2>>();
    let mul = broadcast_to * sub4;
    let mul2 = broadcast_to * sub4;
    let add2 = mul + mul2;
    let neg = -add2;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add3 = sum_to2 + sum_to;
    let mul = add3 * 0.0078125;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 128>, Axis<2>>();
    let add2 = add2 + broadcast_to;
    let reshape5 = add2.reshape::<R4<BATCH, 128, 2, 2>>();
    let add = add + reshape5;
    (
        v_conv2d_backward_weight,
        v_conv2d_backward_weight2,
        reshape,
        reshape2,
        v_conv2d_backward_weight3,
        reshape3,
        reshape4,
        add,
    )
}

/// ResBlockBackward4: `middle_grad` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn res_block_backward_4(
    _n: &mut Net,
    _p: &str,
    split1: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    split0: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    middle_conv2_weight: GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>,
    mul: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    sigmoid: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    add: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    reshape: GraphTensor<R3<{ BASE * MULTS[2] }, 1, 1>>,
    mul2: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    reshape2: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 1, 1>>,
    sub: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    broadcast_to: GraphTensor<R2<GROUPS, { BASE * MULTS[2] / GROUPS }>>,
    rsqrt: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub2: GraphTensor<R3<BATCH, GROUPS, 64>>,
    middle_conv1_weight: GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>,
    mul3: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    sigmoid2: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    add2: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    reshape3: GraphTensor<R3<{ BASE * MULTS[2] }, 1, 1>>,
    mul4: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    reshape4: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 1, 1>>,
    sub3: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    broadcast_to2: GraphTensor<R2<GROUPS, { BASE * MULTS[2] / GROUPS }>>,
    rsqrt2: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub4: GraphTensor<R3<BATCH, GROUPS, 64>>,
) -> (
    GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
) {
    let add3 = split1 + split0;
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>(
        split0,
        middle_conv2_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight = conv2d_backward_weight::<
        R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>,
    >(mul, split0, [1, 1], [1, 1], [1, 1], 1);
    let mul = v_conv2d_backward_input * sigmoid;
    let mul5 = v_conv2d_backward_input * add;
    let sub5 = -sigmoid + 1.0;
    let mul6 = sigmoid * sub5;
    let mul5 = mul5 * mul6;
    let add = mul + mul5;
    let sum_to = add
        .sum_reduce::<R1<{ BASE * MULTS[2] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let reshape5 = sum_to.reshape::<R1<{ BASE * MULTS[2] }>>();
    let mul = add
        * reshape
            .reshape::<R1<{ BASE * MULTS[2] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>, Axes3<0, 2, 3>>();
    let mul2 = add * mul2;
    let sum_to = mul2
        .sum_reduce::<R1<{ BASE * MULTS[2] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let reshape = sum_to.reshape::<R1<{ BASE * MULTS[2] }>>();
    let mul2 = mul
        * reshape2
            .reshape::<R2<BATCH, { BASE * MULTS[2] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>, Axes2<2, 3>>();
    let mul = mul * sub;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, { BASE * MULTS[2] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[2] }, 1, 1>>();
    let reshape2 = sum_to.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>>();
    let mul = reshape2
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, { BASE * MULTS[2] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[2] }, 1, 1>>();
    let reshape2 = sum_to2.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>>();
    let mul = reshape2
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt * rsqrt * rsqrt;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.015625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 64>, Axis<2>>();
    let mul = broadcast_to * sub2;
    let mul5 = broadcast_to * sub2;
    let add = mul + mul5;
    let neg = -add;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add4 = sum_to2 + sum_to;
    let mul = add4 * 0.015625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 64>, Axis<2>>();
    let add = add + broadcast_to;
    let reshape2 = add.reshape::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>();
    let add = mul2 + reshape2;
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>(
        add,
        middle_conv1_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight2 = conv2d_backward_weight::<
        R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>,
    >(mul3, add, [1, 1], [1, 1], [1, 1], 1);
    let mul = v_conv2d_backward_input * sigmoid2;
    let mul2 = v_conv2d_backward_input * add2;
    let sub = -sigmoid2 + 1.0;
    let mul3 = sigmoid2 * sub;
    let mul2 = mul2 * mul3;
    let add = mul + mul2;
    let sum_to = add
        .sum_reduce::<R1<{ BASE * MULTS[2] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let reshape2 = sum_to.reshape::<R1<{ BASE * MULTS[2] }>>();
    let mul = add
        * reshape3
            .reshape::<R1<{ BASE * MULTS[2] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>, Axes3<0, 2, 3>>();
    let mul2 = add * mul4;
    let sum_to = mul2
        .sum_reduce::<R1<{ BASE * MULTS[2] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let reshape3 = sum_to.reshape::<R1<{ BASE * MULTS[2] }>>();
    let mul2 = mul
        * reshape4
            .reshape::<R2<BATCH, { BASE * MULTS[2] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>, Axes2<2, 3>>();
    let mul = mul * sub3;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, { BASE * MULTS[2] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[2] }, 1, 1>>();
    let reshape4 = sum_to.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>>();
    let mul = reshape4
        * broadcast_to2.expand::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, { BASE * MULTS[2] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[2] }, 1, 1>>();
    let add = add3 + mul2;
    let reshape4 = sum_to2.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>>();
    let mul = reshape4
        * broadcast_to2.expand::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt2 * rsqrt2 * rsqrt2;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.015625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 64>, Axis<2>>();
    let mul = broadcast_to * sub4;
    let mul2 = broadcast_to * sub4;
    let add2 = mul + mul2;
    let neg = -add2;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add3 = sum_to2 + sum_to;
    let mul = add3 * 0.015625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 64>, Axis<2>>();
    let add2 = add2 + broadcast_to;
    let reshape4 = add2.reshape::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>();
    let add = add + reshape4;
    (
        v_conv2d_backward_weight,
        reshape5,
        reshape,
        v_conv2d_backward_weight2,
        reshape2,
        reshape3,
        add,
    )
}

/// ResBlockBackward5: `encoder_blocks_grad.2` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn res_block_backward_5(
    _n: &mut Net,
    _p: &str,
    add: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    encoder_blocks_2_res_conv_weight: GraphTensor<
        R4<{ BASE * MULTS[2] }, { BASE * MULTS[1] }, 1, 1>,
    >,
    h: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 2, 2>>,
    encoder_blocks_2_conv2_weight: GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>,
    mul: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    sigmoid: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    add2: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    reshape: GraphTensor<R3<{ BASE * MULTS[2] }, 1, 1>>,
    mul2: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    reshape2: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 1, 1>>,
    sub: GraphTensor<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>,
    broadcast_to: GraphTensor<R2<GROUPS, { BASE * MULTS[2] / GROUPS }>>,
    rsqrt: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub2: GraphTensor<R3<BATCH, GROUPS, 64>>,
    encoder_blocks_2_conv1_weight: GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[1] }, 3, 3>>,
    mul3: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 2, 2>>,
    sigmoid2: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 2, 2>>,
    add3: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 2, 2>>,
    reshape3: GraphTensor<R3<{ BASE * MULTS[1] }, 1, 1>>,
    mul4: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 2, 2>>,
    reshape4: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 1, 1>>,
    sub3: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 2, 2>>,
    broadcast_to2: GraphTensor<R2<GROUPS, { BASE * MULTS[1] / GROUPS }>>,
    rsqrt2: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub4: GraphTensor<R3<BATCH, GROUPS, 32>>,
) -> (
    GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[1] }, 1, 1>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[1] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[1] }>>,
    GraphTensor<R1<{ BASE * MULTS[1] }>>,
    GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 2, 2>>,
) {
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[1] }, 2, 2>>(
        add,
        encoder_blocks_2_res_conv_weight,
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight = conv2d_backward_weight::<
        R4<{ BASE * MULTS[2] }, { BASE * MULTS[1] }, 1, 1>,
    >(h, add, [1, 1], [0, 0], [1, 1], 1);
    let v_conv2d_backward_input2 = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>(
        add,
        encoder_blocks_2_conv2_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight2 = conv2d_backward_weight::<
        R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>,
    >(mul, add, [1, 1], [1, 1], [1, 1], 1);
    let mul = v_conv2d_backward_input2 * sigmoid;
    let mul5 = v_conv2d_backward_input2 * add2;
    let sub5 = -sigmoid + 1.0;
    let mul6 = sigmoid * sub5;
    let mul5 = mul5 * mul6;
    let add = mul + mul5;
    let sum_to = add
        .sum_reduce::<R1<{ BASE * MULTS[2] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let reshape5 = sum_to.reshape::<R1<{ BASE * MULTS[2] }>>();
    let mul = add
        * reshape
            .reshape::<R1<{ BASE * MULTS[2] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>, Axes3<0, 2, 3>>();
    let mul2 = add * mul2;
    let sum_to = mul2
        .sum_reduce::<R1<{ BASE * MULTS[2] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[2] }, 1, 1>>();
    let reshape = sum_to.reshape::<R1<{ BASE * MULTS[2] }>>();
    let mul2 = mul
        * reshape2
            .reshape::<R2<BATCH, { BASE * MULTS[2] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>, Axes2<2, 3>>();
    let mul = mul * sub;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, { BASE * MULTS[2] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[2] }, 1, 1>>();
    let reshape2 = sum_to.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>>();
    let mul = reshape2
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, { BASE * MULTS[2] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[2] }, 1, 1>>();
    let reshape2 = sum_to2.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>>();
    let mul = reshape2
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[2] / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt * rsqrt * rsqrt;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.015625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 64>, Axis<2>>();
    let mul = broadcast_to * sub2;
    let mul5 = broadcast_to * sub2;
    let add = mul + mul5;
    let neg = -add;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add2 = sum_to2 + sum_to;
    let mul = add2 * 0.015625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 64>, Axis<2>>();
    let add = add + broadcast_to;
    let reshape2 = add.reshape::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>();
    let add = mul2 + reshape2;
    let v_conv2d_backward_input2 = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[1] }, 2, 2>>(
        add,
        encoder_blocks_2_conv1_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight3 = conv2d_backward_weight::<
        R4<{ BASE * MULTS[2] }, { BASE * MULTS[1] }, 3, 3>,
    >(mul3, add, [1, 1], [1, 1], [1, 1], 1);
    let mul = v_conv2d_backward_input2 * sigmoid2;
    let mul2 = v_conv2d_backward_input2 * add3;
    let sub = -sigmoid2 + 1.0;
    let mul3 = sigmoid2 * sub;
    let mul2 = mul2 * mul3;
    let add = mul + mul2;
    let sum_to = add
        .sum_reduce::<R1<{ BASE * MULTS[1] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[1] }, 1, 1>>();
    let reshape2 = sum_to.reshape::<R1<{ BASE * MULTS[1] }>>();
    let mul = add
        * reshape3
            .reshape::<R1<{ BASE * MULTS[1] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[1] }, 2, 2>, Axes3<0, 2, 3>>();
    let mul2 = add * mul4;
    let sum_to = mul2
        .sum_reduce::<R1<{ BASE * MULTS[1] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[1] }, 1, 1>>();
    let reshape3 = sum_to.reshape::<R1<{ BASE * MULTS[1] }>>();
    let mul2 = mul
        * reshape4
            .reshape::<R2<BATCH, { BASE * MULTS[1] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[1] }, 2, 2>, Axes2<2, 3>>();
    let mul = mul * sub3;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, { BASE * MULTS[1] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[1] }, 1, 1>>();
    let reshape4 = sum_to.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[1] / GROUPS }>>();
    let mul = reshape4
        * broadcast_to2.expand::<R3<BATCH, GROUPS, { BASE * MULTS[1] / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, { BASE * MULTS[1] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[1] }, 1, 1>>();
    let add = v_conv2d_backward_input + mul2;
    let reshape4 = sum_to2.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[1] / GROUPS }>>();
    let mul = reshape4
        * broadcast_to2.expand::<R3<BATCH, GROUPS, { BASE * MULTS[1] / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt2 * rsqrt2 * rsqrt2;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.03125;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 32>, Axis<2>>();
    let mul = broadcast_to * sub4;
    let mul2 = broadcast_to * sub4;
    let add2 = mul + mul2;
    let neg = -add2;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add3 = sum_to2 + sum_to;
    let mul = add3 * 0.03125;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 32>, Axis<2>>();
    let add2 = add2 + broadcast_to;
    let reshape4 = add2.reshape::<R4<BATCH, { BASE * MULTS[1] }, 2, 2>>();
    let add = add + reshape4;
    (
        v_conv2d_backward_weight,
        v_conv2d_backward_weight2,
        reshape5,
        reshape,
        v_conv2d_backward_weight3,
        reshape2,
        reshape3,
        add,
    )
}

/// ResBlockBackward6: `encoder_blocks_grad.1` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn res_block_backward_6(
    _n: &mut Net,
    _p: &str,
    add: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>,
    encoder_blocks_1_res_conv_weight: GraphTensor<
        R4<{ BASE * MULTS[1] }, { BASE * MULTS[0] }, 1, 1>,
    >,
    h: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 4, 4>>,
    encoder_blocks_1_conv2_weight: GraphTensor<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>,
    mul: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>,
    sigmoid: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>,
    add2: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>,
    reshape: GraphTensor<R3<{ BASE * MULTS[1] }, 1, 1>>,
    mul2: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>,
    reshape2: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 1, 1>>,
    sub: GraphTensor<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>,
    broadcast_to: GraphTensor<R2<GROUPS, { BASE * MULTS[1] / GROUPS }>>,
    rsqrt: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub2: GraphTensor<R3<BATCH, GROUPS, 128>>,
    encoder_blocks_1_conv1_weight: GraphTensor<R4<{ BASE * MULTS[1] }, { BASE * MULTS[0] }, 3, 3>>,
    mul3: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 4, 4>>,
    sigmoid2: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 4, 4>>,
    add3: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 4, 4>>,
    reshape3: GraphTensor<R3<{ BASE * MULTS[0] }, 1, 1>>,
    mul4: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 4, 4>>,
    reshape4: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>,
    sub3: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 4, 4>>,
    broadcast_to2: GraphTensor<R2<GROUPS, { BASE * MULTS[0] / GROUPS }>>,
    rsqrt2: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub4: GraphTensor<R3<BATCH, GROUPS, 64>>,
) -> (
    GraphTensor<R4<{ BASE * MULTS[1] }, { BASE * MULTS[0] }, 1, 1>>,
    GraphTensor<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[1] }>>,
    GraphTensor<R1<{ BASE * MULTS[1] }>>,
    GraphTensor<R4<{ BASE * MULTS[1] }, { BASE * MULTS[0] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 4, 4>>,
) {
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[0] }, 4, 4>>(
        add,
        encoder_blocks_1_res_conv_weight,
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight = conv2d_backward_weight::<
        R4<{ BASE * MULTS[1] }, { BASE * MULTS[0] }, 1, 1>,
    >(h, add, [1, 1], [0, 0], [1, 1], 1);
    let v_conv2d_backward_input2 = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>(
        add,
        encoder_blocks_1_conv2_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight2 = conv2d_backward_weight::<
        R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>,
    >(mul, add, [1, 1], [1, 1], [1, 1], 1);
    let mul = v_conv2d_backward_input2 * sigmoid;
    let mul5 = v_conv2d_backward_input2 * add2;
    let sub5 = -sigmoid + 1.0;
    let mul6 = sigmoid * sub5;
    let mul5 = mul5 * mul6;
    let add = mul + mul5;
    let sum_to = add
        .sum_reduce::<R1<{ BASE * MULTS[1] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[1] }, 1, 1>>();
    let reshape5 = sum_to.reshape::<R1<{ BASE * MULTS[1] }>>();
    let mul = add
        * reshape
            .reshape::<R1<{ BASE * MULTS[1] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[1] }, 4, 4>, Axes3<0, 2, 3>>();
    let mul2 = add * mul2;
    let sum_to = mul2
        .sum_reduce::<R1<{ BASE * MULTS[1] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[1] }, 1, 1>>();
    let reshape = sum_to.reshape::<R1<{ BASE * MULTS[1] }>>();
    let mul2 = mul
        * reshape2
            .reshape::<R2<BATCH, { BASE * MULTS[1] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[1] }, 4, 4>, Axes2<2, 3>>();
    let mul = mul * sub;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, { BASE * MULTS[1] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[1] }, 1, 1>>();
    let reshape2 = sum_to.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[1] / GROUPS }>>();
    let mul = reshape2
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[1] / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, { BASE * MULTS[1] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[1] }, 1, 1>>();
    let reshape2 = sum_to2.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[1] / GROUPS }>>();
    let mul = reshape2
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[1] / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt * rsqrt * rsqrt;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.0078125;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 128>, Axis<2>>();
    let mul = broadcast_to * sub2;
    let mul5 = broadcast_to * sub2;
    let add = mul + mul5;
    let neg = -add;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add2 = sum_to2 + sum_to;
    let mul = add2 * 0.0078125;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 128>, Axis<2>>();
    let add = add + broadcast_to;
    let reshape2 = add.reshape::<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>();
    let add = mul2 + reshape2;
    let v_conv2d_backward_input2 = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[0] }, 4, 4>>(
        add,
        encoder_blocks_1_conv1_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight3 = conv2d_backward_weight::<
        R4<{ BASE * MULTS[1] }, { BASE * MULTS[0] }, 3, 3>,
    >(mul3, add, [1, 1], [1, 1], [1, 1], 1);
    let mul = v_conv2d_backward_input2 * sigmoid2;
    let mul2 = v_conv2d_backward_input2 * add3;
    let sub = -sigmoid2 + 1.0;
    let mul3 = sigmoid2 * sub;
    let mul2 = mul2 * mul3;
    let add = mul + mul2;
    let sum_to = add
        .sum_reduce::<R1<{ BASE * MULTS[0] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let reshape2 = sum_to.reshape::<R1<{ BASE * MULTS[0] }>>();
    let mul = add
        * reshape3
            .reshape::<R1<{ BASE * MULTS[0] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[0] }, 4, 4>, Axes3<0, 2, 3>>();
    let mul2 = add * mul4;
    let sum_to = mul2
        .sum_reduce::<R1<{ BASE * MULTS[0] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let reshape3 = sum_to.reshape::<R1<{ BASE * MULTS[0] }>>();
    let mul2 = mul
        * reshape4
            .reshape::<R2<BATCH, { BASE * MULTS[0] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[0] }, 4, 4>, Axes2<2, 3>>();
    let mul = mul * sub3;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, { BASE * MULTS[0] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>();
    let reshape4 = sum_to.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>>();
    let mul = reshape4
        * broadcast_to2.expand::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, { BASE * MULTS[0] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>();
    let add = v_conv2d_backward_input + mul2;
    let reshape4 = sum_to2.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>>();
    let mul = reshape4
        * broadcast_to2.expand::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt2 * rsqrt2 * rsqrt2;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.015625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 64>, Axis<2>>();
    let mul = broadcast_to * sub4;
    let mul2 = broadcast_to * sub4;
    let add2 = mul + mul2;
    let neg = -add2;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add3 = sum_to2 + sum_to;
    let mul = add3 * 0.015625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 64>, Axis<2>>();
    let add2 = add2 + broadcast_to;
    let reshape4 = add2.reshape::<R4<BATCH, { BASE * MULTS[0] }, 4, 4>>();
    let add = add + reshape4;
    (
        v_conv2d_backward_weight,
        v_conv2d_backward_weight2,
        reshape5,
        reshape,
        v_conv2d_backward_weight3,
        reshape2,
        reshape3,
        add,
    )
}

/// ResBlockBackward7: `encoder_blocks_grad.0` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn res_block_backward_7(
    _n: &mut Net,
    _p: &str,
    add: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
    encoder_blocks_0_conv2_weight: GraphTensor<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>,
    mul: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
    sigmoid: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
    add2: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
    reshape: GraphTensor<R3<{ BASE * MULTS[0] }, 1, 1>>,
    mul2: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
    reshape2: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>,
    sub: GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
    broadcast_to: GraphTensor<R2<GROUPS, { BASE * MULTS[0] / GROUPS }>>,
    rsqrt: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub2: GraphTensor<R3<BATCH, GROUPS, 256>>,
    encoder_blocks_0_conv1_weight: GraphTensor<R4<{ BASE * MULTS[0] }, BASE, 3, 3>>,
    mul3: GraphTensor<R4<BATCH, BASE, 8, 8>>,
    sigmoid2: GraphTensor<R4<BATCH, BASE, 8, 8>>,
    add3: GraphTensor<R4<BATCH, BASE, 8, 8>>,
    reshape3: GraphTensor<R3<BASE, 1, 1>>,
    mul4: GraphTensor<R4<BATCH, BASE, 8, 8>>,
    reshape4: GraphTensor<R4<BATCH, BASE, 1, 1>>,
    sub3: GraphTensor<R4<BATCH, BASE, 8, 8>>,
    broadcast_to2: GraphTensor<R2<GROUPS, { BASE / GROUPS }>>,
    rsqrt2: GraphTensor<R3<BATCH, GROUPS, 1>>,
    sub4: GraphTensor<R3<BATCH, GROUPS, 256>>,
) -> (
    GraphTensor<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R4<{ BASE * MULTS[0] }, BASE, 3, 3>>,
    GraphTensor<R1<BASE>>,
    GraphTensor<R1<BASE>>,
    GraphTensor<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>,
) {
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>(
        add,
        encoder_blocks_0_conv2_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight = conv2d_backward_weight::<
        R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>,
    >(mul, add, [1, 1], [1, 1], [1, 1], 1);
    let mul = v_conv2d_backward_input * sigmoid;
    let mul5 = v_conv2d_backward_input * add2;
    let sub5 = -sigmoid + 1.0;
    let mul6 = sigmoid * sub5;
    let mul5 = mul5 * mul6;
    let add2 = mul + mul5;
    let sum_to = add2
        .sum_reduce::<R1<{ BASE * MULTS[0] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let reshape5 = sum_to.reshape::<R1<{ BASE * MULTS[0] }>>();
    let mul = add2
        * reshape
            .reshape::<R1<{ BASE * MULTS[0] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>, Axes3<0, 2, 3>>();
    let mul2 = add2 * mul2;
    let sum_to = mul2
        .sum_reduce::<R1<{ BASE * MULTS[0] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let reshape = sum_to.reshape::<R1<{ BASE * MULTS[0] }>>();
    let mul2 = mul
        * reshape2
            .reshape::<R2<BATCH, { BASE * MULTS[0] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>, Axes2<2, 3>>();
    let mul = mul * sub;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, { BASE * MULTS[0] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>();
    let reshape2 = sum_to.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>>();
    let mul = reshape2
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, { BASE * MULTS[0] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>();
    let reshape2 = sum_to2.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>>();
    let mul = reshape2
        * broadcast_to.expand::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt * rsqrt * rsqrt;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.00390625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 256>, Axis<2>>();
    let mul = broadcast_to * sub2;
    let mul5 = broadcast_to * sub2;
    let add2 = mul + mul5;
    let neg = -add2;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add4 = sum_to2 + sum_to;
    let mul = add4 * 0.00390625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 256>, Axis<2>>();
    let add2 = add2 + broadcast_to;
    let reshape2 = add2.reshape::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>();
    let add2 = mul2 + reshape2;
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, BASE, 8, 8>>(
        add2,
        encoder_blocks_0_conv1_weight,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight2 = conv2d_backward_weight::<R4<{ BASE * MULTS[0] }, BASE, 3, 3>>(
        mul3,
        add2,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let mul = v_conv2d_backward_input * sigmoid2;
    let mul2 = v_conv2d_backward_input * add3;
    let sub = -sigmoid2 + 1.0;
    let mul3 = sigmoid2 * sub;
    let mul2 = mul2 * mul3;
    let add2 = mul + mul2;
    let sum_to = add2
        .sum_reduce::<R1<BASE>, Axes3<0, 2, 3>>()
        .reshape::<R3<BASE, 1, 1>>();
    let reshape2 = sum_to.reshape::<R1<BASE>>();
    let mul = add2
        * reshape3
            .reshape::<R1<BASE>>()
            .expand::<R4<BATCH, BASE, 8, 8>, Axes3<0, 2, 3>>();
    let mul2 = add2 * mul4;
    let sum_to = mul2
        .sum_reduce::<R1<BASE>, Axes3<0, 2, 3>>()
        .reshape::<R3<BASE, 1, 1>>();
    let reshape3 = sum_to.reshape::<R1<BASE>>();
    let mul2 = mul
        * reshape4
            .reshape::<R2<BATCH, BASE>>()
            .expand::<R4<BATCH, BASE, 8, 8>, Axes2<2, 3>>();
    let mul = mul * sub3;
    let sum_to = mul
        .sum_reduce::<R2<BATCH, BASE>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, BASE, 1, 1>>();
    let reshape4 = sum_to.reshape::<R3<BATCH, GROUPS, { BASE / GROUPS }>>();
    let mul = reshape4 * broadcast_to2.expand::<R3<BATCH, GROUPS, { BASE / GROUPS }>, Axis<0>>();
    let sum_to = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul2;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, BASE>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, BASE, 1, 1>>();
    let add = add + mul2;
    let reshape4 = sum_to2.reshape::<R3<BATCH, GROUPS, { BASE / GROUPS }>>();
    let mul = reshape4 * broadcast_to2.expand::<R3<BATCH, GROUPS, { BASE / GROUPS }>, Axis<0>>();
    let sum_to2 = mul
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt2 * rsqrt2 * rsqrt2;
    let mul = pow * -0.5;
    let mul = sum_to * mul;
    let mul = mul * 0.00390625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 256>, Axis<2>>();
    let mul = broadcast_to * sub4;
    let mul2 = broadcast_to * sub4;
    let add2 = mul + mul2;
    let neg = -add2;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add3 = sum_to2 + sum_to;
    let mul = add3 * 0.00390625;
    let broadcast_to = mul
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 256>, Axis<2>>();
    let add2 = add2 + broadcast_to;
    let reshape4 = add2.reshape::<R4<BATCH, BASE, 8, 8>>();
    let add = add + reshape4;
    (
        v_conv2d_backward_weight,
        reshape5,
        reshape,
        v_conv2d_backward_weight2,
        reshape2,
        reshape3,
        add,
    )
}

/// UNet: the model.
#[allow(clippy::type_complexity)]
pub fn u_net(
    n: &mut Net,
    noisy_latent: GraphTensor<R4<BATCH, CHANNELS, SIZE, SIZE>>,
    target: GraphTensor<R4<BATCH, CHANNELS, 8, 8>>,
) -> (
    GraphTensor<R0>,
    GraphTensor<R4<{ BASE * MULTS[0] }, CHANNELS, 3, 3>>,
    GraphTensor<R1<BASE>>,
    GraphTensor<R1<BASE>>,
    GraphTensor<R4<{ BASE * MULTS[0] }, BASE, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>,
    GraphTensor<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R4<{ BASE * MULTS[1] }, { BASE * MULTS[0] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[1] }>>,
    GraphTensor<R1<{ BASE * MULTS[1] }>>,
    GraphTensor<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>,
    GraphTensor<R4<{ BASE * MULTS[1] }, { BASE * MULTS[0] }, 1, 1>>,
    GraphTensor<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[1] }>>,
    GraphTensor<R1<{ BASE * MULTS[1] }>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[1] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[1] }, 1, 1>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>,
    GraphTensor<R1<128>>,
    GraphTensor<R1<128>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, 128, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R1<{ BASE * MULTS[2] }>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>,
    GraphTensor<R4<{ BASE * MULTS[2] }, 128, 1, 1>>,
    GraphTensor<R1<96>>,
    GraphTensor<R1<96>>,
    GraphTensor<R4<{ BASE * MULTS[1] }, 96, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[1] }>>,
    GraphTensor<R1<{ BASE * MULTS[1] }>>,
    GraphTensor<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>,
    GraphTensor<R4<{ BASE * MULTS[1] }, 96, 1, 1>>,
    GraphTensor<R1<48>>,
    GraphTensor<R1<48>>,
    GraphTensor<R4<{ BASE * MULTS[0] }, 48, 3, 3>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>,
    GraphTensor<R4<{ BASE * MULTS[0] }, 48, 1, 1>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R1<{ BASE * MULTS[0] }>>,
    GraphTensor<R4<CHANNELS, { BASE * MULTS[0] }, 3, 3>>,
) {
    let h = conv2d::<R4<BATCH, BASE, 8, 8>>(
        noisy_latent,
        n.param::<R4<BASE, CHANNELS, 3, 3>>("conv_in.weight"),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let (
        sub,
        rsqrt,
        broadcast_to,
        sub2,
        reshape,
        mul,
        reshape2,
        add,
        sigmoid,
        mul2,
        sub3,
        rsqrt2,
        broadcast_to2,
        sub4,
        reshape3,
        mul3,
        reshape4,
        add2,
        sigmoid2,
        mul4,
        out,
    ) = res_block::<Const<16>, Const<8>, Const<256>, Const<4>>(n, "encoder_blocks.0", h);
    let h = conv2d::<R4<BATCH, { BASE * MULTS[0] }, 4, 4>>(
        out,
        n.param::<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>("downsamples.0.weight"),
        [2, 2],
        [1, 1],
        [1, 1],
        1,
    );
    let (
        sub5,
        rsqrt3,
        broadcast_to3,
        sub6,
        reshape5,
        mul5,
        reshape6,
        add3,
        sigmoid3,
        mul6,
        sub7,
        rsqrt4,
        broadcast_to4,
        sub8,
        reshape7,
        mul7,
        reshape8,
        add4,
        sigmoid4,
        mul8,
        out2,
    ) = res_block_2::<Const<16>, Const<4>, Const<64>, Const<4>, Const<32>, Const<128>, Const<8>>(
        n,
        "encoder_blocks.1",
        h,
    );
    let h2 = conv2d::<R4<BATCH, { BASE * MULTS[1] }, 2, 2>>(
        out2,
        n.param::<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>("downsamples.1.weight"),
        [2, 2],
        [1, 1],
        [1, 1],
        1,
    );
    let (
        sub9,
        rsqrt5,
        broadcast_to5,
        sub10,
        reshape9,
        mul9,
        reshape10,
        add5,
        sigmoid5,
        mul10,
        sub11,
        rsqrt6,
        broadcast_to6,
        sub12,
        reshape11,
        mul11,
        reshape12,
        add6,
        sigmoid6,
        mul12,
        out3,
    ) = res_block_2::<Const<32>, Const<2>, Const<32>, Const<8>, Const<64>, Const<64>, Const<16>>(
        n,
        "encoder_blocks.2",
        h2,
    );
    let (
        sub13,
        rsqrt7,
        broadcast_to7,
        sub14,
        reshape13,
        mul13,
        reshape14,
        add7,
        sigmoid7,
        mul14,
        sub15,
        rsqrt8,
        broadcast_to8,
        sub16,
        reshape15,
        mul15,
        reshape16,
        add8,
        sigmoid8,
        mul16,
        out4,
    ) = res_block::<Const<64>, Const<2>, Const<64>, Const<16>>(n, "middle", out3);
    let h3 = out4.concat_along::<R4<BATCH, 128, 2, 2>, Axis<1>, _>(out3);
    let (
        sub17,
        rsqrt9,
        broadcast_to9,
        sub18,
        reshape17,
        mul17,
        reshape18,
        add9,
        sigmoid9,
        mul18,
        sub19,
        rsqrt10,
        broadcast_to10,
        sub20,
        reshape19,
        mul19,
        reshape20,
        add10,
        sigmoid10,
        mul20,
        out3,
    ) = res_block_2::<Const<128>, Const<2>, Const<128>, Const<32>, Const<64>, Const<64>, Const<16>>(
        n,
        "decoder_blocks.0",
        h3,
    );
    let reshape21 = out3.reshape::<R6<BATCH, { BASE * MULTS[2] }, 2, 1, 2, 1>>();
    let concat =
        reshape21.concat_along::<R6<BATCH, { BASE * MULTS[2] }, 2, 1, 2, 2>, Axis<5>, _>(reshape21);
    let concat =
        concat.concat_along::<R6<BATCH, { BASE * MULTS[2] }, 2, 2, 2, 2>, Axis<3>, _>(concat);
    let reshape21 = concat.reshape::<R4<BATCH, { BASE * MULTS[2] }, 4, 4>>();
    let h4 = reshape21.concat_along::<R4<BATCH, 96, 4, 4>, Axis<1>, _>(out2);
    let (
        sub21,
        rsqrt11,
        broadcast_to11,
        sub22,
        reshape21,
        mul21,
        reshape22,
        add11,
        sigmoid11,
        mul22,
        sub23,
        rsqrt12,
        broadcast_to12,
        sub24,
        reshape23,
        mul23,
        reshape24,
        add12,
        sigmoid12,
        mul24,
        out3,
    ) = res_block_2::<Const<96>, Const<4>, Const<384>, Const<24>, Const<32>, Const<128>, Const<8>>(
        n,
        "decoder_blocks.1",
        h4,
    );
    let reshape25 = out3.reshape::<R6<BATCH, { BASE * MULTS[1] }, 4, 1, 4, 1>>();
    let concat =
        reshape25.concat_along::<R6<BATCH, { BASE * MULTS[1] }, 4, 1, 4, 2>, Axis<5>, _>(reshape25);
    let concat =
        concat.concat_along::<R6<BATCH, { BASE * MULTS[1] }, 4, 2, 4, 2>, Axis<3>, _>(concat);
    let reshape25 = concat.reshape::<R4<BATCH, { BASE * MULTS[1] }, 8, 8>>();
    let h5 = reshape25.concat_along::<R4<BATCH, 48, 8, 8>, Axis<1>, _>(out);
    let (
        sub25,
        rsqrt13,
        broadcast_to13,
        sub26,
        reshape25,
        mul25,
        reshape26,
        add13,
        sigmoid13,
        mul26,
        sub27,
        rsqrt14,
        broadcast_to14,
        sub28,
        reshape27,
        mul27,
        reshape28,
        add14,
        sigmoid14,
        mul28,
        out3,
    ) = res_block_2::<Const<48>, Const<8>, Const<768>, Const<12>, Const<16>, Const<256>, Const<4>>(
        n,
        "decoder_blocks.2",
        h5,
    );
    let reshape29 = out3.reshape::<R3<BATCH, GROUPS, 256>>();
    let mean = reshape29
        .mean_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let sub29 = reshape29
        - mean
            .reshape::<R2<BATCH, GROUPS>>()
            .expand::<R3<BATCH, GROUPS, 256>, Axis<2>>();
    let mul29 = sub29 * sub29;
    let mean2 = mul29
        .mean_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add15 = mean2 + 1e-05;
    let rsqrt15 = add15.sqrt().recip();
    let broadcast_to15 = n
        .constant::<R0>(1.0)
        .expand::<R2<GROUPS, { BASE * MULTS[0] / GROUPS }>, Axes2<0, 1>>();
    let mul29 = mean
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>, Axis<2>>()
        * broadcast_to15.expand::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>, Axis<0>>();
    let reshape29 = mul29.reshape::<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>();
    let sub30 = out3
        - reshape29
            .reshape::<R2<BATCH, { BASE * MULTS[0] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>, Axes2<2, 3>>();
    let mul29 =
        rsqrt15
            .reshape::<R2<BATCH, GROUPS>>()
            .expand::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>, Axis<2>>()
            * broadcast_to15.expand::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>, Axis<0>>();
    let reshape29 = mul29.reshape::<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>();
    let mul29 = sub30
        * reshape29
            .reshape::<R2<BATCH, { BASE * MULTS[0] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>, Axes2<2, 3>>();
    let reshape30 = n
        .param::<R1<{ BASE * MULTS[0] }>>("norm_out.weight")
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let mul30 = mul29
        * reshape30
            .reshape::<R1<{ BASE * MULTS[0] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>, Axes3<0, 2, 3>>();
    let reshape31 = n
        .param::<R1<{ BASE * MULTS[0] }>>("norm_out.bias")
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let add15 = mul30
        + reshape31
            .reshape::<R1<{ BASE * MULTS[0] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>, Axes3<0, 2, 3>>();
    let sigmoid15 = add15.sigmoid();
    let mul30 = add15 * sigmoid15;
    let sample = conv2d::<R4<BATCH, CHANNELS, 8, 8>>(
        mul30,
        n.param::<R4<CHANNELS, { BASE * MULTS[0] }, 3, 3>>("conv_out.weight"),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let sub31 = sample - target;
    let mul31 = sub31 * sub31;
    let mean = mul31.mean_reduce::<R0, Axes4<0, 1, 2, 3>>();
    let mul31 = n.constant::<R0>(0.001953125);
    let reshape31 = mul31.reshape::<R4<1, 1, 1, 1>>();
    let broadcast_to16 = reshape31
        .reshape::<R0>()
        .expand::<R4<BATCH, CHANNELS, 8, 8>, Axes4<0, 1, 2, 3>>();
    let mul31 = broadcast_to16 * sub31;
    let mul32 = broadcast_to16 * sub31;
    let add16 = mul31 + mul32;
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>(
        add16,
        n.param::<R4<CHANNELS, { BASE * MULTS[0] }, 3, 3>>("conv_out.weight"),
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight = conv2d_backward_weight::<R4<CHANNELS, { BASE * MULTS[0] }, 3, 3>>(
        mul30,
        add16,
        [1, 1],
        [1, 1],
        [1, 1],
        1,
    );
    let mul30 = v_conv2d_backward_input * sigmoid15;
    let mul31 = v_conv2d_backward_input * add15;
    let sub31 = -sigmoid15 + 1.0;
    let mul32 = sigmoid15 * sub31;
    let mul31 = mul31 * mul32;
    let add15 = mul30 + mul31;
    let sum_to = add15
        .sum_reduce::<R1<{ BASE * MULTS[0] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let reshape31 = sum_to.reshape::<R1<{ BASE * MULTS[0] }>>();
    let mul30 = add15
        * reshape30
            .reshape::<R1<{ BASE * MULTS[0] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>, Axes3<0, 2, 3>>();
    let mul29 = add15 * mul29;
    let sum_to = mul29
        .sum_reduce::<R1<{ BASE * MULTS[0] }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ BASE * MULTS[0] }, 1, 1>>();
    let reshape30 = sum_to.reshape::<R1<{ BASE * MULTS[0] }>>();
    let mul29 = mul30
        * reshape29
            .reshape::<R2<BATCH, { BASE * MULTS[0] }>>()
            .expand::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>, Axes2<2, 3>>();
    let mul30 = mul30 * sub30;
    let sum_to = mul30
        .sum_reduce::<R2<BATCH, { BASE * MULTS[0] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>();
    let reshape29 = sum_to.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>>();
    let mul30 = reshape29
        * broadcast_to15.expand::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>, Axis<0>>();
    let sum_to = mul30
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let neg = -mul29;
    let sum_to2 = neg
        .sum_reduce::<R2<BATCH, { BASE * MULTS[0] }>, Axes2<2, 3>>()
        .reshape::<R4<BATCH, { BASE * MULTS[0] }, 1, 1>>();
    let reshape29 = sum_to2.reshape::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>>();
    let mul30 = reshape29
        * broadcast_to15.expand::<R3<BATCH, GROUPS, { BASE * MULTS[0] / GROUPS }>, Axis<0>>();
    let sum_to2 = mul30
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let pow = rsqrt15 * rsqrt15 * rsqrt15;
    let mul30 = pow * -0.5;
    let mul30 = sum_to * mul30;
    let mul30 = mul30 * 0.00390625;
    let broadcast_to15 = mul30
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 256>, Axis<2>>();
    let mul30 = broadcast_to15 * sub29;
    let mul31 = broadcast_to15 * sub29;
    let add15 = mul30 + mul31;
    let neg = -add15;
    let sum_to = neg
        .sum_reduce::<R2<BATCH, GROUPS>, Axis<2>>()
        .reshape::<R3<BATCH, GROUPS, 1>>();
    let add16 = sum_to2 + sum_to;
    let mul30 = add16 * 0.00390625;
    let broadcast_to15 = mul30
        .reshape::<R2<BATCH, GROUPS>>()
        .expand::<R3<BATCH, GROUPS, 256>, Axis<2>>();
    let add15 = add15 + broadcast_to15;
    let reshape29 = add15.reshape::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>();
    let add15 = mul29 + reshape29;
    let decoder_blocks_2_res_conv_weight =
        n.param::<R4<{ BASE * MULTS[0] }, 48, 1, 1>>("decoder_blocks.2.res_conv.weight");
    let decoder_blocks_2_conv2_weight = n
        .param::<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>(
            "decoder_blocks.2.conv2.weight",
        );
    let decoder_blocks_2_conv1_weight =
        n.param::<R4<{ BASE * MULTS[0] }, 48, 3, 3>>("decoder_blocks.2.conv1.weight");
    let (
        v_conv2d_backward_weight2,
        v_conv2d_backward_weight3,
        reshape25,
        reshape26,
        v_conv2d_backward_weight4,
        reshape27,
        reshape28,
        add13,
    ) = res_block_backward(
        n,
        "decoder_blocks_grad.2",
        add15,
        decoder_blocks_2_res_conv_weight,
        h5,
        decoder_blocks_2_conv2_weight,
        mul28,
        sigmoid14,
        add14,
        reshape28,
        mul27,
        reshape27,
        sub28,
        broadcast_to14,
        rsqrt14,
        sub27,
        decoder_blocks_2_conv1_weight,
        mul26,
        sigmoid13,
        add13,
        reshape26,
        mul25,
        reshape25,
        sub26,
        broadcast_to13,
        rsqrt13,
        sub25,
    );
    let (split0, split1) = (
        slice_axis::<R4<BATCH, { BASE * MULTS[1] }, 8, 8>>(add13, 1, 0, BASE * MULTS[1]),
        slice_axis::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>(add13, 1, BASE * MULTS[1], 48),
    );
    let reshape29 = split0.reshape::<R6<BATCH, { BASE * MULTS[1] }, 4, 2, 4, 2>>();
    let (split0, split12) = (
        slice_axis::<R6<BATCH, { BASE * MULTS[1] }, 4, 1, 4, 2>>(reshape29, 3, 0, 1),
        slice_axis::<R6<BATCH, { BASE * MULTS[1] }, 4, 1, 4, 2>>(reshape29, 3, 1, 2),
    );
    let add13 = split0 + split12;
    let (split0, split12) = (
        slice_axis::<R6<BATCH, { BASE * MULTS[1] }, 4, 1, 4, 1>>(add13, 5, 0, 1),
        slice_axis::<R6<BATCH, { BASE * MULTS[1] }, 4, 1, 4, 1>>(add13, 5, 1, 2),
    );
    let add13 = split0 + split12;
    let reshape29 = add13.reshape::<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>();
    let decoder_blocks_1_res_conv_weight =
        n.param::<R4<{ BASE * MULTS[1] }, 96, 1, 1>>("decoder_blocks.1.res_conv.weight");
    let decoder_blocks_1_conv2_weight = n
        .param::<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>(
            "decoder_blocks.1.conv2.weight",
        );
    let decoder_blocks_1_conv1_weight =
        n.param::<R4<{ BASE * MULTS[1] }, 96, 3, 3>>("decoder_blocks.1.conv1.weight");
    let (
        v_conv2d_backward_weight5,
        v_conv2d_backward_weight6,
        reshape21,
        reshape22,
        v_conv2d_backward_weight7,
        reshape23,
        reshape24,
        add11,
    ) = res_block_backward_2(
        n,
        "decoder_blocks_grad.1",
        reshape29,
        decoder_blocks_1_res_conv_weight,
        h4,
        decoder_blocks_1_conv2_weight,
        mul24,
        sigmoid12,
        add12,
        reshape24,
        mul23,
        reshape23,
        sub24,
        broadcast_to12,
        rsqrt12,
        sub23,
        decoder_blocks_1_conv1_weight,
        mul22,
        sigmoid11,
        add11,
        reshape22,
        mul21,
        reshape21,
        sub22,
        broadcast_to11,
        rsqrt11,
        sub21,
    );
    let (split0, split12) = (
        slice_axis::<R4<BATCH, { BASE * MULTS[2] }, 4, 4>>(add11, 1, 0, BASE * MULTS[2]),
        slice_axis::<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>(add11, 1, BASE * MULTS[2], 96),
    );
    let reshape29 = split0.reshape::<R6<BATCH, { BASE * MULTS[2] }, 2, 2, 2, 2>>();
    let (split0, split13) = (
        slice_axis::<R6<BATCH, { BASE * MULTS[2] }, 2, 1, 2, 2>>(reshape29, 3, 0, 1),
        slice_axis::<R6<BATCH, { BASE * MULTS[2] }, 2, 1, 2, 2>>(reshape29, 3, 1, 2),
    );
    let add11 = split0 + split13;
    let (split0, split13) = (
        slice_axis::<R6<BATCH, { BASE * MULTS[2] }, 2, 1, 2, 1>>(add11, 5, 0, 1),
        slice_axis::<R6<BATCH, { BASE * MULTS[2] }, 2, 1, 2, 1>>(add11, 5, 1, 2),
    );
    let add11 = split0 + split13;
    let reshape29 = add11.reshape::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>();
    let decoder_blocks_0_res_conv_weight =
        n.param::<R4<{ BASE * MULTS[2] }, 128, 1, 1>>("decoder_blocks.0.res_conv.weight");
    let decoder_blocks_0_conv2_weight = n
        .param::<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>(
            "decoder_blocks.0.conv2.weight",
        );
    let decoder_blocks_0_conv1_weight =
        n.param::<R4<{ BASE * MULTS[2] }, 128, 3, 3>>("decoder_blocks.0.conv1.weight");
    let (
        v_conv2d_backward_weight8,
        v_conv2d_backward_weight9,
        reshape17,
        reshape18,
        v_conv2d_backward_weight10,
        reshape19,
        reshape20,
        add9,
    ) = res_block_backward_3(
        n,
        "decoder_blocks_grad.0",
        reshape29,
        decoder_blocks_0_res_conv_weight,
        h3,
        decoder_blocks_0_conv2_weight,
        mul20,
        sigmoid10,
        add10,
        reshape20,
        mul19,
        reshape19,
        sub20,
        broadcast_to10,
        rsqrt10,
        sub19,
        decoder_blocks_0_conv1_weight,
        mul18,
        sigmoid9,
        add9,
        reshape18,
        mul17,
        reshape17,
        sub18,
        broadcast_to9,
        rsqrt9,
        sub17,
    );
    let (split0, split13) = (
        slice_axis::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>(add9, 1, 0, BASE * MULTS[2]),
        slice_axis::<R4<BATCH, { BASE * MULTS[2] }, 2, 2>>(add9, 1, BASE * MULTS[2], 128),
    );
    let middle_conv2_weight =
        n.param::<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>("middle.conv2.weight");
    let middle_conv1_weight =
        n.param::<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>("middle.conv1.weight");
    let (
        v_conv2d_backward_weight11,
        reshape13,
        reshape14,
        v_conv2d_backward_weight12,
        reshape15,
        reshape16,
        add7,
    ) = res_block_backward_4(
        n,
        "middle_grad",
        split13,
        split0,
        middle_conv2_weight,
        mul16,
        sigmoid8,
        add8,
        reshape16,
        mul15,
        reshape15,
        sub16,
        broadcast_to8,
        rsqrt8,
        sub15,
        middle_conv1_weight,
        mul14,
        sigmoid7,
        add7,
        reshape14,
        mul13,
        reshape13,
        sub14,
        broadcast_to7,
        rsqrt7,
        sub13,
    );
    let encoder_blocks_2_res_conv_weight = n
        .param::<R4<{ BASE * MULTS[2] }, { BASE * MULTS[1] }, 1, 1>>(
            "encoder_blocks.2.res_conv.weight",
        );
    let encoder_blocks_2_conv2_weight = n
        .param::<R4<{ BASE * MULTS[2] }, { BASE * MULTS[2] }, 3, 3>>(
            "encoder_blocks.2.conv2.weight",
        );
    let encoder_blocks_2_conv1_weight = n
        .param::<R4<{ BASE * MULTS[2] }, { BASE * MULTS[1] }, 3, 3>>(
            "encoder_blocks.2.conv1.weight",
        );
    let (
        v_conv2d_backward_weight13,
        v_conv2d_backward_weight14,
        reshape9,
        reshape10,
        v_conv2d_backward_weight15,
        reshape11,
        reshape12,
        add5,
    ) = res_block_backward_5(
        n,
        "encoder_blocks_grad.2",
        add7,
        encoder_blocks_2_res_conv_weight,
        h2,
        encoder_blocks_2_conv2_weight,
        mul12,
        sigmoid6,
        add6,
        reshape12,
        mul11,
        reshape11,
        sub12,
        broadcast_to6,
        rsqrt6,
        sub11,
        encoder_blocks_2_conv1_weight,
        mul10,
        sigmoid5,
        add5,
        reshape10,
        mul9,
        reshape9,
        sub10,
        broadcast_to5,
        rsqrt5,
        sub9,
    );
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[1] }, 4, 4>>(
        add5,
        n.param::<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>("downsamples.1.weight"),
        [2, 2],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight16 = conv2d_backward_weight::<
        R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>,
    >(out2, add5, [2, 2], [1, 1], [1, 1], 1);
    let add5 = split12 + v_conv2d_backward_input;
    let encoder_blocks_1_res_conv_weight = n
        .param::<R4<{ BASE * MULTS[1] }, { BASE * MULTS[0] }, 1, 1>>(
            "encoder_blocks.1.res_conv.weight",
        );
    let encoder_blocks_1_conv2_weight = n
        .param::<R4<{ BASE * MULTS[1] }, { BASE * MULTS[1] }, 3, 3>>(
            "encoder_blocks.1.conv2.weight",
        );
    let encoder_blocks_1_conv1_weight = n
        .param::<R4<{ BASE * MULTS[1] }, { BASE * MULTS[0] }, 3, 3>>(
            "encoder_blocks.1.conv1.weight",
        );
    let (
        v_conv2d_backward_weight17,
        v_conv2d_backward_weight18,
        reshape5,
        reshape6,
        v_conv2d_backward_weight19,
        reshape7,
        reshape8,
        add3,
    ) = res_block_backward_6(
        n,
        "encoder_blocks_grad.1",
        add5,
        encoder_blocks_1_res_conv_weight,
        h,
        encoder_blocks_1_conv2_weight,
        mul8,
        sigmoid4,
        add4,
        reshape8,
        mul7,
        reshape7,
        sub8,
        broadcast_to4,
        rsqrt4,
        sub7,
        encoder_blocks_1_conv1_weight,
        mul6,
        sigmoid3,
        add3,
        reshape6,
        mul5,
        reshape5,
        sub6,
        broadcast_to3,
        rsqrt3,
        sub5,
    );
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, { BASE * MULTS[0] }, 8, 8>>(
        add3,
        n.param::<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>("downsamples.0.weight"),
        [2, 2],
        [1, 1],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight20 = conv2d_backward_weight::<
        R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>,
    >(out, add3, [2, 2], [1, 1], [1, 1], 1);
    let add3 = split1 + v_conv2d_backward_input;
    let encoder_blocks_0_conv2_weight = n
        .param::<R4<{ BASE * MULTS[0] }, { BASE * MULTS[0] }, 3, 3>>(
            "encoder_blocks.0.conv2.weight",
        );
    let encoder_blocks_0_conv1_weight =
        n.param::<R4<{ BASE * MULTS[0] }, BASE, 3, 3>>("encoder_blocks.0.conv1.weight");
    let (
        v_conv2d_backward_weight21,
        reshape,
        reshape2,
        v_conv2d_backward_weight22,
        reshape3,
        reshape4,
        add,
    ) = res_block_backward_7(
        n,
        "encoder_blocks_grad.0",
        add3,
        encoder_blocks_0_conv2_weight,
        mul4,
        sigmoid2,
        add2,
        reshape4,
        mul3,
        reshape3,
        sub4,
        broadcast_to2,
        rsqrt2,
        sub3,
        encoder_blocks_0_conv1_weight,
        mul2,
        sigmoid,
        add,
        reshape2,
        mul,
        reshape,
        sub2,
        broadcast_to,
        rsqrt,
        sub,
    );
    let v_conv2d_backward_weight23 = conv2d_backward_weight::<
        R4<{ BASE * MULTS[0] }, CHANNELS, 3, 3>,
    >(noisy_latent, add, [1, 1], [1, 1], [1, 1], 1);
    (
        mean,
        v_conv2d_backward_weight23,
        reshape4,
        reshape3,
        v_conv2d_backward_weight22,
        reshape2,
        reshape,
        v_conv2d_backward_weight21,
        v_conv2d_backward_weight20,
        reshape8,
        reshape7,
        v_conv2d_backward_weight19,
        reshape6,
        reshape5,
        v_conv2d_backward_weight18,
        v_conv2d_backward_weight17,
        v_conv2d_backward_weight16,
        reshape12,
        reshape11,
        v_conv2d_backward_weight15,
        reshape10,
        reshape9,
        v_conv2d_backward_weight14,
        v_conv2d_backward_weight13,
        reshape16,
        reshape15,
        v_conv2d_backward_weight12,
        reshape14,
        reshape13,
        v_conv2d_backward_weight11,
        reshape20,
        reshape19,
        v_conv2d_backward_weight10,
        reshape18,
        reshape17,
        v_conv2d_backward_weight9,
        v_conv2d_backward_weight8,
        reshape24,
        reshape23,
        v_conv2d_backward_weight7,
        reshape22,
        reshape21,
        v_conv2d_backward_weight6,
        v_conv2d_backward_weight5,
        reshape28,
        reshape27,
        v_conv2d_backward_weight4,
        reshape26,
        reshape25,
        v_conv2d_backward_weight3,
        v_conv2d_backward_weight2,
        reshape30,
        reshape31,
        v_conv2d_backward_weight,
    )
}
