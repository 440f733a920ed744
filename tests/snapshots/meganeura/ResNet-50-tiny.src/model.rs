//! ResNet in Meganeura's graph builder, from the IR: one function per block kind (per size
//! where Meganeura's builder calls take the sizes), reading its parameters by checkpoint name
//! under its path. Values are flat [rows, columns], images flat NCHW vectors; attention heads
//! stay [S, H * D].
use meganeura::graph::Op;
use meganeura::{Graph, NodeId};

/// How the program feeds a graph input.
#[allow(dead_code)] // a model's inputs use some of them
pub enum Feed {
    /// i64 ids as u32
    Ids,
    /// i64 labels as one-hot rows of this many classes
    OneHot(usize),
    /// floats
    Values,
}

/// One graph of the model: how it is built, what it reads and what it returns.
pub struct Variant {
    pub build: fn(&mut Graph) -> Vec<NodeId>,
    /// the prefix of its tensors' names in inputs.safetensors and in the outputs
    pub prefix: &'static str,
    pub inputs: &'static [(&'static str, Feed)],
    pub outputs: &'static [(&'static str, &'static [usize])],
}

pub const FULL: Variant = Variant {
    build: build_full,
    prefix: "",
    inputs: &[("images", Feed::Values), ("labels", Feed::OneHot(10))],
    outputs: &[("loss", &[]), ("logits", &[4, 10])],
};

pub const LATENCY: Variant = Variant {
    build: build_latency,
    prefix: "latency.",
    inputs: &[("images", Feed::Values)],
    outputs: &[("logits", &[1, 10])],
};

pub const TRAINING: Variant = Variant {
    build: build_training,
    prefix: "",
    inputs: &[("images", Feed::Values), ("labels", Feed::OneHot(10))],
    outputs: &[
        ("loss", &[]),
        ("grad.conv1.weight", &[64, 3, 7, 7]),
        ("grad.bn1.weight", &[64]),
        ("grad.bn1.bias", &[64]),
        ("grad.layer1.0.conv1.weight", &[8, 64, 1, 1]),
        ("grad.layer1.0.bn1.weight", &[8]),
        ("grad.layer1.0.bn1.bias", &[8]),
        ("grad.layer1.0.conv2.weight", &[8, 8, 3, 3]),
        ("grad.layer1.0.bn2.weight", &[8]),
        ("grad.layer1.0.bn2.bias", &[8]),
        ("grad.layer1.0.conv3.weight", &[256, 8, 1, 1]),
        ("grad.layer1.0.bn3.weight", &[256]),
        ("grad.layer1.0.bn3.bias", &[256]),
        ("grad.layer1.0.downsample.0.weight", &[256, 64, 1, 1]),
        ("grad.layer1.0.downsample.1.weight", &[256]),
        ("grad.layer1.0.downsample.1.bias", &[256]),
        ("grad.layer2.0.conv1.weight", &[16, 256, 1, 1]),
        ("grad.layer2.0.bn1.weight", &[16]),
        ("grad.layer2.0.bn1.bias", &[16]),
        ("grad.layer2.0.conv2.weight", &[16, 16, 3, 3]),
        ("grad.layer2.0.bn2.weight", &[16]),
        ("grad.layer2.0.bn2.bias", &[16]),
        ("grad.layer2.0.conv3.weight", &[512, 16, 1, 1]),
        ("grad.layer2.0.bn3.weight", &[512]),
        ("grad.layer2.0.bn3.bias", &[512]),
        ("grad.layer2.0.downsample.0.weight", &[512, 256, 1, 1]),
        ("grad.layer2.0.downsample.1.weight", &[512]),
        ("grad.layer2.0.downsample.1.bias", &[512]),
        ("grad.layer3.0.conv1.weight", &[32, 512, 1, 1]),
        ("grad.layer3.0.bn1.weight", &[32]),
        ("grad.layer3.0.bn1.bias", &[32]),
        ("grad.layer3.0.conv2.weight", &[32, 32, 3, 3]),
        ("grad.layer3.0.bn2.weight", &[32]),
        ("grad.layer3.0.bn2.bias", &[32]),
        ("grad.layer3.0.conv3.weight", &[1024, 32, 1, 1]),
        ("grad.layer3.0.bn3.weight", &[1024]),
        ("grad.layer3.0.bn3.bias", &[1024]),
        ("grad.layer3.0.downsample.0.weight", &[1024, 512, 1, 1]),
        ("grad.layer3.0.downsample.1.weight", &[1024]),
        ("grad.layer3.0.downsample.1.bias", &[1024]),
        ("grad.layer4.0.conv1.weight", &[64, 1024, 1, 1]),
        ("grad.layer4.0.bn1.weight", &[64]),
        ("grad.layer4.0.bn1.bias", &[64]),
        ("grad.layer4.0.conv2.weight", &[64, 64, 3, 3]),
        ("grad.layer4.0.bn2.weight", &[64]),
        ("grad.layer4.0.bn2.bias", &[64]),
        ("grad.layer4.0.conv3.weight", &[2048, 64, 1, 1]),
        ("grad.layer4.0.bn3.weight", &[2048]),
        ("grad.layer4.0.bn3.bias", &[2048]),
        ("grad.layer4.0.downsample.0.weight", &[2048, 1024, 1, 1]),
        ("grad.layer4.0.downsample.1.weight", &[2048]),
        ("grad.layer4.0.downsample.1.bias", &[2048]),
        ("grad.fc.weight", &[10, 2048]),
        ("grad.fc.bias", &[10]),
    ],
};

/// The full graph; returns its outputs (loss, logits).
pub fn build_full(g: &mut Graph) -> Vec<NodeId> {
    let images = g.input("images", &[12288]);
    let labels = g.input("labels", &[4, 10]);
    let logits = res_net(g, images);
    let loss = g.cross_entropy_loss(logits, labels);
    vec![loss, logits]
}

/// The latency graph; returns its outputs (logits).
pub fn build_latency(g: &mut Graph) -> Vec<NodeId> {
    let images = g.input("images", &[3072]);
    let logits = res_net_2(g, images);
    vec![logits]
}

/// The training graph; returns its outputs (loss, grad.conv1.weight, grad.bn1.weight, grad.bn1.bias, grad.layer1.0.conv1.weight, grad.layer1.0.bn1.weight, grad.layer1.0.bn1.bias, grad.layer1.0.conv2.weight, grad.layer1.0.bn2.weight, grad.layer1.0.bn2.bias, grad.layer1.0.conv3.weight, grad.layer1.0.bn3.weight, grad.layer1.0.bn3.bias, grad.layer1.0.downsample.0.weight, grad.layer1.0.downsample.1.weight, grad.layer1.0.downsample.1.bias, grad.layer2.0.conv1.weight, grad.layer2.0.bn1.weight, grad.layer2.0.bn1.bias, grad.layer2.0.conv2.weight, grad.layer2.0.bn2.weight, grad.layer2.0.bn2.bias, grad.layer2.0.conv3.weight, grad.layer2.0.bn3.weight, grad.layer2.0.bn3.bias, grad.layer2.0.downsample.0.weight, grad.layer2.0.downsample.1.weight, grad.layer2.0.downsample.1.bias, grad.layer3.0.conv1.weight, grad.layer3.0.bn1.weight, grad.layer3.0.bn1.bias, grad.layer3.0.conv2.weight, grad.layer3.0.bn2.weight, grad.layer3.0.bn2.bias, grad.layer3.0.conv3.weight, grad.layer3.0.bn3.weight, grad.layer3.0.bn3.bias, grad.layer3.0.downsample.0.weight, grad.layer3.0.downsample.1.weight, grad.layer3.0.downsample.1.bias, grad.layer4.0.conv1.weight, grad.layer4.0.bn1.weight, grad.layer4.0.bn1.bias, grad.layer4.0.conv2.weight, grad.layer4.0.bn2.weight, grad.layer4.0.bn2.bias, grad.layer4.0.conv3.weight, grad.layer4.0.bn3.weight, grad.layer4.0.bn3.bias, grad.layer4.0.downsample.0.weight, grad.layer4.0.downsample.1.weight, grad.layer4.0.downsample.1.bias, grad.fc.weight, grad.fc.bias).
pub fn build_training(g: &mut Graph) -> Vec<NodeId> {
    let images = g.input("images", &[12288]);
    let labels = g.input("labels", &[4, 10]);
    let [loss, conv2d_backward_weight, mul, reshape, conv2d_backward_weight_2, mul_2, reshape_2, conv2d_backward_weight_3, mul_3, reshape_3, conv2d_backward_weight_4, mul_4, reshape_4, conv2d_backward_weight_5, mul_5, reshape_5, conv2d_backward_weight_6, mul_6, reshape_6, conv2d_backward_weight_7, mul_7, reshape_7, conv2d_backward_weight_8, mul_8, reshape_8, conv2d_backward_weight_9, mul_9, reshape_9, conv2d_backward_weight_10, mul_10, reshape_10, conv2d_backward_weight_11, mul_11, reshape_11, conv2d_backward_weight_12, mul_12, reshape_12, conv2d_backward_weight_13, mul_13, reshape_13, conv2d_backward_weight_14, mul_14, reshape_14, conv2d_backward_weight_15, mul_15, reshape_15, conv2d_backward_weight_16, mul_16, reshape_16, conv2d_backward_weight_17, mul_17, reshape_17, matmul, sum_to] =
        res_net_3(g, images, labels);
    vec![
        loss,
        conv2d_backward_weight,
        mul,
        reshape,
        conv2d_backward_weight_2,
        mul_2,
        reshape_2,
        conv2d_backward_weight_3,
        mul_3,
        reshape_3,
        conv2d_backward_weight_4,
        mul_4,
        reshape_4,
        conv2d_backward_weight_5,
        mul_5,
        reshape_5,
        conv2d_backward_weight_6,
        mul_6,
        reshape_6,
        conv2d_backward_weight_7,
        mul_7,
        reshape_7,
        conv2d_backward_weight_8,
        mul_8,
        reshape_8,
        conv2d_backward_weight_9,
        mul_9,
        reshape_9,
        conv2d_backward_weight_10,
        mul_10,
        reshape_10,
        conv2d_backward_weight_11,
        mul_11,
        reshape_11,
        conv2d_backward_weight_12,
        mul_12,
        reshape_12,
        conv2d_backward_weight_13,
        mul_13,
        reshape_13,
        conv2d_backward_weight_14,
        mul_14,
        reshape_14,
        conv2d_backward_weight_15,
        mul_15,
        reshape_15,
        conv2d_backward_weight_16,
        mul_16,
        reshape_16,
        conv2d_backward_weight_17,
        mul_17,
        reshape_17,
        matmul,
        sum_to,
    ]
}

/// Bottleneck: `layer1.0` in the checkpoint, and the blocks like it at these sizes.
fn bottleneck(g: &mut Graph, p: &str, x: NodeId) -> NodeId {
    let out = conv2d(
        g,
        &format!("{p}.conv1"),
        x,
        [4, 64, 8, 8],
        [8, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_2 = batch_norm(g, &format!("{p}.bn1"), out, [4, 8, 64], 1e-05);
    let out_3 = g.relu(out_2);
    let out_4 = conv2d(
        g,
        &format!("{p}.conv2"),
        out_3,
        [4, 8, 8, 8],
        [8, 3, 3],
        1,
        [1, 1],
        false,
    );
    let out_5 = batch_norm(g, &format!("{p}.bn2"), out_4, [4, 8, 64], 1e-05);
    let out_6 = g.relu(out_5);
    let out_7 = conv2d(
        g,
        &format!("{p}.conv3"),
        out_6,
        [4, 8, 8, 8],
        [256, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_8 = batch_norm(g, &format!("{p}.bn3"), out_7, [4, 256, 64], 1e-05);
    let identity = conv2d(
        g,
        &format!("{p}.downsample.0"),
        x,
        [4, 64, 8, 8],
        [256, 1, 1],
        1,
        [0, 0],
        false,
    );
    let identity_2 = batch_norm(
        g,
        &format!("{p}.downsample.1"),
        identity,
        [4, 256, 64],
        1e-05,
    );
    let out_9 = g.add(out_8, identity_2);
    g.relu(out_9)
}

/// Bottleneck2: `layer2.0` in the checkpoint, and the blocks like it at these sizes.
fn bottleneck_2(g: &mut Graph, p: &str, x: NodeId) -> NodeId {
    let out = conv2d(
        g,
        &format!("{p}.conv1"),
        x,
        [4, 256, 8, 8],
        [16, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_2 = batch_norm(g, &format!("{p}.bn1"), out, [4, 16, 64], 1e-05);
    let out_3 = g.relu(out_2);
    let out_4 = conv2d(
        g,
        &format!("{p}.conv2"),
        out_3,
        [4, 16, 8, 8],
        [16, 3, 3],
        2,
        [1, 1],
        false,
    );
    let out_5 = batch_norm(g, &format!("{p}.bn2"), out_4, [4, 16, 16], 1e-05);
    let out_6 = g.relu(out_5);
    let out_7 = conv2d(
        g,
        &format!("{p}.conv3"),
        out_6,
        [4, 16, 4, 4],
        [512, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_8 = batch_norm(g, &format!("{p}.bn3"), out_7, [4, 512, 16], 1e-05);
    let identity = conv2d(
        g,
        &format!("{p}.downsample.0"),
        x,
        [4, 256, 8, 8],
        [512, 1, 1],
        2,
        [0, 0],
        false,
    );
    let identity_2 = batch_norm(
        g,
        &format!("{p}.downsample.1"),
        identity,
        [4, 512, 16],
        1e-05,
    );
    let out_9 = g.add(out_8, identity_2);
    g.relu(out_9)
}

/// Bottleneck3: `layer3.0` in the checkpoint, and the blocks like it at these sizes.
fn bottleneck_3(g: &mut Graph, p: &str, x: NodeId) -> NodeId {
    let out = conv2d(
        g,
        &format!("{p}.conv1"),
        x,
        [4, 512, 4, 4],
        [32, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_2 = batch_norm(g, &format!("{p}.bn1"), out, [4, 32, 16], 1e-05);
    let out_3 = g.relu(out_2);
    let out_4 = conv2d(
        g,
        &format!("{p}.conv2"),
        out_3,
        [4, 32, 4, 4],
        [32, 3, 3],
        2,
        [1, 1],
        false,
    );
    let out_5 = batch_norm(g, &format!("{p}.bn2"), out_4, [4, 32, 4], 1e-05);
    let out_6 = g.relu(out_5);
    let out_7 = conv2d(
        g,
        &format!("{p}.conv3"),
        out_6,
        [4, 32, 2, 2],
        [1024, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_8 = batch_norm(g, &format!("{p}.bn3"), out_7, [4, 1024, 4], 1e-05);
    let identity = conv2d(
        g,
        &format!("{p}.downsample.0"),
        x,
        [4, 512, 4, 4],
        [1024, 1, 1],
        2,
        [0, 0],
        false,
    );
    let identity_2 = batch_norm(
        g,
        &format!("{p}.downsample.1"),
        identity,
        [4, 1024, 4],
        1e-05,
    );
    let out_9 = g.add(out_8, identity_2);
    g.relu(out_9)
}

/// Bottleneck4: `layer4.0` in the checkpoint, and the blocks like it at these sizes.
fn bottleneck_4(g: &mut Graph, p: &str, x: NodeId) -> NodeId {
    let out = conv2d(
        g,
        &format!("{p}.conv1"),
        x,
        [4, 1024, 2, 2],
        [64, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_2 = batch_norm(g, &format!("{p}.bn1"), out, [4, 64, 4], 1e-05);
    let out_3 = g.relu(out_2);
    let out_4 = conv2d(
        g,
        &format!("{p}.conv2"),
        out_3,
        [4, 64, 2, 2],
        [64, 3, 3],
        2,
        [1, 1],
        false,
    );
    let out_5 = batch_norm(g, &format!("{p}.bn2"), out_4, [4, 64, 1], 1e-05);
    let out_6 = g.relu(out_5);
    let out_7 = conv2d(
        g,
        &format!("{p}.conv3"),
        out_6,
        [4, 64, 1, 1],
        [2048, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_8 = batch_norm(g, &format!("{p}.bn3"), out_7, [4, 2048, 1], 1e-05);
    let identity = conv2d(
        g,
        &format!("{p}.downsample.0"),
        x,
        [4, 1024, 2, 2],
        [2048, 1, 1],
        2,
        [0, 0],
        false,
    );
    let identity_2 = batch_norm(
        g,
        &format!("{p}.downsample.1"),
        identity,
        [4, 2048, 1],
        1e-05,
    );
    let out_9 = g.add(out_8, identity_2);
    g.relu(out_9)
}

/// ResNet: the model, its parameters by their checkpoint names.
fn res_net(g: &mut Graph, images: NodeId) -> NodeId {
    let x = conv2d(
        g,
        "conv1",
        images,
        [4, 3, 32, 32],
        [64, 7, 7],
        2,
        [3, 3],
        false,
    );
    let x_2 = batch_norm(g, "bn1", x, [4, 64, 256], 1e-05);
    let x_3 = g.relu(x_2);
    let x_4 = g.max_pool_2d(x_3, 4, 64, 16, 16, 3, 3, 2, 1);
    let x_5 = bottleneck(g, "layer1.0", x_4);
    let x_6 = bottleneck_2(g, "layer2.0", x_5);
    let x_7 = bottleneck_3(g, "layer3.0", x_6);
    let x_8 = bottleneck_4(g, "layer4.0", x_7);
    let x_9 = g.global_avg_pool(x_8, 4, 2048, 1);
    linear(g, "fc", x_9, [10, 2048], true)
}

/// Bottleneck: `layer1.0` in the checkpoint, and the blocks like it at these sizes.
fn bottleneck_5(g: &mut Graph, p: &str, x: NodeId) -> NodeId {
    let out = conv2d(
        g,
        &format!("{p}.conv1"),
        x,
        [1, 64, 8, 8],
        [8, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_2 = batch_norm(g, &format!("{p}.bn1"), out, [1, 8, 64], 1e-05);
    let out_3 = g.relu(out_2);
    let out_4 = conv2d(
        g,
        &format!("{p}.conv2"),
        out_3,
        [1, 8, 8, 8],
        [8, 3, 3],
        1,
        [1, 1],
        false,
    );
    let out_5 = batch_norm(g, &format!("{p}.bn2"), out_4, [1, 8, 64], 1e-05);
    let out_6 = g.relu(out_5);
    let out_7 = conv2d(
        g,
        &format!("{p}.conv3"),
        out_6,
        [1, 8, 8, 8],
        [256, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_8 = batch_norm(g, &format!("{p}.bn3"), out_7, [1, 256, 64], 1e-05);
    let identity = conv2d(
        g,
        &format!("{p}.downsample.0"),
        x,
        [1, 64, 8, 8],
        [256, 1, 1],
        1,
        [0, 0],
        false,
    );
    let identity_2 = batch_norm(
        g,
        &format!("{p}.downsample.1"),
        identity,
        [1, 256, 64],
        1e-05,
    );
    let out_9 = g.add(out_8, identity_2);
    g.relu(out_9)
}

/// Bottleneck2: `layer2.0` in the checkpoint, and the blocks like it at these sizes.
fn bottleneck_2_2(g: &mut Graph, p: &str, x: NodeId) -> NodeId {
    let out = conv2d(
        g,
        &format!("{p}.conv1"),
        x,
        [1, 256, 8, 8],
        [16, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_2 = batch_norm(g, &format!("{p}.bn1"), out, [1, 16, 64], 1e-05);
    let out_3 = g.relu(out_2);
    let out_4 = conv2d(
        g,
        &format!("{p}.conv2"),
        out_3,
        [1, 16, 8, 8],
        [16, 3, 3],
        2,
        [1, 1],
        false,
    );
    let out_5 = batch_norm(g, &format!("{p}.bn2"), out_4, [1, 16, 16], 1e-05);
    let out_6 = g.relu(out_5);
    let out_7 = conv2d(
        g,
        &format!("{p}.conv3"),
        out_6,
        [1, 16, 4, 4],
        [512, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_8 = batch_norm(g, &format!("{p}.bn3"), out_7, [1, 512, 16], 1e-05);
    let identity = conv2d(
        g,
        &format!("{p}.downsample.0"),
        x,
        [1, 256, 8, 8],
        [512, 1, 1],
        2,
        [0, 0],
        false,
    );
    let identity_2 = batch_norm(
        g,
        &format!("{p}.downsample.1"),
        identity,
        [1, 512, 16],
        1e-05,
    );
    let out_9 = g.add(out_8, identity_2);
    g.relu(out_9)
}

/// Bottleneck3: `layer3.0` in the checkpoint, and the blocks like it at these sizes.
fn bottleneck_3_2(g: &mut Graph, p: &str, x: NodeId) -> NodeId {
    let out = conv2d(
        g,
        &format!("{p}.conv1"),
        x,
        [1, 512, 4, 4],
        [32, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_2 = batch_norm(g, &format!("{p}.bn1"), out, [1, 32, 16], 1e-05);
    let out_3 = g.relu(out_2);
    let out_4 = conv2d(
        g,
        &format!("{p}.conv2"),
        out_3,
        [1, 32, 4, 4],
        [32, 3, 3],
        2,
        [1, 1],
        false,
    );
    let out_5 = batch_norm(g, &format!("{p}.bn2"), out_4, [1, 32, 4], 1e-05);
    let out_6 = g.relu(out_5);
    let out_7 = conv2d(
        g,
        &format!("{p}.conv3"),
        out_6,
        [1, 32, 2, 2],
        [1024, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_8 = batch_norm(g, &format!("{p}.bn3"), out_7, [1, 1024, 4], 1e-05);
    let identity = conv2d(
        g,
        &format!("{p}.downsample.0"),
        x,
        [1, 512, 4, 4],
        [1024, 1, 1],
        2,
        [0, 0],
        false,
    );
    let identity_2 = batch_norm(
        g,
        &format!("{p}.downsample.1"),
        identity,
        [1, 1024, 4],
        1e-05,
    );
    let out_9 = g.add(out_8, identity_2);
    g.relu(out_9)
}

/// Bottleneck4: `layer4.0` in the checkpoint, and the blocks like it at these sizes.
fn bottleneck_4_2(g: &mut Graph, p: &str, x: NodeId) -> NodeId {
    let out = conv2d(
        g,
        &format!("{p}.conv1"),
        x,
        [1, 1024, 2, 2],
        [64, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_2 = batch_norm(g, &format!("{p}.bn1"), out, [1, 64, 4], 1e-05);
    let out_3 = g.relu(out_2);
    let out_4 = conv2d(
        g,
        &format!("{p}.conv2"),
        out_3,
        [1, 64, 2, 2],
        [64, 3, 3],
        2,
        [1, 1],
        false,
    );
    let out_5 = batch_norm(g, &format!("{p}.bn2"), out_4, [1, 64, 1], 1e-05);
    let out_6 = g.relu(out_5);
    let out_7 = conv2d(
        g,
        &format!("{p}.conv3"),
        out_6,
        [1, 64, 1, 1],
        [2048, 1, 1],
        1,
        [0, 0],
        false,
    );
    let out_8 = batch_norm(g, &format!("{p}.bn3"), out_7, [1, 2048, 1], 1e-05);
    let identity = conv2d(
        g,
        &format!("{p}.downsample.0"),
        x,
        [1, 1024, 2, 2],
        [2048, 1, 1],
        2,
        [0, 0],
        false,
    );
    let identity_2 = batch_norm(
        g,
        &format!("{p}.downsample.1"),
        identity,
        [1, 2048, 1],
        1e-05,
    );
    let out_9 = g.add(out_8, identity_2);
    g.relu(out_9)
}

/// ResNet: the model, its parameters by their checkpoint names.
fn res_net_2(g: &mut Graph, images: NodeId) -> NodeId {
    let x = conv2d(
        g,
        "conv1",
        images,
        [1, 3, 32, 32],
        [64, 7, 7],
        2,
        [3, 3],
        false,
    );
    let x_2 = batch_norm(g, "bn1", x, [1, 64, 256], 1e-05);
    let x_3 = g.relu(x_2);
    let x_4 = g.max_pool_2d(x_3, 1, 64, 16, 16, 3, 3, 2, 1);
    let x_5 = bottleneck_5(g, "layer1.0", x_4);
    let x_6 = bottleneck_2_2(g, "layer2.0", x_5);
    let x_7 = bottleneck_3_2(g, "layer3.0", x_6);
    let x_8 = bottleneck_4_2(g, "layer4.0", x_7);
    let x_9 = g.global_avg_pool(x_8, 1, 2048, 1);
    linear(g, "fc", x_9, [10, 2048], true)
}

/// Bottleneck: `layer1.0` in the checkpoint, and the blocks like it at these sizes.
fn bottleneck_6(g: &mut Graph, p: &str, x: NodeId) -> [NodeId; 18] {
    let conv1_weight = shared_parameter(g, &format!("{p}.conv1.weight"), &[512]);
    let out = g.conv2d_hw(x, conv1_weight, 4, 64, 8, 8, 8, 1, 1, 1, 0, 0);
    let bn1_running_var = g.parameter(&format!("{p}.bn1.running_var"), &[8]);
    let add = g.reshape(bn1_running_var, &[1, 8]);
    let add_bias = g.constant(vec![1e-05_f32; 8], &[8]);
    let add_2 = g.bias_add(add, add_bias);
    let rsqrt_log = g.log(add_2);
    let rsqrt_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_expanded_2 = g.broadcast_inner(rsqrt_expanded, 8);
    let rsqrt = g.mul(rsqrt_log, rsqrt_expanded_2);
    let rsqrt_2 = g.exp(rsqrt);
    let bn1_weight = g.parameter(&format!("{p}.bn1.weight"), &[8]);
    let mul = g.reshape(bn1_weight, &[1, 8]);
    let mul_2 = g.mul(mul, rsqrt_2);
    let bn1_running_mean = g.parameter(&format!("{p}.bn1.running_mean"), &[8]);
    let reshape = g.reshape(bn1_running_mean, &[8, 1]);
    let sub = g.reshape(out, &[256, 8]);
    let sub_expanded = g.reshape(reshape, &[8, 1]);
    let sub_expanded_2 = g.broadcast_inner(sub_expanded, 8);
    let sub_expanded_3 = g.transpose(sub_expanded_2);
    let sub_expanded_4 = g.reshape(sub_expanded_3, &[64, 1]);
    let sub_expanded_5 = g.broadcast_inner(sub_expanded_4, 8);
    let sub_expanded_6 = g.reshape(sub_expanded_5, &[8, 64]);
    let sub_expanded_7 = g.transpose(sub_expanded_6);
    let sub_expanded_8 = g.reshape(sub_expanded_7, &[8, 64]);
    let sub_expanded_9 = g.reshape(sub_expanded_8, &[1, 512]);
    let sub_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_expanded_10 = g.matmul(sub_expanded_ones, sub_expanded_9);
    let sub_expanded_11 = g.reshape(sub_expanded_10, &[1, 2048]);
    let sub_2 = g.reshape(sub_expanded_11, &[256, 8]);
    let sub_neg = g.neg(sub_2);
    let sub_3 = g.add(sub, sub_neg);
    let reshape_2 = g.reshape(mul_2, &[8, 1]);
    let mul_1_expanded = g.reshape(reshape_2, &[8, 1]);
    let mul_1_expanded_2 = g.broadcast_inner(mul_1_expanded, 8);
    let mul_1_expanded_3 = g.transpose(mul_1_expanded_2);
    let mul_1_expanded_4 = g.reshape(mul_1_expanded_3, &[64, 1]);
    let mul_1_expanded_5 = g.broadcast_inner(mul_1_expanded_4, 8);
    let mul_1_expanded_6 = g.reshape(mul_1_expanded_5, &[8, 64]);
    let mul_1_expanded_7 = g.transpose(mul_1_expanded_6);
    let mul_1_expanded_8 = g.reshape(mul_1_expanded_7, &[8, 64]);
    let mul_1_expanded_9 = g.reshape(mul_1_expanded_8, &[1, 512]);
    let mul_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_1_expanded_10 = g.matmul(mul_1_expanded_ones, mul_1_expanded_9);
    let mul_1_expanded_11 = g.reshape(mul_1_expanded_10, &[1, 2048]);
    let mul_3 = g.reshape(mul_1_expanded_11, &[256, 8]);
    let mul_4 = g.mul(sub_3, mul_3);
    let bn1_bias = g.parameter(&format!("{p}.bn1.bias"), &[8]);
    let reshape_3 = g.reshape(bn1_bias, &[8, 1]);
    let add_1_expanded = g.reshape(reshape_3, &[8, 1]);
    let add_1_expanded_2 = g.broadcast_inner(add_1_expanded, 8);
    let add_1_expanded_3 = g.transpose(add_1_expanded_2);
    let add_1_expanded_4 = g.reshape(add_1_expanded_3, &[64, 1]);
    let add_1_expanded_5 = g.broadcast_inner(add_1_expanded_4, 8);
    let add_1_expanded_6 = g.reshape(add_1_expanded_5, &[8, 64]);
    let add_1_expanded_7 = g.transpose(add_1_expanded_6);
    let add_1_expanded_8 = g.reshape(add_1_expanded_7, &[8, 64]);
    let add_1_expanded_9 = g.reshape(add_1_expanded_8, &[1, 512]);
    let add_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_1_expanded_10 = g.matmul(add_1_expanded_ones, add_1_expanded_9);
    let add_1_expanded_11 = g.reshape(add_1_expanded_10, &[1, 2048]);
    let add_3 = g.reshape(add_1_expanded_11, &[256, 8]);
    let add_4 = g.add(mul_4, add_3);
    let out_2 = g.relu(add_4);
    let conv2_weight = shared_parameter(g, &format!("{p}.conv2.weight"), &[576]);
    let out_3 = g.reshape(out_2, &[2048]);
    let out_4 = g.conv2d_hw(out_3, conv2_weight, 4, 8, 8, 8, 8, 3, 3, 1, 1, 1);
    let bn2_running_var = g.parameter(&format!("{p}.bn2.running_var"), &[8]);
    let add_5 = g.reshape(bn2_running_var, &[1, 8]);
    let add_2_bias = g.constant(vec![1e-05_f32; 8], &[8]);
    let add_6 = g.bias_add(add_5, add_2_bias);
    let rsqrt_1_log = g.log(add_6);
    let rsqrt_1_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_1_expanded_2 = g.broadcast_inner(rsqrt_1_expanded, 8);
    let rsqrt_3 = g.mul(rsqrt_1_log, rsqrt_1_expanded_2);
    let rsqrt_4 = g.exp(rsqrt_3);
    let bn2_weight = g.parameter(&format!("{p}.bn2.weight"), &[8]);
    let mul_5 = g.reshape(bn2_weight, &[1, 8]);
    let mul_6 = g.mul(mul_5, rsqrt_4);
    let bn2_running_mean = g.parameter(&format!("{p}.bn2.running_mean"), &[8]);
    let reshape_4 = g.reshape(bn2_running_mean, &[8, 1]);
    let sub_4 = g.reshape(out_4, &[256, 8]);
    let sub_1_expanded = g.reshape(reshape_4, &[8, 1]);
    let sub_1_expanded_2 = g.broadcast_inner(sub_1_expanded, 8);
    let sub_1_expanded_3 = g.transpose(sub_1_expanded_2);
    let sub_1_expanded_4 = g.reshape(sub_1_expanded_3, &[64, 1]);
    let sub_1_expanded_5 = g.broadcast_inner(sub_1_expanded_4, 8);
    let sub_1_expanded_6 = g.reshape(sub_1_expanded_5, &[8, 64]);
    let sub_1_expanded_7 = g.transpose(sub_1_expanded_6);
    let sub_1_expanded_8 = g.reshape(sub_1_expanded_7, &[8, 64]);
    let sub_1_expanded_9 = g.reshape(sub_1_expanded_8, &[1, 512]);
    let sub_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_1_expanded_10 = g.matmul(sub_1_expanded_ones, sub_1_expanded_9);
    let sub_1_expanded_11 = g.reshape(sub_1_expanded_10, &[1, 2048]);
    let sub_5 = g.reshape(sub_1_expanded_11, &[256, 8]);
    let sub_1_neg = g.neg(sub_5);
    let sub_6 = g.add(sub_4, sub_1_neg);
    let reshape_5 = g.reshape(mul_6, &[8, 1]);
    let mul_3_expanded = g.reshape(reshape_5, &[8, 1]);
    let mul_3_expanded_2 = g.broadcast_inner(mul_3_expanded, 8);
    let mul_3_expanded_3 = g.transpose(mul_3_expanded_2);
    let mul_3_expanded_4 = g.reshape(mul_3_expanded_3, &[64, 1]);
    let mul_3_expanded_5 = g.broadcast_inner(mul_3_expanded_4, 8);
    let mul_3_expanded_6 = g.reshape(mul_3_expanded_5, &[8, 64]);
    let mul_3_expanded_7 = g.transpose(mul_3_expanded_6);
    let mul_3_expanded_8 = g.reshape(mul_3_expanded_7, &[8, 64]);
    let mul_3_expanded_9 = g.reshape(mul_3_expanded_8, &[1, 512]);
    let mul_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_3_expanded_10 = g.matmul(mul_3_expanded_ones, mul_3_expanded_9);
    let mul_3_expanded_11 = g.reshape(mul_3_expanded_10, &[1, 2048]);
    let mul_7 = g.reshape(mul_3_expanded_11, &[256, 8]);
    let mul_8 = g.mul(sub_6, mul_7);
    let bn2_bias = g.parameter(&format!("{p}.bn2.bias"), &[8]);
    let reshape_6 = g.reshape(bn2_bias, &[8, 1]);
    let add_3_expanded = g.reshape(reshape_6, &[8, 1]);
    let add_3_expanded_2 = g.broadcast_inner(add_3_expanded, 8);
    let add_3_expanded_3 = g.transpose(add_3_expanded_2);
    let add_3_expanded_4 = g.reshape(add_3_expanded_3, &[64, 1]);
    let add_3_expanded_5 = g.broadcast_inner(add_3_expanded_4, 8);
    let add_3_expanded_6 = g.reshape(add_3_expanded_5, &[8, 64]);
    let add_3_expanded_7 = g.transpose(add_3_expanded_6);
    let add_3_expanded_8 = g.reshape(add_3_expanded_7, &[8, 64]);
    let add_3_expanded_9 = g.reshape(add_3_expanded_8, &[1, 512]);
    let add_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_3_expanded_10 = g.matmul(add_3_expanded_ones, add_3_expanded_9);
    let add_3_expanded_11 = g.reshape(add_3_expanded_10, &[1, 2048]);
    let add_7 = g.reshape(add_3_expanded_11, &[256, 8]);
    let add_8 = g.add(mul_8, add_7);
    let out_5 = g.relu(add_8);
    let conv3_weight = shared_parameter(g, &format!("{p}.conv3.weight"), &[2048]);
    let out_6 = g.reshape(out_5, &[2048]);
    let out_7 = g.conv2d_hw(out_6, conv3_weight, 4, 8, 8, 8, 256, 1, 1, 1, 0, 0);
    let bn3_running_var = g.parameter(&format!("{p}.bn3.running_var"), &[256]);
    let add_9 = g.reshape(bn3_running_var, &[1, 256]);
    let add_4_bias = g.constant(vec![1e-05_f32; 256], &[256]);
    let add_10 = g.bias_add(add_9, add_4_bias);
    let rsqrt_2_log = g.log(add_10);
    let rsqrt_2_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_2_expanded_2 = g.broadcast_inner(rsqrt_2_expanded, 256);
    let rsqrt_5 = g.mul(rsqrt_2_log, rsqrt_2_expanded_2);
    let rsqrt_6 = g.exp(rsqrt_5);
    let bn3_weight = g.parameter(&format!("{p}.bn3.weight"), &[256]);
    let mul_9 = g.reshape(bn3_weight, &[1, 256]);
    let mul_10 = g.mul(mul_9, rsqrt_6);
    let bn3_running_mean = g.parameter(&format!("{p}.bn3.running_mean"), &[256]);
    let reshape_7 = g.reshape(bn3_running_mean, &[256, 1]);
    let sub_7 = g.reshape(out_7, &[8192, 8]);
    let sub_2_expanded = g.reshape(reshape_7, &[256, 1]);
    let sub_2_expanded_2 = g.broadcast_inner(sub_2_expanded, 8);
    let sub_2_expanded_3 = g.transpose(sub_2_expanded_2);
    let sub_2_expanded_4 = g.reshape(sub_2_expanded_3, &[2048, 1]);
    let sub_2_expanded_5 = g.broadcast_inner(sub_2_expanded_4, 8);
    let sub_2_expanded_6 = g.reshape(sub_2_expanded_5, &[8, 2048]);
    let sub_2_expanded_7 = g.transpose(sub_2_expanded_6);
    let sub_2_expanded_8 = g.reshape(sub_2_expanded_7, &[256, 64]);
    let sub_2_expanded_9 = g.reshape(sub_2_expanded_8, &[1, 16384]);
    let sub_2_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_2_expanded_10 = g.matmul(sub_2_expanded_ones, sub_2_expanded_9);
    let sub_2_expanded_11 = g.reshape(sub_2_expanded_10, &[1, 65536]);
    let sub_8 = g.reshape(sub_2_expanded_11, &[8192, 8]);
    let sub_2_neg = g.neg(sub_8);
    let sub_9 = g.add(sub_7, sub_2_neg);
    let reshape_8 = g.reshape(mul_10, &[256, 1]);
    let mul_5_expanded = g.reshape(reshape_8, &[256, 1]);
    let mul_5_expanded_2 = g.broadcast_inner(mul_5_expanded, 8);
    let mul_5_expanded_3 = g.transpose(mul_5_expanded_2);
    let mul_5_expanded_4 = g.reshape(mul_5_expanded_3, &[2048, 1]);
    let mul_5_expanded_5 = g.broadcast_inner(mul_5_expanded_4, 8);
    let mul_5_expanded_6 = g.reshape(mul_5_expanded_5, &[8, 2048]);
    let mul_5_expanded_7 = g.transpose(mul_5_expanded_6);
    let mul_5_expanded_8 = g.reshape(mul_5_expanded_7, &[256, 64]);
    let mul_5_expanded_9 = g.reshape(mul_5_expanded_8, &[1, 16384]);
    let mul_5_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_5_expanded_10 = g.matmul(mul_5_expanded_ones, mul_5_expanded_9);
    let mul_5_expanded_11 = g.reshape(mul_5_expanded_10, &[1, 65536]);
    let mul_11 = g.reshape(mul_5_expanded_11, &[8192, 8]);
    let mul_12 = g.mul(sub_9, mul_11);
    let bn3_bias = g.parameter(&format!("{p}.bn3.bias"), &[256]);
    let reshape_9 = g.reshape(bn3_bias, &[256, 1]);
    let add_5_expanded = g.reshape(reshape_9, &[256, 1]);
    let add_5_expanded_2 = g.broadcast_inner(add_5_expanded, 8);
    let add_5_expanded_3 = g.transpose(add_5_expanded_2);
    let add_5_expanded_4 = g.reshape(add_5_expanded_3, &[2048, 1]);
    let add_5_expanded_5 = g.broadcast_inner(add_5_expanded_4, 8);
    let add_5_expanded_6 = g.reshape(add_5_expanded_5, &[8, 2048]);
    let add_5_expanded_7 = g.transpose(add_5_expanded_6);
    let add_5_expanded_8 = g.reshape(add_5_expanded_7, &[256, 64]);
    let add_5_expanded_9 = g.reshape(add_5_expanded_8, &[1, 16384]);
    let add_5_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_5_expanded_10 = g.matmul(add_5_expanded_ones, add_5_expanded_9);
    let add_5_expanded_11 = g.reshape(add_5_expanded_10, &[1, 65536]);
    let add_11 = g.reshape(add_5_expanded_11, &[8192, 8]);
    let add_12 = g.add(mul_12, add_11);
    let downsample_0_weight = shared_parameter(g, &format!("{p}.downsample.0.weight"), &[16384]);
    let identity = g.conv2d_hw(x, downsample_0_weight, 4, 64, 8, 8, 256, 1, 1, 1, 0, 0);
    let downsample_1_running_var = g.parameter(&format!("{p}.downsample.1.running_var"), &[256]);
    let add_13 = g.reshape(downsample_1_running_var, &[1, 256]);
    let add_6_bias = g.constant(vec![1e-05_f32; 256], &[256]);
    let add_14 = g.bias_add(add_13, add_6_bias);
    let rsqrt_3_log = g.log(add_14);
    let rsqrt_3_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_3_expanded_2 = g.broadcast_inner(rsqrt_3_expanded, 256);
    let rsqrt_7 = g.mul(rsqrt_3_log, rsqrt_3_expanded_2);
    let rsqrt_8 = g.exp(rsqrt_7);
    let downsample_1_weight = g.parameter(&format!("{p}.downsample.1.weight"), &[256]);
    let mul_13 = g.reshape(downsample_1_weight, &[1, 256]);
    let mul_14 = g.mul(mul_13, rsqrt_8);
    let downsample_1_running_mean = g.parameter(&format!("{p}.downsample.1.running_mean"), &[256]);
    let reshape_10 = g.reshape(downsample_1_running_mean, &[256, 1]);
    let sub_10 = g.reshape(identity, &[8192, 8]);
    let sub_3_expanded = g.reshape(reshape_10, &[256, 1]);
    let sub_3_expanded_2 = g.broadcast_inner(sub_3_expanded, 8);
    let sub_3_expanded_3 = g.transpose(sub_3_expanded_2);
    let sub_3_expanded_4 = g.reshape(sub_3_expanded_3, &[2048, 1]);
    let sub_3_expanded_5 = g.broadcast_inner(sub_3_expanded_4, 8);
    let sub_3_expanded_6 = g.reshape(sub_3_expanded_5, &[8, 2048]);
    let sub_3_expanded_7 = g.transpose(sub_3_expanded_6);
    let sub_3_expanded_8 = g.reshape(sub_3_expanded_7, &[256, 64]);
    let sub_3_expanded_9 = g.reshape(sub_3_expanded_8, &[1, 16384]);
    let sub_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_3_expanded_10 = g.matmul(sub_3_expanded_ones, sub_3_expanded_9);
    let sub_3_expanded_11 = g.reshape(sub_3_expanded_10, &[1, 65536]);
    let sub_11 = g.reshape(sub_3_expanded_11, &[8192, 8]);
    let sub_3_neg = g.neg(sub_11);
    let sub_12 = g.add(sub_10, sub_3_neg);
    let reshape_11 = g.reshape(mul_14, &[256, 1]);
    let mul_7_expanded = g.reshape(reshape_11, &[256, 1]);
    let mul_7_expanded_2 = g.broadcast_inner(mul_7_expanded, 8);
    let mul_7_expanded_3 = g.transpose(mul_7_expanded_2);
    let mul_7_expanded_4 = g.reshape(mul_7_expanded_3, &[2048, 1]);
    let mul_7_expanded_5 = g.broadcast_inner(mul_7_expanded_4, 8);
    let mul_7_expanded_6 = g.reshape(mul_7_expanded_5, &[8, 2048]);
    let mul_7_expanded_7 = g.transpose(mul_7_expanded_6);
    let mul_7_expanded_8 = g.reshape(mul_7_expanded_7, &[256, 64]);
    let mul_7_expanded_9 = g.reshape(mul_7_expanded_8, &[1, 16384]);
    let mul_7_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_7_expanded_10 = g.matmul(mul_7_expanded_ones, mul_7_expanded_9);
    let mul_7_expanded_11 = g.reshape(mul_7_expanded_10, &[1, 65536]);
    let mul_15 = g.reshape(mul_7_expanded_11, &[8192, 8]);
    let mul_16 = g.mul(sub_12, mul_15);
    let downsample_1_bias = g.parameter(&format!("{p}.downsample.1.bias"), &[256]);
    let reshape_12 = g.reshape(downsample_1_bias, &[256, 1]);
    let add_7_expanded = g.reshape(reshape_12, &[256, 1]);
    let add_7_expanded_2 = g.broadcast_inner(add_7_expanded, 8);
    let add_7_expanded_3 = g.transpose(add_7_expanded_2);
    let add_7_expanded_4 = g.reshape(add_7_expanded_3, &[2048, 1]);
    let add_7_expanded_5 = g.broadcast_inner(add_7_expanded_4, 8);
    let add_7_expanded_6 = g.reshape(add_7_expanded_5, &[8, 2048]);
    let add_7_expanded_7 = g.transpose(add_7_expanded_6);
    let add_7_expanded_8 = g.reshape(add_7_expanded_7, &[256, 64]);
    let add_7_expanded_9 = g.reshape(add_7_expanded_8, &[1, 16384]);
    let add_7_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_7_expanded_10 = g.matmul(add_7_expanded_ones, add_7_expanded_9);
    let add_7_expanded_11 = g.reshape(add_7_expanded_10, &[1, 65536]);
    let add_15 = g.reshape(add_7_expanded_11, &[8192, 8]);
    let add_16 = g.add(mul_16, add_15);
    let out_8 = g.add(add_12, add_16);
    let x_2 = g.relu(out_8);
    [
        rsqrt_2, sub_3, reshape_2, add_4, out_2, rsqrt_4, sub_6, reshape_5, add_8, out_5, rsqrt_6,
        sub_9, reshape_8, rsqrt_8, sub_12, reshape_11, out_8, x_2,
    ]
}

/// Bottleneck2: `layer2.0` in the checkpoint, and the blocks like it at these sizes.
fn bottleneck_2_3(g: &mut Graph, p: &str, x: NodeId) -> [NodeId; 18] {
    let conv1_weight = shared_parameter(g, &format!("{p}.conv1.weight"), &[4096]);
    let out = g.reshape(x, &[65536]);
    let out_2 = g.conv2d_hw(out, conv1_weight, 4, 256, 8, 8, 16, 1, 1, 1, 0, 0);
    let bn1_running_var = g.parameter(&format!("{p}.bn1.running_var"), &[16]);
    let add = g.reshape(bn1_running_var, &[1, 16]);
    let add_bias = g.constant(vec![1e-05_f32; 16], &[16]);
    let add_2 = g.bias_add(add, add_bias);
    let rsqrt_log = g.log(add_2);
    let rsqrt_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_expanded_2 = g.broadcast_inner(rsqrt_expanded, 16);
    let rsqrt = g.mul(rsqrt_log, rsqrt_expanded_2);
    let rsqrt_2 = g.exp(rsqrt);
    let bn1_weight = g.parameter(&format!("{p}.bn1.weight"), &[16]);
    let mul = g.reshape(bn1_weight, &[1, 16]);
    let mul_2 = g.mul(mul, rsqrt_2);
    let bn1_running_mean = g.parameter(&format!("{p}.bn1.running_mean"), &[16]);
    let reshape = g.reshape(bn1_running_mean, &[16, 1]);
    let sub = g.reshape(out_2, &[512, 8]);
    let sub_expanded = g.reshape(reshape, &[16, 1]);
    let sub_expanded_2 = g.broadcast_inner(sub_expanded, 8);
    let sub_expanded_3 = g.transpose(sub_expanded_2);
    let sub_expanded_4 = g.reshape(sub_expanded_3, &[128, 1]);
    let sub_expanded_5 = g.broadcast_inner(sub_expanded_4, 8);
    let sub_expanded_6 = g.reshape(sub_expanded_5, &[8, 128]);
    let sub_expanded_7 = g.transpose(sub_expanded_6);
    let sub_expanded_8 = g.reshape(sub_expanded_7, &[16, 64]);
    let sub_expanded_9 = g.reshape(sub_expanded_8, &[1, 1024]);
    let sub_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_expanded_10 = g.matmul(sub_expanded_ones, sub_expanded_9);
    let sub_expanded_11 = g.reshape(sub_expanded_10, &[1, 4096]);
    let sub_2 = g.reshape(sub_expanded_11, &[512, 8]);
    let sub_neg = g.neg(sub_2);
    let sub_3 = g.add(sub, sub_neg);
    let reshape_2 = g.reshape(mul_2, &[16, 1]);
    let mul_1_expanded = g.reshape(reshape_2, &[16, 1]);
    let mul_1_expanded_2 = g.broadcast_inner(mul_1_expanded, 8);
    let mul_1_expanded_3 = g.transpose(mul_1_expanded_2);
    let mul_1_expanded_4 = g.reshape(mul_1_expanded_3, &[128, 1]);
    let mul_1_expanded_5 = g.broadcast_inner(mul_1_expanded_4, 8);
    let mul_1_expanded_6 = g.reshape(mul_1_expanded_5, &[8, 128]);
    let mul_1_expanded_7 = g.transpose(mul_1_expanded_6);
    let mul_1_expanded_8 = g.reshape(mul_1_expanded_7, &[16, 64]);
    let mul_1_expanded_9 = g.reshape(mul_1_expanded_8, &[1, 1024]);
    let mul_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_1_expanded_10 = g.matmul(mul_1_expanded_ones, mul_1_expanded_9);
    let mul_1_expanded_11 = g.reshape(mul_1_expanded_10, &[1, 4096]);
    let mul_3 = g.reshape(mul_1_expanded_11, &[512, 8]);
    let mul_4 = g.mul(sub_3, mul_3);
    let bn1_bias = g.parameter(&format!("{p}.bn1.bias"), &[16]);
    let reshape_3 = g.reshape(bn1_bias, &[16, 1]);
    let add_1_expanded = g.reshape(reshape_3, &[16, 1]);
    let add_1_expanded_2 = g.broadcast_inner(add_1_expanded, 8);
    let add_1_expanded_3 = g.transpose(add_1_expanded_2);
    let add_1_expanded_4 = g.reshape(add_1_expanded_3, &[128, 1]);
    let add_1_expanded_5 = g.broadcast_inner(add_1_expanded_4, 8);
    let add_1_expanded_6 = g.reshape(add_1_expanded_5, &[8, 128]);
    let add_1_expanded_7 = g.transpose(add_1_expanded_6);
    let add_1_expanded_8 = g.reshape(add_1_expanded_7, &[16, 64]);
    let add_1_expanded_9 = g.reshape(add_1_expanded_8, &[1, 1024]);
    let add_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_1_expanded_10 = g.matmul(add_1_expanded_ones, add_1_expanded_9);
    let add_1_expanded_11 = g.reshape(add_1_expanded_10, &[1, 4096]);
    let add_3 = g.reshape(add_1_expanded_11, &[512, 8]);
    let add_4 = g.add(mul_4, add_3);
    let out_3 = g.relu(add_4);
    let conv2_weight = shared_parameter(g, &format!("{p}.conv2.weight"), &[2304]);
    let out_4 = g.reshape(out_3, &[4096]);
    let out_5 = g.conv2d_hw(out_4, conv2_weight, 4, 16, 8, 8, 16, 3, 3, 2, 1, 1);
    let bn2_running_var = g.parameter(&format!("{p}.bn2.running_var"), &[16]);
    let add_5 = g.reshape(bn2_running_var, &[1, 16]);
    let add_2_bias = g.constant(vec![1e-05_f32; 16], &[16]);
    let add_6 = g.bias_add(add_5, add_2_bias);
    let rsqrt_1_log = g.log(add_6);
    let rsqrt_1_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_1_expanded_2 = g.broadcast_inner(rsqrt_1_expanded, 16);
    let rsqrt_3 = g.mul(rsqrt_1_log, rsqrt_1_expanded_2);
    let rsqrt_4 = g.exp(rsqrt_3);
    let bn2_weight = g.parameter(&format!("{p}.bn2.weight"), &[16]);
    let mul_5 = g.reshape(bn2_weight, &[1, 16]);
    let mul_6 = g.mul(mul_5, rsqrt_4);
    let bn2_running_mean = g.parameter(&format!("{p}.bn2.running_mean"), &[16]);
    let reshape_4 = g.reshape(bn2_running_mean, &[16, 1]);
    let sub_4 = g.reshape(out_5, &[256, 4]);
    let sub_1_expanded = g.reshape(reshape_4, &[16, 1]);
    let sub_1_expanded_2 = g.broadcast_inner(sub_1_expanded, 4);
    let sub_1_expanded_3 = g.transpose(sub_1_expanded_2);
    let sub_1_expanded_4 = g.reshape(sub_1_expanded_3, &[64, 1]);
    let sub_1_expanded_5 = g.broadcast_inner(sub_1_expanded_4, 4);
    let sub_1_expanded_6 = g.reshape(sub_1_expanded_5, &[4, 64]);
    let sub_1_expanded_7 = g.transpose(sub_1_expanded_6);
    let sub_1_expanded_8 = g.reshape(sub_1_expanded_7, &[16, 16]);
    let sub_1_expanded_9 = g.reshape(sub_1_expanded_8, &[1, 256]);
    let sub_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_1_expanded_10 = g.matmul(sub_1_expanded_ones, sub_1_expanded_9);
    let sub_1_expanded_11 = g.reshape(sub_1_expanded_10, &[1, 1024]);
    let sub_5 = g.reshape(sub_1_expanded_11, &[256, 4]);
    let sub_1_neg = g.neg(sub_5);
    let sub_6 = g.add(sub_4, sub_1_neg);
    let reshape_5 = g.reshape(mul_6, &[16, 1]);
    let mul_3_expanded = g.reshape(reshape_5, &[16, 1]);
    let mul_3_expanded_2 = g.broadcast_inner(mul_3_expanded, 4);
    let mul_3_expanded_3 = g.transpose(mul_3_expanded_2);
    let mul_3_expanded_4 = g.reshape(mul_3_expanded_3, &[64, 1]);
    let mul_3_expanded_5 = g.broadcast_inner(mul_3_expanded_4, 4);
    let mul_3_expanded_6 = g.reshape(mul_3_expanded_5, &[4, 64]);
    let mul_3_expanded_7 = g.transpose(mul_3_expanded_6);
    let mul_3_expanded_8 = g.reshape(mul_3_expanded_7, &[16, 16]);
    let mul_3_expanded_9 = g.reshape(mul_3_expanded_8, &[1, 256]);
    let mul_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_3_expanded_10 = g.matmul(mul_3_expanded_ones, mul_3_expanded_9);
    let mul_3_expanded_11 = g.reshape(mul_3_expanded_10, &[1, 1024]);
    let mul_7 = g.reshape(mul_3_expanded_11, &[256, 4]);
    let mul_8 = g.mul(sub_6, mul_7);
    let bn2_bias = g.parameter(&format!("{p}.bn2.bias"), &[16]);
    let reshape_6 = g.reshape(bn2_bias, &[16, 1]);
    let add_3_expanded = g.reshape(reshape_6, &[16, 1]);
    let add_3_expanded_2 = g.broadcast_inner(add_3_expanded, 4);
    let add_3_expanded_3 = g.transpose(add_3_expanded_2);
    let add_3_expanded_4 = g.reshape(add_3_expanded_3, &[64, 1]);
    let add_3_expanded_5 = g.broadcast_inner(add_3_expanded_4, 4);
    let add_3_expanded_6 = g.reshape(add_3_expanded_5, &[4, 64]);
    let add_3_expanded_7 = g.transpose(add_3_expanded_6);
    let add_3_expanded_8 = g.reshape(add_3_expanded_7, &[16, 16]);
    let add_3_expanded_9 = g.reshape(add_3_expanded_8, &[1, 256]);
    let add_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_3_expanded_10 = g.matmul(add_3_expanded_ones, add_3_expanded_9);
    let add_3_expanded_11 = g.reshape(add_3_expanded_10, &[1, 1024]);
    let add_7 = g.reshape(add_3_expanded_11, &[256, 4]);
    let add_8 = g.add(mul_8, add_7);
    let out_6 = g.relu(add_8);
    let conv3_weight = shared_parameter(g, &format!("{p}.conv3.weight"), &[8192]);
    let out_7 = g.reshape(out_6, &[1024]);
    let out_8 = g.conv2d_hw(out_7, conv3_weight, 4, 16, 4, 4, 512, 1, 1, 1, 0, 0);
    let bn3_running_var = g.parameter(&format!("{p}.bn3.running_var"), &[512]);
    let add_9 = g.reshape(bn3_running_var, &[1, 512]);
    let add_4_bias = g.constant(vec![1e-05_f32; 512], &[512]);
    let add_10 = g.bias_add(add_9, add_4_bias);
    let rsqrt_2_log = g.log(add_10);
    let rsqrt_2_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_2_expanded_2 = g.broadcast_inner(rsqrt_2_expanded, 512);
    let rsqrt_5 = g.mul(rsqrt_2_log, rsqrt_2_expanded_2);
    let rsqrt_6 = g.exp(rsqrt_5);
    let bn3_weight = g.parameter(&format!("{p}.bn3.weight"), &[512]);
    let mul_9 = g.reshape(bn3_weight, &[1, 512]);
    let mul_10 = g.mul(mul_9, rsqrt_6);
    let bn3_running_mean = g.parameter(&format!("{p}.bn3.running_mean"), &[512]);
    let reshape_7 = g.reshape(bn3_running_mean, &[512, 1]);
    let sub_7 = g.reshape(out_8, &[8192, 4]);
    let sub_2_expanded = g.reshape(reshape_7, &[512, 1]);
    let sub_2_expanded_2 = g.broadcast_inner(sub_2_expanded, 4);
    let sub_2_expanded_3 = g.transpose(sub_2_expanded_2);
    let sub_2_expanded_4 = g.reshape(sub_2_expanded_3, &[2048, 1]);
    let sub_2_expanded_5 = g.broadcast_inner(sub_2_expanded_4, 4);
    let sub_2_expanded_6 = g.reshape(sub_2_expanded_5, &[4, 2048]);
    let sub_2_expanded_7 = g.transpose(sub_2_expanded_6);
    let sub_2_expanded_8 = g.reshape(sub_2_expanded_7, &[512, 16]);
    let sub_2_expanded_9 = g.reshape(sub_2_expanded_8, &[1, 8192]);
    let sub_2_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_2_expanded_10 = g.matmul(sub_2_expanded_ones, sub_2_expanded_9);
    let sub_2_expanded_11 = g.reshape(sub_2_expanded_10, &[1, 32768]);
    let sub_8 = g.reshape(sub_2_expanded_11, &[8192, 4]);
    let sub_2_neg = g.neg(sub_8);
    let sub_9 = g.add(sub_7, sub_2_neg);
    let reshape_8 = g.reshape(mul_10, &[512, 1]);
    let mul_5_expanded = g.reshape(reshape_8, &[512, 1]);
    let mul_5_expanded_2 = g.broadcast_inner(mul_5_expanded, 4);
    let mul_5_expanded_3 = g.transpose(mul_5_expanded_2);
    let mul_5_expanded_4 = g.reshape(mul_5_expanded_3, &[2048, 1]);
    let mul_5_expanded_5 = g.broadcast_inner(mul_5_expanded_4, 4);
    let mul_5_expanded_6 = g.reshape(mul_5_expanded_5, &[4, 2048]);
    let mul_5_expanded_7 = g.transpose(mul_5_expanded_6);
    let mul_5_expanded_8 = g.reshape(mul_5_expanded_7, &[512, 16]);
    let mul_5_expanded_9 = g.reshape(mul_5_expanded_8, &[1, 8192]);
    let mul_5_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_5_expanded_10 = g.matmul(mul_5_expanded_ones, mul_5_expanded_9);
    let mul_5_expanded_11 = g.reshape(mul_5_expanded_10, &[1, 32768]);
    let mul_11 = g.reshape(mul_5_expanded_11, &[8192, 4]);
    let mul_12 = g.mul(sub_9, mul_11);
    let bn3_bias = g.parameter(&format!("{p}.bn3.bias"), &[512]);
    let reshape_9 = g.reshape(bn3_bias, &[512, 1]);
    let add_5_expanded = g.reshape(reshape_9, &[512, 1]);
    let add_5_expanded_2 = g.broadcast_inner(add_5_expanded, 4);
    let add_5_expanded_3 = g.transpose(add_5_expanded_2);
    let add_5_expanded_4 = g.reshape(add_5_expanded_3, &[2048, 1]);
    let add_5_expanded_5 = g.broadcast_inner(add_5_expanded_4, 4);
    let add_5_expanded_6 = g.reshape(add_5_expanded_5, &[4, 2048]);
    let add_5_expanded_7 = g.transpose(add_5_expanded_6);
    let add_5_expanded_8 = g.reshape(add_5_expanded_7, &[512, 16]);
    let add_5_expanded_9 = g.reshape(add_5_expanded_8, &[1, 8192]);
    let add_5_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_5_expanded_10 = g.matmul(add_5_expanded_ones, add_5_expanded_9);
    let add_5_expanded_11 = g.reshape(add_5_expanded_10, &[1, 32768]);
    let add_11 = g.reshape(add_5_expanded_11, &[8192, 4]);
    let add_12 = g.add(mul_12, add_11);
    let downsample_0_weight = shared_parameter(g, &format!("{p}.downsample.0.weight"), &[131072]);
    let identity = g.reshape(x, &[65536]);
    let identity_2 = g.conv2d_hw(
        identity,
        downsample_0_weight,
        4,
        256,
        8,
        8,
        512,
        1,
        1,
        2,
        0,
        0,
    );
    let downsample_1_running_var = g.parameter(&format!("{p}.downsample.1.running_var"), &[512]);
    let add_13 = g.reshape(downsample_1_running_var, &[1, 512]);
    let add_6_bias = g.constant(vec![1e-05_f32; 512], &[512]);
    let add_14 = g.bias_add(add_13, add_6_bias);
    let rsqrt_3_log = g.log(add_14);
    let rsqrt_3_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_3_expanded_2 = g.broadcast_inner(rsqrt_3_expanded, 512);
    let rsqrt_7 = g.mul(rsqrt_3_log, rsqrt_3_expanded_2);
    let rsqrt_8 = g.exp(rsqrt_7);
    let downsample_1_weight = g.parameter(&format!("{p}.downsample.1.weight"), &[512]);
    let mul_13 = g.reshape(downsample_1_weight, &[1, 512]);
    let mul_14 = g.mul(mul_13, rsqrt_8);
    let downsample_1_running_mean = g.parameter(&format!("{p}.downsample.1.running_mean"), &[512]);
    let reshape_10 = g.reshape(downsample_1_running_mean, &[512, 1]);
    let sub_10 = g.reshape(identity_2, &[8192, 4]);
    let sub_3_expanded = g.reshape(reshape_10, &[512, 1]);
    let sub_3_expanded_2 = g.broadcast_inner(sub_3_expanded, 4);
    let sub_3_expanded_3 = g.transpose(sub_3_expanded_2);
    let sub_3_expanded_4 = g.reshape(sub_3_expanded_3, &[2048, 1]);
    let sub_3_expanded_5 = g.broadcast_inner(sub_3_expanded_4, 4);
    let sub_3_expanded_6 = g.reshape(sub_3_expanded_5, &[4, 2048]);
    let sub_3_expanded_7 = g.transpose(sub_3_expanded_6);
    let sub_3_expanded_8 = g.reshape(sub_3_expanded_7, &[512, 16]);
    let sub_3_expanded_9 = g.reshape(sub_3_expanded_8, &[1, 8192]);
    let sub_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_3_expanded_10 = g.matmul(sub_3_expanded_ones, sub_3_expanded_9);
    let sub_3_expanded_11 = g.reshape(sub_3_expanded_10, &[1, 32768]);
    let sub_11 = g.reshape(sub_3_expanded_11, &[8192, 4]);
    let sub_3_neg = g.neg(sub_11);
    let sub_12 = g.add(sub_10, sub_3_neg);
    let reshape_11 = g.reshape(mul_14, &[512, 1]);
    let mul_7_expanded = g.reshape(reshape_11, &[512, 1]);
    let mul_7_expanded_2 = g.broadcast_inner(mul_7_expanded, 4);
    let mul_7_expanded_3 = g.transpose(mul_7_expanded_2);
    let mul_7_expanded_4 = g.reshape(mul_7_expanded_3, &[2048, 1]);
    let mul_7_expanded_5 = g.broadcast_inner(mul_7_expanded_4, 4);
    let mul_7_expanded_6 = g.reshape(mul_7_expanded_5, &[4, 2048]);
    let mul_7_expanded_7 = g.transpose(mul_7_expanded_6);
    let mul_7_expanded_8 = g.reshape(mul_7_expanded_7, &[512, 16]);
    let mul_7_expanded_9 = g.reshape(mul_7_expanded_8, &[1, 8192]);
    let mul_7_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_7_expanded_10 = g.matmul(mul_7_expanded_ones, mul_7_expanded_9);
    let mul_7_expanded_11 = g.reshape(mul_7_expanded_10, &[1, 32768]);
    let mul_15 = g.reshape(mul_7_expanded_11, &[8192, 4]);
    let mul_16 = g.mul(sub_12, mul_15);
    let downsample_1_bias = g.parameter(&format!("{p}.downsample.1.bias"), &[512]);
    let reshape_12 = g.reshape(downsample_1_bias, &[512, 1]);
    let add_7_expanded = g.reshape(reshape_12, &[512, 1]);
    let add_7_expanded_2 = g.broadcast_inner(add_7_expanded, 4);
    let add_7_expanded_3 = g.transpose(add_7_expanded_2);
    let add_7_expanded_4 = g.reshape(add_7_expanded_3, &[2048, 1]);
    let add_7_expanded_5 = g.broadcast_inner(add_7_expanded_4, 4);
    let add_7_expanded_6 = g.reshape(add_7_expanded_5, &[4, 2048]);
    let add_7_expanded_7 = g.transpose(add_7_expanded_6);
    let add_7_expanded_8 = g.reshape(add_7_expanded_7, &[512, 16]);
    let add_7_expanded_9 = g.reshape(add_7_expanded_8, &[1, 8192]);
    let add_7_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_7_expanded_10 = g.matmul(add_7_expanded_ones, add_7_expanded_9);
    let add_7_expanded_11 = g.reshape(add_7_expanded_10, &[1, 32768]);
    let add_15 = g.reshape(add_7_expanded_11, &[8192, 4]);
    let add_16 = g.add(mul_16, add_15);
    let out_9 = g.add(add_12, add_16);
    let x_2 = g.relu(out_9);
    [
        rsqrt_2, sub_3, reshape_2, add_4, out_3, rsqrt_4, sub_6, reshape_5, add_8, out_6, rsqrt_6,
        sub_9, reshape_8, rsqrt_8, sub_12, reshape_11, out_9, x_2,
    ]
}

/// Bottleneck3: `layer3.0` in the checkpoint, and the blocks like it at these sizes.
fn bottleneck_3_3(g: &mut Graph, p: &str, x: NodeId) -> [NodeId; 18] {
    let conv1_weight = shared_parameter(g, &format!("{p}.conv1.weight"), &[16384]);
    let out = g.reshape(x, &[32768]);
    let out_2 = g.conv2d_hw(out, conv1_weight, 4, 512, 4, 4, 32, 1, 1, 1, 0, 0);
    let bn1_running_var = g.parameter(&format!("{p}.bn1.running_var"), &[32]);
    let add = g.reshape(bn1_running_var, &[1, 32]);
    let add_bias = g.constant(vec![1e-05_f32; 32], &[32]);
    let add_2 = g.bias_add(add, add_bias);
    let rsqrt_log = g.log(add_2);
    let rsqrt_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_expanded_2 = g.broadcast_inner(rsqrt_expanded, 32);
    let rsqrt = g.mul(rsqrt_log, rsqrt_expanded_2);
    let rsqrt_2 = g.exp(rsqrt);
    let bn1_weight = g.parameter(&format!("{p}.bn1.weight"), &[32]);
    let mul = g.reshape(bn1_weight, &[1, 32]);
    let mul_2 = g.mul(mul, rsqrt_2);
    let bn1_running_mean = g.parameter(&format!("{p}.bn1.running_mean"), &[32]);
    let reshape = g.reshape(bn1_running_mean, &[32, 1]);
    let sub = g.reshape(out_2, &[512, 4]);
    let sub_expanded = g.reshape(reshape, &[32, 1]);
    let sub_expanded_2 = g.broadcast_inner(sub_expanded, 4);
    let sub_expanded_3 = g.transpose(sub_expanded_2);
    let sub_expanded_4 = g.reshape(sub_expanded_3, &[128, 1]);
    let sub_expanded_5 = g.broadcast_inner(sub_expanded_4, 4);
    let sub_expanded_6 = g.reshape(sub_expanded_5, &[4, 128]);
    let sub_expanded_7 = g.transpose(sub_expanded_6);
    let sub_expanded_8 = g.reshape(sub_expanded_7, &[32, 16]);
    let sub_expanded_9 = g.reshape(sub_expanded_8, &[1, 512]);
    let sub_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_expanded_10 = g.matmul(sub_expanded_ones, sub_expanded_9);
    let sub_expanded_11 = g.reshape(sub_expanded_10, &[1, 2048]);
    let sub_2 = g.reshape(sub_expanded_11, &[512, 4]);
    let sub_neg = g.neg(sub_2);
    let sub_3 = g.add(sub, sub_neg);
    let reshape_2 = g.reshape(mul_2, &[32, 1]);
    let mul_1_expanded = g.reshape(reshape_2, &[32, 1]);
    let mul_1_expanded_2 = g.broadcast_inner(mul_1_expanded, 4);
    let mul_1_expanded_3 = g.transpose(mul_1_expanded_2);
    let mul_1_expanded_4 = g.reshape(mul_1_expanded_3, &[128, 1]);
    let mul_1_expanded_5 = g.broadcast_inner(mul_1_expanded_4, 4);
    let mul_1_expanded_6 = g.reshape(mul_1_expanded_5, &[4, 128]);
    let mul_1_expanded_7 = g.transpose(mul_1_expanded_6);
    let mul_1_expanded_8 = g.reshape(mul_1_expanded_7, &[32, 16]);
    let mul_1_expanded_9 = g.reshape(mul_1_expanded_8, &[1, 512]);
    let mul_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_1_expanded_10 = g.matmul(mul_1_expanded_ones, mul_1_expanded_9);
    let mul_1_expanded_11 = g.reshape(mul_1_expanded_10, &[1, 2048]);
    let mul_3 = g.reshape(mul_1_expanded_11, &[512, 4]);
    let mul_4 = g.mul(sub_3, mul_3);
    let bn1_bias = g.parameter(&format!("{p}.bn1.bias"), &[32]);
    let reshape_3 = g.reshape(bn1_bias, &[32, 1]);
    let add_1_expanded = g.reshape(reshape_3, &[32, 1]);
    let add_1_expanded_2 = g.broadcast_inner(add_1_expanded, 4);
    let add_1_expanded_3 = g.transpose(add_1_expanded_2);
    let add_1_expanded_4 = g.reshape(add_1_expanded_3, &[128, 1]);
    let add_1_expanded_5 = g.broadcast_inner(add_1_expanded_4, 4);
    let add_1_expanded_6 = g.reshape(add_1_expanded_5, &[4, 128]);
    let add_1_expanded_7 = g.transpose(add_1_expanded_6);
    let add_1_expanded_8 = g.reshape(add_1_expanded_7, &[32, 16]);
    let add_1_expanded_9 = g.reshape(add_1_expanded_8, &[1, 512]);
    let add_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_1_expanded_10 = g.matmul(add_1_expanded_ones, add_1_expanded_9);
    let add_1_expanded_11 = g.reshape(add_1_expanded_10, &[1, 2048]);
    let add_3 = g.reshape(add_1_expanded_11, &[512, 4]);
    let add_4 = g.add(mul_4, add_3);
    let out_3 = g.relu(add_4);
    let conv2_weight = shared_parameter(g, &format!("{p}.conv2.weight"), &[9216]);
    let out_4 = g.reshape(out_3, &[2048]);
    let out_5 = g.conv2d_hw(out_4, conv2_weight, 4, 32, 4, 4, 32, 3, 3, 2, 1, 1);
    let bn2_running_var = g.parameter(&format!("{p}.bn2.running_var"), &[32]);
    let add_5 = g.reshape(bn2_running_var, &[1, 32]);
    let add_2_bias = g.constant(vec![1e-05_f32; 32], &[32]);
    let add_6 = g.bias_add(add_5, add_2_bias);
    let rsqrt_1_log = g.log(add_6);
    let rsqrt_1_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_1_expanded_2 = g.broadcast_inner(rsqrt_1_expanded, 32);
    let rsqrt_3 = g.mul(rsqrt_1_log, rsqrt_1_expanded_2);
    let rsqrt_4 = g.exp(rsqrt_3);
    let bn2_weight = g.parameter(&format!("{p}.bn2.weight"), &[32]);
    let mul_5 = g.reshape(bn2_weight, &[1, 32]);
    let mul_6 = g.mul(mul_5, rsqrt_4);
    let bn2_running_mean = g.parameter(&format!("{p}.bn2.running_mean"), &[32]);
    let reshape_4 = g.reshape(bn2_running_mean, &[32, 1]);
    let sub_4 = g.reshape(out_5, &[256, 2]);
    let sub_1_expanded = g.reshape(reshape_4, &[32, 1]);
    let sub_1_expanded_2 = g.broadcast_inner(sub_1_expanded, 2);
    let sub_1_expanded_3 = g.transpose(sub_1_expanded_2);
    let sub_1_expanded_4 = g.reshape(sub_1_expanded_3, &[64, 1]);
    let sub_1_expanded_5 = g.broadcast_inner(sub_1_expanded_4, 2);
    let sub_1_expanded_6 = g.reshape(sub_1_expanded_5, &[2, 64]);
    let sub_1_expanded_7 = g.transpose(sub_1_expanded_6);
    let sub_1_expanded_8 = g.reshape(sub_1_expanded_7, &[32, 4]);
    let sub_1_expanded_9 = g.reshape(sub_1_expanded_8, &[1, 128]);
    let sub_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_1_expanded_10 = g.matmul(sub_1_expanded_ones, sub_1_expanded_9);
    let sub_1_expanded_11 = g.reshape(sub_1_expanded_10, &[1, 512]);
    let sub_5 = g.reshape(sub_1_expanded_11, &[256, 2]);
    let sub_1_neg = g.neg(sub_5);
    let sub_6 = g.add(sub_4, sub_1_neg);
    let reshape_5 = g.reshape(mul_6, &[32, 1]);
    let mul_3_expanded = g.reshape(reshape_5, &[32, 1]);
    let mul_3_expanded_2 = g.broadcast_inner(mul_3_expanded, 2);
    let mul_3_expanded_3 = g.transpose(mul_3_expanded_2);
    let mul_3_expanded_4 = g.reshape(mul_3_expanded_3, &[64, 1]);
    let mul_3_expanded_5 = g.broadcast_inner(mul_3_expanded_4, 2);
    let mul_3_expanded_6 = g.reshape(mul_3_expanded_5, &[2, 64]);
    let mul_3_expanded_7 = g.transpose(mul_3_expanded_6);
    let mul_3_expanded_8 = g.reshape(mul_3_expanded_7, &[32, 4]);
    let mul_3_expanded_9 = g.reshape(mul_3_expanded_8, &[1, 128]);
    let mul_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_3_expanded_10 = g.matmul(mul_3_expanded_ones, mul_3_expanded_9);
    let mul_3_expanded_11 = g.reshape(mul_3_expanded_10, &[1, 512]);
    let mul_7 = g.reshape(mul_3_expanded_11, &[256, 2]);
    let mul_8 = g.mul(sub_6, mul_7);
    let bn2_bias = g.parameter(&format!("{p}.bn2.bias"), &[32]);
    let reshape_6 = g.reshape(bn2_bias, &[32, 1]);
    let add_3_expanded = g.reshape(reshape_6, &[32, 1]);
    let add_3_expanded_2 = g.broadcast_inner(add_3_expanded, 2);
    let add_3_expanded_3 = g.transpose(add_3_expanded_2);
    let add_3_expanded_4 = g.reshape(add_3_expanded_3, &[64, 1]);
    let add_3_expanded_5 = g.broadcast_inner(add_3_expanded_4, 2);
    let add_3_expanded_6 = g.reshape(add_3_expanded_5, &[2, 64]);
    let add_3_expanded_7 = g.transpose(add_3_expanded_6);
    let add_3_expanded_8 = g.reshape(add_3_expanded_7, &[32, 4]);
    let add_3_expanded_9 = g.reshape(add_3_expanded_8, &[1, 128]);
    let add_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_3_expanded_10 = g.matmul(add_3_expanded_ones, add_3_expanded_9);
    let add_3_expanded_11 = g.reshape(add_3_expanded_10, &[1, 512]);
    let add_7 = g.reshape(add_3_expanded_11, &[256, 2]);
    let add_8 = g.add(mul_8, add_7);
    let out_6 = g.relu(add_8);
    let conv3_weight = shared_parameter(g, &format!("{p}.conv3.weight"), &[32768]);
    let out_7 = g.reshape(out_6, &[512]);
    let out_8 = g.conv2d_hw(out_7, conv3_weight, 4, 32, 2, 2, 1024, 1, 1, 1, 0, 0);
    let bn3_running_var = g.parameter(&format!("{p}.bn3.running_var"), &[1024]);
    let add_9 = g.reshape(bn3_running_var, &[1, 1024]);
    let add_4_bias = g.constant(vec![1e-05_f32; 1024], &[1024]);
    let add_10 = g.bias_add(add_9, add_4_bias);
    let rsqrt_2_log = g.log(add_10);
    let rsqrt_2_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_2_expanded_2 = g.broadcast_inner(rsqrt_2_expanded, 1024);
    let rsqrt_5 = g.mul(rsqrt_2_log, rsqrt_2_expanded_2);
    let rsqrt_6 = g.exp(rsqrt_5);
    let bn3_weight = g.parameter(&format!("{p}.bn3.weight"), &[1024]);
    let mul_9 = g.reshape(bn3_weight, &[1, 1024]);
    let mul_10 = g.mul(mul_9, rsqrt_6);
    let bn3_running_mean = g.parameter(&format!("{p}.bn3.running_mean"), &[1024]);
    let reshape_7 = g.reshape(bn3_running_mean, &[1024, 1]);
    let sub_7 = g.reshape(out_8, &[8192, 2]);
    let sub_2_expanded = g.reshape(reshape_7, &[1024, 1]);
    let sub_2_expanded_2 = g.broadcast_inner(sub_2_expanded, 2);
    let sub_2_expanded_3 = g.transpose(sub_2_expanded_2);
    let sub_2_expanded_4 = g.reshape(sub_2_expanded_3, &[2048, 1]);
    let sub_2_expanded_5 = g.broadcast_inner(sub_2_expanded_4, 2);
    let sub_2_expanded_6 = g.reshape(sub_2_expanded_5, &[2, 2048]);
    let sub_2_expanded_7 = g.transpose(sub_2_expanded_6);
    let sub_2_expanded_8 = g.reshape(sub_2_expanded_7, &[1024, 4]);
    let sub_2_expanded_9 = g.reshape(sub_2_expanded_8, &[1, 4096]);
    let sub_2_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_2_expanded_10 = g.matmul(sub_2_expanded_ones, sub_2_expanded_9);
    let sub_2_expanded_11 = g.reshape(sub_2_expanded_10, &[1, 16384]);
    let sub_8 = g.reshape(sub_2_expanded_11, &[8192, 2]);
    let sub_2_neg = g.neg(sub_8);
    let sub_9 = g.add(sub_7, sub_2_neg);
    let reshape_8 = g.reshape(mul_10, &[1024, 1]);
    let mul_5_expanded = g.reshape(reshape_8, &[1024, 1]);
    let mul_5_expanded_2 = g.broadcast_inner(mul_5_expanded, 2);
    let mul_5_expanded_3 = g.transpose(mul_5_expanded_2);
    let mul_5_expanded_4 = g.reshape(mul_5_expanded_3, &[2048, 1]);
    let mul_5_expanded_5 = g.broadcast_inner(mul_5_expanded_4, 2);
    let mul_5_expanded_6 = g.reshape(mul_5_expanded_5, &[2, 2048]);
    let mul_5_expanded_7 = g.transpose(mul_5_expanded_6);
    let mul_5_expanded_8 = g.reshape(mul_5_expanded_7, &[1024, 4]);
    let mul_5_expanded_9 = g.reshape(mul_5_expanded_8, &[1, 4096]);
    let mul_5_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_5_expanded_10 = g.matmul(mul_5_expanded_ones, mul_5_expanded_9);
    let mul_5_expanded_11 = g.reshape(mul_5_expanded_10, &[1, 16384]);
    let mul_11 = g.reshape(mul_5_expanded_11, &[8192, 2]);
    let mul_12 = g.mul(sub_9, mul_11);
    let bn3_bias = g.parameter(&format!("{p}.bn3.bias"), &[1024]);
    let reshape_9 = g.reshape(bn3_bias, &[1024, 1]);
    let add_5_expanded = g.reshape(reshape_9, &[1024, 1]);
    let add_5_expanded_2 = g.broadcast_inner(add_5_expanded, 2);
    let add_5_expanded_3 = g.transpose(add_5_expanded_2);
    let add_5_expanded_4 = g.reshape(add_5_expanded_3, &[2048, 1]);
    let add_5_expanded_5 = g.broadcast_inner(add_5_expanded_4, 2);
    let add_5_expanded_6 = g.reshape(add_5_expanded_5, &[2, 2048]);
    let add_5_expanded_7 = g.transpose(add_5_expanded_6);
    let add_5_expanded_8 = g.reshape(add_5_expanded_7, &[1024, 4]);
    let add_5_expanded_9 = g.reshape(add_5_expanded_8, &[1, 4096]);
    let add_5_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_5_expanded_10 = g.matmul(add_5_expanded_ones, add_5_expanded_9);
    let add_5_expanded_11 = g.reshape(add_5_expanded_10, &[1, 16384]);
    let add_11 = g.reshape(add_5_expanded_11, &[8192, 2]);
    let add_12 = g.add(mul_12, add_11);
    let downsample_0_weight = shared_parameter(g, &format!("{p}.downsample.0.weight"), &[524288]);
    let identity = g.reshape(x, &[32768]);
    let identity_2 = g.conv2d_hw(
        identity,
        downsample_0_weight,
        4,
        512,
        4,
        4,
        1024,
        1,
        1,
        2,
        0,
        0,
    );
    let downsample_1_running_var = g.parameter(&format!("{p}.downsample.1.running_var"), &[1024]);
    let add_13 = g.reshape(downsample_1_running_var, &[1, 1024]);
    let add_6_bias = g.constant(vec![1e-05_f32; 1024], &[1024]);
    let add_14 = g.bias_add(add_13, add_6_bias);
    let rsqrt_3_log = g.log(add_14);
    let rsqrt_3_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_3_expanded_2 = g.broadcast_inner(rsqrt_3_expanded, 1024);
    let rsqrt_7 = g.mul(rsqrt_3_log, rsqrt_3_expanded_2);
    let rsqrt_8 = g.exp(rsqrt_7);
    let downsample_1_weight = g.parameter(&format!("{p}.downsample.1.weight"), &[1024]);
    let mul_13 = g.reshape(downsample_1_weight, &[1, 1024]);
    let mul_14 = g.mul(mul_13, rsqrt_8);
    let downsample_1_running_mean = g.parameter(&format!("{p}.downsample.1.running_mean"), &[1024]);
    let reshape_10 = g.reshape(downsample_1_running_mean, &[1024, 1]);
    let sub_10 = g.reshape(identity_2, &[8192, 2]);
    let sub_3_expanded = g.reshape(reshape_10, &[1024, 1]);
    let sub_3_expanded_2 = g.broadcast_inner(sub_3_expanded, 2);
    let sub_3_expanded_3 = g.transpose(sub_3_expanded_2);
    let sub_3_expanded_4 = g.reshape(sub_3_expanded_3, &[2048, 1]);
    let sub_3_expanded_5 = g.broadcast_inner(sub_3_expanded_4, 2);
    let sub_3_expanded_6 = g.reshape(sub_3_expanded_5, &[2, 2048]);
    let sub_3_expanded_7 = g.transpose(sub_3_expanded_6);
    let sub_3_expanded_8 = g.reshape(sub_3_expanded_7, &[1024, 4]);
    let sub_3_expanded_9 = g.reshape(sub_3_expanded_8, &[1, 4096]);
    let sub_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_3_expanded_10 = g.matmul(sub_3_expanded_ones, sub_3_expanded_9);
    let sub_3_expanded_11 = g.reshape(sub_3_expanded_10, &[1, 16384]);
    let sub_11 = g.reshape(sub_3_expanded_11, &[8192, 2]);
    let sub_3_neg = g.neg(sub_11);
    let sub_12 = g.add(sub_10, sub_3_neg);
    let reshape_11 = g.reshape(mul_14, &[1024, 1]);
    let mul_7_expanded = g.reshape(reshape_11, &[1024, 1]);
    let mul_7_expanded_2 = g.broadcast_inner(mul_7_expanded, 2);
    let mul_7_expanded_3 = g.transpose(mul_7_expanded_2);
    let mul_7_expanded_4 = g.reshape(mul_7_expanded_3, &[2048, 1]);
    let mul_7_expanded_5 = g.broadcast_inner(mul_7_expanded_4, 2);
    let mul_7_expanded_6 = g.reshape(mul_7_expanded_5, &[2, 2048]);
    let mul_7_expanded_7 = g.transpose(mul_7_expanded_6);
    let mul_7_expanded_8 = g.reshape(mul_7_expanded_7, &[1024, 4]);
    let mul_7_expanded_9 = g.reshape(mul_7_expanded_8, &[1, 4096]);
    let mul_7_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_7_expanded_10 = g.matmul(mul_7_expanded_ones, mul_7_expanded_9);
    let mul_7_expanded_11 = g.reshape(mul_7_expanded_10, &[1, 16384]);
    let mul_15 = g.reshape(mul_7_expanded_11, &[8192, 2]);
    let mul_16 = g.mul(sub_12, mul_15);
    let downsample_1_bias = g.parameter(&format!("{p}.downsample.1.bias"), &[1024]);
    let reshape_12 = g.reshape(downsample_1_bias, &[1024, 1]);
    let add_7_expanded = g.reshape(reshape_12, &[1024, 1]);
    let add_7_expanded_2 = g.broadcast_inner(add_7_expanded, 2);
    let add_7_expanded_3 = g.transpose(add_7_expanded_2);
    let add_7_expanded_4 = g.reshape(add_7_expanded_3, &[2048, 1]);
    let add_7_expanded_5 = g.broadcast_inner(add_7_expanded_4, 2);
    let add_7_expanded_6 = g.reshape(add_7_expanded_5, &[2, 2048]);
    let add_7_expanded_7 = g.transpose(add_7_expanded_6);
    let add_7_expanded_8 = g.reshape(add_7_expanded_7, &[1024, 4]);
    let add_7_expanded_9 = g.reshape(add_7_expanded_8, &[1, 4096]);
    let add_7_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_7_expanded_10 = g.matmul(add_7_expanded_ones, add_7_expanded_9);
    let add_7_expanded_11 = g.reshape(add_7_expanded_10, &[1, 16384]);
    let add_15 = g.reshape(add_7_expanded_11, &[8192, 2]);
    let add_16 = g.add(mul_16, add_15);
    let out_9 = g.add(add_12, add_16);
    let x_2 = g.relu(out_9);
    [
        rsqrt_2, sub_3, reshape_2, add_4, out_3, rsqrt_4, sub_6, reshape_5, add_8, out_6, rsqrt_6,
        sub_9, reshape_8, rsqrt_8, sub_12, reshape_11, out_9, x_2,
    ]
}

/// Bottleneck4: `layer4.0` in the checkpoint, and the blocks like it at these sizes.
fn bottleneck_4_3(g: &mut Graph, p: &str, x: NodeId) -> [NodeId; 18] {
    let conv1_weight = shared_parameter(g, &format!("{p}.conv1.weight"), &[65536]);
    let out = g.reshape(x, &[16384]);
    let out_2 = g.conv2d_hw(out, conv1_weight, 4, 1024, 2, 2, 64, 1, 1, 1, 0, 0);
    let bn1_running_var = g.parameter(&format!("{p}.bn1.running_var"), &[64]);
    let add = g.reshape(bn1_running_var, &[1, 64]);
    let add_bias = g.constant(vec![1e-05_f32; 64], &[64]);
    let add_2 = g.bias_add(add, add_bias);
    let rsqrt_log = g.log(add_2);
    let rsqrt_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_expanded_2 = g.broadcast_inner(rsqrt_expanded, 64);
    let rsqrt = g.mul(rsqrt_log, rsqrt_expanded_2);
    let rsqrt_2 = g.exp(rsqrt);
    let bn1_weight = g.parameter(&format!("{p}.bn1.weight"), &[64]);
    let mul = g.reshape(bn1_weight, &[1, 64]);
    let mul_2 = g.mul(mul, rsqrt_2);
    let bn1_running_mean = g.parameter(&format!("{p}.bn1.running_mean"), &[64]);
    let reshape = g.reshape(bn1_running_mean, &[64, 1]);
    let sub = g.reshape(out_2, &[512, 2]);
    let sub_expanded = g.reshape(reshape, &[64, 1]);
    let sub_expanded_2 = g.broadcast_inner(sub_expanded, 2);
    let sub_expanded_3 = g.transpose(sub_expanded_2);
    let sub_expanded_4 = g.reshape(sub_expanded_3, &[128, 1]);
    let sub_expanded_5 = g.broadcast_inner(sub_expanded_4, 2);
    let sub_expanded_6 = g.reshape(sub_expanded_5, &[2, 128]);
    let sub_expanded_7 = g.transpose(sub_expanded_6);
    let sub_expanded_8 = g.reshape(sub_expanded_7, &[64, 4]);
    let sub_expanded_9 = g.reshape(sub_expanded_8, &[1, 256]);
    let sub_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_expanded_10 = g.matmul(sub_expanded_ones, sub_expanded_9);
    let sub_expanded_11 = g.reshape(sub_expanded_10, &[1, 1024]);
    let sub_2 = g.reshape(sub_expanded_11, &[512, 2]);
    let sub_neg = g.neg(sub_2);
    let sub_3 = g.add(sub, sub_neg);
    let reshape_2 = g.reshape(mul_2, &[64, 1]);
    let mul_1_expanded = g.reshape(reshape_2, &[64, 1]);
    let mul_1_expanded_2 = g.broadcast_inner(mul_1_expanded, 2);
    let mul_1_expanded_3 = g.transpose(mul_1_expanded_2);
    let mul_1_expanded_4 = g.reshape(mul_1_expanded_3, &[128, 1]);
    let mul_1_expanded_5 = g.broadcast_inner(mul_1_expanded_4, 2);
    let mul_1_expanded_6 = g.reshape(mul_1_expanded_5, &[2, 128]);
    let mul_1_expanded_7 = g.transpose(mul_1_expanded_6);
    let mul_1_expanded_8 = g.reshape(mul_1_expanded_7, &[64, 4]);
    let mul_1_expanded_9 = g.reshape(mul_1_expanded_8, &[1, 256]);
    let mul_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_1_expanded_10 = g.matmul(mul_1_expanded_ones, mul_1_expanded_9);
    let mul_1_expanded_11 = g.reshape(mul_1_expanded_10, &[1, 1024]);
    let mul_3 = g.reshape(mul_1_expanded_11, &[512, 2]);
    let mul_4 = g.mul(sub_3, mul_3);
    let bn1_bias = g.parameter(&format!("{p}.bn1.bias"), &[64]);
    let reshape_3 = g.reshape(bn1_bias, &[64, 1]);
    let add_1_expanded = g.reshape(reshape_3, &[64, 1]);
    let add_1_expanded_2 = g.broadcast_inner(add_1_expanded, 2);
    let add_1_expanded_3 = g.transpose(add_1_expanded_2);
    let add_1_expanded_4 = g.reshape(add_1_expanded_3, &[128, 1]);
    let add_1_expanded_5 = g.broadcast_inner(add_1_expanded_4, 2);
    let add_1_expanded_6 = g.reshape(add_1_expanded_5, &[2, 128]);
    let add_1_expanded_7 = g.transpose(add_1_expanded_6);
    let add_1_expanded_8 = g.reshape(add_1_expanded_7, &[64, 4]);
    let add_1_expanded_9 = g.reshape(add_1_expanded_8, &[1, 256]);
    let add_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_1_expanded_10 = g.matmul(add_1_expanded_ones, add_1_expanded_9);
    let add_1_expanded_11 = g.reshape(add_1_expanded_10, &[1, 1024]);
    let add_3 = g.reshape(add_1_expanded_11, &[512, 2]);
    let add_4 = g.add(mul_4, add_3);
    let out_3 = g.relu(add_4);
    let conv2_weight = shared_parameter(g, &format!("{p}.conv2.weight"), &[36864]);
    let out_4 = g.reshape(out_3, &[1024]);
    let out_5 = g.conv2d_hw(out_4, conv2_weight, 4, 64, 2, 2, 64, 3, 3, 2, 1, 1);
    let bn2_running_var = g.parameter(&format!("{p}.bn2.running_var"), &[64]);
    let add_5 = g.reshape(bn2_running_var, &[1, 64]);
    let add_2_bias = g.constant(vec![1e-05_f32; 64], &[64]);
    let add_6 = g.bias_add(add_5, add_2_bias);
    let rsqrt_1_log = g.log(add_6);
    let rsqrt_1_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_1_expanded_2 = g.broadcast_inner(rsqrt_1_expanded, 64);
    let rsqrt_3 = g.mul(rsqrt_1_log, rsqrt_1_expanded_2);
    let rsqrt_4 = g.exp(rsqrt_3);
    let bn2_weight = g.parameter(&format!("{p}.bn2.weight"), &[64]);
    let mul_5 = g.reshape(bn2_weight, &[1, 64]);
    let mul_6 = g.mul(mul_5, rsqrt_4);
    let bn2_running_mean = g.parameter(&format!("{p}.bn2.running_mean"), &[64]);
    let reshape_4 = g.reshape(bn2_running_mean, &[64, 1]);
    let sub_4 = g.reshape(out_5, &[256, 1]);
    let sub_1_expanded = g.reshape(reshape_4, &[64, 1]);
    let sub_1_expanded_2 = g.reshape(sub_1_expanded, &[1, 64]);
    let sub_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_1_expanded_3 = g.matmul(sub_1_expanded_ones, sub_1_expanded_2);
    let sub_1_expanded_4 = g.reshape(sub_1_expanded_3, &[1, 256]);
    let sub_5 = g.reshape(sub_1_expanded_4, &[256, 1]);
    let sub_1_neg = g.neg(sub_5);
    let sub_6 = g.add(sub_4, sub_1_neg);
    let reshape_5 = g.reshape(mul_6, &[64, 1]);
    let mul_3_expanded = g.reshape(reshape_5, &[64, 1]);
    let mul_3_expanded_2 = g.reshape(mul_3_expanded, &[1, 64]);
    let mul_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_3_expanded_3 = g.matmul(mul_3_expanded_ones, mul_3_expanded_2);
    let mul_3_expanded_4 = g.reshape(mul_3_expanded_3, &[1, 256]);
    let mul_7 = g.reshape(mul_3_expanded_4, &[256, 1]);
    let mul_8 = g.mul(sub_6, mul_7);
    let bn2_bias = g.parameter(&format!("{p}.bn2.bias"), &[64]);
    let reshape_6 = g.reshape(bn2_bias, &[64, 1]);
    let add_3_expanded = g.reshape(reshape_6, &[64, 1]);
    let add_3_expanded_2 = g.reshape(add_3_expanded, &[1, 64]);
    let add_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_3_expanded_3 = g.matmul(add_3_expanded_ones, add_3_expanded_2);
    let add_3_expanded_4 = g.reshape(add_3_expanded_3, &[1, 256]);
    let add_7 = g.reshape(add_3_expanded_4, &[256, 1]);
    let add_8 = g.add(mul_8, add_7);
    let out_6 = g.relu(add_8);
    let conv3_weight = shared_parameter(g, &format!("{p}.conv3.weight"), &[131072]);
    let out_7 = g.reshape(out_6, &[256]);
    let out_8 = g.conv2d_hw(out_7, conv3_weight, 4, 64, 1, 1, 2048, 1, 1, 1, 0, 0);
    let bn3_running_var = g.parameter(&format!("{p}.bn3.running_var"), &[2048]);
    let add_9 = g.reshape(bn3_running_var, &[1, 2048]);
    let add_4_bias = g.constant(vec![1e-05_f32; 2048], &[2048]);
    let add_10 = g.bias_add(add_9, add_4_bias);
    let rsqrt_2_log = g.log(add_10);
    let rsqrt_2_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_2_expanded_2 = g.broadcast_inner(rsqrt_2_expanded, 2048);
    let rsqrt_5 = g.mul(rsqrt_2_log, rsqrt_2_expanded_2);
    let rsqrt_6 = g.exp(rsqrt_5);
    let bn3_weight = g.parameter(&format!("{p}.bn3.weight"), &[2048]);
    let mul_9 = g.reshape(bn3_weight, &[1, 2048]);
    let mul_10 = g.mul(mul_9, rsqrt_6);
    let bn3_running_mean = g.parameter(&format!("{p}.bn3.running_mean"), &[2048]);
    let reshape_7 = g.reshape(bn3_running_mean, &[2048, 1]);
    let sub_7 = g.reshape(out_8, &[8192, 1]);
    let sub_2_expanded = g.reshape(reshape_7, &[2048, 1]);
    let sub_2_expanded_2 = g.reshape(sub_2_expanded, &[1, 2048]);
    let sub_2_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_2_expanded_3 = g.matmul(sub_2_expanded_ones, sub_2_expanded_2);
    let sub_2_expanded_4 = g.reshape(sub_2_expanded_3, &[1, 8192]);
    let sub_8 = g.reshape(sub_2_expanded_4, &[8192, 1]);
    let sub_2_neg = g.neg(sub_8);
    let sub_9 = g.add(sub_7, sub_2_neg);
    let reshape_8 = g.reshape(mul_10, &[2048, 1]);
    let mul_5_expanded = g.reshape(reshape_8, &[2048, 1]);
    let mul_5_expanded_2 = g.reshape(mul_5_expanded, &[1, 2048]);
    let mul_5_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_5_expanded_3 = g.matmul(mul_5_expanded_ones, mul_5_expanded_2);
    let mul_5_expanded_4 = g.reshape(mul_5_expanded_3, &[1, 8192]);
    let mul_11 = g.reshape(mul_5_expanded_4, &[8192, 1]);
    let mul_12 = g.mul(sub_9, mul_11);
    let bn3_bias = g.parameter(&format!("{p}.bn3.bias"), &[2048]);
    let reshape_9 = g.reshape(bn3_bias, &[2048, 1]);
    let add_5_expanded = g.reshape(reshape_9, &[2048, 1]);
    let add_5_expanded_2 = g.reshape(add_5_expanded, &[1, 2048]);
    let add_5_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_5_expanded_3 = g.matmul(add_5_expanded_ones, add_5_expanded_2);
    let add_5_expanded_4 = g.reshape(add_5_expanded_3, &[1, 8192]);
    let add_11 = g.reshape(add_5_expanded_4, &[8192, 1]);
    let add_12 = g.add(mul_12, add_11);
    let downsample_0_weight = shared_parameter(g, &format!("{p}.downsample.0.weight"), &[2097152]);
    let identity = g.reshape(x, &[16384]);
    let identity_2 = g.conv2d_hw(
        identity,
        downsample_0_weight,
        4,
        1024,
        2,
        2,
        2048,
        1,
        1,
        2,
        0,
        0,
    );
    let downsample_1_running_var = g.parameter(&format!("{p}.downsample.1.running_var"), &[2048]);
    let add_13 = g.reshape(downsample_1_running_var, &[1, 2048]);
    let add_6_bias = g.constant(vec![1e-05_f32; 2048], &[2048]);
    let add_14 = g.bias_add(add_13, add_6_bias);
    let rsqrt_3_log = g.log(add_14);
    let rsqrt_3_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_3_expanded_2 = g.broadcast_inner(rsqrt_3_expanded, 2048);
    let rsqrt_7 = g.mul(rsqrt_3_log, rsqrt_3_expanded_2);
    let rsqrt_8 = g.exp(rsqrt_7);
    let downsample_1_weight = g.parameter(&format!("{p}.downsample.1.weight"), &[2048]);
    let mul_13 = g.reshape(downsample_1_weight, &[1, 2048]);
    let mul_14 = g.mul(mul_13, rsqrt_8);
    let downsample_1_running_mean = g.parameter(&format!("{p}.downsample.1.running_mean"), &[2048]);
    let reshape_10 = g.reshape(downsample_1_running_mean, &[2048, 1]);
    let sub_10 = g.reshape(identity_2, &[8192, 1]);
    let sub_3_expanded = g.reshape(reshape_10, &[2048, 1]);
    let sub_3_expanded_2 = g.reshape(sub_3_expanded, &[1, 2048]);
    let sub_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_3_expanded_3 = g.matmul(sub_3_expanded_ones, sub_3_expanded_2);
    let sub_3_expanded_4 = g.reshape(sub_3_expanded_3, &[1, 8192]);
    let sub_11 = g.reshape(sub_3_expanded_4, &[8192, 1]);
    let sub_3_neg = g.neg(sub_11);
    let sub_12 = g.add(sub_10, sub_3_neg);
    let reshape_11 = g.reshape(mul_14, &[2048, 1]);
    let mul_7_expanded = g.reshape(reshape_11, &[2048, 1]);
    let mul_7_expanded_2 = g.reshape(mul_7_expanded, &[1, 2048]);
    let mul_7_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_7_expanded_3 = g.matmul(mul_7_expanded_ones, mul_7_expanded_2);
    let mul_7_expanded_4 = g.reshape(mul_7_expanded_3, &[1, 8192]);
    let mul_15 = g.reshape(mul_7_expanded_4, &[8192, 1]);
    let mul_16 = g.mul(sub_12, mul_15);
    let downsample_1_bias = g.parameter(&format!("{p}.downsample.1.bias"), &[2048]);
    let reshape_12 = g.reshape(downsample_1_bias, &[2048, 1]);
    let add_7_expanded = g.reshape(reshape_12, &[2048, 1]);
    let add_7_expanded_2 = g.reshape(add_7_expanded, &[1, 2048]);
    let add_7_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_7_expanded_3 = g.matmul(add_7_expanded_ones, add_7_expanded_2);
    let add_7_expanded_4 = g.reshape(add_7_expanded_3, &[1, 8192]);
    let add_15 = g.reshape(add_7_expanded_4, &[8192, 1]);
    let add_16 = g.add(mul_16, add_15);
    let out_9 = g.add(add_12, add_16);
    let x_2 = g.relu(out_9);
    [
        rsqrt_2, sub_3, reshape_2, add_4, out_3, rsqrt_4, sub_6, reshape_5, add_8, out_6, rsqrt_6,
        sub_9, reshape_8, rsqrt_8, sub_12, reshape_11, out_9, x_2,
    ]
}

/// BottleneckBackward: `layer4_grad.0` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments)]
fn bottleneck_backward(
    g: &mut Graph,
    _p: &str,
    out: NodeId,
    broadcast_to: NodeId,
    reshape: NodeId,
    sub: NodeId,
    rsqrt: NodeId,
    layer4_0_downsample_0_weight: NodeId,
    x: NodeId,
    reshape_2: NodeId,
    sub_2: NodeId,
    rsqrt_2: NodeId,
    layer4_0_conv3_weight: NodeId,
    out_2: NodeId,
    add: NodeId,
    reshape_3: NodeId,
    sub_3: NodeId,
    rsqrt_3: NodeId,
    layer4_0_conv2_weight: NodeId,
    out_3: NodeId,
    add_2: NodeId,
    reshape_4: NodeId,
    sub_4: NodeId,
    rsqrt_4: NodeId,
    layer4_0_conv1_weight: NodeId,
) -> [NodeId; 13] {
    let greater_expanded = g.constant(vec![0.0_f32; 8192], &[8192, 1]);
    let greater = g.greater(out, greater_expanded);
    let v_where = g.mul(broadcast_to, greater);
    let sum_to_sum = g.reshape(v_where, &[8192, 1]);
    let sum_to_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_sum_2 = g.reshape(sum_to_sum, &[4, 2048]);
    let sum_to_sum_3 = g.matmul(sum_to_sum_ones, sum_to_sum_2);
    let sum_to = g.reshape(sum_to_sum_3, &[2048, 1]);
    let reshape_5 = g.reshape(sum_to, &[1, 2048]);
    let mul_expanded = g.reshape(reshape, &[2048, 1]);
    let mul_expanded_2 = g.reshape(mul_expanded, &[1, 2048]);
    let mul_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_expanded_3 = g.matmul(mul_expanded_ones, mul_expanded_2);
    let mul_expanded_4 = g.reshape(mul_expanded_3, &[1, 8192]);
    let mul = g.reshape(mul_expanded_4, &[8192, 1]);
    let mul_2 = g.mul(v_where, mul);
    let mul_3 = g.mul(v_where, sub);
    let sum_to_1_sum = g.reshape(mul_3, &[8192, 1]);
    let sum_to_1_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_1_sum_2 = g.reshape(sum_to_1_sum, &[4, 2048]);
    let sum_to_1_sum_3 = g.matmul(sum_to_1_sum_ones, sum_to_1_sum_2);
    let sum_to_2 = g.reshape(sum_to_1_sum_3, &[2048, 1]);
    let reshape_6 = g.reshape(sum_to_2, &[1, 2048]);
    let mul_4 = g.mul(reshape_6, rsqrt);
    let conv2d_backward_input = g.reshape(mul_2, &[8192]);
    let conv2d_backward_input_2 = g.conv2d_grad_input(
        conv2d_backward_input,
        layer4_0_downsample_0_weight,
        4,
        1024,
        2,
        2,
        2048,
        1,
        1,
        2,
        0,
        0,
    );
    let conv2d_backward_weight = g.reshape(mul_2, &[8192]);
    let conv2d_backward_weight_2 = g.reshape(x, &[16384]);
    let conv2d_backward_weight_3 = g.conv2d_grad_weight(
        conv2d_backward_weight,
        conv2d_backward_weight_2,
        1024,
        2,
        2,
        2048,
        1,
        1,
        2,
        0,
        0,
    );
    let sum_to_3_sum = g.reshape(v_where, &[8192, 1]);
    let sum_to_3_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_3_sum_2 = g.reshape(sum_to_3_sum, &[4, 2048]);
    let sum_to_3_sum_3 = g.matmul(sum_to_3_sum_ones, sum_to_3_sum_2);
    let sum_to_3 = g.reshape(sum_to_3_sum_3, &[2048, 1]);
    let reshape_7 = g.reshape(sum_to_3, &[1, 2048]);
    let mul_4_expanded = g.reshape(reshape_2, &[2048, 1]);
    let mul_4_expanded_2 = g.reshape(mul_4_expanded, &[1, 2048]);
    let mul_4_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_4_expanded_3 = g.matmul(mul_4_expanded_ones, mul_4_expanded_2);
    let mul_4_expanded_4 = g.reshape(mul_4_expanded_3, &[1, 8192]);
    let mul_5 = g.reshape(mul_4_expanded_4, &[8192, 1]);
    let mul_6 = g.mul(v_where, mul_5);
    let mul_7 = g.mul(v_where, sub_2);
    let sum_to_4_sum = g.reshape(mul_7, &[8192, 1]);
    let sum_to_4_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_4_sum_2 = g.reshape(sum_to_4_sum, &[4, 2048]);
    let sum_to_4_sum_3 = g.matmul(sum_to_4_sum_ones, sum_to_4_sum_2);
    let sum_to_4 = g.reshape(sum_to_4_sum_3, &[2048, 1]);
    let reshape_8 = g.reshape(sum_to_4, &[1, 2048]);
    let mul_8 = g.mul(reshape_8, rsqrt_2);
    let conv2d_backward_input_3 = g.reshape(mul_6, &[8192]);
    let conv2d_backward_input_4 = g.conv2d_grad_input(
        conv2d_backward_input_3,
        layer4_0_conv3_weight,
        4,
        64,
        1,
        1,
        2048,
        1,
        1,
        1,
        0,
        0,
    );
    let conv2d_backward_weight_4 = g.reshape(mul_6, &[8192]);
    let conv2d_backward_weight_5 = g.reshape(out_2, &[256]);
    let conv2d_backward_weight_6 = g.conv2d_grad_weight(
        conv2d_backward_weight_4,
        conv2d_backward_weight_5,
        64,
        1,
        1,
        2048,
        1,
        1,
        1,
        0,
        0,
    );
    let greater_1_expanded = g.constant(vec![0.0_f32; 256], &[256, 1]);
    let greater_2 = g.greater(add, greater_1_expanded);
    let v_where_2 = g.reshape(conv2d_backward_input_4, &[256, 1]);
    let v_where_3 = g.mul(v_where_2, greater_2);
    let sum_to_6_sum = g.reshape(v_where_3, &[256, 1]);
    let sum_to_6_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_6_sum_2 = g.reshape(sum_to_6_sum, &[4, 64]);
    let sum_to_6_sum_3 = g.matmul(sum_to_6_sum_ones, sum_to_6_sum_2);
    let sum_to_5 = g.reshape(sum_to_6_sum_3, &[64, 1]);
    let reshape_9 = g.reshape(sum_to_5, &[1, 64]);
    let mul_8_expanded = g.reshape(reshape_3, &[64, 1]);
    let mul_8_expanded_2 = g.reshape(mul_8_expanded, &[1, 64]);
    let mul_8_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_8_expanded_3 = g.matmul(mul_8_expanded_ones, mul_8_expanded_2);
    let mul_8_expanded_4 = g.reshape(mul_8_expanded_3, &[1, 256]);
    let mul_9 = g.reshape(mul_8_expanded_4, &[256, 1]);
    let mul_10 = g.mul(v_where_3, mul_9);
    let mul_11 = g.mul(v_where_3, sub_3);
    let sum_to_7_sum = g.reshape(mul_11, &[256, 1]);
    let sum_to_7_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_7_sum_2 = g.reshape(sum_to_7_sum, &[4, 64]);
    let sum_to_7_sum_3 = g.matmul(sum_to_7_sum_ones, sum_to_7_sum_2);
    let sum_to_6 = g.reshape(sum_to_7_sum_3, &[64, 1]);
    let reshape_10 = g.reshape(sum_to_6, &[1, 64]);
    let mul_12 = g.mul(reshape_10, rsqrt_3);
    let conv2d_backward_input_5 = g.reshape(mul_10, &[256]);
    let conv2d_backward_input_6 = g.conv2d_grad_input(
        conv2d_backward_input_5,
        layer4_0_conv2_weight,
        4,
        64,
        2,
        2,
        64,
        3,
        3,
        2,
        1,
        1,
    );
    let conv2d_backward_weight_7 = g.reshape(mul_10, &[256]);
    let conv2d_backward_weight_8 = g.reshape(out_3, &[1024]);
    let conv2d_backward_weight_9 = g.conv2d_grad_weight(
        conv2d_backward_weight_7,
        conv2d_backward_weight_8,
        64,
        2,
        2,
        64,
        3,
        3,
        2,
        1,
        1,
    );
    let greater_2_expanded = g.constant(vec![0.0_f32; 512], &[512, 1]);
    let greater_2_expanded_2 = g.broadcast_inner(greater_2_expanded, 2);
    let greater_3 = g.greater(add_2, greater_2_expanded_2);
    let v_where_4 = g.reshape(conv2d_backward_input_6, &[512, 2]);
    let v_where_5 = g.mul(v_where_4, greater_3);
    let sum_to_9_sum = g.reshape(v_where_5, &[1024, 1]);
    let sum_to_9_sum_2 = g.reshape(sum_to_9_sum, &[512, 2]);
    let sum_to_9_sum_3 = g.sum_inner(sum_to_9_sum_2);
    let sum_to_9_sum_4 = g.reshape(sum_to_9_sum_3, &[256, 2]);
    let sum_to_9_sum_5 = g.sum_inner(sum_to_9_sum_4);
    let sum_to_9_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_9_sum_6 = g.reshape(sum_to_9_sum_5, &[4, 64]);
    let sum_to_9_sum_7 = g.matmul(sum_to_9_sum_ones, sum_to_9_sum_6);
    let sum_to_7 = g.reshape(sum_to_9_sum_7, &[64, 1]);
    let reshape_11 = g.reshape(sum_to_7, &[1, 64]);
    let mul_12_expanded = g.reshape(reshape_4, &[64, 1]);
    let mul_12_expanded_2 = g.broadcast_inner(mul_12_expanded, 2);
    let mul_12_expanded_3 = g.transpose(mul_12_expanded_2);
    let mul_12_expanded_4 = g.reshape(mul_12_expanded_3, &[128, 1]);
    let mul_12_expanded_5 = g.broadcast_inner(mul_12_expanded_4, 2);
    let mul_12_expanded_6 = g.reshape(mul_12_expanded_5, &[2, 128]);
    let mul_12_expanded_7 = g.transpose(mul_12_expanded_6);
    let mul_12_expanded_8 = g.reshape(mul_12_expanded_7, &[64, 4]);
    let mul_12_expanded_9 = g.reshape(mul_12_expanded_8, &[1, 256]);
    let mul_12_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_12_expanded_10 = g.matmul(mul_12_expanded_ones, mul_12_expanded_9);
    let mul_12_expanded_11 = g.reshape(mul_12_expanded_10, &[1, 1024]);
    let mul_13 = g.reshape(mul_12_expanded_11, &[512, 2]);
    let mul_14 = g.mul(v_where_5, mul_13);
    let mul_15 = g.mul(v_where_5, sub_4);
    let sum_to_10_sum = g.reshape(mul_15, &[1024, 1]);
    let sum_to_10_sum_2 = g.reshape(sum_to_10_sum, &[512, 2]);
    let sum_to_10_sum_3 = g.sum_inner(sum_to_10_sum_2);
    let sum_to_10_sum_4 = g.reshape(sum_to_10_sum_3, &[256, 2]);
    let sum_to_10_sum_5 = g.sum_inner(sum_to_10_sum_4);
    let sum_to_10_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_10_sum_6 = g.reshape(sum_to_10_sum_5, &[4, 64]);
    let sum_to_10_sum_7 = g.matmul(sum_to_10_sum_ones, sum_to_10_sum_6);
    let sum_to_8 = g.reshape(sum_to_10_sum_7, &[64, 1]);
    let reshape_12 = g.reshape(sum_to_8, &[1, 64]);
    let mul_16 = g.mul(reshape_12, rsqrt_4);
    let conv2d_backward_input_7 = g.reshape(mul_14, &[1024]);
    let conv2d_backward_input_8 = g.conv2d_grad_input(
        conv2d_backward_input_7,
        layer4_0_conv1_weight,
        4,
        1024,
        2,
        2,
        64,
        1,
        1,
        1,
        0,
        0,
    );
    let conv2d_backward_weight_10 = g.reshape(mul_14, &[1024]);
    let conv2d_backward_weight_11 = g.reshape(x, &[16384]);
    let conv2d_backward_weight_12 = g.conv2d_grad_weight(
        conv2d_backward_weight_10,
        conv2d_backward_weight_11,
        1024,
        2,
        2,
        64,
        1,
        1,
        1,
        0,
        0,
    );
    let add_3 = g.add(conv2d_backward_input_2, conv2d_backward_input_8);
    [
        reshape_5,
        mul_4,
        conv2d_backward_weight_3,
        reshape_7,
        mul_8,
        conv2d_backward_weight_6,
        reshape_9,
        mul_12,
        conv2d_backward_weight_9,
        reshape_11,
        mul_16,
        conv2d_backward_weight_12,
        add_3,
    ]
}

/// BottleneckBackward2: `layer3_grad.0` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments)]
fn bottleneck_backward_2(
    g: &mut Graph,
    _p: &str,
    out: NodeId,
    add: NodeId,
    reshape: NodeId,
    sub: NodeId,
    rsqrt: NodeId,
    layer3_0_downsample_0_weight: NodeId,
    x: NodeId,
    reshape_2: NodeId,
    sub_2: NodeId,
    rsqrt_2: NodeId,
    layer3_0_conv3_weight: NodeId,
    out_2: NodeId,
    add_2: NodeId,
    reshape_3: NodeId,
    sub_3: NodeId,
    rsqrt_3: NodeId,
    layer3_0_conv2_weight: NodeId,
    out_3: NodeId,
    add_3: NodeId,
    reshape_4: NodeId,
    sub_4: NodeId,
    rsqrt_4: NodeId,
    layer3_0_conv1_weight: NodeId,
) -> [NodeId; 13] {
    let greater_expanded = g.constant(vec![0.0_f32; 8192], &[8192, 1]);
    let greater_expanded_2 = g.broadcast_inner(greater_expanded, 2);
    let greater = g.greater(out, greater_expanded_2);
    let v_where = g.reshape(add, &[8192, 2]);
    let v_where_2 = g.mul(v_where, greater);
    let sum_to_sum = g.reshape(v_where_2, &[16384, 1]);
    let sum_to_sum_2 = g.reshape(sum_to_sum, &[8192, 2]);
    let sum_to_sum_3 = g.sum_inner(sum_to_sum_2);
    let sum_to_sum_4 = g.reshape(sum_to_sum_3, &[4096, 2]);
    let sum_to_sum_5 = g.sum_inner(sum_to_sum_4);
    let sum_to_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_sum_6 = g.reshape(sum_to_sum_5, &[4, 1024]);
    let sum_to_sum_7 = g.matmul(sum_to_sum_ones, sum_to_sum_6);
    let sum_to = g.reshape(sum_to_sum_7, &[1024, 1]);
    let reshape_5 = g.reshape(sum_to, &[1, 1024]);
    let mul_expanded = g.reshape(reshape, &[1024, 1]);
    let mul_expanded_2 = g.broadcast_inner(mul_expanded, 2);
    let mul_expanded_3 = g.transpose(mul_expanded_2);
    let mul_expanded_4 = g.reshape(mul_expanded_3, &[2048, 1]);
    let mul_expanded_5 = g.broadcast_inner(mul_expanded_4, 2);
    let mul_expanded_6 = g.reshape(mul_expanded_5, &[2, 2048]);
    let mul_expanded_7 = g.transpose(mul_expanded_6);
    let mul_expanded_8 = g.reshape(mul_expanded_7, &[1024, 4]);
    let mul_expanded_9 = g.reshape(mul_expanded_8, &[1, 4096]);
    let mul_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_expanded_10 = g.matmul(mul_expanded_ones, mul_expanded_9);
    let mul_expanded_11 = g.reshape(mul_expanded_10, &[1, 16384]);
    let mul = g.reshape(mul_expanded_11, &[8192, 2]);
    let mul_2 = g.mul(v_where_2, mul);
    let mul_3 = g.mul(v_where_2, sub);
    let sum_to_1_sum = g.reshape(mul_3, &[16384, 1]);
    let sum_to_1_sum_2 = g.reshape(sum_to_1_sum, &[8192, 2]);
    let sum_to_1_sum_3 = g.sum_inner(sum_to_1_sum_2);
    let sum_to_1_sum_4 = g.reshape(sum_to_1_sum_3, &[4096, 2]);
    let sum_to_1_sum_5 = g.sum_inner(sum_to_1_sum_4);
    let sum_to_1_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_1_sum_6 = g.reshape(sum_to_1_sum_5, &[4, 1024]);
    let sum_to_1_sum_7 = g.matmul(sum_to_1_sum_ones, sum_to_1_sum_6);
    let sum_to_2 = g.reshape(sum_to_1_sum_7, &[1024, 1]);
    let reshape_6 = g.reshape(sum_to_2, &[1, 1024]);
    let mul_4 = g.mul(reshape_6, rsqrt);
    let conv2d_backward_input = g.reshape(mul_2, &[16384]);
    let conv2d_backward_input_2 = g.conv2d_grad_input(
        conv2d_backward_input,
        layer3_0_downsample_0_weight,
        4,
        512,
        4,
        4,
        1024,
        1,
        1,
        2,
        0,
        0,
    );
    let conv2d_backward_weight = g.reshape(mul_2, &[16384]);
    let conv2d_backward_weight_2 = g.reshape(x, &[32768]);
    let conv2d_backward_weight_3 = g.conv2d_grad_weight(
        conv2d_backward_weight,
        conv2d_backward_weight_2,
        512,
        4,
        4,
        1024,
        1,
        1,
        2,
        0,
        0,
    );
    let sum_to_3_sum = g.reshape(v_where_2, &[16384, 1]);
    let sum_to_3_sum_2 = g.reshape(sum_to_3_sum, &[8192, 2]);
    let sum_to_3_sum_3 = g.sum_inner(sum_to_3_sum_2);
    let sum_to_3_sum_4 = g.reshape(sum_to_3_sum_3, &[4096, 2]);
    let sum_to_3_sum_5 = g.sum_inner(sum_to_3_sum_4);
    let sum_to_3_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_3_sum_6 = g.reshape(sum_to_3_sum_5, &[4, 1024]);
    let sum_to_3_sum_7 = g.matmul(sum_to_3_sum_ones, sum_to_3_sum_6);
    let sum_to_3 = g.reshape(sum_to_3_sum_7, &[1024, 1]);
    let reshape_7 = g.reshape(sum_to_3, &[1, 1024]);
    let mul_4_expanded = g.reshape(reshape_2, &[1024, 1]);
    let mul_4_expanded_2 = g.broadcast_inner(mul_4_expanded, 2);
    let mul_4_expanded_3 = g.transpose(mul_4_expanded_2);
    let mul_4_expanded_4 = g.reshape(mul_4_expanded_3, &[2048, 1]);
    let mul_4_expanded_5 = g.broadcast_inner(mul_4_expanded_4, 2);
    let mul_4_expanded_6 = g.reshape(mul_4_expanded_5, &[2, 2048]);
    let mul_4_expanded_7 = g.transpose(mul_4_expanded_6);
    let mul_4_expanded_8 = g.reshape(mul_4_expanded_7, &[1024, 4]);
    let mul_4_expanded_9 = g.reshape(mul_4_expanded_8, &[1, 4096]);
    let mul_4_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_4_expanded_10 = g.matmul(mul_4_expanded_ones, mul_4_expanded_9);
    let mul_4_expanded_11 = g.reshape(mul_4_expanded_10, &[1, 16384]);
    let mul_5 = g.reshape(mul_4_expanded_11, &[8192, 2]);
    let mul_6 = g.mul(v_where_2, mul_5);
    let mul_7 = g.mul(v_where_2, sub_2);
    let sum_to_4_sum = g.reshape(mul_7, &[16384, 1]);
    let sum_to_4_sum_2 = g.reshape(sum_to_4_sum, &[8192, 2]);
    let sum_to_4_sum_3 = g.sum_inner(sum_to_4_sum_2);
    let sum_to_4_sum_4 = g.reshape(sum_to_4_sum_3, &[4096, 2]);
    let sum_to_4_sum_5 = g.sum_inner(sum_to_4_sum_4);
    let sum_to_4_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_4_sum_6 = g.reshape(sum_to_4_sum_5, &[4, 1024]);
    let sum_to_4_sum_7 = g.matmul(sum_to_4_sum_ones, sum_to_4_sum_6);
    let sum_to_4 = g.reshape(sum_to_4_sum_7, &[1024, 1]);
    let reshape_8 = g.reshape(sum_to_4, &[1, 1024]);
    let mul_8 = g.mul(reshape_8, rsqrt_2);
    let conv2d_backward_input_3 = g.reshape(mul_6, &[16384]);
    let conv2d_backward_input_4 = g.conv2d_grad_input(
        conv2d_backward_input_3,
        layer3_0_conv3_weight,
        4,
        32,
        2,
        2,
        1024,
        1,
        1,
        1,
        0,
        0,
    );
    let conv2d_backward_weight_4 = g.reshape(mul_6, &[16384]);
    let conv2d_backward_weight_5 = g.reshape(out_2, &[512]);
    let conv2d_backward_weight_6 = g.conv2d_grad_weight(
        conv2d_backward_weight_4,
        conv2d_backward_weight_5,
        32,
        2,
        2,
        1024,
        1,
        1,
        1,
        0,
        0,
    );
    let greater_1_expanded = g.constant(vec![0.0_f32; 256], &[256, 1]);
    let greater_1_expanded_2 = g.broadcast_inner(greater_1_expanded, 2);
    let greater_2 = g.greater(add_2, greater_1_expanded_2);
    let v_where_3 = g.reshape(conv2d_backward_input_4, &[256, 2]);
    let v_where_4 = g.mul(v_where_3, greater_2);
    let sum_to_6_sum = g.reshape(v_where_4, &[512, 1]);
    let sum_to_6_sum_2 = g.reshape(sum_to_6_sum, &[256, 2]);
    let sum_to_6_sum_3 = g.sum_inner(sum_to_6_sum_2);
    let sum_to_6_sum_4 = g.reshape(sum_to_6_sum_3, &[128, 2]);
    let sum_to_6_sum_5 = g.sum_inner(sum_to_6_sum_4);
    let sum_to_6_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_6_sum_6 = g.reshape(sum_to_6_sum_5, &[4, 32]);
    let sum_to_6_sum_7 = g.matmul(sum_to_6_sum_ones, sum_to_6_sum_6);
    let sum_to_5 = g.reshape(sum_to_6_sum_7, &[32, 1]);
    let reshape_9 = g.reshape(sum_to_5, &[1, 32]);
    let mul_8_expanded = g.reshape(reshape_3, &[32, 1]);
    let mul_8_expanded_2 = g.broadcast_inner(mul_8_expanded, 2);
    let mul_8_expanded_3 = g.transpose(mul_8_expanded_2);
    let mul_8_expanded_4 = g.reshape(mul_8_expanded_3, &[64, 1]);
    let mul_8_expanded_5 = g.broadcast_inner(mul_8_expanded_4, 2);
    let mul_8_expanded_6 = g.reshape(mul_8_expanded_5, &[2, 64]);
    let mul_8_expanded_7 = g.transpose(mul_8_expanded_6);
    let mul_8_expanded_8 = g.reshape(mul_8_expanded_7, &[32, 4]);
    let mul_8_expanded_9 = g.reshape(mul_8_expanded_8, &[1, 128]);
    let mul_8_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_8_expanded_10 = g.matmul(mul_8_expanded_ones, mul_8_expanded_9);
    let mul_8_expanded_11 = g.reshape(mul_8_expanded_10, &[1, 512]);
    let mul_9 = g.reshape(mul_8_expanded_11, &[256, 2]);
    let mul_10 = g.mul(v_where_4, mul_9);
    let mul_11 = g.mul(v_where_4, sub_3);
    let sum_to_7_sum = g.reshape(mul_11, &[512, 1]);
    let sum_to_7_sum_2 = g.reshape(sum_to_7_sum, &[256, 2]);
    let sum_to_7_sum_3 = g.sum_inner(sum_to_7_sum_2);
    let sum_to_7_sum_4 = g.reshape(sum_to_7_sum_3, &[128, 2]);
    let sum_to_7_sum_5 = g.sum_inner(sum_to_7_sum_4);
    let sum_to_7_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_7_sum_6 = g.reshape(sum_to_7_sum_5, &[4, 32]);
    let sum_to_7_sum_7 = g.matmul(sum_to_7_sum_ones, sum_to_7_sum_6);
    let sum_to_6 = g.reshape(sum_to_7_sum_7, &[32, 1]);
    let reshape_10 = g.reshape(sum_to_6, &[1, 32]);
    let mul_12 = g.mul(reshape_10, rsqrt_3);
    let conv2d_backward_input_5 = g.reshape(mul_10, &[512]);
    let conv2d_backward_input_6 = g.conv2d_grad_input(
        conv2d_backward_input_5,
        layer3_0_conv2_weight,
        4,
        32,
        4,
        4,
        32,
        3,
        3,
        2,
        1,
        1,
    );
    let conv2d_backward_weight_7 = g.reshape(mul_10, &[512]);
    let conv2d_backward_weight_8 = g.reshape(out_3, &[2048]);
    let conv2d_backward_weight_9 = g.conv2d_grad_weight(
        conv2d_backward_weight_7,
        conv2d_backward_weight_8,
        32,
        4,
        4,
        32,
        3,
        3,
        2,
        1,
        1,
    );
    let greater_2_expanded = g.constant(vec![0.0_f32; 512], &[512, 1]);
    let greater_2_expanded_2 = g.broadcast_inner(greater_2_expanded, 4);
    let greater_3 = g.greater(add_3, greater_2_expanded_2);
    let v_where_5 = g.reshape(conv2d_backward_input_6, &[512, 4]);
    let v_where_6 = g.mul(v_where_5, greater_3);
    let sum_to_9_sum = g.reshape(v_where_6, &[2048, 1]);
    let sum_to_9_sum_2 = g.reshape(sum_to_9_sum, &[512, 4]);
    let sum_to_9_sum_3 = g.sum_inner(sum_to_9_sum_2);
    let sum_to_9_sum_4 = g.reshape(sum_to_9_sum_3, &[128, 4]);
    let sum_to_9_sum_5 = g.sum_inner(sum_to_9_sum_4);
    let sum_to_9_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_9_sum_6 = g.reshape(sum_to_9_sum_5, &[4, 32]);
    let sum_to_9_sum_7 = g.matmul(sum_to_9_sum_ones, sum_to_9_sum_6);
    let sum_to_7 = g.reshape(sum_to_9_sum_7, &[32, 1]);
    let reshape_11 = g.reshape(sum_to_7, &[1, 32]);
    let mul_12_expanded = g.reshape(reshape_4, &[32, 1]);
    let mul_12_expanded_2 = g.broadcast_inner(mul_12_expanded, 4);
    let mul_12_expanded_3 = g.transpose(mul_12_expanded_2);
    let mul_12_expanded_4 = g.reshape(mul_12_expanded_3, &[128, 1]);
    let mul_12_expanded_5 = g.broadcast_inner(mul_12_expanded_4, 4);
    let mul_12_expanded_6 = g.reshape(mul_12_expanded_5, &[4, 128]);
    let mul_12_expanded_7 = g.transpose(mul_12_expanded_6);
    let mul_12_expanded_8 = g.reshape(mul_12_expanded_7, &[32, 16]);
    let mul_12_expanded_9 = g.reshape(mul_12_expanded_8, &[1, 512]);
    let mul_12_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_12_expanded_10 = g.matmul(mul_12_expanded_ones, mul_12_expanded_9);
    let mul_12_expanded_11 = g.reshape(mul_12_expanded_10, &[1, 2048]);
    let mul_13 = g.reshape(mul_12_expanded_11, &[512, 4]);
    let mul_14 = g.mul(v_where_6, mul_13);
    let mul_15 = g.mul(v_where_6, sub_4);
    let sum_to_10_sum = g.reshape(mul_15, &[2048, 1]);
    let sum_to_10_sum_2 = g.reshape(sum_to_10_sum, &[512, 4]);
    let sum_to_10_sum_3 = g.sum_inner(sum_to_10_sum_2);
    let sum_to_10_sum_4 = g.reshape(sum_to_10_sum_3, &[128, 4]);
    let sum_to_10_sum_5 = g.sum_inner(sum_to_10_sum_4);
    let sum_to_10_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_10_sum_6 = g.reshape(sum_to_10_sum_5, &[4, 32]);
    let sum_to_10_sum_7 = g.matmul(sum_to_10_sum_ones, sum_to_10_sum_6);
    let sum_to_8 = g.reshape(sum_to_10_sum_7, &[32, 1]);
    let reshape_12 = g.reshape(sum_to_8, &[1, 32]);
    let mul_16 = g.mul(reshape_12, rsqrt_4);
    let conv2d_backward_input_7 = g.reshape(mul_14, &[2048]);
    let conv2d_backward_input_8 = g.conv2d_grad_input(
        conv2d_backward_input_7,
        layer3_0_conv1_weight,
        4,
        512,
        4,
        4,
        32,
        1,
        1,
        1,
        0,
        0,
    );
    let conv2d_backward_weight_10 = g.reshape(mul_14, &[2048]);
    let conv2d_backward_weight_11 = g.reshape(x, &[32768]);
    let conv2d_backward_weight_12 = g.conv2d_grad_weight(
        conv2d_backward_weight_10,
        conv2d_backward_weight_11,
        512,
        4,
        4,
        32,
        1,
        1,
        1,
        0,
        0,
    );
    let add_4 = g.add(conv2d_backward_input_2, conv2d_backward_input_8);
    [
        reshape_5,
        mul_4,
        conv2d_backward_weight_3,
        reshape_7,
        mul_8,
        conv2d_backward_weight_6,
        reshape_9,
        mul_12,
        conv2d_backward_weight_9,
        reshape_11,
        mul_16,
        conv2d_backward_weight_12,
        add_4,
    ]
}

/// BottleneckBackward3: `layer2_grad.0` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments)]
fn bottleneck_backward_3(
    g: &mut Graph,
    _p: &str,
    out: NodeId,
    add: NodeId,
    reshape: NodeId,
    sub: NodeId,
    rsqrt: NodeId,
    layer2_0_downsample_0_weight: NodeId,
    x: NodeId,
    reshape_2: NodeId,
    sub_2: NodeId,
    rsqrt_2: NodeId,
    layer2_0_conv3_weight: NodeId,
    out_2: NodeId,
    add_2: NodeId,
    reshape_3: NodeId,
    sub_3: NodeId,
    rsqrt_3: NodeId,
    layer2_0_conv2_weight: NodeId,
    out_3: NodeId,
    add_3: NodeId,
    reshape_4: NodeId,
    sub_4: NodeId,
    rsqrt_4: NodeId,
    layer2_0_conv1_weight: NodeId,
) -> [NodeId; 13] {
    let greater_expanded = g.constant(vec![0.0_f32; 8192], &[8192, 1]);
    let greater_expanded_2 = g.broadcast_inner(greater_expanded, 4);
    let greater = g.greater(out, greater_expanded_2);
    let v_where = g.reshape(add, &[8192, 4]);
    let v_where_2 = g.mul(v_where, greater);
    let sum_to_sum = g.reshape(v_where_2, &[32768, 1]);
    let sum_to_sum_2 = g.reshape(sum_to_sum, &[8192, 4]);
    let sum_to_sum_3 = g.sum_inner(sum_to_sum_2);
    let sum_to_sum_4 = g.reshape(sum_to_sum_3, &[2048, 4]);
    let sum_to_sum_5 = g.sum_inner(sum_to_sum_4);
    let sum_to_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_sum_6 = g.reshape(sum_to_sum_5, &[4, 512]);
    let sum_to_sum_7 = g.matmul(sum_to_sum_ones, sum_to_sum_6);
    let sum_to = g.reshape(sum_to_sum_7, &[512, 1]);
    let reshape_5 = g.reshape(sum_to, &[1, 512]);
    let mul_expanded = g.reshape(reshape, &[512, 1]);
    let mul_expanded_2 = g.broadcast_inner(mul_expanded, 4);
    let mul_expanded_3 = g.transpose(mul_expanded_2);
    let mul_expanded_4 = g.reshape(mul_expanded_3, &[2048, 1]);
    let mul_expanded_5 = g.broadcast_inner(mul_expanded_4, 4);
    let mul_expanded_6 = g.reshape(mul_expanded_5, &[4, 2048]);
    let mul_expanded_7 = g.transpose(mul_expanded_6);
    let mul_expanded_8 = g.reshape(mul_expanded_7, &[512, 16]);
    let mul_expanded_9 = g.reshape(mul_expanded_8, &[1, 8192]);
    let mul_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_expanded_10 = g.matmul(mul_expanded_ones, mul_expanded_9);
    let mul_expanded_11 = g.reshape(mul_expanded_10, &[1, 32768]);
    let mul = g.reshape(mul_expanded_11, &[8192, 4]);
    let mul_2 = g.mul(v_where_2, mul);
    let mul_3 = g.mul(v_where_2, sub);
    let sum_to_1_sum = g.reshape(mul_3, &[32768, 1]);
    let sum_to_1_sum_2 = g.reshape(sum_to_1_sum, &[8192, 4]);
    let sum_to_1_sum_3 = g.sum_inner(sum_to_1_sum_2);
    let sum_to_1_sum_4 = g.reshape(sum_to_1_sum_3, &[2048, 4]);
    let sum_to_1_sum_5 = g.sum_inner(sum_to_1_sum_4);
    let sum_to_1_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_1_sum_6 = g.reshape(sum_to_1_sum_5, &[4, 512]);
    let sum_to_1_sum_7 = g.matmul(sum_to_1_sum_ones, sum_to_1_sum_6);
    let sum_to_2 = g.reshape(sum_to_1_sum_7, &[512, 1]);
    let reshape_6 = g.reshape(sum_to_2, &[1, 512]);
    let mul_4 = g.mul(reshape_6, rsqrt);
    let conv2d_backward_input = g.reshape(mul_2, &[32768]);
    let conv2d_backward_input_2 = g.conv2d_grad_input(
        conv2d_backward_input,
        layer2_0_downsample_0_weight,
        4,
        256,
        8,
        8,
        512,
        1,
        1,
        2,
        0,
        0,
    );
    let conv2d_backward_weight = g.reshape(mul_2, &[32768]);
    let conv2d_backward_weight_2 = g.reshape(x, &[65536]);
    let conv2d_backward_weight_3 = g.conv2d_grad_weight(
        conv2d_backward_weight,
        conv2d_backward_weight_2,
        256,
        8,
        8,
        512,
        1,
        1,
        2,
        0,
        0,
    );
    let sum_to_3_sum = g.reshape(v_where_2, &[32768, 1]);
    let sum_to_3_sum_2 = g.reshape(sum_to_3_sum, &[8192, 4]);
    let sum_to_3_sum_3 = g.sum_inner(sum_to_3_sum_2);
    let sum_to_3_sum_4 = g.reshape(sum_to_3_sum_3, &[2048, 4]);
    let sum_to_3_sum_5 = g.sum_inner(sum_to_3_sum_4);
    let sum_to_3_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_3_sum_6 = g.reshape(sum_to_3_sum_5, &[4, 512]);
    let sum_to_3_sum_7 = g.matmul(sum_to_3_sum_ones, sum_to_3_sum_6);
    let sum_to_3 = g.reshape(sum_to_3_sum_7, &[512, 1]);
    let reshape_7 = g.reshape(sum_to_3, &[1, 512]);
    let mul_4_expanded = g.reshape(reshape_2, &[512, 1]);
    let mul_4_expanded_2 = g.broadcast_inner(mul_4_expanded, 4);
    let mul_4_expanded_3 = g.transpose(mul_4_expanded_2);
    let mul_4_expanded_4 = g.reshape(mul_4_expanded_3, &[2048, 1]);
    let mul_4_expanded_5 = g.broadcast_inner(mul_4_expanded_4, 4);
    let mul_4_expanded_6 = g.reshape(mul_4_expanded_5, &[4, 2048]);
    let mul_4_expanded_7 = g.transpose(mul_4_expanded_6);
    let mul_4_expanded_8 = g.reshape(mul_4_expanded_7, &[512, 16]);
    let mul_4_expanded_9 = g.reshape(mul_4_expanded_8, &[1, 8192]);
    let mul_4_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_4_expanded_10 = g.matmul(mul_4_expanded_ones, mul_4_expanded_9);
    let mul_4_expanded_11 = g.reshape(mul_4_expanded_10, &[1, 32768]);
    let mul_5 = g.reshape(mul_4_expanded_11, &[8192, 4]);
    let mul_6 = g.mul(v_where_2, mul_5);
    let mul_7 = g.mul(v_where_2, sub_2);
    let sum_to_4_sum = g.reshape(mul_7, &[32768, 1]);
    let sum_to_4_sum_2 = g.reshape(sum_to_4_sum, &[8192, 4]);
    let sum_to_4_sum_3 = g.sum_inner(sum_to_4_sum_2);
    let sum_to_4_sum_4 = g.reshape(sum_to_4_sum_3, &[2048, 4]);
    let sum_to_4_sum_5 = g.sum_inner(sum_to_4_sum_4);
    let sum_to_4_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_4_sum_6 = g.reshape(sum_to_4_sum_5, &[4, 512]);
    let sum_to_4_sum_7 = g.matmul(sum_to_4_sum_ones, sum_to_4_sum_6);
    let sum_to_4 = g.reshape(sum_to_4_sum_7, &[512, 1]);
    let reshape_8 = g.reshape(sum_to_4, &[1, 512]);
    let mul_8 = g.mul(reshape_8, rsqrt_2);
    let conv2d_backward_input_3 = g.reshape(mul_6, &[32768]);
    let conv2d_backward_input_4 = g.conv2d_grad_input(
        conv2d_backward_input_3,
        layer2_0_conv3_weight,
        4,
        16,
        4,
        4,
        512,
        1,
        1,
        1,
        0,
        0,
    );
    let conv2d_backward_weight_4 = g.reshape(mul_6, &[32768]);
    let conv2d_backward_weight_5 = g.reshape(out_2, &[1024]);
    let conv2d_backward_weight_6 = g.conv2d_grad_weight(
        conv2d_backward_weight_4,
        conv2d_backward_weight_5,
        16,
        4,
        4,
        512,
        1,
        1,
        1,
        0,
        0,
    );
    let greater_1_expanded = g.constant(vec![0.0_f32; 256], &[256, 1]);
    let greater_1_expanded_2 = g.broadcast_inner(greater_1_expanded, 4);
    let greater_2 = g.greater(add_2, greater_1_expanded_2);
    let v_where_3 = g.reshape(conv2d_backward_input_4, &[256, 4]);
    let v_where_4 = g.mul(v_where_3, greater_2);
    let sum_to_6_sum = g.reshape(v_where_4, &[1024, 1]);
    let sum_to_6_sum_2 = g.reshape(sum_to_6_sum, &[256, 4]);
    let sum_to_6_sum_3 = g.sum_inner(sum_to_6_sum_2);
    let sum_to_6_sum_4 = g.reshape(sum_to_6_sum_3, &[64, 4]);
    let sum_to_6_sum_5 = g.sum_inner(sum_to_6_sum_4);
    let sum_to_6_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_6_sum_6 = g.reshape(sum_to_6_sum_5, &[4, 16]);
    let sum_to_6_sum_7 = g.matmul(sum_to_6_sum_ones, sum_to_6_sum_6);
    let sum_to_5 = g.reshape(sum_to_6_sum_7, &[16, 1]);
    let reshape_9 = g.reshape(sum_to_5, &[1, 16]);
    let mul_8_expanded = g.reshape(reshape_3, &[16, 1]);
    let mul_8_expanded_2 = g.broadcast_inner(mul_8_expanded, 4);
    let mul_8_expanded_3 = g.transpose(mul_8_expanded_2);
    let mul_8_expanded_4 = g.reshape(mul_8_expanded_3, &[64, 1]);
    let mul_8_expanded_5 = g.broadcast_inner(mul_8_expanded_4, 4);
    let mul_8_expanded_6 = g.reshape(mul_8_expanded_5, &[4, 64]);
    let mul_8_expanded_7 = g.transpose(mul_8_expanded_6);
    let mul_8_expanded_8 = g.reshape(mul_8_expanded_7, &[16, 16]);
    let mul_8_expanded_9 = g.reshape(mul_8_expanded_8, &[1, 256]);
    let mul_8_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_8_expanded_10 = g.matmul(mul_8_expanded_ones, mul_8_expanded_9);
    let mul_8_expanded_11 = g.reshape(mul_8_expanded_10, &[1, 1024]);
    let mul_9 = g.reshape(mul_8_expanded_11, &[256, 4]);
    let mul_10 = g.mul(v_where_4, mul_9);
    let mul_11 = g.mul(v_where_4, sub_3);
    let sum_to_7_sum = g.reshape(mul_11, &[1024, 1]);
    let sum_to_7_sum_2 = g.reshape(sum_to_7_sum, &[256, 4]);
    let sum_to_7_sum_3 = g.sum_inner(sum_to_7_sum_2);
    let sum_to_7_sum_4 = g.reshape(sum_to_7_sum_3, &[64, 4]);
    let sum_to_7_sum_5 = g.sum_inner(sum_to_7_sum_4);
    let sum_to_7_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_7_sum_6 = g.reshape(sum_to_7_sum_5, &[4, 16]);
    let sum_to_7_sum_7 = g.matmul(sum_to_7_sum_ones, sum_to_7_sum_6);
    let sum_to_6 = g.reshape(sum_to_7_sum_7, &[16, 1]);
    let reshape_10 = g.reshape(sum_to_6, &[1, 16]);
    let mul_12 = g.mul(reshape_10, rsqrt_3);
    let conv2d_backward_input_5 = g.reshape(mul_10, &[1024]);
    let conv2d_backward_input_6 = g.conv2d_grad_input(
        conv2d_backward_input_5,
        layer2_0_conv2_weight,
        4,
        16,
        8,
        8,
        16,
        3,
        3,
        2,
        1,
        1,
    );
    let conv2d_backward_weight_7 = g.reshape(mul_10, &[1024]);
    let conv2d_backward_weight_8 = g.reshape(out_3, &[4096]);
    let conv2d_backward_weight_9 = g.conv2d_grad_weight(
        conv2d_backward_weight_7,
        conv2d_backward_weight_8,
        16,
        8,
        8,
        16,
        3,
        3,
        2,
        1,
        1,
    );
    let greater_2_expanded = g.constant(vec![0.0_f32; 512], &[512, 1]);
    let greater_2_expanded_2 = g.broadcast_inner(greater_2_expanded, 8);
    let greater_3 = g.greater(add_3, greater_2_expanded_2);
    let v_where_5 = g.reshape(conv2d_backward_input_6, &[512, 8]);
    let v_where_6 = g.mul(v_where_5, greater_3);
    let sum_to_9_sum = g.reshape(v_where_6, &[4096, 1]);
    let sum_to_9_sum_2 = g.reshape(sum_to_9_sum, &[512, 8]);
    let sum_to_9_sum_3 = g.sum_inner(sum_to_9_sum_2);
    let sum_to_9_sum_4 = g.reshape(sum_to_9_sum_3, &[64, 8]);
    let sum_to_9_sum_5 = g.sum_inner(sum_to_9_sum_4);
    let sum_to_9_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_9_sum_6 = g.reshape(sum_to_9_sum_5, &[4, 16]);
    let sum_to_9_sum_7 = g.matmul(sum_to_9_sum_ones, sum_to_9_sum_6);
    let sum_to_7 = g.reshape(sum_to_9_sum_7, &[16, 1]);
    let reshape_11 = g.reshape(sum_to_7, &[1, 16]);
    let mul_12_expanded = g.reshape(reshape_4, &[16, 1]);
    let mul_12_expanded_2 = g.broadcast_inner(mul_12_expanded, 8);
    let mul_12_expanded_3 = g.transpose(mul_12_expanded_2);
    let mul_12_expanded_4 = g.reshape(mul_12_expanded_3, &[128, 1]);
    let mul_12_expanded_5 = g.broadcast_inner(mul_12_expanded_4, 8);
    let mul_12_expanded_6 = g.reshape(mul_12_expanded_5, &[8, 128]);
    let mul_12_expanded_7 = g.transpose(mul_12_expanded_6);
    let mul_12_expanded_8 = g.reshape(mul_12_expanded_7, &[16, 64]);
    let mul_12_expanded_9 = g.reshape(mul_12_expanded_8, &[1, 1024]);
    let mul_12_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_12_expanded_10 = g.matmul(mul_12_expanded_ones, mul_12_expanded_9);
    let mul_12_expanded_11 = g.reshape(mul_12_expanded_10, &[1, 4096]);
    let mul_13 = g.reshape(mul_12_expanded_11, &[512, 8]);
    let mul_14 = g.mul(v_where_6, mul_13);
    let mul_15 = g.mul(v_where_6, sub_4);
    let sum_to_10_sum = g.reshape(mul_15, &[4096, 1]);
    let sum_to_10_sum_2 = g.reshape(sum_to_10_sum, &[512, 8]);
    let sum_to_10_sum_3 = g.sum_inner(sum_to_10_sum_2);
    let sum_to_10_sum_4 = g.reshape(sum_to_10_sum_3, &[64, 8]);
    let sum_to_10_sum_5 = g.sum_inner(sum_to_10_sum_4);
    let sum_to_10_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_10_sum_6 = g.reshape(sum_to_10_sum_5, &[4, 16]);
    let sum_to_10_sum_7 = g.matmul(sum_to_10_sum_ones, sum_to_10_sum_6);
    let sum_to_8 = g.reshape(sum_to_10_sum_7, &[16, 1]);
    let reshape_12 = g.reshape(sum_to_8, &[1, 16]);
    let mul_16 = g.mul(reshape_12, rsqrt_4);
    let conv2d_backward_input_7 = g.reshape(mul_14, &[4096]);
    let conv2d_backward_input_8 = g.conv2d_grad_input(
        conv2d_backward_input_7,
        layer2_0_conv1_weight,
        4,
        256,
        8,
        8,
        16,
        1,
        1,
        1,
        0,
        0,
    );
    let conv2d_backward_weight_10 = g.reshape(mul_14, &[4096]);
    let conv2d_backward_weight_11 = g.reshape(x, &[65536]);
    let conv2d_backward_weight_12 = g.conv2d_grad_weight(
        conv2d_backward_weight_10,
        conv2d_backward_weight_11,
        256,
        8,
        8,
        16,
        1,
        1,
        1,
        0,
        0,
    );
    let add_4 = g.add(conv2d_backward_input_2, conv2d_backward_input_8);
    [
        reshape_5,
        mul_4,
        conv2d_backward_weight_3,
        reshape_7,
        mul_8,
        conv2d_backward_weight_6,
        reshape_9,
        mul_12,
        conv2d_backward_weight_9,
        reshape_11,
        mul_16,
        conv2d_backward_weight_12,
        add_4,
    ]
}

/// BottleneckBackward4: `layer1_grad.0` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments)]
fn bottleneck_backward_4(
    g: &mut Graph,
    _p: &str,
    out: NodeId,
    add: NodeId,
    reshape: NodeId,
    sub: NodeId,
    rsqrt: NodeId,
    layer1_0_downsample_0_weight: NodeId,
    x: NodeId,
    reshape_2: NodeId,
    sub_2: NodeId,
    rsqrt_2: NodeId,
    layer1_0_conv3_weight: NodeId,
    out_2: NodeId,
    add_2: NodeId,
    reshape_3: NodeId,
    sub_3: NodeId,
    rsqrt_3: NodeId,
    layer1_0_conv2_weight: NodeId,
    out_3: NodeId,
    add_3: NodeId,
    reshape_4: NodeId,
    sub_4: NodeId,
    rsqrt_4: NodeId,
    layer1_0_conv1_weight: NodeId,
) -> [NodeId; 13] {
    let greater_expanded = g.constant(vec![0.0_f32; 8192], &[8192, 1]);
    let greater_expanded_2 = g.broadcast_inner(greater_expanded, 8);
    let greater = g.greater(out, greater_expanded_2);
    let v_where = g.reshape(add, &[8192, 8]);
    let v_where_2 = g.mul(v_where, greater);
    let sum_to_sum = g.reshape(v_where_2, &[65536, 1]);
    let sum_to_sum_2 = g.reshape(sum_to_sum, &[8192, 8]);
    let sum_to_sum_3 = g.sum_inner(sum_to_sum_2);
    let sum_to_sum_4 = g.reshape(sum_to_sum_3, &[1024, 8]);
    let sum_to_sum_5 = g.sum_inner(sum_to_sum_4);
    let sum_to_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_sum_6 = g.reshape(sum_to_sum_5, &[4, 256]);
    let sum_to_sum_7 = g.matmul(sum_to_sum_ones, sum_to_sum_6);
    let sum_to = g.reshape(sum_to_sum_7, &[256, 1]);
    let reshape_5 = g.reshape(sum_to, &[1, 256]);
    let mul_expanded = g.reshape(reshape, &[256, 1]);
    let mul_expanded_2 = g.broadcast_inner(mul_expanded, 8);
    let mul_expanded_3 = g.transpose(mul_expanded_2);
    let mul_expanded_4 = g.reshape(mul_expanded_3, &[2048, 1]);
    let mul_expanded_5 = g.broadcast_inner(mul_expanded_4, 8);
    let mul_expanded_6 = g.reshape(mul_expanded_5, &[8, 2048]);
    let mul_expanded_7 = g.transpose(mul_expanded_6);
    let mul_expanded_8 = g.reshape(mul_expanded_7, &[256, 64]);
    let mul_expanded_9 = g.reshape(mul_expanded_8, &[1, 16384]);
    let mul_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_expanded_10 = g.matmul(mul_expanded_ones, mul_expanded_9);
    let mul_expanded_11 = g.reshape(mul_expanded_10, &[1, 65536]);
    let mul = g.reshape(mul_expanded_11, &[8192, 8]);
    let mul_2 = g.mul(v_where_2, mul);
    let mul_3 = g.mul(v_where_2, sub);
    let sum_to_1_sum = g.reshape(mul_3, &[65536, 1]);
    let sum_to_1_sum_2 = g.reshape(sum_to_1_sum, &[8192, 8]);
    let sum_to_1_sum_3 = g.sum_inner(sum_to_1_sum_2);
    let sum_to_1_sum_4 = g.reshape(sum_to_1_sum_3, &[1024, 8]);
    let sum_to_1_sum_5 = g.sum_inner(sum_to_1_sum_4);
    let sum_to_1_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_1_sum_6 = g.reshape(sum_to_1_sum_5, &[4, 256]);
    let sum_to_1_sum_7 = g.matmul(sum_to_1_sum_ones, sum_to_1_sum_6);
    let sum_to_2 = g.reshape(sum_to_1_sum_7, &[256, 1]);
    let reshape_6 = g.reshape(sum_to_2, &[1, 256]);
    let mul_4 = g.mul(reshape_6, rsqrt);
    let conv2d_backward_input = g.reshape(mul_2, &[65536]);
    let conv2d_backward_input_2 = g.conv2d_grad_input(
        conv2d_backward_input,
        layer1_0_downsample_0_weight,
        4,
        64,
        8,
        8,
        256,
        1,
        1,
        1,
        0,
        0,
    );
    let conv2d_backward_weight = g.reshape(mul_2, &[65536]);
    let conv2d_backward_weight_2 =
        g.conv2d_grad_weight(conv2d_backward_weight, x, 64, 8, 8, 256, 1, 1, 1, 0, 0);
    let sum_to_3_sum = g.reshape(v_where_2, &[65536, 1]);
    let sum_to_3_sum_2 = g.reshape(sum_to_3_sum, &[8192, 8]);
    let sum_to_3_sum_3 = g.sum_inner(sum_to_3_sum_2);
    let sum_to_3_sum_4 = g.reshape(sum_to_3_sum_3, &[1024, 8]);
    let sum_to_3_sum_5 = g.sum_inner(sum_to_3_sum_4);
    let sum_to_3_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_3_sum_6 = g.reshape(sum_to_3_sum_5, &[4, 256]);
    let sum_to_3_sum_7 = g.matmul(sum_to_3_sum_ones, sum_to_3_sum_6);
    let sum_to_3 = g.reshape(sum_to_3_sum_7, &[256, 1]);
    let reshape_7 = g.reshape(sum_to_3, &[1, 256]);
    let mul_4_expanded = g.reshape(reshape_2, &[256, 1]);
    let mul_4_expanded_2 = g.broadcast_inner(mul_4_expanded, 8);
    let mul_4_expanded_3 = g.transpose(mul_4_expanded_2);
    let mul_4_expanded_4 = g.reshape(mul_4_expanded_3, &[2048, 1]);
    let mul_4_expanded_5 = g.broadcast_inner(mul_4_expanded_4, 8);
    let mul_4_expanded_6 = g.reshape(mul_4_expanded_5, &[8, 2048]);
    let mul_4_expanded_7 = g.transpose(mul_4_expanded_6);
    let mul_4_expanded_8 = g.reshape(mul_4_expanded_7, &[256, 64]);
    let mul_4_expanded_9 = g.reshape(mul_4_expanded_8, &[1, 16384]);
    let mul_4_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_4_expanded_10 = g.matmul(mul_4_expanded_ones, mul_4_expanded_9);
    let mul_4_expanded_11 = g.reshape(mul_4_expanded_10, &[1, 65536]);
    let mul_5 = g.reshape(mul_4_expanded_11, &[8192, 8]);
    let mul_6 = g.mul(v_where_2, mul_5);
    let mul_7 = g.mul(v_where_2, sub_2);
    let sum_to_4_sum = g.reshape(mul_7, &[65536, 1]);
    let sum_to_4_sum_2 = g.reshape(sum_to_4_sum, &[8192, 8]);
    let sum_to_4_sum_3 = g.sum_inner(sum_to_4_sum_2);
    let sum_to_4_sum_4 = g.reshape(sum_to_4_sum_3, &[1024, 8]);
    let sum_to_4_sum_5 = g.sum_inner(sum_to_4_sum_4);
    let sum_to_4_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_4_sum_6 = g.reshape(sum_to_4_sum_5, &[4, 256]);
    let sum_to_4_sum_7 = g.matmul(sum_to_4_sum_ones, sum_to_4_sum_6);
    let sum_to_4 = g.reshape(sum_to_4_sum_7, &[256, 1]);
    let reshape_8 = g.reshape(sum_to_4, &[1, 256]);
    let mul_8 = g.mul(reshape_8, rsqrt_2);
    let conv2d_backward_input_3 = g.reshape(mul_6, &[65536]);
    let conv2d_backward_input_4 = g.conv2d_grad_input(
        conv2d_backward_input_3,
        layer1_0_conv3_weight,
        4,
        8,
        8,
        8,
        256,
        1,
        1,
        1,
        0,
        0,
    );
    let conv2d_backward_weight_3 = g.reshape(mul_6, &[65536]);
    let conv2d_backward_weight_4 = g.reshape(out_2, &[2048]);
    let conv2d_backward_weight_5 = g.conv2d_grad_weight(
        conv2d_backward_weight_3,
        conv2d_backward_weight_4,
        8,
        8,
        8,
        256,
        1,
        1,
        1,
        0,
        0,
    );
    let greater_1_expanded = g.constant(vec![0.0_f32; 256], &[256, 1]);
    let greater_1_expanded_2 = g.broadcast_inner(greater_1_expanded, 8);
    let greater_2 = g.greater(add_2, greater_1_expanded_2);
    let v_where_3 = g.reshape(conv2d_backward_input_4, &[256, 8]);
    let v_where_4 = g.mul(v_where_3, greater_2);
    let sum_to_6_sum = g.reshape(v_where_4, &[2048, 1]);
    let sum_to_6_sum_2 = g.reshape(sum_to_6_sum, &[256, 8]);
    let sum_to_6_sum_3 = g.sum_inner(sum_to_6_sum_2);
    let sum_to_6_sum_4 = g.reshape(sum_to_6_sum_3, &[32, 8]);
    let sum_to_6_sum_5 = g.sum_inner(sum_to_6_sum_4);
    let sum_to_6_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_6_sum_6 = g.reshape(sum_to_6_sum_5, &[4, 8]);
    let sum_to_6_sum_7 = g.matmul(sum_to_6_sum_ones, sum_to_6_sum_6);
    let sum_to_5 = g.reshape(sum_to_6_sum_7, &[8, 1]);
    let reshape_9 = g.reshape(sum_to_5, &[1, 8]);
    let mul_8_expanded = g.reshape(reshape_3, &[8, 1]);
    let mul_8_expanded_2 = g.broadcast_inner(mul_8_expanded, 8);
    let mul_8_expanded_3 = g.transpose(mul_8_expanded_2);
    let mul_8_expanded_4 = g.reshape(mul_8_expanded_3, &[64, 1]);
    let mul_8_expanded_5 = g.broadcast_inner(mul_8_expanded_4, 8);
    let mul_8_expanded_6 = g.reshape(mul_8_expanded_5, &[8, 64]);
    let mul_8_expanded_7 = g.transpose(mul_8_expanded_6);
    let mul_8_expanded_8 = g.reshape(mul_8_expanded_7, &[8, 64]);
    let mul_8_expanded_9 = g.reshape(mul_8_expanded_8, &[1, 512]);
    let mul_8_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_8_expanded_10 = g.matmul(mul_8_expanded_ones, mul_8_expanded_9);
    let mul_8_expanded_11 = g.reshape(mul_8_expanded_10, &[1, 2048]);
    let mul_9 = g.reshape(mul_8_expanded_11, &[256, 8]);
    let mul_10 = g.mul(v_where_4, mul_9);
    let mul_11 = g.mul(v_where_4, sub_3);
    let sum_to_7_sum = g.reshape(mul_11, &[2048, 1]);
    let sum_to_7_sum_2 = g.reshape(sum_to_7_sum, &[256, 8]);
    let sum_to_7_sum_3 = g.sum_inner(sum_to_7_sum_2);
    let sum_to_7_sum_4 = g.reshape(sum_to_7_sum_3, &[32, 8]);
    let sum_to_7_sum_5 = g.sum_inner(sum_to_7_sum_4);
    let sum_to_7_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_7_sum_6 = g.reshape(sum_to_7_sum_5, &[4, 8]);
    let sum_to_7_sum_7 = g.matmul(sum_to_7_sum_ones, sum_to_7_sum_6);
    let sum_to_6 = g.reshape(sum_to_7_sum_7, &[8, 1]);
    let reshape_10 = g.reshape(sum_to_6, &[1, 8]);
    let mul_12 = g.mul(reshape_10, rsqrt_3);
    let conv2d_backward_input_5 = g.reshape(mul_10, &[2048]);
    let conv2d_backward_input_6 = g.conv2d_grad_input(
        conv2d_backward_input_5,
        layer1_0_conv2_weight,
        4,
        8,
        8,
        8,
        8,
        3,
        3,
        1,
        1,
        1,
    );
    let conv2d_backward_weight_6 = g.reshape(mul_10, &[2048]);
    let conv2d_backward_weight_7 = g.reshape(out_3, &[2048]);
    let conv2d_backward_weight_8 = g.conv2d_grad_weight(
        conv2d_backward_weight_6,
        conv2d_backward_weight_7,
        8,
        8,
        8,
        8,
        3,
        3,
        1,
        1,
        1,
    );
    let greater_2_expanded = g.constant(vec![0.0_f32; 256], &[256, 1]);
    let greater_2_expanded_2 = g.broadcast_inner(greater_2_expanded, 8);
    let greater_3 = g.greater(add_3, greater_2_expanded_2);
    let v_where_5 = g.reshape(conv2d_backward_input_6, &[256, 8]);
    let v_where_6 = g.mul(v_where_5, greater_3);
    let sum_to_9_sum = g.reshape(v_where_6, &[2048, 1]);
    let sum_to_9_sum_2 = g.reshape(sum_to_9_sum, &[256, 8]);
    let sum_to_9_sum_3 = g.sum_inner(sum_to_9_sum_2);
    let sum_to_9_sum_4 = g.reshape(sum_to_9_sum_3, &[32, 8]);
    let sum_to_9_sum_5 = g.sum_inner(sum_to_9_sum_4);
    let sum_to_9_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_9_sum_6 = g.reshape(sum_to_9_sum_5, &[4, 8]);
    let sum_to_9_sum_7 = g.matmul(sum_to_9_sum_ones, sum_to_9_sum_6);
    let sum_to_7 = g.reshape(sum_to_9_sum_7, &[8, 1]);
    let reshape_11 = g.reshape(sum_to_7, &[1, 8]);
    let mul_12_expanded = g.reshape(reshape_4, &[8, 1]);
    let mul_12_expanded_2 = g.broadcast_inner(mul_12_expanded, 8);
    let mul_12_expanded_3 = g.transpose(mul_12_expanded_2);
    let mul_12_expanded_4 = g.reshape(mul_12_expanded_3, &[64, 1]);
    let mul_12_expanded_5 = g.broadcast_inner(mul_12_expanded_4, 8);
    let mul_12_expanded_6 = g.reshape(mul_12_expanded_5, &[8, 64]);
    let mul_12_expanded_7 = g.transpose(mul_12_expanded_6);
    let mul_12_expanded_8 = g.reshape(mul_12_expanded_7, &[8, 64]);
    let mul_12_expanded_9 = g.reshape(mul_12_expanded_8, &[1, 512]);
    let mul_12_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_12_expanded_10 = g.matmul(mul_12_expanded_ones, mul_12_expanded_9);
    let mul_12_expanded_11 = g.reshape(mul_12_expanded_10, &[1, 2048]);
    let mul_13 = g.reshape(mul_12_expanded_11, &[256, 8]);
    let mul_14 = g.mul(v_where_6, mul_13);
    let mul_15 = g.mul(v_where_6, sub_4);
    let sum_to_10_sum = g.reshape(mul_15, &[2048, 1]);
    let sum_to_10_sum_2 = g.reshape(sum_to_10_sum, &[256, 8]);
    let sum_to_10_sum_3 = g.sum_inner(sum_to_10_sum_2);
    let sum_to_10_sum_4 = g.reshape(sum_to_10_sum_3, &[32, 8]);
    let sum_to_10_sum_5 = g.sum_inner(sum_to_10_sum_4);
    let sum_to_10_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_10_sum_6 = g.reshape(sum_to_10_sum_5, &[4, 8]);
    let sum_to_10_sum_7 = g.matmul(sum_to_10_sum_ones, sum_to_10_sum_6);
    let sum_to_8 = g.reshape(sum_to_10_sum_7, &[8, 1]);
    let reshape_12 = g.reshape(sum_to_8, &[1, 8]);
    let mul_16 = g.mul(reshape_12, rsqrt_4);
    let conv2d_backward_input_7 = g.reshape(mul_14, &[2048]);
    let conv2d_backward_input_8 = g.conv2d_grad_input(
        conv2d_backward_input_7,
        layer1_0_conv1_weight,
        4,
        64,
        8,
        8,
        8,
        1,
        1,
        1,
        0,
        0,
    );
    let conv2d_backward_weight_9 = g.reshape(mul_14, &[2048]);
    let conv2d_backward_weight_10 =
        g.conv2d_grad_weight(conv2d_backward_weight_9, x, 64, 8, 8, 8, 1, 1, 1, 0, 0);
    let add_4 = g.add(conv2d_backward_input_2, conv2d_backward_input_8);
    [
        reshape_5,
        mul_4,
        conv2d_backward_weight_2,
        reshape_7,
        mul_8,
        conv2d_backward_weight_5,
        reshape_9,
        mul_12,
        conv2d_backward_weight_8,
        reshape_11,
        mul_16,
        conv2d_backward_weight_10,
        add_4,
    ]
}

/// ResNet: the model, its parameters by their checkpoint names.
fn res_net_3(g: &mut Graph, images: NodeId, labels: NodeId) -> [NodeId; 54] {
    let x = conv2d(
        g,
        "conv1",
        images,
        [4, 3, 32, 32],
        [64, 7, 7],
        2,
        [3, 3],
        false,
    );
    let bn1_running_var = g.parameter("bn1.running_var", &[64]);
    let add = g.reshape(bn1_running_var, &[1, 64]);
    let add_bias = g.constant(vec![1e-05_f32; 64], &[64]);
    let add_2 = g.bias_add(add, add_bias);
    let rsqrt_log = g.log(add_2);
    let rsqrt_expanded = g.constant(vec![-0.5_f32; 1], &[1, 1]);
    let rsqrt_expanded_2 = g.broadcast_inner(rsqrt_expanded, 64);
    let rsqrt = g.mul(rsqrt_log, rsqrt_expanded_2);
    let rsqrt_2 = g.exp(rsqrt);
    let bn1_weight = g.parameter("bn1.weight", &[64]);
    let mul = g.reshape(bn1_weight, &[1, 64]);
    let mul_2 = g.mul(mul, rsqrt_2);
    let bn1_running_mean = g.parameter("bn1.running_mean", &[64]);
    let reshape = g.reshape(bn1_running_mean, &[64, 1]);
    let sub = g.reshape(x, &[4096, 16]);
    let sub_expanded = g.reshape(reshape, &[64, 1]);
    let sub_expanded_2 = g.broadcast_inner(sub_expanded, 16);
    let sub_expanded_3 = g.transpose(sub_expanded_2);
    let sub_expanded_4 = g.reshape(sub_expanded_3, &[1024, 1]);
    let sub_expanded_5 = g.broadcast_inner(sub_expanded_4, 16);
    let sub_expanded_6 = g.reshape(sub_expanded_5, &[16, 1024]);
    let sub_expanded_7 = g.transpose(sub_expanded_6);
    let sub_expanded_8 = g.reshape(sub_expanded_7, &[64, 256]);
    let sub_expanded_9 = g.reshape(sub_expanded_8, &[1, 16384]);
    let sub_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let sub_expanded_10 = g.matmul(sub_expanded_ones, sub_expanded_9);
    let sub_expanded_11 = g.reshape(sub_expanded_10, &[1, 65536]);
    let sub_2 = g.reshape(sub_expanded_11, &[4096, 16]);
    let sub_neg = g.neg(sub_2);
    let sub_3 = g.add(sub, sub_neg);
    let reshape_2 = g.reshape(mul_2, &[64, 1]);
    let mul_1_expanded = g.reshape(reshape_2, &[64, 1]);
    let mul_1_expanded_2 = g.broadcast_inner(mul_1_expanded, 16);
    let mul_1_expanded_3 = g.transpose(mul_1_expanded_2);
    let mul_1_expanded_4 = g.reshape(mul_1_expanded_3, &[1024, 1]);
    let mul_1_expanded_5 = g.broadcast_inner(mul_1_expanded_4, 16);
    let mul_1_expanded_6 = g.reshape(mul_1_expanded_5, &[16, 1024]);
    let mul_1_expanded_7 = g.transpose(mul_1_expanded_6);
    let mul_1_expanded_8 = g.reshape(mul_1_expanded_7, &[64, 256]);
    let mul_1_expanded_9 = g.reshape(mul_1_expanded_8, &[1, 16384]);
    let mul_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_1_expanded_10 = g.matmul(mul_1_expanded_ones, mul_1_expanded_9);
    let mul_1_expanded_11 = g.reshape(mul_1_expanded_10, &[1, 65536]);
    let mul_3 = g.reshape(mul_1_expanded_11, &[4096, 16]);
    let mul_4 = g.mul(sub_3, mul_3);
    let bn1_bias = g.parameter("bn1.bias", &[64]);
    let reshape_3 = g.reshape(bn1_bias, &[64, 1]);
    let add_1_expanded = g.reshape(reshape_3, &[64, 1]);
    let add_1_expanded_2 = g.broadcast_inner(add_1_expanded, 16);
    let add_1_expanded_3 = g.transpose(add_1_expanded_2);
    let add_1_expanded_4 = g.reshape(add_1_expanded_3, &[1024, 1]);
    let add_1_expanded_5 = g.broadcast_inner(add_1_expanded_4, 16);
    let add_1_expanded_6 = g.reshape(add_1_expanded_5, &[16, 1024]);
    let add_1_expanded_7 = g.transpose(add_1_expanded_6);
    let add_1_expanded_8 = g.reshape(add_1_expanded_7, &[64, 256]);
    let add_1_expanded_9 = g.reshape(add_1_expanded_8, &[1, 16384]);
    let add_1_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let add_1_expanded_10 = g.matmul(add_1_expanded_ones, add_1_expanded_9);
    let add_1_expanded_11 = g.reshape(add_1_expanded_10, &[1, 65536]);
    let add_3 = g.reshape(add_1_expanded_11, &[4096, 16]);
    let add_4 = g.add(mul_4, add_3);
    let x_2 = g.relu(add_4);
    let x_3 = g.reshape(x_2, &[65536]);
    let x_4 = g.max_pool_2d(x_3, 4, 64, 16, 16, 3, 3, 2, 1);
    let [rsqrt_3, sub_4, reshape_4, add_5, out, rsqrt_4, sub_5, reshape_5, add_6, out_2, rsqrt_5, sub_6, reshape_6, rsqrt_6, sub_7, reshape_7, out_3, x_5] =
        bottleneck_6(g, "layer1.0", x_4);
    let [rsqrt_7, sub_8, reshape_8, add_7, out_4, rsqrt_8, sub_9, reshape_9, add_8, out_5, rsqrt_9, sub_10, reshape_10, rsqrt_10, sub_11, reshape_11, out_6, x_6] =
        bottleneck_2_3(g, "layer2.0", x_5);
    let [rsqrt_11, sub_12, reshape_12, add_9, out_7, rsqrt_12, sub_13, reshape_13, add_10, out_8, rsqrt_13, sub_14, reshape_14, rsqrt_14, sub_15, reshape_15, out_9, x_7] =
        bottleneck_3_3(g, "layer3.0", x_6);
    let [rsqrt_15, sub_16, reshape_16, add_11, out_10, rsqrt_16, sub_17, reshape_17, add_12, out_11, rsqrt_17, sub_18, reshape_18, rsqrt_18, sub_19, reshape_19, out_12, x_8] =
        bottleneck_4_3(g, "layer4.0", x_7);
    let x_9 = g.reshape(x_8, &[8192]);
    let x_10 = g.global_avg_pool(x_9, 4, 2048, 1);
    let fc_weight = g.parameter("fc.weight", &[10, 2048]);
    let fc_bias = g.parameter("fc.bias", &[10]);
    let logits = g.matmul_bt(x_10, fc_weight);
    let logits_2 = g.bias_add(logits, fc_bias);
    let loss = g.cross_entropy_loss(logits_2, labels);
    let softmax = g.softmax(logits_2);
    let sub_1_neg = g.neg(labels);
    let sub_20 = g.add(softmax, sub_1_neg);
    let mul_2_expanded = g.constant(vec![1.0_f32; 1], &[1, 1]);
    let mul_2_expanded_2 = g.constant(vec![0.25_f32; 1], &[1, 1]);
    let mul_5 = g.mul(mul_2_expanded, mul_2_expanded_2);
    let mul_3_expanded = g.reshape(mul_5, &[1, 1]);
    let mul_3_expanded_2 = g.broadcast_inner(mul_3_expanded, 10);
    let mul_3_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_3_expanded_3 = g.matmul(mul_3_expanded_ones, mul_3_expanded_2);
    let mul_3_expanded_4 = g.reshape(mul_3_expanded_3, &[1, 40]);
    let mul_6 = g.reshape(mul_3_expanded_4, &[4, 10]);
    let mul_7 = g.mul(sub_20, mul_6);
    let matmul = g.matmul(mul_7, fc_weight);
    let transpose = g.transpose(mul_7);
    let matmul_2 = g.matmul(transpose, x_10);
    let sum_to_sum = g.reshape(mul_7, &[40, 1]);
    let sum_to_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_sum_2 = g.reshape(sum_to_sum, &[4, 10]);
    let sum_to_sum_3 = g.matmul(sum_to_sum_ones, sum_to_sum_2);
    let mul_4_expanded = g.constant(vec![1.0_f32; 4], &[4, 1]);
    let mul_4_expanded_2 = g.broadcast_inner(mul_4_expanded, 2048);
    let mul_8 = g.mul(matmul, mul_4_expanded_2);
    let reshape_20 = g.reshape(mul_8, &[8192]);
    let broadcast_to = g.reshape(reshape_20, &[8192, 1]);
    let layer4_0_downsample_0_weight =
        shared_parameter(g, "layer4.0.downsample.0.weight", &[2097152]);
    let layer4_0_conv3_weight = shared_parameter(g, "layer4.0.conv3.weight", &[131072]);
    let layer4_0_conv2_weight = shared_parameter(g, "layer4.0.conv2.weight", &[36864]);
    let layer4_0_conv1_weight = shared_parameter(g, "layer4.0.conv1.weight", &[65536]);
    let [reshape_21, mul_9, conv2d_backward_weight, reshape_22, mul_10, conv2d_backward_weight_2, reshape_23, mul_11, conv2d_backward_weight_3, reshape_24, mul_12, conv2d_backward_weight_4, add_13] =
        bottleneck_backward(
            g,
            "layer4_grad.0",
            out_12,
            broadcast_to,
            reshape_19,
            sub_19,
            rsqrt_18,
            layer4_0_downsample_0_weight,
            x_7,
            reshape_18,
            sub_18,
            rsqrt_17,
            layer4_0_conv3_weight,
            out_11,
            add_12,
            reshape_17,
            sub_17,
            rsqrt_16,
            layer4_0_conv2_weight,
            out_10,
            add_11,
            reshape_16,
            sub_16,
            rsqrt_15,
            layer4_0_conv1_weight,
        );
    let layer3_0_downsample_0_weight =
        shared_parameter(g, "layer3.0.downsample.0.weight", &[524288]);
    let layer3_0_conv3_weight = shared_parameter(g, "layer3.0.conv3.weight", &[32768]);
    let layer3_0_conv2_weight = shared_parameter(g, "layer3.0.conv2.weight", &[9216]);
    let layer3_0_conv1_weight = shared_parameter(g, "layer3.0.conv1.weight", &[16384]);
    let [reshape_25, mul_13, conv2d_backward_weight_5, reshape_26, mul_14, conv2d_backward_weight_6, reshape_27, mul_15, conv2d_backward_weight_7, reshape_28, mul_16, conv2d_backward_weight_8, add_14] =
        bottleneck_backward_2(
            g,
            "layer3_grad.0",
            out_9,
            add_13,
            reshape_15,
            sub_15,
            rsqrt_14,
            layer3_0_downsample_0_weight,
            x_6,
            reshape_14,
            sub_14,
            rsqrt_13,
            layer3_0_conv3_weight,
            out_8,
            add_10,
            reshape_13,
            sub_13,
            rsqrt_12,
            layer3_0_conv2_weight,
            out_7,
            add_9,
            reshape_12,
            sub_12,
            rsqrt_11,
            layer3_0_conv1_weight,
        );
    let layer2_0_downsample_0_weight =
        shared_parameter(g, "layer2.0.downsample.0.weight", &[131072]);
    let layer2_0_conv3_weight = shared_parameter(g, "layer2.0.conv3.weight", &[8192]);
    let layer2_0_conv2_weight = shared_parameter(g, "layer2.0.conv2.weight", &[2304]);
    let layer2_0_conv1_weight = shared_parameter(g, "layer2.0.conv1.weight", &[4096]);
    let [reshape_29, mul_17, conv2d_backward_weight_9, reshape_30, mul_18, conv2d_backward_weight_10, reshape_31, mul_19, conv2d_backward_weight_11, reshape_32, mul_20, conv2d_backward_weight_12, add_15] =
        bottleneck_backward_3(
            g,
            "layer2_grad.0",
            out_6,
            add_14,
            reshape_11,
            sub_11,
            rsqrt_10,
            layer2_0_downsample_0_weight,
            x_5,
            reshape_10,
            sub_10,
            rsqrt_9,
            layer2_0_conv3_weight,
            out_5,
            add_8,
            reshape_9,
            sub_9,
            rsqrt_8,
            layer2_0_conv2_weight,
            out_4,
            add_7,
            reshape_8,
            sub_8,
            rsqrt_7,
            layer2_0_conv1_weight,
        );
    let layer1_0_downsample_0_weight =
        shared_parameter(g, "layer1.0.downsample.0.weight", &[16384]);
    let layer1_0_conv3_weight = shared_parameter(g, "layer1.0.conv3.weight", &[2048]);
    let layer1_0_conv2_weight = shared_parameter(g, "layer1.0.conv2.weight", &[576]);
    let layer1_0_conv1_weight = shared_parameter(g, "layer1.0.conv1.weight", &[512]);
    let [reshape_33, mul_21, conv2d_backward_weight_13, reshape_34, mul_22, conv2d_backward_weight_14, reshape_35, mul_23, conv2d_backward_weight_15, reshape_36, mul_24, conv2d_backward_weight_16, add_16] =
        bottleneck_backward_4(
            g,
            "layer1_grad.0",
            out_3,
            add_15,
            reshape_7,
            sub_7,
            rsqrt_6,
            layer1_0_downsample_0_weight,
            x_4,
            reshape_6,
            sub_6,
            rsqrt_5,
            layer1_0_conv3_weight,
            out_2,
            add_6,
            reshape_5,
            sub_5,
            rsqrt_4,
            layer1_0_conv2_weight,
            out,
            add_5,
            reshape_4,
            sub_4,
            rsqrt_3,
            layer1_0_conv1_weight,
        );
    let max_pool2d_backward = g.reshape(x_2, &[65536]);
    let max_pool2d_backward_2 =
        max_pool_2d_backward(g, add_16, max_pool2d_backward, [4, 64, 16, 16], 3, 2, 1);
    let greater_expanded = g.constant(vec![0.0_f32; 4096], &[4096, 1]);
    let greater_expanded_2 = g.broadcast_inner(greater_expanded, 16);
    let greater = g.greater(add_4, greater_expanded_2);
    let v_where = g.reshape(max_pool2d_backward_2, &[4096, 16]);
    let v_where_2 = g.mul(v_where, greater);
    let sum_to_1_sum = g.reshape(v_where_2, &[65536, 1]);
    let sum_to_1_sum_2 = g.reshape(sum_to_1_sum, &[4096, 16]);
    let sum_to_1_sum_3 = g.sum_inner(sum_to_1_sum_2);
    let sum_to_1_sum_4 = g.reshape(sum_to_1_sum_3, &[256, 16]);
    let sum_to_1_sum_5 = g.sum_inner(sum_to_1_sum_4);
    let sum_to_1_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_1_sum_6 = g.reshape(sum_to_1_sum_5, &[4, 64]);
    let sum_to_1_sum_7 = g.matmul(sum_to_1_sum_ones, sum_to_1_sum_6);
    let sum_to = g.reshape(sum_to_1_sum_7, &[64, 1]);
    let reshape_37 = g.reshape(sum_to, &[1, 64]);
    let mul_5_expanded = g.reshape(reshape_2, &[64, 1]);
    let mul_5_expanded_2 = g.broadcast_inner(mul_5_expanded, 16);
    let mul_5_expanded_3 = g.transpose(mul_5_expanded_2);
    let mul_5_expanded_4 = g.reshape(mul_5_expanded_3, &[1024, 1]);
    let mul_5_expanded_5 = g.broadcast_inner(mul_5_expanded_4, 16);
    let mul_5_expanded_6 = g.reshape(mul_5_expanded_5, &[16, 1024]);
    let mul_5_expanded_7 = g.transpose(mul_5_expanded_6);
    let mul_5_expanded_8 = g.reshape(mul_5_expanded_7, &[64, 256]);
    let mul_5_expanded_9 = g.reshape(mul_5_expanded_8, &[1, 16384]);
    let mul_5_expanded_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let mul_5_expanded_10 = g.matmul(mul_5_expanded_ones, mul_5_expanded_9);
    let mul_5_expanded_11 = g.reshape(mul_5_expanded_10, &[1, 65536]);
    let mul_25 = g.reshape(mul_5_expanded_11, &[4096, 16]);
    let mul_26 = g.mul(v_where_2, mul_25);
    let mul_27 = g.mul(v_where_2, sub_3);
    let sum_to_2_sum = g.reshape(mul_27, &[65536, 1]);
    let sum_to_2_sum_2 = g.reshape(sum_to_2_sum, &[4096, 16]);
    let sum_to_2_sum_3 = g.sum_inner(sum_to_2_sum_2);
    let sum_to_2_sum_4 = g.reshape(sum_to_2_sum_3, &[256, 16]);
    let sum_to_2_sum_5 = g.sum_inner(sum_to_2_sum_4);
    let sum_to_2_sum_ones = g.constant(vec![1.0; 4], &[1, 4]);
    let sum_to_2_sum_6 = g.reshape(sum_to_2_sum_5, &[4, 64]);
    let sum_to_2_sum_7 = g.matmul(sum_to_2_sum_ones, sum_to_2_sum_6);
    let sum_to_2 = g.reshape(sum_to_2_sum_7, &[64, 1]);
    let reshape_38 = g.reshape(sum_to_2, &[1, 64]);
    let mul_28 = g.mul(reshape_38, rsqrt_2);
    let conv2d_backward_weight_17 = g.reshape(mul_26, &[65536]);
    let conv2d_backward_weight_18 = g.conv2d_grad_weight(
        conv2d_backward_weight_17,
        images,
        3,
        32,
        32,
        64,
        7,
        7,
        2,
        3,
        3,
    );
    [
        loss,
        conv2d_backward_weight_18,
        mul_28,
        reshape_37,
        conv2d_backward_weight_16,
        mul_24,
        reshape_36,
        conv2d_backward_weight_15,
        mul_23,
        reshape_35,
        conv2d_backward_weight_14,
        mul_22,
        reshape_34,
        conv2d_backward_weight_13,
        mul_21,
        reshape_33,
        conv2d_backward_weight_12,
        mul_20,
        reshape_32,
        conv2d_backward_weight_11,
        mul_19,
        reshape_31,
        conv2d_backward_weight_10,
        mul_18,
        reshape_30,
        conv2d_backward_weight_9,
        mul_17,
        reshape_29,
        conv2d_backward_weight_8,
        mul_16,
        reshape_28,
        conv2d_backward_weight_7,
        mul_15,
        reshape_27,
        conv2d_backward_weight_6,
        mul_14,
        reshape_26,
        conv2d_backward_weight_5,
        mul_13,
        reshape_25,
        conv2d_backward_weight_4,
        mul_12,
        reshape_24,
        conv2d_backward_weight_3,
        mul_11,
        reshape_23,
        conv2d_backward_weight_2,
        mul_10,
        reshape_22,
        conv2d_backward_weight,
        mul_9,
        reshape_21,
        matmul_2,
        sum_to_sum_3,
    ]
}

/// Batch norm under `p` with its stored statistics, on a flat NCHW image ([n, c, h * w]): a
/// per-channel scale and shift computed in the graph, scale = weight / sqrt(running_var + eps),
/// shift = bias - running_mean * scale.
fn batch_norm(g: &mut Graph, p: &str, x: NodeId, [n, c, spatial]: [usize; 3], eps: f32) -> NodeId {
    let [weight, bias, mean, var] = ["weight", "bias", "running_mean", "running_var"]
        .map(|name| g.parameter(&format!("{p}.{name}"), &[c]));
    let eps = g.constant(vec![eps; c], &[c]);
    let shifted = g.add(var, eps);
    let log_var = g.log(shifted);
    let minus_half = g.constant(vec![-0.5; c], &[c]);
    let half_log_var = g.mul(log_var, minus_half);
    let rsqrt = g.exp(half_log_var);
    let scale = g.mul(weight, rsqrt);
    let mean_scaled = g.mul(mean, scale);
    let mean_scaled = g.neg(mean_scaled);
    let shift = g.add(bias, mean_scaled);
    // Meganeura's mul_per_channel reads its gate per (image, channel): the scale once per image
    let ones = g.constant(vec![1.0; n], &[n, 1]);
    let row = g.reshape(scale, &[1, c]);
    let tiled = g.matmul(ones, row);
    let gate = g.reshape(tiled, &[n * c]);
    let scaled = g.mul_per_channel(x, gate, c as u32, spatial as u32);
    g.add_per_channel(scaled, shift, c as u32, spatial as u32)
}

/// A convolution under `p` of a flat NCHW image [n, c, h, w]: its kernel [out, c, kh, kw] (flat,
/// as Meganeura's conv2d takes it), one stride, padding [ph, pw], the bias added per channel.
#[allow(clippy::too_many_arguments)]
fn conv2d(
    g: &mut Graph,
    p: &str,
    x: NodeId,
    [n, c, h, w]: [u32; 4],
    [out, kh, kw]: [u32; 3],
    stride: u32,
    [ph, pw]: [u32; 2],
    bias: bool,
) -> NodeId {
    let weight = g.parameter(&format!("{p}.weight"), &[(out * c * kh * kw) as usize]);
    let y = g.conv2d_hw(x, weight, n, c, h, w, out, kh, kw, stride, ph, pw);
    if !bias {
        return y;
    }
    let bias = g.parameter(&format!("{p}.bias"), &[out as usize]);
    let spatial = ((h + 2 * ph - kh) / stride + 1) * ((w + 2 * pw - kw) / stride + 1);
    g.add_per_channel(y, bias, out, spatial)
}

/// A linear layer under `p`: x · weightᵀ (+ bias), its weight [out, in] as the checkpoint has it.
fn linear(
    g: &mut Graph,
    p: &str,
    x: NodeId,
    [out_features, in_features]: [usize; 2],
    bias: bool,
) -> NodeId {
    let weight = g.parameter(&format!("{p}.weight"), &[out_features, in_features]);
    let y = g.matmul_bt(x, weight);
    if !bias {
        return y;
    }
    let bias = g.parameter(&format!("{p}.bias"), &[out_features]);
    g.bias_add(y, bias)
}

/// The gradient of max_pool_2d (k×k windows, one stride and padding) of a flat NCHW image
/// [n, c, h, w], `grad` that of its output: each output's gradient to the first maximum of its
/// window (row-major), as PyTorch's is (Meganeura's own MaxPool2d backward spreads it evenly).
/// Composed from Meganeura's convolutions with each channel an image of its own: for each
/// position in the window a one-hot kernel picks that input of every window (conv2d); where it
/// is the window's maximum and no earlier position was, the output's gradient goes back through
/// the same kernel (conv2d_grad_input).
#[allow(clippy::too_many_arguments)]
fn max_pool_2d_backward(
    g: &mut Graph,
    grad: NodeId,
    x: NodeId,
    [n, c, h, w]: [u32; 4],
    k: u32,
    stride: u32,
    pad: u32,
) -> NodeId {
    let planes = n * c;
    let (oh, ow) = (
        (h + 2 * pad - k) / stride + 1,
        (w + 2 * pad - k) / stride + 1,
    );
    let (rows, cols) = ((planes * oh) as usize, ow as usize);
    let max = g.max_pool_2d(x, n, c, h, w, k, k, stride, pad);
    let max = g.reshape(max, &[rows, cols]);
    let grad = g.reshape(grad, &[rows, cols]);
    let ones = g.constant(vec![1.0; cols], &[cols]);
    // 1 for the windows whose maximum no earlier position held
    let mut free = g.constant(vec![1.0; rows * cols], &[rows, cols]);
    let mut out = None;
    for di in 0..k {
        for dj in 0..k {
            let mut pick = vec![0.0; (k * k) as usize];
            pick[(di * k + dj) as usize] = 1.0;
            let kernel = g.constant(pick, &[(k * k) as usize]);
            let tap = g.conv2d_hw(x, kernel, planes, 1, h, w, 1, k, k, stride, pad, pad);
            let mut tap = g.reshape(tap, &[rows, cols]);
            // the padding (zeros here) never holds a window's maximum
            let inside = |at: u32, size: u32| at >= pad && at < size + pad;
            let padding: Vec<f32> = (0..oh)
                .flat_map(|i| (0..ow).map(move |j| (i * stride + di, j * stride + dj)))
                .map(|(r, s)| {
                    if inside(r, h) && inside(s, w) {
                        0.0
                    } else {
                        -f32::MAX
                    }
                })
                .collect();
            if padding.iter().any(|&v| v != 0.0) {
                let padding = g.constant(padding.repeat(planes as usize), &[rows, cols]);
                tap = g.add(tap, padding);
            }
            let below = g.greater(max, tap);
            let below = g.neg(below);
            let at_max = g.bias_add(below, ones);
            let first = g.mul(at_max, free);
            let taken = g.neg(first);
            free = g.add(free, taken);
            let part = g.mul(grad, first);
            let part = g.reshape(part, &[rows * cols]);
            let part =
                g.conv2d_grad_input(part, kernel, planes, 1, h, w, 1, k, k, stride, pad, pad);
            out = Some(match out {
                None => part,
                Some(sum) => g.add(sum, part),
            });
        }
    }
    out.expect("a window")
}

/// A parameter read by more than one block (tied weights): one node, made by whichever block
/// reads it first.
fn shared_parameter(g: &mut Graph, name: &str, shape: &[usize]) -> NodeId {
    let found = g
        .nodes()
        .iter()
        .find(|n| matches!(&n.op, Op::Parameter { name: m } if m == name));
    match found {
        Some(node) => node.id,
        None => g.parameter(name, shape),
    }
}
