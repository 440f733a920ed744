//! test Training: the IR's backward graph (Luminal 0.2.0 has no autodiff), written as
//! forward Luminal code: the forward blocks return what their backward reads, and each block's
//! backward is a function of its own.
#![allow(unused_imports)] // a model names the helpers its ops need
use luminal::prelude::*;

use crate::model::{BATCH, CLASSES, EXPANSION, IMAGE, PLANES, STEM, WIDTH_PER_GROUP};
use crate::ops::*;

/// Bottleneck: `layer1.0` in the checkpoint, and the blocks like it.
#[allow(clippy::type_complexity)]
pub fn bottleneck(
    n: &mut Net,
    p: &str,
    x: GraphTensor<R4<BATCH, STEM, 8, 8>>,
) -> (
    GraphTensor<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>,
    GraphTensor<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>,
    GraphTensor<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>,
    GraphTensor<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>,
    GraphTensor<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>,
    GraphTensor<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>,
    GraphTensor<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>,
    GraphTensor<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>,
    GraphTensor<R1<{ PLANES[0] * EXPANSION }>>,
    GraphTensor<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>>,
    GraphTensor<R3<{ PLANES[0] * EXPANSION }, 1, 1>>,
    GraphTensor<R1<{ PLANES[0] * EXPANSION }>>,
    GraphTensor<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>>,
    GraphTensor<R3<{ PLANES[0] * EXPANSION }, 1, 1>>,
    GraphTensor<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>>,
    GraphTensor<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>>,
) {
    let out = conv2d::<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>(
        x,
        n.param::<R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, STEM, 1, 1>>(&format!(
            "{p}.conv1.weight"
        )),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add = n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.running_var"))
        + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul =
        n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.running_mean"))
        .reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let sub = out
        - reshape
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>, Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let mul = sub
        * reshape
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>, Axes3<0, 2, 3>>();
    let reshape2 = n
        .param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.bias"))
        .reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let add = mul
        + reshape2
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>, Axes3<0, 2, 3>>();
    let out = add.relu();
    let out2 = conv2d::<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>(out, n.param::<R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 3, 3>>(&format!("{p}.conv2.weight")), [1, 1], [1, 1], [1, 1], 1);
    let add2 = n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.running_var"))
        + 1e-05;
    let rsqrt2 = add2.sqrt().recip();
    let mul =
        n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.weight")) * rsqrt2;
    let reshape2 = n
        .param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.running_mean"))
        .reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let sub2 = out2
        - reshape2
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>, Axes3<0, 2, 3>>();
    let reshape2 = mul.reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let mul = sub2
        * reshape2
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>, Axes3<0, 2, 3>>();
    let reshape3 = n
        .param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.bias"))
        .reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let add2 = mul
        + reshape3
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>, Axes3<0, 2, 3>>();
    let out2 = add2.relu();
    let out3 = conv2d::<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>>(
        out2,
        n.param::<R4<{ PLANES[0] * EXPANSION }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>(
            &format!("{p}.conv3.weight"),
        ),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add3 = n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.bn3.running_var")) + 1e-05;
    let rsqrt3 = add3.sqrt().recip();
    let mul = n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.bn3.weight")) * rsqrt3;
    let reshape3 = n
        .param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.bn3.running_mean"))
        .reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let sub3 = out3
        - reshape3
            .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
            .expand::<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>, Axes3<0, 2, 3>>();
    let reshape3 = mul.reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let mul = sub3
        * reshape3
            .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
            .expand::<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>, Axes3<0, 2, 3>>();
    let reshape4 = n
        .param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.bn3.bias"))
        .reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let add3 = mul
        + reshape4
            .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
            .expand::<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>, Axes3<0, 2, 3>>();
    let identity = conv2d::<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>>(
        x,
        n.param::<R4<{ PLANES[0] * EXPANSION }, STEM, 1, 1>>(&format!("{p}.downsample.0.weight")),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add4 =
        n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.downsample.1.running_var")) + 1e-05;
    let rsqrt4 = add4.sqrt().recip();
    let mul =
        n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.downsample.1.weight")) * rsqrt4;
    let reshape4 = n
        .param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.downsample.1.running_mean"))
        .reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let sub4 = identity
        - reshape4
            .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
            .expand::<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>, Axes3<0, 2, 3>>();
    let reshape4 = mul.reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let mul = sub4
        * reshape4
            .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
            .expand::<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>, Axes3<0, 2, 3>>();
    let reshape5 = n
        .param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.downsample.1.bias"))
        .reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let add4 = mul
        + reshape5
            .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
            .expand::<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>, Axes3<0, 2, 3>>();
    let out3 = add3 + add4;
    let x = out3.relu();
    (
        rsqrt, sub, reshape, add, out, rsqrt2, sub2, reshape2, add2, out2, rsqrt3, sub3, reshape3,
        rsqrt4, sub4, reshape4, out3, x,
    )
}

/// Bottleneck2: `layer2.0` in the checkpoint, and the blocks like it.
#[allow(clippy::type_complexity)]
pub fn bottleneck_2<
    Channels: Dimension,
    Height: Dimension,
    Out: Dimension,
    Height2: Dimension,
    Out2: Dimension,
>(
    n: &mut Net,
    p: &str,
    x: GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
) -> (
    GraphTensor<(Out,)>,
    GraphTensor<(Const<BATCH>, Out, Height, Height)>,
    GraphTensor<(Out, Const<1>, Const<1>)>,
    GraphTensor<(Const<BATCH>, Out, Height, Height)>,
    GraphTensor<(Const<BATCH>, Out, Height, Height)>,
    GraphTensor<(Out,)>,
    GraphTensor<(Const<BATCH>, Out, Height2, Height2)>,
    GraphTensor<(Out, Const<1>, Const<1>)>,
    GraphTensor<(Const<BATCH>, Out, Height2, Height2)>,
    GraphTensor<(Const<BATCH>, Out, Height2, Height2)>,
    GraphTensor<(Out2,)>,
    GraphTensor<(Const<BATCH>, Out2, Height2, Height2)>,
    GraphTensor<(Out2, Const<1>, Const<1>)>,
    GraphTensor<(Out2,)>,
    GraphTensor<(Const<BATCH>, Out2, Height2, Height2)>,
    GraphTensor<(Out2, Const<1>, Const<1>)>,
    GraphTensor<(Const<BATCH>, Out2, Height2, Height2)>,
    GraphTensor<(Const<BATCH>, Out2, Height2, Height2)>,
) {
    let out = conv2d::<(Const<BATCH>, Out, Height, Height)>(
        x,
        n.param::<(Out, Channels, Const<1>, Const<1>)>(&format!("{p}.conv1.weight")),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add = n.param::<(Out,)>(&format!("{p}.bn1.running_var")) + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul = n.param::<(Out,)>(&format!("{p}.bn1.weight")) * rsqrt;
    let reshape = n
        .param::<(Out,)>(&format!("{p}.bn1.running_mean"))
        .reshape::<(Out, Const<1>, Const<1>)>();
    let sub = out
        - reshape
            .reshape::<(Out,)>()
            .expand::<(Const<BATCH>, Out, Height, Height), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<(Out, Const<1>, Const<1>)>();
    let mul = sub
        * reshape
            .reshape::<(Out,)>()
            .expand::<(Const<BATCH>, Out, Height, Height), Axes3<0, 2, 3>>();
    let reshape2 = n
        .param::<(Out,)>(&format!("{p}.bn1.bias"))
        .reshape::<(Out, Const<1>, Const<1>)>();
    let add = mul
        + reshape2
            .reshape::<(Out,)>()
            .expand::<(Const<BATCH>, Out, Height, Height), Axes3<0, 2, 3>>();
    let out = add.relu();
    let out2 = conv2d::<(Const<BATCH>, Out, Height2, Height2)>(
        out,
        n.param::<(Out, Out, Const<3>, Const<3>)>(&format!("{p}.conv2.weight")),
        [2, 2],
        [1, 1],
        [1, 1],
        1,
    );
    let add2 = n.param::<(Out,)>(&format!("{p}.bn2.running_var")) + 1e-05;
    let rsqrt2 = add2.sqrt().recip();
    let mul = n.param::<(Out,)>(&format!("{p}.bn2.weight")) * rsqrt2;
    let reshape2 = n
        .param::<(Out,)>(&format!("{p}.bn2.running_mean"))
        .reshape::<(Out, Const<1>, Const<1>)>();
    let sub2 = out2
        - reshape2
            .reshape::<(Out,)>()
            .expand::<(Const<BATCH>, Out, Height2, Height2), Axes3<0, 2, 3>>();
    let reshape2 = mul.reshape::<(Out, Const<1>, Const<1>)>();
    let mul = sub2
        * reshape2
            .reshape::<(Out,)>()
            .expand::<(Const<BATCH>, Out, Height2, Height2), Axes3<0, 2, 3>>();
    let reshape3 = n
        .param::<(Out,)>(&format!("{p}.bn2.bias"))
        .reshape::<(Out, Const<1>, Const<1>)>();
    let add2 = mul
        + reshape3
            .reshape::<(Out,)>()
            .expand::<(Const<BATCH>, Out, Height2, Height2), Axes3<0, 2, 3>>();
    let out2 = add2.relu();
    let out3 = conv2d::<(Const<BATCH>, Out2, Height2, Height2)>(
        out2,
        n.param::<(Out2, Out, Const<1>, Const<1>)>(&format!("{p}.conv3.weight")),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add3 = n.param::<(Out2,)>(&format!("{p}.bn3.running_var")) + 1e-05;
    let rsqrt3 = add3.sqrt().recip();
    let mul = n.param::<(Out2,)>(&format!("{p}.bn3.weight")) * rsqrt3;
    let reshape3 = n
        .param::<(Out2,)>(&format!("{p}.bn3.running_mean"))
        .reshape::<(Out2, Const<1>, Const<1>)>();
    let sub3 = out3
        - reshape3
            .reshape::<(Out2,)>()
            .expand::<(Const<BATCH>, Out2, Height2, Height2), Axes3<0, 2, 3>>();
    let reshape3 = mul.reshape::<(Out2, Const<1>, Const<1>)>();
    let mul = sub3
        * reshape3
            .reshape::<(Out2,)>()
            .expand::<(Const<BATCH>, Out2, Height2, Height2), Axes3<0, 2, 3>>();
    let reshape4 = n
        .param::<(Out2,)>(&format!("{p}.bn3.bias"))
        .reshape::<(Out2, Const<1>, Const<1>)>();
    let add3 = mul
        + reshape4
            .reshape::<(Out2,)>()
            .expand::<(Const<BATCH>, Out2, Height2, Height2), Axes3<0, 2, 3>>();
    let identity = conv2d::<(Const<BATCH>, Out2, Height2, Height2)>(
        x,
        n.param::<(Out2, Channels, Const<1>, Const<1>)>(&format!("{p}.downsample.0.weight")),
        [2, 2],
        [0, 0],
        [1, 1],
        1,
    );
    let add4 = n.param::<(Out2,)>(&format!("{p}.downsample.1.running_var")) + 1e-05;
    let rsqrt4 = add4.sqrt().recip();
    let mul = n.param::<(Out2,)>(&format!("{p}.downsample.1.weight")) * rsqrt4;
    let reshape4 = n
        .param::<(Out2,)>(&format!("{p}.downsample.1.running_mean"))
        .reshape::<(Out2, Const<1>, Const<1>)>();
    let sub4 = identity
        - reshape4
            .reshape::<(Out2,)>()
            .expand::<(Const<BATCH>, Out2, Height2, Height2), Axes3<0, 2, 3>>();
    let reshape4 = mul.reshape::<(Out2, Const<1>, Const<1>)>();
    let mul = sub4
        * reshape4
            .reshape::<(Out2,)>()
            .expand::<(Const<BATCH>, Out2, Height2, Height2), Axes3<0, 2, 3>>();
    let reshape5 = n
        .param::<(Out2,)>(&format!("{p}.downsample.1.bias"))
        .reshape::<(Out2, Const<1>, Const<1>)>();
    let add4 = mul
        + reshape5
            .reshape::<(Out2,)>()
            .expand::<(Const<BATCH>, Out2, Height2, Height2), Axes3<0, 2, 3>>();
    let out3 = add3 + add4;
    let x = out3.relu();
    (
        rsqrt, sub, reshape, add, out, rsqrt2, sub2, reshape2, add2, out2, rsqrt3, sub3, reshape3,
        rsqrt4, sub4, reshape4, out3, x,
    )
}

/// BottleneckBackward: `layer4_grad.0` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn bottleneck_backward<
    Channels: Dimension,
    Height: Dimension,
    Channels2: Dimension,
    Height2: Dimension,
    Channels3: Dimension,
>(
    n: &mut Net,
    _p: &str,
    out: GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    broadcast_to: GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    reshape: GraphTensor<(Channels, Const<1>, Const<1>)>,
    sub: GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    rsqrt: GraphTensor<(Channels,)>,
    layer4_0_downsample_0_weight: GraphTensor<(Channels, Channels2, Const<1>, Const<1>)>,
    x: GraphTensor<(Const<BATCH>, Channels2, Height2, Height2)>,
    reshape2: GraphTensor<(Channels, Const<1>, Const<1>)>,
    sub2: GraphTensor<(Const<BATCH>, Channels, Height, Height)>,
    rsqrt2: GraphTensor<(Channels,)>,
    layer4_0_conv3_weight: GraphTensor<(Channels, Channels3, Const<1>, Const<1>)>,
    out2: GraphTensor<(Const<BATCH>, Channels3, Height, Height)>,
    add: GraphTensor<(Const<BATCH>, Channels3, Height, Height)>,
    reshape3: GraphTensor<(Channels3, Const<1>, Const<1>)>,
    sub3: GraphTensor<(Const<BATCH>, Channels3, Height, Height)>,
    rsqrt3: GraphTensor<(Channels3,)>,
    layer4_0_conv2_weight: GraphTensor<(Channels3, Channels3, Const<3>, Const<3>)>,
    out3: GraphTensor<(Const<BATCH>, Channels3, Height2, Height2)>,
    add2: GraphTensor<(Const<BATCH>, Channels3, Height2, Height2)>,
    reshape4: GraphTensor<(Channels3, Const<1>, Const<1>)>,
    sub4: GraphTensor<(Const<BATCH>, Channels3, Height2, Height2)>,
    rsqrt4: GraphTensor<(Channels3,)>,
    layer4_0_conv1_weight: GraphTensor<(Channels3, Channels2, Const<1>, Const<1>)>,
) -> (
    GraphTensor<(Channels,)>,
    GraphTensor<(Channels,)>,
    GraphTensor<(Channels, Channels2, Const<1>, Const<1>)>,
    GraphTensor<(Channels,)>,
    GraphTensor<(Channels,)>,
    GraphTensor<(Channels, Channels3, Const<1>, Const<1>)>,
    GraphTensor<(Channels3,)>,
    GraphTensor<(Channels3,)>,
    GraphTensor<(Channels3, Channels3, Const<3>, Const<3>)>,
    GraphTensor<(Channels3,)>,
    GraphTensor<(Channels3,)>,
    GraphTensor<(Channels3, Channels2, Const<1>, Const<1>)>,
    GraphTensor<(Const<BATCH>, Channels2, Height2, Height2)>,
) {
    let greater = out.greater_than(n.constant::<(Const<BATCH>, Channels, Height, Height)>(0.0));
    let v_where = greater * broadcast_to;
    let sum_to = v_where
        .sum_reduce::<(Channels,), Axes3<0, 2, 3>>()
        .reshape::<(Channels, Const<1>, Const<1>)>();
    let reshape5 = sum_to.reshape::<(Channels,)>();
    let mul = v_where
        * reshape
            .reshape::<(Channels,)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes3<0, 2, 3>>();
    let mul2 = v_where * sub;
    let sum_to = mul2
        .sum_reduce::<(Channels,), Axes3<0, 2, 3>>()
        .reshape::<(Channels, Const<1>, Const<1>)>();
    let reshape = sum_to.reshape::<(Channels,)>();
    let mul2 = reshape * rsqrt;
    let v_conv2d_backward_input = conv2d_backward_input::<(
        Const<BATCH>,
        Channels2,
        Height2,
        Height2,
    )>(
        mul, layer4_0_downsample_0_weight, [2, 2], [0, 0], [1, 1], 1
    );
    let v_conv2d_backward_weight = conv2d_backward_weight::<(
        Channels,
        Channels2,
        Const<1>,
        Const<1>,
    )>(x, mul, [2, 2], [0, 0], [1, 1], 1);
    let sum_to = v_where
        .sum_reduce::<(Channels,), Axes3<0, 2, 3>>()
        .reshape::<(Channels, Const<1>, Const<1>)>();
    let reshape = sum_to.reshape::<(Channels,)>();
    let mul = v_where
        * reshape2
            .reshape::<(Channels,)>()
            .expand::<(Const<BATCH>, Channels, Height, Height), Axes3<0, 2, 3>>();
    let mul3 = v_where * sub2;
    let sum_to = mul3
        .sum_reduce::<(Channels,), Axes3<0, 2, 3>>()
        .reshape::<(Channels, Const<1>, Const<1>)>();
    let reshape2 = sum_to.reshape::<(Channels,)>();
    let mul3 = reshape2 * rsqrt2;
    let v_conv2d_backward_input2 = conv2d_backward_input::<(Const<BATCH>, Channels3, Height, Height)>(
        mul,
        layer4_0_conv3_weight,
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight2 = conv2d_backward_weight::<(
        Channels,
        Channels3,
        Const<1>,
        Const<1>,
    )>(out2, mul, [1, 1], [0, 0], [1, 1], 1);
    let greater = add.greater_than(n.constant::<(Const<BATCH>, Channels3, Height, Height)>(0.0));
    let v_where = greater * v_conv2d_backward_input2;
    let sum_to = v_where
        .sum_reduce::<(Channels3,), Axes3<0, 2, 3>>()
        .reshape::<(Channels3, Const<1>, Const<1>)>();
    let reshape2 = sum_to.reshape::<(Channels3,)>();
    let mul = v_where
        * reshape3
            .reshape::<(Channels3,)>()
            .expand::<(Const<BATCH>, Channels3, Height, Height), Axes3<0, 2, 3>>();
    let mul4 = v_where * sub3;
    let sum_to = mul4
        .sum_reduce::<(Channels3,), Axes3<0, 2, 3>>()
        .reshape::<(Channels3, Const<1>, Const<1>)>();
    let reshape3 = sum_to.reshape::<(Channels3,)>();
    let mul4 = reshape3 * rsqrt3;
    let v_conv2d_backward_input2 = conv2d_backward_input::<(
        Const<BATCH>,
        Channels3,
        Height2,
        Height2,
    )>(mul, layer4_0_conv2_weight, [2, 2], [1, 1], [1, 1], 1);
    let v_conv2d_backward_weight3 = conv2d_backward_weight::<(
        Channels3,
        Channels3,
        Const<3>,
        Const<3>,
    )>(out3, mul, [2, 2], [1, 1], [1, 1], 1);
    let greater = add2.greater_than(n.constant::<(Const<BATCH>, Channels3, Height2, Height2)>(0.0));
    let v_where = greater * v_conv2d_backward_input2;
    let sum_to = v_where
        .sum_reduce::<(Channels3,), Axes3<0, 2, 3>>()
        .reshape::<(Channels3, Const<1>, Const<1>)>();
    let reshape3 = sum_to.reshape::<(Channels3,)>();
    let mul = v_where
        * reshape4
            .reshape::<(Channels3,)>()
            .expand::<(Const<BATCH>, Channels3, Height2, Height2), Axes3<0, 2, 3>>();
    let mul5 = v_where * sub4;
    let sum_to = mul5
        .sum_reduce::<(Channels3,), Axes3<0, 2, 3>>()
        .reshape::<(Channels3, Const<1>, Const<1>)>();
    let reshape4 = sum_to.reshape::<(Channels3,)>();
    let mul5 = reshape4 * rsqrt4;
    let v_conv2d_backward_input2 = conv2d_backward_input::<(
        Const<BATCH>,
        Channels2,
        Height2,
        Height2,
    )>(mul, layer4_0_conv1_weight, [1, 1], [0, 0], [1, 1], 1);
    let v_conv2d_backward_weight4 = conv2d_backward_weight::<(
        Channels3,
        Channels2,
        Const<1>,
        Const<1>,
    )>(x, mul, [1, 1], [0, 0], [1, 1], 1);
    let add = v_conv2d_backward_input + v_conv2d_backward_input2;
    (
        reshape5,
        mul2,
        v_conv2d_backward_weight,
        reshape,
        mul3,
        v_conv2d_backward_weight2,
        reshape2,
        mul4,
        v_conv2d_backward_weight3,
        reshape3,
        mul5,
        v_conv2d_backward_weight4,
        add,
    )
}

/// BottleneckBackward4: `layer1_grad.0` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn bottleneck_backward_4(
    n: &mut Net,
    _p: &str,
    out: GraphTensor<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>>,
    add: GraphTensor<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>>,
    reshape: GraphTensor<R3<{ PLANES[0] * EXPANSION }, 1, 1>>,
    sub: GraphTensor<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>>,
    rsqrt: GraphTensor<R1<{ PLANES[0] * EXPANSION }>>,
    layer1_0_downsample_0_weight: GraphTensor<R4<{ PLANES[0] * EXPANSION }, STEM, 1, 1>>,
    x: GraphTensor<R4<BATCH, STEM, 8, 8>>,
    reshape2: GraphTensor<R3<{ PLANES[0] * EXPANSION }, 1, 1>>,
    sub2: GraphTensor<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>>,
    rsqrt2: GraphTensor<R1<{ PLANES[0] * EXPANSION }>>,
    layer1_0_conv3_weight: GraphTensor<
        R4<{ PLANES[0] * EXPANSION }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>,
    >,
    out2: GraphTensor<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>,
    add2: GraphTensor<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>,
    reshape3: GraphTensor<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>,
    sub3: GraphTensor<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>,
    rsqrt3: GraphTensor<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>,
    layer1_0_conv2_weight: GraphTensor<
        R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 3, 3>,
    >,
    out3: GraphTensor<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>,
    add3: GraphTensor<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>,
    reshape4: GraphTensor<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>,
    sub4: GraphTensor<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>,
    rsqrt4: GraphTensor<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>,
    layer1_0_conv1_weight: GraphTensor<R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, STEM, 1, 1>>,
) -> (
    GraphTensor<R1<{ PLANES[0] * EXPANSION }>>,
    GraphTensor<R1<{ PLANES[0] * EXPANSION }>>,
    GraphTensor<R4<{ PLANES[0] * EXPANSION }, STEM, 1, 1>>,
    GraphTensor<R1<{ PLANES[0] * EXPANSION }>>,
    GraphTensor<R1<{ PLANES[0] * EXPANSION }>>,
    GraphTensor<R4<{ PLANES[0] * EXPANSION }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>,
    GraphTensor<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<
        R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 3, 3>,
    >,
    GraphTensor<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, STEM, 1, 1>>,
    GraphTensor<R4<BATCH, STEM, 8, 8>>,
) {
    let greater = out.greater_than(n.constant::<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>>(0.0));
    let v_where = greater * add;
    let sum_to = v_where
        .sum_reduce::<R1<{ PLANES[0] * EXPANSION }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let reshape5 = sum_to.reshape::<R1<{ PLANES[0] * EXPANSION }>>();
    let mul = v_where
        * reshape
            .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
            .expand::<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>, Axes3<0, 2, 3>>();
    let mul2 = v_where * sub;
    let sum_to = mul2
        .sum_reduce::<R1<{ PLANES[0] * EXPANSION }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let reshape = sum_to.reshape::<R1<{ PLANES[0] * EXPANSION }>>();
    let mul2 = reshape * rsqrt;
    let v_conv2d_backward_input = conv2d_backward_input::<R4<BATCH, STEM, 8, 8>>(
        mul,
        layer1_0_downsample_0_weight,
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight = conv2d_backward_weight::<
        R4<{ PLANES[0] * EXPANSION }, STEM, 1, 1>,
    >(x, mul, [1, 1], [0, 0], [1, 1], 1);
    let sum_to = v_where
        .sum_reduce::<R1<{ PLANES[0] * EXPANSION }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let reshape = sum_to.reshape::<R1<{ PLANES[0] * EXPANSION }>>();
    let mul = v_where
        * reshape2
            .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
            .expand::<R4<BATCH, { PLANES[0] * EXPANSION }, 8, 8>, Axes3<0, 2, 3>>();
    let mul3 = v_where * sub2;
    let sum_to = mul3
        .sum_reduce::<R1<{ PLANES[0] * EXPANSION }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let reshape2 = sum_to.reshape::<R1<{ PLANES[0] * EXPANSION }>>();
    let mul3 = reshape2 * rsqrt2;
    let v_conv2d_backward_input2 = conv2d_backward_input::<
        R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>,
    >(mul, layer1_0_conv3_weight, [1, 1], [0, 0], [1, 1], 1);
    let v_conv2d_backward_weight2 = conv2d_backward_weight::<
        R4<{ PLANES[0] * EXPANSION }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>,
    >(out2, mul, [1, 1], [0, 0], [1, 1], 1);
    let greater =
        add2.greater_than(n.constant::<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>(0.0));
    let v_where = greater * v_conv2d_backward_input2;
    let sum_to = v_where
        .sum_reduce::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let reshape2 = sum_to.reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>();
    let mul = v_where
        * reshape3
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>, Axes3<0, 2, 3>>();
    let mul4 = v_where * sub3;
    let sum_to = mul4
        .sum_reduce::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let reshape3 = sum_to.reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>();
    let mul4 = reshape3 * rsqrt3;
    let v_conv2d_backward_input2 = conv2d_backward_input::<
        R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>,
    >(mul, layer1_0_conv2_weight, [1, 1], [1, 1], [1, 1], 1);
    let v_conv2d_backward_weight3 = conv2d_backward_weight::<
        R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 3, 3>,
    >(out3, mul, [1, 1], [1, 1], [1, 1], 1);
    let greater =
        add3.greater_than(n.constant::<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>>(0.0));
    let v_where = greater * v_conv2d_backward_input2;
    let sum_to = v_where
        .sum_reduce::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let reshape3 = sum_to.reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>();
    let mul = v_where
        * reshape4
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<R4<BATCH, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 8, 8>, Axes3<0, 2, 3>>();
    let mul5 = v_where * sub4;
    let sum_to = mul5
        .sum_reduce::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>, Axes3<0, 2, 3>>()
        .reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let reshape4 = sum_to.reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>();
    let mul5 = reshape4 * rsqrt4;
    let v_conv2d_backward_input2 = conv2d_backward_input::<R4<BATCH, STEM, 8, 8>>(
        mul,
        layer1_0_conv1_weight,
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let v_conv2d_backward_weight4 = conv2d_backward_weight::<
        R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, STEM, 1, 1>,
    >(x, mul, [1, 1], [0, 0], [1, 1], 1);
    let add = v_conv2d_backward_input + v_conv2d_backward_input2;
    (
        reshape5,
        mul2,
        v_conv2d_backward_weight,
        reshape,
        mul3,
        v_conv2d_backward_weight2,
        reshape2,
        mul4,
        v_conv2d_backward_weight3,
        reshape3,
        mul5,
        v_conv2d_backward_weight4,
        add,
    )
}

/// ResNet: the model.
#[allow(clippy::type_complexity)]
pub fn res_net(
    n: &mut Net,
    images: GraphTensor<R4<BATCH, 3, IMAGE, IMAGE>>,
    labels: GraphTensor<R1<BATCH>>,
) -> (
    GraphTensor<R0>,
    GraphTensor<R4<STEM, 3, 7, 7>>,
    GraphTensor<R1<STEM>>,
    GraphTensor<R1<STEM>>,
    GraphTensor<R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, STEM, 1, 1>>,
    GraphTensor<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<
        R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 3, 3>,
    >,
    GraphTensor<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R4<{ PLANES[0] * EXPANSION }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>,
    GraphTensor<R1<{ PLANES[0] * EXPANSION }>>,
    GraphTensor<R1<{ PLANES[0] * EXPANSION }>>,
    GraphTensor<R4<{ PLANES[0] * EXPANSION }, STEM, 1, 1>>,
    GraphTensor<R1<{ PLANES[0] * EXPANSION }>>,
    GraphTensor<R1<{ PLANES[0] * EXPANSION }>>,
    GraphTensor<R4<{ PLANES[1] * WIDTH_PER_GROUP / 64 }, { PLANES[0] * EXPANSION }, 1, 1>>,
    GraphTensor<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<
        R4<{ PLANES[1] * WIDTH_PER_GROUP / 64 }, { PLANES[1] * WIDTH_PER_GROUP / 64 }, 3, 3>,
    >,
    GraphTensor<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R4<{ PLANES[1] * EXPANSION }, { PLANES[1] * WIDTH_PER_GROUP / 64 }, 1, 1>>,
    GraphTensor<R1<{ PLANES[1] * EXPANSION }>>,
    GraphTensor<R1<{ PLANES[1] * EXPANSION }>>,
    GraphTensor<R4<{ PLANES[1] * EXPANSION }, { PLANES[0] * EXPANSION }, 1, 1>>,
    GraphTensor<R1<{ PLANES[1] * EXPANSION }>>,
    GraphTensor<R1<{ PLANES[1] * EXPANSION }>>,
    GraphTensor<R4<{ PLANES[2] * WIDTH_PER_GROUP / 64 }, { PLANES[1] * EXPANSION }, 1, 1>>,
    GraphTensor<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<
        R4<{ PLANES[2] * WIDTH_PER_GROUP / 64 }, { PLANES[2] * WIDTH_PER_GROUP / 64 }, 3, 3>,
    >,
    GraphTensor<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R4<{ PLANES[2] * EXPANSION }, { PLANES[2] * WIDTH_PER_GROUP / 64 }, 1, 1>>,
    GraphTensor<R1<{ PLANES[2] * EXPANSION }>>,
    GraphTensor<R1<{ PLANES[2] * EXPANSION }>>,
    GraphTensor<R4<{ PLANES[2] * EXPANSION }, { PLANES[1] * EXPANSION }, 1, 1>>,
    GraphTensor<R1<{ PLANES[2] * EXPANSION }>>,
    GraphTensor<R1<{ PLANES[2] * EXPANSION }>>,
    GraphTensor<R4<{ PLANES[3] * WIDTH_PER_GROUP / 64 }, { PLANES[2] * EXPANSION }, 1, 1>>,
    GraphTensor<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<
        R4<{ PLANES[3] * WIDTH_PER_GROUP / 64 }, { PLANES[3] * WIDTH_PER_GROUP / 64 }, 3, 3>,
    >,
    GraphTensor<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>,
    GraphTensor<R4<{ PLANES[3] * EXPANSION }, { PLANES[3] * WIDTH_PER_GROUP / 64 }, 1, 1>>,
    GraphTensor<R1<{ PLANES[3] * EXPANSION }>>,
    GraphTensor<R1<{ PLANES[3] * EXPANSION }>>,
    GraphTensor<R4<{ PLANES[3] * EXPANSION }, { PLANES[2] * EXPANSION }, 1, 1>>,
    GraphTensor<R1<{ PLANES[3] * EXPANSION }>>,
    GraphTensor<R1<{ PLANES[3] * EXPANSION }>>,
    GraphTensor<R2<CLASSES, { PLANES[3] * EXPANSION }>>,
    GraphTensor<R1<CLASSES>>,
) {
    let x = conv2d::<R4<BATCH, STEM, 16, 16>>(
        images,
        n.param::<R4<STEM, 3, 7, 7>>("conv1.weight"),
        [2, 2],
        [3, 3],
        [1, 1],
        1,
    );
    let add = n.param::<R1<STEM>>("bn1.running_var") + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul = n.param::<R1<STEM>>("bn1.weight") * rsqrt;
    let reshape = n
        .param::<R1<STEM>>("bn1.running_mean")
        .reshape::<R3<STEM, 1, 1>>();
    let sub = x - reshape
        .reshape::<R1<STEM>>()
        .expand::<R4<BATCH, STEM, 16, 16>, Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<STEM, 1, 1>>();
    let mul = sub
        * reshape
            .reshape::<R1<STEM>>()
            .expand::<R4<BATCH, STEM, 16, 16>, Axes3<0, 2, 3>>();
    let reshape2 = n.param::<R1<STEM>>("bn1.bias").reshape::<R3<STEM, 1, 1>>();
    let add = mul
        + reshape2
            .reshape::<R1<STEM>>()
            .expand::<R4<BATCH, STEM, 16, 16>, Axes3<0, 2, 3>>();
    let x = add.relu();
    let x2 = max_pool2d::<R4<BATCH, STEM, 8, 8>>(x, [3, 3], [2, 2], [1, 1]);
    let (
        rsqrt2,
        sub2,
        reshape2,
        add2,
        out,
        rsqrt3,
        sub3,
        reshape3,
        add3,
        out2,
        rsqrt4,
        sub4,
        reshape4,
        rsqrt5,
        sub5,
        reshape5,
        out3,
        x3,
    ) = bottleneck(n, "layer1.0", x2);
    let (
        rsqrt6,
        sub6,
        reshape6,
        add4,
        out4,
        rsqrt7,
        sub7,
        reshape7,
        add5,
        out5,
        rsqrt8,
        sub8,
        reshape8,
        rsqrt9,
        sub9,
        reshape9,
        out6,
        x4,
    ) = bottleneck_2::<Const<256>, Const<8>, Const<16>, Const<4>, Const<512>>(n, "layer2.0", x3);
    let (
        rsqrt10,
        sub10,
        reshape10,
        add6,
        out7,
        rsqrt11,
        sub11,
        reshape11,
        add7,
        out8,
        rsqrt12,
        sub12,
        reshape12,
        rsqrt13,
        sub13,
        reshape13,
        out9,
        x5,
    ) = bottleneck_2::<Const<512>, Const<4>, Const<32>, Const<2>, Const<1024>>(n, "layer3.0", x4);
    let (
        rsqrt14,
        sub14,
        reshape14,
        add8,
        out10,
        rsqrt15,
        sub15,
        reshape15,
        add9,
        out11,
        rsqrt16,
        sub16,
        reshape16,
        rsqrt17,
        sub17,
        reshape17,
        out12,
        x6,
    ) = bottleneck_2::<Const<1024>, Const<2>, Const<64>, Const<1>, Const<2048>>(n, "layer4.0", x5);
    let x6 = x6.mean_reduce::<R2<BATCH, { PLANES[3] * EXPANSION }>, Axes2<2, 3>>();
    let logits = x6
        .reshape::<R3<1, BATCH, { PLANES[3] * EXPANSION }>>()
        .matmul(
            n.param::<R2<CLASSES, { PLANES[3] * EXPANSION }>>("fc.weight")
                .permute::<_, Axes2<1, 0>>(),
        )
        .reshape::<R2<BATCH, CLASSES>>()
        + n.param::<R1<CLASSES>>("fc.bias")
            .expand::<R2<BATCH, CLASSES>, Axis<0>>();
    let loss = cross_entropy(n, logits, labels);
    let softmax = logits.softmax::<1>();
    let v_one_hot = one_hot::<R2<BATCH, CLASSES>>(n, labels);
    let sub18 = softmax - v_one_hot;
    let mul = n.constant::<R0>(0.25);
    let mul = sub18 * mul.expand::<R2<BATCH, CLASSES>, Axes2<0, 1>>();
    let reshape18 = mul;
    let reshape19 = x6;
    let v_matmul = matmul::<R2<BATCH, { PLANES[3] * EXPANSION }>>(
        mul,
        n.param::<R2<CLASSES, { PLANES[3] * EXPANSION }>>("fc.weight"),
    );
    let transpose = reshape18.permute::<R2<CLASSES, 4>, Axes2<1, 0>>();
    let v_matmul2 =
        matmul::<R2<CLASSES, { PLANES[3] * EXPANSION }>>(transpose.contiguous(), reshape19);
    let sum_to = mul.sum_reduce::<R1<CLASSES>, Axis<0>>();
    let mul = v_matmul * 1.0;
    let reshape18 = mul.reshape::<R4<BATCH, { PLANES[3] * EXPANSION }, 1, 1>>();
    let broadcast_to = reshape18;
    let layer4_0_downsample_0_weight =
        n.param::<R4<{ PLANES[3] * EXPANSION }, { PLANES[2] * EXPANSION }, 1, 1>>(
            "layer4.0.downsample.0.weight",
        );
    let layer4_0_conv3_weight =
        n.param::<R4<{ PLANES[3] * EXPANSION }, { PLANES[3] * WIDTH_PER_GROUP / 64 }, 1, 1>>(
            "layer4.0.conv3.weight",
        );
    let layer4_0_conv2_weight = n.param::<R4<
        { PLANES[3] * WIDTH_PER_GROUP / 64 },
        { PLANES[3] * WIDTH_PER_GROUP / 64 },
        3,
        3,
    >>("layer4.0.conv2.weight");
    let layer4_0_conv1_weight =
        n.param::<R4<{ PLANES[3] * WIDTH_PER_GROUP / 64 }, { PLANES[2] * EXPANSION }, 1, 1>>(
            "layer4.0.conv1.weight",
        );
    let (
        reshape14,
        mul,
        v_conv2d_backward_weight,
        reshape15,
        mul2,
        v_conv2d_backward_weight2,
        reshape16,
        mul3,
        v_conv2d_backward_weight3,
        reshape17,
        mul4,
        v_conv2d_backward_weight4,
        add8,
    ) = bottleneck_backward(
        n,
        "layer4_grad.0",
        out12,
        broadcast_to.contiguous(),
        reshape17,
        sub17,
        rsqrt17,
        layer4_0_downsample_0_weight,
        x5,
        reshape16,
        sub16,
        rsqrt16,
        layer4_0_conv3_weight,
        out11,
        add9,
        reshape15,
        sub15,
        rsqrt15,
        layer4_0_conv2_weight,
        out10,
        add8,
        reshape14,
        sub14,
        rsqrt14,
        layer4_0_conv1_weight,
    );
    let layer3_0_downsample_0_weight =
        n.param::<R4<{ PLANES[2] * EXPANSION }, { PLANES[1] * EXPANSION }, 1, 1>>(
            "layer3.0.downsample.0.weight",
        );
    let layer3_0_conv3_weight =
        n.param::<R4<{ PLANES[2] * EXPANSION }, { PLANES[2] * WIDTH_PER_GROUP / 64 }, 1, 1>>(
            "layer3.0.conv3.weight",
        );
    let layer3_0_conv2_weight = n.param::<R4<
        { PLANES[2] * WIDTH_PER_GROUP / 64 },
        { PLANES[2] * WIDTH_PER_GROUP / 64 },
        3,
        3,
    >>("layer3.0.conv2.weight");
    let layer3_0_conv1_weight =
        n.param::<R4<{ PLANES[2] * WIDTH_PER_GROUP / 64 }, { PLANES[1] * EXPANSION }, 1, 1>>(
            "layer3.0.conv1.weight",
        );
    let (
        reshape10,
        mul5,
        v_conv2d_backward_weight5,
        reshape11,
        mul6,
        v_conv2d_backward_weight6,
        reshape12,
        mul7,
        v_conv2d_backward_weight7,
        reshape13,
        mul8,
        v_conv2d_backward_weight8,
        add6,
    ) = bottleneck_backward(
        n,
        "layer3_grad.0",
        out9,
        add8,
        reshape13,
        sub13,
        rsqrt13,
        layer3_0_downsample_0_weight,
        x4,
        reshape12,
        sub12,
        rsqrt12,
        layer3_0_conv3_weight,
        out8,
        add7,
        reshape11,
        sub11,
        rsqrt11,
        layer3_0_conv2_weight,
        out7,
        add6,
        reshape10,
        sub10,
        rsqrt10,
        layer3_0_conv1_weight,
    );
    let layer2_0_downsample_0_weight =
        n.param::<R4<{ PLANES[1] * EXPANSION }, { PLANES[0] * EXPANSION }, 1, 1>>(
            "layer2.0.downsample.0.weight",
        );
    let layer2_0_conv3_weight =
        n.param::<R4<{ PLANES[1] * EXPANSION }, { PLANES[1] * WIDTH_PER_GROUP / 64 }, 1, 1>>(
            "layer2.0.conv3.weight",
        );
    let layer2_0_conv2_weight = n.param::<R4<
        { PLANES[1] * WIDTH_PER_GROUP / 64 },
        { PLANES[1] * WIDTH_PER_GROUP / 64 },
        3,
        3,
    >>("layer2.0.conv2.weight");
    let layer2_0_conv1_weight =
        n.param::<R4<{ PLANES[1] * WIDTH_PER_GROUP / 64 }, { PLANES[0] * EXPANSION }, 1, 1>>(
            "layer2.0.conv1.weight",
        );
    let (
        reshape6,
        mul9,
        v_conv2d_backward_weight9,
        reshape7,
        mul10,
        v_conv2d_backward_weight10,
        reshape8,
        mul11,
        v_conv2d_backward_weight11,
        reshape9,
        mul12,
        v_conv2d_backward_weight12,
        add4,
    ) = bottleneck_backward(
        n,
        "layer2_grad.0",
        out6,
        add6,
        reshape9,
        sub9,
        rsqrt9,
        layer2_0_downsample_0_weight,
        x3,
        reshape8,
        sub8,
        rsqrt8,
        layer2_0_conv3_weight,
        out5,
        add5,
        reshape7,
        sub7,
        rsqrt7,
        layer2_0_conv2_weight,
        out4,
        add4,
        reshape6,
        sub6,
        rsqrt6,
        layer2_0_conv1_weight,
    );
    let layer1_0_downsample_0_weight =
        n.param::<R4<{ PLANES[0] * EXPANSION }, STEM, 1, 1>>("layer1.0.downsample.0.weight");
    let layer1_0_conv3_weight =
        n.param::<R4<{ PLANES[0] * EXPANSION }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>(
            "layer1.0.conv3.weight",
        );
    let layer1_0_conv2_weight = n.param::<R4<
        { PLANES[0] * WIDTH_PER_GROUP / 64 },
        { PLANES[0] * WIDTH_PER_GROUP / 64 },
        3,
        3,
    >>("layer1.0.conv2.weight");
    let layer1_0_conv1_weight =
        n.param::<R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, STEM, 1, 1>>("layer1.0.conv1.weight");
    let (
        reshape2,
        mul13,
        v_conv2d_backward_weight13,
        reshape3,
        mul14,
        v_conv2d_backward_weight14,
        reshape4,
        mul15,
        v_conv2d_backward_weight15,
        reshape5,
        mul16,
        v_conv2d_backward_weight16,
        add2,
    ) = bottleneck_backward_4(
        n,
        "layer1_grad.0",
        out3,
        add4,
        reshape5,
        sub5,
        rsqrt5,
        layer1_0_downsample_0_weight,
        x2,
        reshape4,
        sub4,
        rsqrt4,
        layer1_0_conv3_weight,
        out2,
        add3,
        reshape3,
        sub3,
        rsqrt3,
        layer1_0_conv2_weight,
        out,
        add2,
        reshape2,
        sub2,
        rsqrt2,
        layer1_0_conv1_weight,
    );
    let v_max_pool2d_backward =
        max_pool2d_backward::<R4<BATCH, STEM, 16, 16>>(add2, x, [3, 3], [2, 2], [1, 1]);
    let greater = add.greater_than(n.constant::<R4<BATCH, STEM, 16, 16>>(0.0));
    let v_where = greater * v_max_pool2d_backward;
    let sum_to2 = v_where
        .sum_reduce::<R1<STEM>, Axes3<0, 2, 3>>()
        .reshape::<R3<STEM, 1, 1>>();
    let reshape18 = sum_to2.reshape::<R1<STEM>>();
    let mul17 = v_where
        * reshape
            .reshape::<R1<STEM>>()
            .expand::<R4<BATCH, STEM, 16, 16>, Axes3<0, 2, 3>>();
    let mul18 = v_where * sub;
    let sum_to2 = mul18
        .sum_reduce::<R1<STEM>, Axes3<0, 2, 3>>()
        .reshape::<R3<STEM, 1, 1>>();
    let reshape = sum_to2.reshape::<R1<STEM>>();
    let mul18 = reshape * rsqrt;
    let v_conv2d_backward_weight17 =
        conv2d_backward_weight::<R4<STEM, 3, 7, 7>>(images, mul17, [2, 2], [3, 3], [1, 1], 1);
    (
        loss,
        v_conv2d_backward_weight17,
        mul18,
        reshape18,
        v_conv2d_backward_weight16,
        mul16,
        reshape5,
        v_conv2d_backward_weight15,
        mul15,
        reshape4,
        v_conv2d_backward_weight14,
        mul14,
        reshape3,
        v_conv2d_backward_weight13,
        mul13,
        reshape2,
        v_conv2d_backward_weight12,
        mul12,
        reshape9,
        v_conv2d_backward_weight11,
        mul11,
        reshape8,
        v_conv2d_backward_weight10,
        mul10,
        reshape7,
        v_conv2d_backward_weight9,
        mul9,
        reshape6,
        v_conv2d_backward_weight8,
        mul8,
        reshape13,
        v_conv2d_backward_weight7,
        mul7,
        reshape12,
        v_conv2d_backward_weight6,
        mul6,
        reshape11,
        v_conv2d_backward_weight5,
        mul5,
        reshape10,
        v_conv2d_backward_weight4,
        mul4,
        reshape17,
        v_conv2d_backward_weight3,
        mul3,
        reshape16,
        v_conv2d_backward_weight2,
        mul2,
        reshape15,
        v_conv2d_backward_weight,
        mul,
        reshape14,
        v_matmul2,
        sum_to,
    )
}
