//! test
mod harness;
mod model;
mod weights;

use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use meganeura::compile::CompileOptions;
use meganeura::runtime::{CoopPolicy, SessionOptions};
use meganeura::{Graph, Mode, Session, SessionConfig};
use serde_json::json;

use model::{Feed, Variant};
use weights::{Saved, Tensors};

/// The meganeura release Cargo.toml pins.
const MEGANEURA_VERSION: &str = "0.3.0";

/// Runs the graph once and waits for it.
fn run(session: &mut Session) -> Result<()> {
    session.step();
    session.wait();
    Ok(())
}

/// Writes the checkpoint's parameters the session has and the variant's inputs into it.
fn feed(
    session: &mut Session,
    variant: &Variant,
    checkpoint: &Tensors,
    inputs: &Tensors,
) -> Result<()> {
    for name in checkpoint.names()? {
        if session.has_parameter(&name) {
            session.set_parameter(&name, &checkpoint.f32(&name)?);
        }
    }
    for (name, feed) in variant.inputs {
        let key = format!("{}{name}", variant.prefix);
        match feed {
            Feed::Ids => session.set_input_u32(name, &inputs.ids(&key)?),
            Feed::OneHot(classes) => session.set_input(name, &inputs.one_hot(&key, *classes)?),
            Feed::Values => session.set_input(name, &inputs.f32(&key)?),
        }
    }
    Ok(())
}

/// Reads the variant's outputs, in the order its builder returns them, into `saved`.
fn read(session: &Session, variant: &Variant, saved: &mut Saved) {
    for (index, (name, shape)) in variant.outputs.iter().enumerate() {
        let key = format!("{}{name}", variant.prefix);
        if *name == "loss" {
            saved.insert(&key, &[session.read_loss()], &[]);
            continue;
        }
        let mut out = vec![0.0; shape.iter().product()];
        session.read_output_by_index(index, &mut out);
        saved.insert(&key, &out, shape);
    }
}

fn main() -> Result<()> {
    let args = harness::parse_args()?;
    if args.device != "cpu" && args.device != "vulkan" {
        anyhow::bail!(
            "unknown device {} (this program runs on Vulkan: cpu or vulkan; lavapipe on the CPU)",
            args.device
        );
    }
    let gpu = match meganeura::init_gpu_context() {
        Ok(gpu) => Arc::new(gpu),
        Err(e) => harness::skip(&format!(
            "no Vulkan device ({e:?}): `make vulkan` installs lavapipe (mesa-vulkan-drivers)"
        )),
    };
    let info = gpu.device_information();
    // fp32 means fp32: where the GPU's cooperative matrices take only f16 inputs (NVIDIA), Meganeura
    // would multiply forward matrices in f16 (its flash attention is f16 on any GPU); native f32 tiles stay on.
    let f32_tiles = gpu.capabilities().cooperative_matrix.f32_tile > 0;
    let coop = if f32_tiles {
        CoopPolicy::Auto
    } else {
        CoopPolicy::Disabled
    };
    let backend = format!(
        "Vulkan: {} ({}), cooperative matrices {}",
        info.device_name,
        info.driver_name,
        if f32_tiles {
            "f32"
        } else {
            "off (no f32 tiles)"
        }
    );
    let checkpoint = Tensors::open(&args.data.join("weights.safetensors"))?;
    let inputs = Tensors::open(&args.data.join("inputs.safetensors"))?;
    // A session of one variant's graph on the shared Vulkan context, its weights and inputs written.
    let open = |variant: &Variant, mode: Mode| -> Result<Session> {
        let mut graph = Graph::new();
        let outputs = (variant.build)(&mut graph);
        graph.set_outputs(outputs);
        let config = SessionConfig {
            mode,
            gpu: Some(gpu.clone()),
            options: CompileOptions {
                flash_forward_coop: false,
                ..CompileOptions::default()
            }, // its f16 kernel
            runtime: SessionOptions {
                coop,
                ..SessionOptions::default()
            },
            ..SessionConfig::default()
        };
        let mut session = meganeura::train::build(&graph, config).0;
        feed(&mut session, variant, &checkpoint, &inputs)?;
        Ok(session)
    };

    let start = Instant::now();
    let mut session = open(&model::FULL, Mode::Inference)?;
    run(&mut session)?;
    let compile_s = start.elapsed().as_secs_f64();

    let mut result = json!({
        "framework": "meganeura",
        "framework_version": MEGANEURA_VERSION,
        "backend": backend,
        "autodiff": "native",
        "compile_s": compile_s,
    });
    let mut saved = Saved::default();
    let mut measure =
        |key: &str, session: &mut Session, variant: &Variant, saved: &mut Saved| -> Result<()> {
            let (stats, ()) = harness::measure(
                args.warmup,
                args.repeat,
                || run(session),
                || Ok::<(), anyhow::Error>(()),
            )?;
            result[key] = stats;
            read(session, variant, saved);
            Ok(())
        };
    if !args.skip.contains("inference") {
        measure("inference_ms", &mut session, &model::FULL, &mut saved)?;
    }
    drop(session);
    if !args.skip.contains("latency") {
        let mut session = open(&model::LATENCY, Mode::Inference)?;
        measure("latency_ms", &mut session, &model::LATENCY, &mut saved)?;
    }
    if !args.skip.contains("training") {
        // Meganeura differentiates the graph from its first output, the loss; with no
        // optimizer set, step() runs forward and backward only.
        let build = Instant::now();
        let mut session = open(&model::FULL, Mode::Training)?;
        let train_compile_s = build.elapsed().as_secs_f64();
        measure("training_ms", &mut session, &model::FULL, &mut saved)?;
        result["train_compile_s"] = json!(train_compile_s);
        for name in checkpoint.names()? {
            let frozen = model::FROZEN
                .iter()
                .any(|f| *f == name || name.ends_with(&format!(".{f}")));
            if !session.has_parameter(&name) || frozen {
                continue;
            }
            let mut grad = vec![
                0.0;
                session
                    .param_size(&name)
                    .context("a parameter of the session")?
            ];
            session.read_param_grad(&name, &mut grad);
            saved.insert(&format!("grad.{name}"), &grad, &checkpoint.shape(&name)?);
        }
    }
    saved.save(&args.out)?;
    harness::report(&result);
    Ok(())
}
