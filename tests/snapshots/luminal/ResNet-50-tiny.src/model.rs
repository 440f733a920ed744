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
    let out = batch_norm(
        out,
        n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.weight")),
        n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.bias")),
        n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.running_mean")),
        n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn1.running_var")),
        1e-05,
    );
    let out = out.relu();
    let out = conv2d::<(Batch, Const<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>, Const<8>, Const<8>)>(out, n.param::<R4<{ PLANES[0] * WIDTH_PER_GROUP / 64 }, { PLANES[0] * WIDTH_PER_GROUP / 64 }, 3, 3>>(&format!("{p}.conv2.weight")), [1, 1], [1, 1], [1, 1], 1);
    let out = batch_norm(
        out,
        n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.weight")),
        n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.bias")),
        n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.running_mean")),
        n.param::<R1<{ PLANES[0] * WIDTH_PER_GROUP / 64 }>>(&format!("{p}.bn2.running_var")),
        1e-05,
    );
    let out = out.relu();
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
    let out = batch_norm(
        out,
        n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.bn3.weight")),
        n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.bn3.bias")),
        n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.bn3.running_mean")),
        n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.bn3.running_var")),
        1e-05,
    );
    let identity = conv2d::<(Batch, Const<{ PLANES[0] * EXPANSION }>, Const<8>, Const<8>)>(
        x,
        n.param::<R4<{ PLANES[0] * EXPANSION }, STEM, 1, 1>>(&format!("{p}.downsample.0.weight")),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let identity = batch_norm(
        identity,
        n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.downsample.1.weight")),
        n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.downsample.1.bias")),
        n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.downsample.1.running_mean")),
        n.param::<R1<{ PLANES[0] * EXPANSION }>>(&format!("{p}.downsample.1.running_var")),
        1e-05,
    );
    let out = out + identity;
    out.relu()
}

/// Bottleneck2: `layer2.0` in the checkpoint, and the blocks like it.
pub fn bottleneck_2<
    Batch: Dimension,
    Channels: Dimension,
    Height: Dimension,
    Out: Dimension,
    Height2: Dimension,
    Out2: Dimension,
>(
    n: &mut Net,
    p: &str,
    x: GraphTensor<(Batch, Channels, Height, Height)>,
) -> GraphTensor<(Batch, Out2, Height2, Height2)> {
    let out = conv2d::<(Batch, Out, Height, Height)>(
        x,
        n.param::<(Out, Channels, Const<1>, Const<1>)>(&format!("{p}.conv1.weight")),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let out = batch_norm(
        out,
        n.param::<(Out,)>(&format!("{p}.bn1.weight")),
        n.param::<(Out,)>(&format!("{p}.bn1.bias")),
        n.param::<(Out,)>(&format!("{p}.bn1.running_mean")),
        n.param::<(Out,)>(&format!("{p}.bn1.running_var")),
        1e-05,
    );
    let out = out.relu();
    let out = conv2d::<(Batch, Out, Height2, Height2)>(
        out,
        n.param::<(Out, Out, Const<3>, Const<3>)>(&format!("{p}.conv2.weight")),
        [2, 2],
        [1, 1],
        [1, 1],
        1,
    );
    let out = batch_norm(
        out,
        n.param::<(Out,)>(&format!("{p}.bn2.weight")),
        n.param::<(Out,)>(&format!("{p}.bn2.bias")),
        n.param::<(Out,)>(&format!("{p}.bn2.running_mean")),
        n.param::<(Out,)>(&format!("{p}.bn2.running_var")),
        1e-05,
    );
    let out = out.relu();
    let out = conv2d::<(Batch, Out2, Height2, Height2)>(
        out,
        n.param::<(Out2, Out, Const<1>, Const<1>)>(&format!("{p}.conv3.weight")),
        [1, 1],
        [0, 0],
        [1, 1],
        1,
    );
    let out = batch_norm(
        out,
        n.param::<(Out2,)>(&format!("{p}.bn3.weight")),
        n.param::<(Out2,)>(&format!("{p}.bn3.bias")),
        n.param::<(Out2,)>(&format!("{p}.bn3.running_mean")),
        n.param::<(Out2,)>(&format!("{p}.bn3.running_var")),
        1e-05,
    );
    let identity = conv2d::<(Batch, Out2, Height2, Height2)>(
        x,
        n.param::<(Out2, Channels, Const<1>, Const<1>)>(&format!("{p}.downsample.0.weight")),
        [2, 2],
        [0, 0],
        [1, 1],
        1,
    );
    let identity = batch_norm(
        identity,
        n.param::<(Out2,)>(&format!("{p}.downsample.1.weight")),
        n.param::<(Out2,)>(&format!("{p}.downsample.1.bias")),
        n.param::<(Out2,)>(&format!("{p}.downsample.1.running_mean")),
        n.param::<(Out2,)>(&format!("{p}.downsample.1.running_var")),
        1e-05,
    );
    let out = out + identity;
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
    let x = batch_norm(
        x,
        n.param::<R1<STEM>>("bn1.weight"),
        n.param::<R1<STEM>>("bn1.bias"),
        n.param::<R1<STEM>>("bn1.running_mean"),
        n.param::<R1<STEM>>("bn1.running_var"),
        1e-05,
    );
    let x = x.relu();
    let x = max_pool2d::<(Batch, Const<STEM>, Const<8>, Const<8>)>(x, [3, 3], [2, 2], [1, 1]);
    let x = bottleneck(n, "layer1.0", x);
    let x = bottleneck_2::<Batch, Const<256>, Const<8>, Const<16>, Const<4>, Const<512>>(
        n, "layer2.0", x,
    );
    let x = bottleneck_2::<Batch, Const<512>, Const<4>, Const<32>, Const<2>, Const<1024>>(
        n, "layer3.0", x,
    );
    let x = bottleneck_2::<Batch, Const<1024>, Const<2>, Const<64>, Const<1>, Const<2048>>(
        n, "layer4.0", x,
    );
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
