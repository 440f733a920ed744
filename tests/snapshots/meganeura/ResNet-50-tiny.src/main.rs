//! test
mod harness;
mod model;
mod weights;

use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use meganeura::{Graph, Mode, Session, SessionConfig};
use serde_json::json;

use weights::{Saved, Tensors};

/// The meganeura release Cargo.toml pins.
const MEGANEURA_VERSION: &str = "0.3.0";

/// Runs the graph once and waits for it.
fn run(session: &mut Session) -> Result<()> {
    session.step();
    session.wait();
    Ok(())
}

/// Writes the full graph's inputs and the checkpoint into a session.
fn feed_full(session: &mut Session, checkpoint: &Tensors, inputs: &Tensors) -> Result<()> {
    session.set_parameter("conv1.weight", &checkpoint.f32("conv1.weight")?);
    session.set_parameter("bn1.weight", &checkpoint.f32("bn1.weight")?);
    session.set_parameter("bn1.bias", &checkpoint.f32("bn1.bias")?);
    session.set_parameter("bn1.running_mean", &checkpoint.f32("bn1.running_mean")?);
    session.set_parameter("bn1.running_var", &checkpoint.f32("bn1.running_var")?);
    session.set_parameter(
        "layer1.0.conv1.weight",
        &checkpoint.f32("layer1.0.conv1.weight")?,
    );
    session.set_parameter(
        "layer1.0.bn1.weight",
        &checkpoint.f32("layer1.0.bn1.weight")?,
    );
    session.set_parameter("layer1.0.bn1.bias", &checkpoint.f32("layer1.0.bn1.bias")?);
    session.set_parameter(
        "layer1.0.bn1.running_mean",
        &checkpoint.f32("layer1.0.bn1.running_mean")?,
    );
    session.set_parameter(
        "layer1.0.bn1.running_var",
        &checkpoint.f32("layer1.0.bn1.running_var")?,
    );
    session.set_parameter(
        "layer1.0.conv2.weight",
        &checkpoint.f32("layer1.0.conv2.weight")?,
    );
    session.set_parameter(
        "layer1.0.bn2.weight",
        &checkpoint.f32("layer1.0.bn2.weight")?,
    );
    session.set_parameter("layer1.0.bn2.bias", &checkpoint.f32("layer1.0.bn2.bias")?);
    session.set_parameter(
        "layer1.0.bn2.running_mean",
        &checkpoint.f32("layer1.0.bn2.running_mean")?,
    );
    session.set_parameter(
        "layer1.0.bn2.running_var",
        &checkpoint.f32("layer1.0.bn2.running_var")?,
    );
    session.set_parameter(
        "layer1.0.conv3.weight",
        &checkpoint.f32("layer1.0.conv3.weight")?,
    );
    session.set_parameter(
        "layer1.0.bn3.weight",
        &checkpoint.f32("layer1.0.bn3.weight")?,
    );
    session.set_parameter("layer1.0.bn3.bias", &checkpoint.f32("layer1.0.bn3.bias")?);
    session.set_parameter(
        "layer1.0.bn3.running_mean",
        &checkpoint.f32("layer1.0.bn3.running_mean")?,
    );
    session.set_parameter(
        "layer1.0.bn3.running_var",
        &checkpoint.f32("layer1.0.bn3.running_var")?,
    );
    session.set_parameter(
        "layer1.0.downsample.0.weight",
        &checkpoint.f32("layer1.0.downsample.0.weight")?,
    );
    session.set_parameter(
        "layer1.0.downsample.1.weight",
        &checkpoint.f32("layer1.0.downsample.1.weight")?,
    );
    session.set_parameter(
        "layer1.0.downsample.1.bias",
        &checkpoint.f32("layer1.0.downsample.1.bias")?,
    );
    session.set_parameter(
        "layer1.0.downsample.1.running_mean",
        &checkpoint.f32("layer1.0.downsample.1.running_mean")?,
    );
    session.set_parameter(
        "layer1.0.downsample.1.running_var",
        &checkpoint.f32("layer1.0.downsample.1.running_var")?,
    );
    session.set_parameter(
        "layer2.0.conv1.weight",
        &checkpoint.f32("layer2.0.conv1.weight")?,
    );
    session.set_parameter(
        "layer2.0.bn1.weight",
        &checkpoint.f32("layer2.0.bn1.weight")?,
    );
    session.set_parameter("layer2.0.bn1.bias", &checkpoint.f32("layer2.0.bn1.bias")?);
    session.set_parameter(
        "layer2.0.bn1.running_mean",
        &checkpoint.f32("layer2.0.bn1.running_mean")?,
    );
    session.set_parameter(
        "layer2.0.bn1.running_var",
        &checkpoint.f32("layer2.0.bn1.running_var")?,
    );
    session.set_parameter(
        "layer2.0.conv2.weight",
        &checkpoint.f32("layer2.0.conv2.weight")?,
    );
    session.set_parameter(
        "layer2.0.bn2.weight",
        &checkpoint.f32("layer2.0.bn2.weight")?,
    );
    session.set_parameter("layer2.0.bn2.bias", &checkpoint.f32("layer2.0.bn2.bias")?);
    session.set_parameter(
        "layer2.0.bn2.running_mean",
        &checkpoint.f32("layer2.0.bn2.running_mean")?,
    );
    session.set_parameter(
        "layer2.0.bn2.running_var",
        &checkpoint.f32("layer2.0.bn2.running_var")?,
    );
    session.set_parameter(
        "layer2.0.conv3.weight",
        &checkpoint.f32("layer2.0.conv3.weight")?,
    );
    session.set_parameter(
        "layer2.0.bn3.weight",
        &checkpoint.f32("layer2.0.bn3.weight")?,
    );
    session.set_parameter("layer2.0.bn3.bias", &checkpoint.f32("layer2.0.bn3.bias")?);
    session.set_parameter(
        "layer2.0.bn3.running_mean",
        &checkpoint.f32("layer2.0.bn3.running_mean")?,
    );
    session.set_parameter(
        "layer2.0.bn3.running_var",
        &checkpoint.f32("layer2.0.bn3.running_var")?,
    );
    session.set_parameter(
        "layer2.0.downsample.0.weight",
        &checkpoint.f32("layer2.0.downsample.0.weight")?,
    );
    session.set_parameter(
        "layer2.0.downsample.1.weight",
        &checkpoint.f32("layer2.0.downsample.1.weight")?,
    );
    session.set_parameter(
        "layer2.0.downsample.1.bias",
        &checkpoint.f32("layer2.0.downsample.1.bias")?,
    );
    session.set_parameter(
        "layer2.0.downsample.1.running_mean",
        &checkpoint.f32("layer2.0.downsample.1.running_mean")?,
    );
    session.set_parameter(
        "layer2.0.downsample.1.running_var",
        &checkpoint.f32("layer2.0.downsample.1.running_var")?,
    );
    session.set_parameter(
        "layer3.0.conv1.weight",
        &checkpoint.f32("layer3.0.conv1.weight")?,
    );
    session.set_parameter(
        "layer3.0.bn1.weight",
        &checkpoint.f32("layer3.0.bn1.weight")?,
    );
    session.set_parameter("layer3.0.bn1.bias", &checkpoint.f32("layer3.0.bn1.bias")?);
    session.set_parameter(
        "layer3.0.bn1.running_mean",
        &checkpoint.f32("layer3.0.bn1.running_mean")?,
    );
    session.set_parameter(
        "layer3.0.bn1.running_var",
        &checkpoint.f32("layer3.0.bn1.running_var")?,
    );
    session.set_parameter(
        "layer3.0.conv2.weight",
        &checkpoint.f32("layer3.0.conv2.weight")?,
    );
    session.set_parameter(
        "layer3.0.bn2.weight",
        &checkpoint.f32("layer3.0.bn2.weight")?,
    );
    session.set_parameter("layer3.0.bn2.bias", &checkpoint.f32("layer3.0.bn2.bias")?);
    session.set_parameter(
        "layer3.0.bn2.running_mean",
        &checkpoint.f32("layer3.0.bn2.running_mean")?,
    );
    session.set_parameter(
        "layer3.0.bn2.running_var",
        &checkpoint.f32("layer3.0.bn2.running_var")?,
    );
    session.set_parameter(
        "layer3.0.conv3.weight",
        &checkpoint.f32("layer3.0.conv3.weight")?,
    );
    session.set_parameter(
        "layer3.0.bn3.weight",
        &checkpoint.f32("layer3.0.bn3.weight")?,
    );
    session.set_parameter("layer3.0.bn3.bias", &checkpoint.f32("layer3.0.bn3.bias")?);
    session.set_parameter(
        "layer3.0.bn3.running_mean",
        &checkpoint.f32("layer3.0.bn3.running_mean")?,
    );
    session.set_parameter(
        "layer3.0.bn3.running_var",
        &checkpoint.f32("layer3.0.bn3.running_var")?,
    );
    session.set_parameter(
        "layer3.0.downsample.0.weight",
        &checkpoint.f32("layer3.0.downsample.0.weight")?,
    );
    session.set_parameter(
        "layer3.0.downsample.1.weight",
        &checkpoint.f32("layer3.0.downsample.1.weight")?,
    );
    session.set_parameter(
        "layer3.0.downsample.1.bias",
        &checkpoint.f32("layer3.0.downsample.1.bias")?,
    );
    session.set_parameter(
        "layer3.0.downsample.1.running_mean",
        &checkpoint.f32("layer3.0.downsample.1.running_mean")?,
    );
    session.set_parameter(
        "layer3.0.downsample.1.running_var",
        &checkpoint.f32("layer3.0.downsample.1.running_var")?,
    );
    session.set_parameter(
        "layer4.0.conv1.weight",
        &checkpoint.f32("layer4.0.conv1.weight")?,
    );
    session.set_parameter(
        "layer4.0.bn1.weight",
        &checkpoint.f32("layer4.0.bn1.weight")?,
    );
    session.set_parameter("layer4.0.bn1.bias", &checkpoint.f32("layer4.0.bn1.bias")?);
    session.set_parameter(
        "layer4.0.bn1.running_mean",
        &checkpoint.f32("layer4.0.bn1.running_mean")?,
    );
    session.set_parameter(
        "layer4.0.bn1.running_var",
        &checkpoint.f32("layer4.0.bn1.running_var")?,
    );
    session.set_parameter(
        "layer4.0.conv2.weight",
        &checkpoint.f32("layer4.0.conv2.weight")?,
    );
    session.set_parameter(
        "layer4.0.bn2.weight",
        &checkpoint.f32("layer4.0.bn2.weight")?,
    );
    session.set_parameter("layer4.0.bn2.bias", &checkpoint.f32("layer4.0.bn2.bias")?);
    session.set_parameter(
        "layer4.0.bn2.running_mean",
        &checkpoint.f32("layer4.0.bn2.running_mean")?,
    );
    session.set_parameter(
        "layer4.0.bn2.running_var",
        &checkpoint.f32("layer4.0.bn2.running_var")?,
    );
    session.set_parameter(
        "layer4.0.conv3.weight",
        &checkpoint.f32("layer4.0.conv3.weight")?,
    );
    session.set_parameter(
        "layer4.0.bn3.weight",
        &checkpoint.f32("layer4.0.bn3.weight")?,
    );
    session.set_parameter("layer4.0.bn3.bias", &checkpoint.f32("layer4.0.bn3.bias")?);
    session.set_parameter(
        "layer4.0.bn3.running_mean",
        &checkpoint.f32("layer4.0.bn3.running_mean")?,
    );
    session.set_parameter(
        "layer4.0.bn3.running_var",
        &checkpoint.f32("layer4.0.bn3.running_var")?,
    );
    session.set_parameter(
        "layer4.0.downsample.0.weight",
        &checkpoint.f32("layer4.0.downsample.0.weight")?,
    );
    session.set_parameter(
        "layer4.0.downsample.1.weight",
        &checkpoint.f32("layer4.0.downsample.1.weight")?,
    );
    session.set_parameter(
        "layer4.0.downsample.1.bias",
        &checkpoint.f32("layer4.0.downsample.1.bias")?,
    );
    session.set_parameter(
        "layer4.0.downsample.1.running_mean",
        &checkpoint.f32("layer4.0.downsample.1.running_mean")?,
    );
    session.set_parameter(
        "layer4.0.downsample.1.running_var",
        &checkpoint.f32("layer4.0.downsample.1.running_var")?,
    );
    session.set_parameter("fc.weight", &checkpoint.f32("fc.weight")?);
    session.set_parameter("fc.bias", &checkpoint.f32("fc.bias")?);
    session.set_input("labels", &inputs.one_hot("labels", 10)?);
    session.set_input("images", &inputs.f32("images")?);
    Ok(())
}

/// Writes the latency graph's inputs and the checkpoint into a session.
fn feed_latency(session: &mut Session, checkpoint: &Tensors, inputs: &Tensors) -> Result<()> {
    session.set_parameter("conv1.weight", &checkpoint.f32("conv1.weight")?);
    session.set_parameter("bn1.weight", &checkpoint.f32("bn1.weight")?);
    session.set_parameter("bn1.bias", &checkpoint.f32("bn1.bias")?);
    session.set_parameter("bn1.running_mean", &checkpoint.f32("bn1.running_mean")?);
    session.set_parameter("bn1.running_var", &checkpoint.f32("bn1.running_var")?);
    session.set_parameter(
        "layer1.0.conv1.weight",
        &checkpoint.f32("layer1.0.conv1.weight")?,
    );
    session.set_parameter(
        "layer1.0.bn1.weight",
        &checkpoint.f32("layer1.0.bn1.weight")?,
    );
    session.set_parameter("layer1.0.bn1.bias", &checkpoint.f32("layer1.0.bn1.bias")?);
    session.set_parameter(
        "layer1.0.bn1.running_mean",
        &checkpoint.f32("layer1.0.bn1.running_mean")?,
    );
    session.set_parameter(
        "layer1.0.bn1.running_var",
        &checkpoint.f32("layer1.0.bn1.running_var")?,
    );
    session.set_parameter(
        "layer1.0.conv2.weight",
        &checkpoint.f32("layer1.0.conv2.weight")?,
    );
    session.set_parameter(
        "layer1.0.bn2.weight",
        &checkpoint.f32("layer1.0.bn2.weight")?,
    );
    session.set_parameter("layer1.0.bn2.bias", &checkpoint.f32("layer1.0.bn2.bias")?);
    session.set_parameter(
        "layer1.0.bn2.running_mean",
        &checkpoint.f32("layer1.0.bn2.running_mean")?,
    );
    session.set_parameter(
        "layer1.0.bn2.running_var",
        &checkpoint.f32("layer1.0.bn2.running_var")?,
    );
    session.set_parameter(
        "layer1.0.conv3.weight",
        &checkpoint.f32("layer1.0.conv3.weight")?,
    );
    session.set_parameter(
        "layer1.0.bn3.weight",
        &checkpoint.f32("layer1.0.bn3.weight")?,
    );
    session.set_parameter("layer1.0.bn3.bias", &checkpoint.f32("layer1.0.bn3.bias")?);
    session.set_parameter(
        "layer1.0.bn3.running_mean",
        &checkpoint.f32("layer1.0.bn3.running_mean")?,
    );
    session.set_parameter(
        "layer1.0.bn3.running_var",
        &checkpoint.f32("layer1.0.bn3.running_var")?,
    );
    session.set_parameter(
        "layer1.0.downsample.0.weight",
        &checkpoint.f32("layer1.0.downsample.0.weight")?,
    );
    session.set_parameter(
        "layer1.0.downsample.1.weight",
        &checkpoint.f32("layer1.0.downsample.1.weight")?,
    );
    session.set_parameter(
        "layer1.0.downsample.1.bias",
        &checkpoint.f32("layer1.0.downsample.1.bias")?,
    );
    session.set_parameter(
        "layer1.0.downsample.1.running_mean",
        &checkpoint.f32("layer1.0.downsample.1.running_mean")?,
    );
    session.set_parameter(
        "layer1.0.downsample.1.running_var",
        &checkpoint.f32("layer1.0.downsample.1.running_var")?,
    );
    session.set_parameter(
        "layer2.0.conv1.weight",
        &checkpoint.f32("layer2.0.conv1.weight")?,
    );
    session.set_parameter(
        "layer2.0.bn1.weight",
        &checkpoint.f32("layer2.0.bn1.weight")?,
    );
    session.set_parameter("layer2.0.bn1.bias", &checkpoint.f32("layer2.0.bn1.bias")?);
    session.set_parameter(
        "layer2.0.bn1.running_mean",
        &checkpoint.f32("layer2.0.bn1.running_mean")?,
    );
    session.set_parameter(
        "layer2.0.bn1.running_var",
        &checkpoint.f32("layer2.0.bn1.running_var")?,
    );
    session.set_parameter(
        "layer2.0.conv2.weight",
        &checkpoint.f32("layer2.0.conv2.weight")?,
    );
    session.set_parameter(
        "layer2.0.bn2.weight",
        &checkpoint.f32("layer2.0.bn2.weight")?,
    );
    session.set_parameter("layer2.0.bn2.bias", &checkpoint.f32("layer2.0.bn2.bias")?);
    session.set_parameter(
        "layer2.0.bn2.running_mean",
        &checkpoint.f32("layer2.0.bn2.running_mean")?,
    );
    session.set_parameter(
        "layer2.0.bn2.running_var",
        &checkpoint.f32("layer2.0.bn2.running_var")?,
    );
    session.set_parameter(
        "layer2.0.conv3.weight",
        &checkpoint.f32("layer2.0.conv3.weight")?,
    );
    session.set_parameter(
        "layer2.0.bn3.weight",
        &checkpoint.f32("layer2.0.bn3.weight")?,
    );
    session.set_parameter("layer2.0.bn3.bias", &checkpoint.f32("layer2.0.bn3.bias")?);
    session.set_parameter(
        "layer2.0.bn3.running_mean",
        &checkpoint.f32("layer2.0.bn3.running_mean")?,
    );
    session.set_parameter(
        "layer2.0.bn3.running_var",
        &checkpoint.f32("layer2.0.bn3.running_var")?,
    );
    session.set_parameter(
        "layer2.0.downsample.0.weight",
        &checkpoint.f32("layer2.0.downsample.0.weight")?,
    );
    session.set_parameter(
        "layer2.0.downsample.1.weight",
        &checkpoint.f32("layer2.0.downsample.1.weight")?,
    );
    session.set_parameter(
        "layer2.0.downsample.1.bias",
        &checkpoint.f32("layer2.0.downsample.1.bias")?,
    );
    session.set_parameter(
        "layer2.0.downsample.1.running_mean",
        &checkpoint.f32("layer2.0.downsample.1.running_mean")?,
    );
    session.set_parameter(
        "layer2.0.downsample.1.running_var",
        &checkpoint.f32("layer2.0.downsample.1.running_var")?,
    );
    session.set_parameter(
        "layer3.0.conv1.weight",
        &checkpoint.f32("layer3.0.conv1.weight")?,
    );
    session.set_parameter(
        "layer3.0.bn1.weight",
        &checkpoint.f32("layer3.0.bn1.weight")?,
    );
    session.set_parameter("layer3.0.bn1.bias", &checkpoint.f32("layer3.0.bn1.bias")?);
    session.set_parameter(
        "layer3.0.bn1.running_mean",
        &checkpoint.f32("layer3.0.bn1.running_mean")?,
    );
    session.set_parameter(
        "layer3.0.bn1.running_var",
        &checkpoint.f32("layer3.0.bn1.running_var")?,
    );
    session.set_parameter(
        "layer3.0.conv2.weight",
        &checkpoint.f32("layer3.0.conv2.weight")?,
    );
    session.set_parameter(
        "layer3.0.bn2.weight",
        &checkpoint.f32("layer3.0.bn2.weight")?,
    );
    session.set_parameter("layer3.0.bn2.bias", &checkpoint.f32("layer3.0.bn2.bias")?);
    session.set_parameter(
        "layer3.0.bn2.running_mean",
        &checkpoint.f32("layer3.0.bn2.running_mean")?,
    );
    session.set_parameter(
        "layer3.0.bn2.running_var",
        &checkpoint.f32("layer3.0.bn2.running_var")?,
    );
    session.set_parameter(
        "layer3.0.conv3.weight",
        &checkpoint.f32("layer3.0.conv3.weight")?,
    );
    session.set_parameter(
        "layer3.0.bn3.weight",
        &checkpoint.f32("layer3.0.bn3.weight")?,
    );
    session.set_parameter("layer3.0.bn3.bias", &checkpoint.f32("layer3.0.bn3.bias")?);
    session.set_parameter(
        "layer3.0.bn3.running_mean",
        &checkpoint.f32("layer3.0.bn3.running_mean")?,
    );
    session.set_parameter(
        "layer3.0.bn3.running_var",
        &checkpoint.f32("layer3.0.bn3.running_var")?,
    );
    session.set_parameter(
        "layer3.0.downsample.0.weight",
        &checkpoint.f32("layer3.0.downsample.0.weight")?,
    );
    session.set_parameter(
        "layer3.0.downsample.1.weight",
        &checkpoint.f32("layer3.0.downsample.1.weight")?,
    );
    session.set_parameter(
        "layer3.0.downsample.1.bias",
        &checkpoint.f32("layer3.0.downsample.1.bias")?,
    );
    session.set_parameter(
        "layer3.0.downsample.1.running_mean",
        &checkpoint.f32("layer3.0.downsample.1.running_mean")?,
    );
    session.set_parameter(
        "layer3.0.downsample.1.running_var",
        &checkpoint.f32("layer3.0.downsample.1.running_var")?,
    );
    session.set_parameter(
        "layer4.0.conv1.weight",
        &checkpoint.f32("layer4.0.conv1.weight")?,
    );
    session.set_parameter(
        "layer4.0.bn1.weight",
        &checkpoint.f32("layer4.0.bn1.weight")?,
    );
    session.set_parameter("layer4.0.bn1.bias", &checkpoint.f32("layer4.0.bn1.bias")?);
    session.set_parameter(
        "layer4.0.bn1.running_mean",
        &checkpoint.f32("layer4.0.bn1.running_mean")?,
    );
    session.set_parameter(
        "layer4.0.bn1.running_var",
        &checkpoint.f32("layer4.0.bn1.running_var")?,
    );
    session.set_parameter(
        "layer4.0.conv2.weight",
        &checkpoint.f32("layer4.0.conv2.weight")?,
    );
    session.set_parameter(
        "layer4.0.bn2.weight",
        &checkpoint.f32("layer4.0.bn2.weight")?,
    );
    session.set_parameter("layer4.0.bn2.bias", &checkpoint.f32("layer4.0.bn2.bias")?);
    session.set_parameter(
        "layer4.0.bn2.running_mean",
        &checkpoint.f32("layer4.0.bn2.running_mean")?,
    );
    session.set_parameter(
        "layer4.0.bn2.running_var",
        &checkpoint.f32("layer4.0.bn2.running_var")?,
    );
    session.set_parameter(
        "layer4.0.conv3.weight",
        &checkpoint.f32("layer4.0.conv3.weight")?,
    );
    session.set_parameter(
        "layer4.0.bn3.weight",
        &checkpoint.f32("layer4.0.bn3.weight")?,
    );
    session.set_parameter("layer4.0.bn3.bias", &checkpoint.f32("layer4.0.bn3.bias")?);
    session.set_parameter(
        "layer4.0.bn3.running_mean",
        &checkpoint.f32("layer4.0.bn3.running_mean")?,
    );
    session.set_parameter(
        "layer4.0.bn3.running_var",
        &checkpoint.f32("layer4.0.bn3.running_var")?,
    );
    session.set_parameter(
        "layer4.0.downsample.0.weight",
        &checkpoint.f32("layer4.0.downsample.0.weight")?,
    );
    session.set_parameter(
        "layer4.0.downsample.1.weight",
        &checkpoint.f32("layer4.0.downsample.1.weight")?,
    );
    session.set_parameter(
        "layer4.0.downsample.1.bias",
        &checkpoint.f32("layer4.0.downsample.1.bias")?,
    );
    session.set_parameter(
        "layer4.0.downsample.1.running_mean",
        &checkpoint.f32("layer4.0.downsample.1.running_mean")?,
    );
    session.set_parameter(
        "layer4.0.downsample.1.running_var",
        &checkpoint.f32("layer4.0.downsample.1.running_var")?,
    );
    session.set_parameter("fc.weight", &checkpoint.f32("fc.weight")?);
    session.set_parameter("fc.bias", &checkpoint.f32("fc.bias")?);
    session.set_input("images", &inputs.f32("latency.images")?);
    Ok(())
}

fn main() -> Result<()> {
    let args = harness::parse_args()?;
    if args.device != "cpu" {
        anyhow::bail!(
            "unknown device {} (this program runs on Vulkan: lavapipe on the CPU)",
            args.device
        );
    }
    let gpu = match meganeura::init_gpu_context() {
        Ok(gpu) => Arc::new(gpu),
        Err(e) => {
            // the runner records the row SKIPPED with this reason
            let reason = format!(
                "no Vulkan device ({e:?}): `make vulkan` installs lavapipe (mesa-vulkan-drivers)"
            );
            harness::report(&json!({ "skipped": reason }));
            return Ok(());
        }
    };
    let info = gpu.device_information();
    // A session of one graph on the shared Vulkan context.
    let new_session = |graph: &Graph, mode: Mode| -> Session {
        let config = SessionConfig {
            mode,
            gpu: Some(gpu.clone()),
            ..SessionConfig::default()
        };
        meganeura::train::build(graph, config).0
    };
    let backend = format!("Vulkan: {} ({})", info.device_name, info.driver_name);
    let checkpoint = Tensors::open(&args.data.join("weights.safetensors"))?;
    let inputs = Tensors::open(&args.data.join("inputs.safetensors"))?;

    let start = Instant::now();
    let mut graph = Graph::new();
    let outputs = model::build_full(&mut graph);
    graph.set_outputs(outputs);
    let mut session = new_session(&graph, Mode::Inference);
    feed_full(&mut session, &checkpoint, &inputs)?;
    run(&mut session)?;
    let compile_s = start.elapsed().as_secs_f64();

    let mut result = json!({
        "framework": "meganeura",
        "framework_version": MEGANEURA_VERSION,
        "backend": backend,
        "autodiff": "native",
        "compile_s": compile_s,
        "not_measured": { "training": "Meganeura's MaxPool2d backward is approximate (autodiff.rs spreads the gradient evenly, like average pooling, instead of to each window's maximum), so its native gradients would be wrong, and this emitter does not write the IR's autodiff in their place (max_pool2d: x_3)" },
    });
    let mut saved = Saved::default();
    if !args.skip.contains("inference") {
        let (stats, ()) = harness::measure(
            args.warmup,
            args.repeat,
            || run(&mut session),
            || Ok::<(), anyhow::Error>(()),
        )?;
        result["inference_ms"] = stats;
        saved.insert("loss", &[session.read_loss()], &[]);
        let mut out = vec![0.0; 40];
        session.read_output_by_index(1, &mut out);
        saved.insert("logits", &out, &[4, 10]);
    }
    drop(session);
    if !args.skip.contains("latency") {
        let mut graph = Graph::new();
        let outputs = model::build_latency(&mut graph);
        graph.set_outputs(outputs);
        let mut session = new_session(&graph, Mode::Inference);
        feed_latency(&mut session, &checkpoint, &inputs)?;
        let (stats, ()) = harness::measure(
            args.warmup,
            args.repeat,
            || run(&mut session),
            || Ok::<(), anyhow::Error>(()),
        )?;
        result["latency_ms"] = stats;
        let mut out = vec![0.0; 10];
        session.read_output_by_index(0, &mut out);
        saved.insert("latency.logits", &out, &[1, 10]);
    }
    saved.save(&args.out)?;
    harness::report(&result);
    Ok(())
}
