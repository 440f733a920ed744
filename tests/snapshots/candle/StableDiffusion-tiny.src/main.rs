//! test
mod harness;
mod model;
mod ops;

use std::collections::HashMap;
use std::time::Instant;

use anyhow::{Context, Result};
use candle_core::{DType, Device, Tensor};
use candle_nn::{VarBuilder, VarMap};
use serde_json::json;

use model::{loss_fn, UNet};

/// The candle-core release Cargo.toml pins.
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
    let model = UNet::load(vb)?;
    let inputs = candle_core::safetensors::load(args.data.join("inputs.safetensors"), &device)?;
    let input = |name: &str| {
        inputs
            .get(name)
            .with_context(|| format!("inputs.safetensors has no {name}"))
    };
    let noisy_latent = input("noisy_latent")?;
    let target = input("target")?;
    let latency_noisy_latent = input("latency.noisy_latent")?;
    model.forward(noisy_latent)?;
    sync()?;
    let compile_s = start.elapsed().as_secs_f64();

    let threads = candle_core::utils::get_num_threads();
    let mut result = json!({
        "framework": "candle",
        "framework_version": CANDLE_VERSION,
        "backend": format!("{}, {threads} threads", args.device.to_uppercase()),
        "autodiff": "native",
        "compile_s": compile_s,
    });
    let mut tensors: HashMap<String, Tensor> = HashMap::new();
    if !args.skip.contains("inference") {
        let forward = || model.forward(noisy_latent);
        let (stats, sample) = harness::measure(args.warmup, args.repeat, forward, sync)?;
        result["inference_ms"] = stats;
        tensors.insert("sample".to_string(), sample);
    }
    if !args.skip.contains("latency") {
        let forward = || model.forward(latency_noisy_latent);
        let (stats, latency_sample) = harness::measure(args.warmup, args.repeat, forward, sync)?;
        result["latency_ms"] = stats;
        tensors.insert("latency.sample".to_string(), latency_sample);
    }
    drop(model); // training loads its own copy of the weights
    if !args.skip.contains("training") {
        // The trained copy holds its weights as variables, so Candle records the graph.
        let mut varmap = VarMap::new();
        let train_model = UNet::load(VarBuilder::from_varmap(&varmap, DType::F32, &device))?;
        varmap.load(&weights)?;
        let step = || -> candle_core::Result<_> {
            let sample = train_model.forward(noisy_latent)?;
            let loss = loss_fn(&sample, target)?;
            let grads = loss.backward()?;
            Ok((loss, grads))
        };
        let (stats, (loss, grads)) = harness::measure(args.warmup, args.repeat, step, sync)?;
        result["training_ms"] = stats;
        tensors.insert("loss".to_string(), loss);
        for (name, var) in varmap.data().lock().unwrap().iter() {
            let grad = match grads.get(var) {
                Some(grad) => grad.clone(),
                None => {
                    eprintln!("warning: no gradient reached {name}");
                    var.zeros_like()?
                }
            };
            tensors.insert(format!("grad.{name}"), grad);
        }
    }
    candle_core::safetensors::save(&tensors, &args.out)?;
    harness::report(&result);
    Ok(())
}
