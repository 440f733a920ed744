//! test
//!
//! One function per block kind; a block reads its parameters by checkpoint name under its path
//! `p`. Sizes that differ between a kind's instances are its type parameters.
#![allow(unused_imports)] // a model names the helpers its ops need
use luminal::prelude::*;

use crate::ops::*;

// ResNet-50 (tiny): the sizes the code is built with
pub const PLANES: [usize; 4] = [64, 128, 256, 512];
pub const WIDTH_PER_GROUP: usize = 8;
pub const EXPANSION: usize = 4;
pub const STEM: usize = 64;
pub const CLASSES: usize = 10;
pub const IMAGE: usize = 32;
pub const BATCH: usize = 4;

/// Bottleneck: `layer1.0` in the checkpoint, and the blocks like it.
pub fn bottleneck<Batch: Dimension>(
    n: &mut Net,
    p: &str,
    x: GraphTensor<(Batch, Const<STEM>, Const<8>, Const<8>)>,
) -> GraphTensor<(Batch, Const<{ PLANES[0] * EXPANSION }>, Const<8>, Const<8>)> {
    let out = conv2d::<(
        Batch,
        Const<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>,
        Const<8>,
        Const<8>,
    )>(
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
            .expand::<(
                Batch,
                Const<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>,
                Const<8>,
                Const<8>,
            ), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let mul = sub
        * reshape
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>,
                Const<8>,
                Const<8>,
            ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.bias"))
        .reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let add = mul
        + reshape
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>,
                Const<8>,
                Const<8>,
            ), Axes3<0, 2, 3>>();
    let out = add.relu();
    let out = conv2d::<(Batch, Const<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>, Const<8>, Const<8>)>(out, n.param::<R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 3, 3>>(&format!("{p}.conv2.weight")), [1, 1], [1, 1], [1, 1], 1);
    let add = n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.running_var"))
        + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul =
        n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.running_mean"))
        .reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let sub = out
        - reshape
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>,
                Const<8>,
                Const<8>,
            ), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let mul = sub
        * reshape
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>,
                Const<8>,
                Const<8>,
            ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.bias"))
        .reshape::<R3<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let add = mul
        + reshape
            .reshape::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>,
                Const<8>,
                Const<8>,
            ), Axes3<0, 2, 3>>();
    let out = add.relu();
    let out = conv2d::<(Batch, Const<{ PLANES[0] * EXPANSION }>, Const<8>, Const<8>)>(
        out,
        n.param::<R4<{ PLANES[0] * EXPANSION }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 1, 1>>(
            &format!("{p}.conv3.weight"),
        ),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add = n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.bn3.running_var")) + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul = n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.bn3.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.bn3.running_mean"))
        .reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let sub = out - reshape
        .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[0] * EXPANSION }>, Const<8>, Const<8>), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let mul = sub * reshape
        .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[0] * EXPANSION }>, Const<8>, Const<8>), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.bn3.bias"))
        .reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let add = mul + reshape
        .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[0] * EXPANSION }>, Const<8>, Const<8>), Axes3<0, 2, 3>>();
    let identity = conv2d::<(Batch, Const<{ PLANES[0] * EXPANSION }>, Const<8>, Const<8>)>(
        x,
        n.param::<R4<{ PLANES[0] * EXPANSION }, STEM, 1, 1>>(&format!("{p}.downsample.0.weight")),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add2 =
        n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.downsample.1.running_var")) + 1e-05;
    let rsqrt = add2.sqrt().recip();
    let mul = n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.downsample.1.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.downsample.1.running_mean"))
        .reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let sub = identity - reshape.reshape::<R1<{ PLANES[0] * EXPANSION }>>().expand::<(Batch, Const<{ PLANES[0] * EXPANSION }>, Const<8>, Const<8>), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let mul = sub * reshape
        .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[0] * EXPANSION }>, Const<8>, Const<8>), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.downsample.1.bias"))
        .reshape::<R3<{ PLANES[0] * EXPANSION }, 1, 1>>();
    let add2 = mul + reshape
        .reshape::<R1<{ PLANES[0] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[0] * EXPANSION }>, Const<8>, Const<8>), Axes3<0, 2, 3>>();
    let out = add + add2;
    out.relu()
}

/// Bottleneck2: `layer2.0` in the checkpoint, and the blocks like it.
pub fn bottleneck_2<Batch: Dimension>(
    n: &mut Net,
    p: &str,
    x: GraphTensor<(Batch, Const<{ PLANES[0] * EXPANSION }>, Const<8>, Const<8>)>,
) -> GraphTensor<(Batch, Const<{ PLANES[1] * EXPANSION }>, Const<4>, Const<4>)> {
    let out = conv2d::<(
        Batch,
        Const<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>,
        Const<8>,
        Const<8>,
    )>(
        x,
        n.param::<R4<{ PLANES[1] * WIDTH_PER_GROUP / 64 }, { PLANES[0] * EXPANSION }, 1, 1>>(
            &format!("{p}.conv1.weight"),
        ),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add = n.param::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.running_var"))
        + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul =
        n.param::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.running_mean"))
        .reshape::<R3<{ PLANES[1] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let sub = out
        - reshape
            .reshape::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>,
                Const<8>,
                Const<8>,
            ), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[1] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let mul = sub
        * reshape
            .reshape::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>,
                Const<8>,
                Const<8>,
            ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.bias"))
        .reshape::<R3<{ PLANES[1] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let add = mul
        + reshape
            .reshape::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>,
                Const<8>,
                Const<8>,
            ), Axes3<0, 2, 3>>();
    let out = add.relu();
    let out = conv2d::<(Batch, Const<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>, Const<4>, Const<4>)>(out, n.param::<R4<{ PLANES[1] * WIDTH_PER_GROUP / 64 }, { PLANES[1] * WIDTH_PER_GROUP / 64 }, 3, 3>>(&format!("{p}.conv2.weight")), [2, 2], [1, 1], [1, 1], 1);
    let add = n.param::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.running_var"))
        + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul =
        n.param::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.running_mean"))
        .reshape::<R3<{ PLANES[1] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let sub = out
        - reshape
            .reshape::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>,
                Const<4>,
                Const<4>,
            ), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[1] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let mul = sub
        * reshape
            .reshape::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>,
                Const<4>,
                Const<4>,
            ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.bias"))
        .reshape::<R3<{ PLANES[1] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let add = mul
        + reshape
            .reshape::<R1<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[1] * WIDTH_PER_GROUP / 64 }>,
                Const<4>,
                Const<4>,
            ), Axes3<0, 2, 3>>();
    let out = add.relu();
    let out = conv2d::<(Batch, Const<{ PLANES[1] * EXPANSION }>, Const<4>, Const<4>)>(
        out,
        n.param::<R4<{ PLANES[1] * EXPANSION }, { PLANES[1] * WIDTH_PER_GROUP / 64 }, 1, 1>>(
            &format!("{p}.conv3.weight"),
        ),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add = n.param::<R1<{ PLANES[1] * EXPANSION }>>(&format!("{p}.bn3.running_var")) + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul = n.param::<R1<{ PLANES[1] * EXPANSION }>>(&format!("{p}.bn3.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[1] * EXPANSION }>>(&format!("{p}.bn3.running_mean"))
        .reshape::<R3<{ PLANES[1] * EXPANSION }, 1, 1>>();
    let sub = out - reshape
        .reshape::<R1<{ PLANES[1] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[1] * EXPANSION }>, Const<4>, Const<4>), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[1] * EXPANSION }, 1, 1>>();
    let mul = sub * reshape
        .reshape::<R1<{ PLANES[1] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[1] * EXPANSION }>, Const<4>, Const<4>), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[1] * EXPANSION }>>(&format!("{p}.bn3.bias"))
        .reshape::<R3<{ PLANES[1] * EXPANSION }, 1, 1>>();
    let add = mul + reshape
        .reshape::<R1<{ PLANES[1] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[1] * EXPANSION }>, Const<4>, Const<4>), Axes3<0, 2, 3>>();
    let identity = conv2d::<(Batch, Const<{ PLANES[1] * EXPANSION }>, Const<4>, Const<4>)>(
        x,
        n.param::<R4<{ PLANES[1] * EXPANSION }, { PLANES[0] * EXPANSION }, 1, 1>>(&format!(
            "{p}.downsample.0.weight"
        )),
        [2, 2],
        [0, 0],
        [1, 1],
        1,
    );
    let add2 =
        n.param::<R1<{ PLANES[1] * EXPANSION }>>(&format!("{p}.downsample.1.running_var")) + 1e-05;
    let rsqrt = add2.sqrt().recip();
    let mul = n.param::<R1<{ PLANES[1] * EXPANSION }>>(&format!("{p}.downsample.1.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[1] * EXPANSION }>>(&format!("{p}.downsample.1.running_mean"))
        .reshape::<R3<{ PLANES[1] * EXPANSION }, 1, 1>>();
    let sub = identity - reshape.reshape::<R1<{ PLANES[1] * EXPANSION }>>().expand::<(Batch, Const<{ PLANES[1] * EXPANSION }>, Const<4>, Const<4>), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[1] * EXPANSION }, 1, 1>>();
    let mul = sub * reshape
        .reshape::<R1<{ PLANES[1] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[1] * EXPANSION }>, Const<4>, Const<4>), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[1] * EXPANSION }>>(&format!("{p}.downsample.1.bias"))
        .reshape::<R3<{ PLANES[1] * EXPANSION }, 1, 1>>();
    let add2 = mul + reshape
        .reshape::<R1<{ PLANES[1] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[1] * EXPANSION }>, Const<4>, Const<4>), Axes3<0, 2, 3>>();
    let out = add + add2;
    out.relu()
}

/// Bottleneck3: `layer3.0` in the checkpoint, and the blocks like it.
pub fn bottleneck_3<Batch: Dimension>(
    n: &mut Net,
    p: &str,
    x: GraphTensor<(Batch, Const<{ PLANES[1] * EXPANSION }>, Const<4>, Const<4>)>,
) -> GraphTensor<(Batch, Const<{ PLANES[2] * EXPANSION }>, Const<2>, Const<2>)> {
    let out = conv2d::<(
        Batch,
        Const<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>,
        Const<4>,
        Const<4>,
    )>(
        x,
        n.param::<R4<{ PLANES[2] * WIDTH_PER_GROUP / 64 }, { PLANES[1] * EXPANSION }, 1, 1>>(
            &format!("{p}.conv1.weight"),
        ),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add = n.param::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.running_var"))
        + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul =
        n.param::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.running_mean"))
        .reshape::<R3<{ PLANES[2] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let sub = out
        - reshape
            .reshape::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>,
                Const<4>,
                Const<4>,
            ), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[2] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let mul = sub
        * reshape
            .reshape::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>,
                Const<4>,
                Const<4>,
            ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.bias"))
        .reshape::<R3<{ PLANES[2] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let add = mul
        + reshape
            .reshape::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>,
                Const<4>,
                Const<4>,
            ), Axes3<0, 2, 3>>();
    let out = add.relu();
    let out = conv2d::<(Batch, Const<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>, Const<2>, Const<2>)>(out, n.param::<R4<{ PLANES[2] * WIDTH_PER_GROUP / 64 }, { PLANES[2] * WIDTH_PER_GROUP / 64 }, 3, 3>>(&format!("{p}.conv2.weight")), [2, 2], [1, 1], [1, 1], 1);
    let add = n.param::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.running_var"))
        + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul =
        n.param::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.running_mean"))
        .reshape::<R3<{ PLANES[2] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let sub = out
        - reshape
            .reshape::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>,
                Const<2>,
                Const<2>,
            ), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[2] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let mul = sub
        * reshape
            .reshape::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>,
                Const<2>,
                Const<2>,
            ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.bias"))
        .reshape::<R3<{ PLANES[2] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let add = mul
        + reshape
            .reshape::<R1<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[2] * WIDTH_PER_GROUP / 64 }>,
                Const<2>,
                Const<2>,
            ), Axes3<0, 2, 3>>();
    let out = add.relu();
    let out = conv2d::<(Batch, Const<{ PLANES[2] * EXPANSION }>, Const<2>, Const<2>)>(
        out,
        n.param::<R4<{ PLANES[2] * EXPANSION }, { PLANES[2] * WIDTH_PER_GROUP / 64 }, 1, 1>>(
            &format!("{p}.conv3.weight"),
        ),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add = n.param::<R1<{ PLANES[2] * EXPANSION }>>(&format!("{p}.bn3.running_var")) + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul = n.param::<R1<{ PLANES[2] * EXPANSION }>>(&format!("{p}.bn3.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[2] * EXPANSION }>>(&format!("{p}.bn3.running_mean"))
        .reshape::<R3<{ PLANES[2] * EXPANSION }, 1, 1>>();
    let sub = out - reshape
        .reshape::<R1<{ PLANES[2] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[2] * EXPANSION }>, Const<2>, Const<2>), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[2] * EXPANSION }, 1, 1>>();
    let mul = sub * reshape
        .reshape::<R1<{ PLANES[2] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[2] * EXPANSION }>, Const<2>, Const<2>), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[2] * EXPANSION }>>(&format!("{p}.bn3.bias"))
        .reshape::<R3<{ PLANES[2] * EXPANSION }, 1, 1>>();
    let add = mul + reshape
        .reshape::<R1<{ PLANES[2] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[2] * EXPANSION }>, Const<2>, Const<2>), Axes3<0, 2, 3>>();
    let identity = conv2d::<(Batch, Const<{ PLANES[2] * EXPANSION }>, Const<2>, Const<2>)>(
        x,
        n.param::<R4<{ PLANES[2] * EXPANSION }, { PLANES[1] * EXPANSION }, 1, 1>>(&format!(
            "{p}.downsample.0.weight"
        )),
        [2, 2],
        [0, 0],
        [1, 1],
        1,
    );
    let add2 =
        n.param::<R1<{ PLANES[2] * EXPANSION }>>(&format!("{p}.downsample.1.running_var")) + 1e-05;
    let rsqrt = add2.sqrt().recip();
    let mul = n.param::<R1<{ PLANES[2] * EXPANSION }>>(&format!("{p}.downsample.1.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[2] * EXPANSION }>>(&format!("{p}.downsample.1.running_mean"))
        .reshape::<R3<{ PLANES[2] * EXPANSION }, 1, 1>>();
    let sub = identity - reshape.reshape::<R1<{ PLANES[2] * EXPANSION }>>().expand::<(Batch, Const<{ PLANES[2] * EXPANSION }>, Const<2>, Const<2>), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[2] * EXPANSION }, 1, 1>>();
    let mul = sub * reshape
        .reshape::<R1<{ PLANES[2] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[2] * EXPANSION }>, Const<2>, Const<2>), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[2] * EXPANSION }>>(&format!("{p}.downsample.1.bias"))
        .reshape::<R3<{ PLANES[2] * EXPANSION }, 1, 1>>();
    let add2 = mul + reshape
        .reshape::<R1<{ PLANES[2] * EXPANSION }>>()
        .expand::<(Batch, Const<{ PLANES[2] * EXPANSION }>, Const<2>, Const<2>), Axes3<0, 2, 3>>();
    let out = add + add2;
    out.relu()
}

/// Bottleneck4: `layer4.0` in the checkpoint, and the blocks like it.
pub fn bottleneck_4<Batch: Dimension>(
    n: &mut Net,
    p: &str,
    x: GraphTensor<(Batch, Const<{ PLANES[2] * EXPANSION }>, Const<2>, Const<2>)>,
) -> GraphTensor<(Batch, Const<{ PLANES[3] * EXPANSION }>, Const<1>, Const<1>)> {
    let out = conv2d::<(
        Batch,
        Const<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>,
        Const<2>,
        Const<2>,
    )>(
        x,
        n.param::<R4<{ PLANES[3] * WIDTH_PER_GROUP / 64 }, { PLANES[2] * EXPANSION }, 1, 1>>(
            &format!("{p}.conv1.weight"),
        ),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add = n.param::<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.running_var"))
        + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul =
        n.param::<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.running_mean"))
        .reshape::<R3<{ PLANES[3] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let sub = out
        - reshape
            .reshape::<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>,
                Const<2>,
                Const<2>,
            ), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<{ PLANES[3] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let mul = sub
        * reshape
            .reshape::<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>,
                Const<2>,
                Const<2>,
            ), Axes3<0, 2, 3>>();
    let reshape = n
        .param::<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.bias"))
        .reshape::<R3<{ PLANES[3] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let add = mul
        + reshape
            .reshape::<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>()
            .expand::<(
                Batch,
                Const<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>,
                Const<2>,
                Const<2>,
            ), Axes3<0, 2, 3>>();
    let out = add.relu();
    let out = conv2d::<(Batch, Const<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>, Const<1>, Const<1>)>(out, n.param::<R4<{ PLANES[3] * WIDTH_PER_GROUP / 64 }, { PLANES[3] * WIDTH_PER_GROUP / 64 }, 3, 3>>(&format!("{p}.conv2.weight")), [2, 2], [1, 1], [1, 1], 1);
    let add = n.param::<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.running_var"))
        + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul =
        n.param::<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.running_mean"))
        .reshape::<R3<{ PLANES[3] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let sub = out
        - reshape.expand::<(
            Batch,
            Const<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>,
            Const<1>,
            Const<1>,
        ), Axis<0>>();
    let reshape = mul.reshape::<R3<{ PLANES[3] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let mul = sub
        * reshape.expand::<(
            Batch,
            Const<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>,
            Const<1>,
            Const<1>,
        ), Axis<0>>();
    let reshape = n
        .param::<R1<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.bias"))
        .reshape::<R3<{ PLANES[3] * WIDTH_PER_GROUP / 64 }, 1, 1>>();
    let add = mul
        + reshape.expand::<(
            Batch,
            Const<{ PLANES[3] * WIDTH_PER_GROUP / 64 }>,
            Const<1>,
            Const<1>,
        ), Axis<0>>();
    let out = add.relu();
    let out = conv2d::<(Batch, Const<{ PLANES[3] * EXPANSION }>, Const<1>, Const<1>)>(
        out,
        n.param::<R4<{ PLANES[3] * EXPANSION }, { PLANES[3] * WIDTH_PER_GROUP / 64 }, 1, 1>>(
            &format!("{p}.conv3.weight"),
        ),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let add = n.param::<R1<{ PLANES[3] * EXPANSION }>>(&format!("{p}.bn3.running_var")) + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul = n.param::<R1<{ PLANES[3] * EXPANSION }>>(&format!("{p}.bn3.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[3] * EXPANSION }>>(&format!("{p}.bn3.running_mean"))
        .reshape::<R3<{ PLANES[3] * EXPANSION }, 1, 1>>();
    let sub = out
        - reshape
            .expand::<(Batch, Const<{ PLANES[3] * EXPANSION }>, Const<1>, Const<1>), Axis<0>>();
    let reshape = mul.reshape::<R3<{ PLANES[3] * EXPANSION }, 1, 1>>();
    let mul = sub
        * reshape
            .expand::<(Batch, Const<{ PLANES[3] * EXPANSION }>, Const<1>, Const<1>), Axis<0>>();
    let reshape = n
        .param::<R1<{ PLANES[3] * EXPANSION }>>(&format!("{p}.bn3.bias"))
        .reshape::<R3<{ PLANES[3] * EXPANSION }, 1, 1>>();
    let add = mul
        + reshape
            .expand::<(Batch, Const<{ PLANES[3] * EXPANSION }>, Const<1>, Const<1>), Axis<0>>();
    let identity = conv2d::<(Batch, Const<{ PLANES[3] * EXPANSION }>, Const<1>, Const<1>)>(
        x,
        n.param::<R4<{ PLANES[3] * EXPANSION }, { PLANES[2] * EXPANSION }, 1, 1>>(&format!(
            "{p}.downsample.0.weight"
        )),
        [2, 2],
        [0, 0],
        [1, 1],
        1,
    );
    let add2 =
        n.param::<R1<{ PLANES[3] * EXPANSION }>>(&format!("{p}.downsample.1.running_var")) + 1e-05;
    let rsqrt = add2.sqrt().recip();
    let mul = n.param::<R1<{ PLANES[3] * EXPANSION }>>(&format!("{p}.downsample.1.weight")) * rsqrt;
    let reshape = n
        .param::<R1<{ PLANES[3] * EXPANSION }>>(&format!("{p}.downsample.1.running_mean"))
        .reshape::<R3<{ PLANES[3] * EXPANSION }, 1, 1>>();
    let sub = identity
        - reshape
            .expand::<(Batch, Const<{ PLANES[3] * EXPANSION }>, Const<1>, Const<1>), Axis<0>>();
    let reshape = mul.reshape::<R3<{ PLANES[3] * EXPANSION }, 1, 1>>();
    let mul = sub
        * reshape
            .expand::<(Batch, Const<{ PLANES[3] * EXPANSION }>, Const<1>, Const<1>), Axis<0>>();
    let reshape = n
        .param::<R1<{ PLANES[3] * EXPANSION }>>(&format!("{p}.downsample.1.bias"))
        .reshape::<R3<{ PLANES[3] * EXPANSION }, 1, 1>>();
    let add2 = mul
        + reshape
            .expand::<(Batch, Const<{ PLANES[3] * EXPANSION }>, Const<1>, Const<1>), Axis<0>>();
    let out = add + add2;
    out.relu()
}

/// ResNet: the model.
pub fn res_net<Batch: Dimension>(
    n: &mut Net,
    images: GraphTensor<(Batch, Const<3>, Const<IMAGE>, Const<IMAGE>)>,
) -> GraphTensor<(Batch, Const<CLASSES>)> {
    let x = conv2d::<(Batch, Const<STEM>, Const<16>, Const<16>)>(
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
        .expand::<(Batch, Const<STEM>, Const<16>, Const<16>), Axes3<0, 2, 3>>();
    let reshape = mul.reshape::<R3<STEM, 1, 1>>();
    let mul = sub
        * reshape
            .reshape::<R1<STEM>>()
            .expand::<(Batch, Const<STEM>, Const<16>, Const<16>), Axes3<0, 2, 3>>();
    let reshape = n.param::<R1<STEM>>("bn1.bias").reshape::<R3<STEM, 1, 1>>();
    let add = mul
        + reshape
            .reshape::<R1<STEM>>()
            .expand::<(Batch, Const<STEM>, Const<16>, Const<16>), Axes3<0, 2, 3>>();
    let x = add.relu();
    let x = max_pool2d::<(Batch, Const<STEM>, Const<8>, Const<8>)>(x, [3, 3], [2, 2], [1, 1]);
    let x = bottleneck(n, "layer1.0", x);
    let x = bottleneck_2(n, "layer2.0", x);
    let x = bottleneck_3(n, "layer3.0", x);
    let x = bottleneck_4(n, "layer4.0", x);
    let x = x.mean_reduce::<(Batch, Const<{ PLANES[3] * EXPANSION }>), Axes2<2, 3>>();
    x.reshape::<(Const<1>, Batch, Const<{ PLANES[3] * EXPANSION }>)>()
        .matmul(
            n.param::<R2<CLASSES, { PLANES[3] * EXPANSION }>>("fc.weight")
                .permute::<_, Axes2<1, 0>>(),
        )
        .reshape::<(Batch, Const<CLASSES>)>()
        + n.param::<R1<CLASSES>>("fc.bias")
            .expand::<(Batch, Const<CLASSES>), Axis<0>>()
}
