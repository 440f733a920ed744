//! ResNet in Meganeura's graph builder, from the IR: one function per block kind (per size
//! where Meganeura's builder calls take the sizes), reading its parameters by checkpoint name
//! under its path. Values are flat [rows, columns], images flat NCHW vectors; attention heads
//! stay [S, H * D].
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
