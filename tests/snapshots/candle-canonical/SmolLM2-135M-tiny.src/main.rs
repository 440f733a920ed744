//! test
mod harness;
mod model;

use std::collections::HashMap;
use std::time::Instant;

use anyhow::{Context, Result};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use serde_json::json;

use model::Model;

/// The candle-transformers release Cargo.toml pins.
const CANDLE_VERSION: &str = "0.11.1";

fn main() -> Result<()> {
    let args = harness::parse_args()?;
    let device = match args.device.as_str() {
        "cpu" => Device::Cpu,
        "cuda" => Device::new_cuda(0)?,
        other => anyhow::bail!("unknown device {other} (cpu or cuda)"),
    };
    let sync = || device.synchronize();
    let weights = args.data.join("weights.safetensors");

    let start = Instant::now();
    // SAFETY: nothing modifies the weights file while it is mapped.
    let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[&weights], DType::F32, &device)? };
    let mut model = Model::load(vb)?;
    let inputs = candle_core::safetensors::load(args.data.join("inputs.safetensors"), &device)?;
    let input = |name: &str| {
        inputs
            .get(name)
            .with_context(|| format!("inputs.safetensors has no {name}"))
    };
    let input_ids = input("input_ids")?;
    let latency_input_ids = input("latency.input_ids")?;
    model.forward(input_ids)?;
    sync()?;
    let compile_s = start.elapsed().as_secs_f64();

    let threads = candle_core::utils::get_num_threads();
    let mut result = json!({
        "framework": "candle-transformers",
        "framework_version": CANDLE_VERSION,
        "backend": format!("{}, {threads} threads", args.device.to_uppercase()),
        "autodiff": "",
        "compile_s": compile_s,
        "not_measured": {"training": "smol::smollm3: Candle's fused rms_norm, softmax_last_dim and rope have no backward (gradients stop silently)"},
    });
    let mut tensors: HashMap<String, Tensor> = HashMap::new();
    if !args.skip.contains("inference") {
        let forward = || model.forward(input_ids);
        let (stats, logits) = harness::measure(args.warmup, args.repeat, forward, sync)?;
        result["inference_ms"] = stats;
        tensors.insert("logits".to_string(), logits);
    }
    if !args.skip.contains("latency") {
        let forward = || model.latency(latency_input_ids);
        let (stats, latency_logits) = harness::measure(args.warmup, args.repeat, forward, sync)?;
        result["latency_ms"] = stats;
        tensors.insert("latency.logits".to_string(), latency_logits);
    }
    candle_core::safetensors::save(&tensors, &args.out)?;
    harness::report(&result);
    Ok(())
}
