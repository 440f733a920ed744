//! test
mod harness;
mod model;
mod ops;

use std::time::Instant;

use anyhow::Result;
use burn::tensor::Device;
#[cfg(feature = "vulkan")]
use burn::tensor::DeviceKind;
#[cfg(any(feature = "vulkan", feature = "cuda"))]
use burn::tensor::Tensor;
use serde_json::json;

use model::{loss_fn, ResNet};
use ops::{Saved, Weights};

/// The burn release Cargo.toml pins.
const BURN_VERSION: &str = "0.22.1";
/// Parameters held as buffers, not trained: no gradient is written for them.
const BUFFERS: &[&str] = &["running_mean", "running_var"];

/// A cubecl device opened by one tiny computation (a missing driver panics in the runtime)
/// and the backend it is, named by the device itself; the row is SKIPPED where none opens.
#[cfg(any(feature = "vulkan", feature = "cuda"))]
fn gpu(device: Device, api: &str, fix: &str) -> (Device, String) {
    if std::panic::catch_unwind(|| Tensor::<1>::zeros([1], &device).into_data()).is_err() {
        harness::skip(&format!("no {api} device could be opened: {fix}"));
    }
    let name = device
        .identity()
        .map_or_else(|| "?".to_string(), |id| id.name);
    (device, format!("{api} ({name})"))
}

fn main() -> Result<()> {
    let args = harness::parse_args()?;
    let (device, backend) = match args.device.as_str() {
        "cpu" => (Device::flex(), format!("Flex (CPU), {} threads", rayon::current_num_threads())),
        #[cfg(feature = "vulkan")]
        "vulkan" => gpu(Device::wgpu(DeviceKind::DefaultDevice), "wgpu", "`make vulkan` installs lavapipe (mesa-vulkan-drivers)"),
        #[cfg(feature = "cuda")]
        "cuda" => gpu(Device::cuda(0), "CUDA", "it needs an NVIDIA driver and GPU"),
        other => anyhow::bail!("unknown device {other}: this build opens cpu, and vulkan or cuda where built with that \
                                 feature (`inferena run --device` builds with it)"),
    };
    let sync = || device.sync().map_err(|e| anyhow::anyhow!("{e:?}"));
    let weights = args.data.join("weights.safetensors");

    let start = Instant::now();
    let vb = Weights::open(&weights, &device)?;
    let model = ResNet::load(vb)?;
    let inputs = Weights::open(&args.data.join("inputs.safetensors"), &device)?;
    let images = inputs.tensor::<4>("images")?;
    let labels = inputs.int::<1>("labels")?;
    let latency_images = inputs.tensor::<4>("latency.images")?;
    model.forward(images.clone());
    sync()?;
    let compile_s = start.elapsed().as_secs_f64();

    let mut result = json!({
        "framework": "burn",
        "framework_version": BURN_VERSION,
        "backend": backend,
        "autodiff": "native",
        "compile_s": compile_s,
    });
    let mut saved = Saved::default();
    if !args.skip.contains("inference") {
        let forward = || Ok(model.forward(images.clone()));
        let (stats, logits) = harness::measure(args.warmup, args.repeat, forward, sync)?;
        result["inference_ms"] = stats;
        saved.insert("logits", logits.into_data(), false);
    }
    if !args.skip.contains("latency") {
        let forward = || Ok(model.forward(latency_images.clone()));
        let (stats, latency_logits) = harness::measure(args.warmup, args.repeat, forward, sync)?;
        result["latency_ms"] = stats;
        saved.insert("latency.logits", latency_logits.into_data(), false);
    }
    drop(model); // training loads its own copy of the weights
    if !args.skip.contains("training") {
        // On the autodiff device every weight Weights hands out requires a gradient.
        let train_vb = Weights::open(&weights, &device.clone().autodiff())?;
        let train_model = ResNet::load(train_vb.clone())?;
        let step = || -> Result<_> {
            let logits = train_model.forward(images.clone());
            let loss = loss_fn(logits, labels.clone());
            let grads = loss.backward();
            Ok((loss, grads))
        };
        let (stats, (loss, grads)) = harness::measure(args.warmup, args.repeat, step, sync)?;
        result["training_ms"] = stats;
        saved.insert("loss", loss.into_data(), true);
        for (name, grad, scalar) in train_vb.gradients(&grads) {
            if BUFFERS
                .iter()
                .any(|b| name == *b || name.ends_with(&format!(".{b}")))
            {
                continue;
            }
            saved.insert(&format!("grad.{name}"), grad, scalar);
        }
    }
    saved.save(&args.out)?;
    harness::report(&result);
    Ok(())
}
