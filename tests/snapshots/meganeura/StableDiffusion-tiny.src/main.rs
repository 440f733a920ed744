//! test
mod harness;
mod model;
mod weights;

use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
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
    session.set_parameter("conv_in.weight", &checkpoint.f32("conv_in.weight")?);
    session.set_parameter(
        "encoder_blocks.0.norm1.weight",
        &checkpoint.f32("encoder_blocks.0.norm1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.0.norm1.bias",
        &checkpoint.f32("encoder_blocks.0.norm1.bias")?,
    );
    session.set_parameter(
        "encoder_blocks.0.conv1.weight",
        &checkpoint.f32("encoder_blocks.0.conv1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.0.norm2.weight",
        &checkpoint.f32("encoder_blocks.0.norm2.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.0.norm2.bias",
        &checkpoint.f32("encoder_blocks.0.norm2.bias")?,
    );
    session.set_parameter(
        "encoder_blocks.0.conv2.weight",
        &checkpoint.f32("encoder_blocks.0.conv2.weight")?,
    );
    session.set_parameter(
        "downsamples.0.weight",
        &checkpoint.f32("downsamples.0.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.1.norm1.weight",
        &checkpoint.f32("encoder_blocks.1.norm1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.1.norm1.bias",
        &checkpoint.f32("encoder_blocks.1.norm1.bias")?,
    );
    session.set_parameter(
        "encoder_blocks.1.conv1.weight",
        &checkpoint.f32("encoder_blocks.1.conv1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.1.norm2.weight",
        &checkpoint.f32("encoder_blocks.1.norm2.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.1.norm2.bias",
        &checkpoint.f32("encoder_blocks.1.norm2.bias")?,
    );
    session.set_parameter(
        "encoder_blocks.1.conv2.weight",
        &checkpoint.f32("encoder_blocks.1.conv2.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.1.res_conv.weight",
        &checkpoint.f32("encoder_blocks.1.res_conv.weight")?,
    );
    session.set_parameter(
        "downsamples.1.weight",
        &checkpoint.f32("downsamples.1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.2.norm1.weight",
        &checkpoint.f32("encoder_blocks.2.norm1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.2.norm1.bias",
        &checkpoint.f32("encoder_blocks.2.norm1.bias")?,
    );
    session.set_parameter(
        "encoder_blocks.2.conv1.weight",
        &checkpoint.f32("encoder_blocks.2.conv1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.2.norm2.weight",
        &checkpoint.f32("encoder_blocks.2.norm2.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.2.norm2.bias",
        &checkpoint.f32("encoder_blocks.2.norm2.bias")?,
    );
    session.set_parameter(
        "encoder_blocks.2.conv2.weight",
        &checkpoint.f32("encoder_blocks.2.conv2.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.2.res_conv.weight",
        &checkpoint.f32("encoder_blocks.2.res_conv.weight")?,
    );
    session.set_parameter(
        "middle.norm1.weight",
        &checkpoint.f32("middle.norm1.weight")?,
    );
    session.set_parameter("middle.norm1.bias", &checkpoint.f32("middle.norm1.bias")?);
    session.set_parameter(
        "middle.conv1.weight",
        &checkpoint.f32("middle.conv1.weight")?,
    );
    session.set_parameter(
        "middle.norm2.weight",
        &checkpoint.f32("middle.norm2.weight")?,
    );
    session.set_parameter("middle.norm2.bias", &checkpoint.f32("middle.norm2.bias")?);
    session.set_parameter(
        "middle.conv2.weight",
        &checkpoint.f32("middle.conv2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.0.norm1.weight",
        &checkpoint.f32("decoder_blocks.0.norm1.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.0.norm1.bias",
        &checkpoint.f32("decoder_blocks.0.norm1.bias")?,
    );
    session.set_parameter(
        "decoder_blocks.0.conv1.weight",
        &checkpoint.f32("decoder_blocks.0.conv1.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.0.norm2.weight",
        &checkpoint.f32("decoder_blocks.0.norm2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.0.norm2.bias",
        &checkpoint.f32("decoder_blocks.0.norm2.bias")?,
    );
    session.set_parameter(
        "decoder_blocks.0.conv2.weight",
        &checkpoint.f32("decoder_blocks.0.conv2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.0.res_conv.weight",
        &checkpoint.f32("decoder_blocks.0.res_conv.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.1.norm1.weight",
        &checkpoint.f32("decoder_blocks.1.norm1.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.1.norm1.bias",
        &checkpoint.f32("decoder_blocks.1.norm1.bias")?,
    );
    session.set_parameter(
        "decoder_blocks.1.conv1.weight",
        &checkpoint.f32("decoder_blocks.1.conv1.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.1.norm2.weight",
        &checkpoint.f32("decoder_blocks.1.norm2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.1.norm2.bias",
        &checkpoint.f32("decoder_blocks.1.norm2.bias")?,
    );
    session.set_parameter(
        "decoder_blocks.1.conv2.weight",
        &checkpoint.f32("decoder_blocks.1.conv2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.1.res_conv.weight",
        &checkpoint.f32("decoder_blocks.1.res_conv.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.2.norm1.weight",
        &checkpoint.f32("decoder_blocks.2.norm1.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.2.norm1.bias",
        &checkpoint.f32("decoder_blocks.2.norm1.bias")?,
    );
    session.set_parameter(
        "decoder_blocks.2.conv1.weight",
        &checkpoint.f32("decoder_blocks.2.conv1.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.2.norm2.weight",
        &checkpoint.f32("decoder_blocks.2.norm2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.2.norm2.bias",
        &checkpoint.f32("decoder_blocks.2.norm2.bias")?,
    );
    session.set_parameter(
        "decoder_blocks.2.conv2.weight",
        &checkpoint.f32("decoder_blocks.2.conv2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.2.res_conv.weight",
        &checkpoint.f32("decoder_blocks.2.res_conv.weight")?,
    );
    session.set_parameter("norm_out.weight", &checkpoint.f32("norm_out.weight")?);
    session.set_parameter("norm_out.bias", &checkpoint.f32("norm_out.bias")?);
    session.set_parameter("conv_out.weight", &checkpoint.f32("conv_out.weight")?);
    session.set_input("noisy_latent", &inputs.f32("noisy_latent")?);
    session.set_input("target", &inputs.f32("target")?);
    Ok(())
}

/// Writes the latency graph's inputs and the checkpoint into a session.
fn feed_latency(session: &mut Session, checkpoint: &Tensors, inputs: &Tensors) -> Result<()> {
    session.set_parameter("conv_in.weight", &checkpoint.f32("conv_in.weight")?);
    session.set_parameter(
        "encoder_blocks.0.norm1.weight",
        &checkpoint.f32("encoder_blocks.0.norm1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.0.norm1.bias",
        &checkpoint.f32("encoder_blocks.0.norm1.bias")?,
    );
    session.set_parameter(
        "encoder_blocks.0.conv1.weight",
        &checkpoint.f32("encoder_blocks.0.conv1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.0.norm2.weight",
        &checkpoint.f32("encoder_blocks.0.norm2.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.0.norm2.bias",
        &checkpoint.f32("encoder_blocks.0.norm2.bias")?,
    );
    session.set_parameter(
        "encoder_blocks.0.conv2.weight",
        &checkpoint.f32("encoder_blocks.0.conv2.weight")?,
    );
    session.set_parameter(
        "downsamples.0.weight",
        &checkpoint.f32("downsamples.0.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.1.norm1.weight",
        &checkpoint.f32("encoder_blocks.1.norm1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.1.norm1.bias",
        &checkpoint.f32("encoder_blocks.1.norm1.bias")?,
    );
    session.set_parameter(
        "encoder_blocks.1.conv1.weight",
        &checkpoint.f32("encoder_blocks.1.conv1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.1.norm2.weight",
        &checkpoint.f32("encoder_blocks.1.norm2.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.1.norm2.bias",
        &checkpoint.f32("encoder_blocks.1.norm2.bias")?,
    );
    session.set_parameter(
        "encoder_blocks.1.conv2.weight",
        &checkpoint.f32("encoder_blocks.1.conv2.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.1.res_conv.weight",
        &checkpoint.f32("encoder_blocks.1.res_conv.weight")?,
    );
    session.set_parameter(
        "downsamples.1.weight",
        &checkpoint.f32("downsamples.1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.2.norm1.weight",
        &checkpoint.f32("encoder_blocks.2.norm1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.2.norm1.bias",
        &checkpoint.f32("encoder_blocks.2.norm1.bias")?,
    );
    session.set_parameter(
        "encoder_blocks.2.conv1.weight",
        &checkpoint.f32("encoder_blocks.2.conv1.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.2.norm2.weight",
        &checkpoint.f32("encoder_blocks.2.norm2.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.2.norm2.bias",
        &checkpoint.f32("encoder_blocks.2.norm2.bias")?,
    );
    session.set_parameter(
        "encoder_blocks.2.conv2.weight",
        &checkpoint.f32("encoder_blocks.2.conv2.weight")?,
    );
    session.set_parameter(
        "encoder_blocks.2.res_conv.weight",
        &checkpoint.f32("encoder_blocks.2.res_conv.weight")?,
    );
    session.set_parameter(
        "middle.norm1.weight",
        &checkpoint.f32("middle.norm1.weight")?,
    );
    session.set_parameter("middle.norm1.bias", &checkpoint.f32("middle.norm1.bias")?);
    session.set_parameter(
        "middle.conv1.weight",
        &checkpoint.f32("middle.conv1.weight")?,
    );
    session.set_parameter(
        "middle.norm2.weight",
        &checkpoint.f32("middle.norm2.weight")?,
    );
    session.set_parameter("middle.norm2.bias", &checkpoint.f32("middle.norm2.bias")?);
    session.set_parameter(
        "middle.conv2.weight",
        &checkpoint.f32("middle.conv2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.0.norm1.weight",
        &checkpoint.f32("decoder_blocks.0.norm1.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.0.norm1.bias",
        &checkpoint.f32("decoder_blocks.0.norm1.bias")?,
    );
    session.set_parameter(
        "decoder_blocks.0.conv1.weight",
        &checkpoint.f32("decoder_blocks.0.conv1.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.0.norm2.weight",
        &checkpoint.f32("decoder_blocks.0.norm2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.0.norm2.bias",
        &checkpoint.f32("decoder_blocks.0.norm2.bias")?,
    );
    session.set_parameter(
        "decoder_blocks.0.conv2.weight",
        &checkpoint.f32("decoder_blocks.0.conv2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.0.res_conv.weight",
        &checkpoint.f32("decoder_blocks.0.res_conv.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.1.norm1.weight",
        &checkpoint.f32("decoder_blocks.1.norm1.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.1.norm1.bias",
        &checkpoint.f32("decoder_blocks.1.norm1.bias")?,
    );
    session.set_parameter(
        "decoder_blocks.1.conv1.weight",
        &checkpoint.f32("decoder_blocks.1.conv1.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.1.norm2.weight",
        &checkpoint.f32("decoder_blocks.1.norm2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.1.norm2.bias",
        &checkpoint.f32("decoder_blocks.1.norm2.bias")?,
    );
    session.set_parameter(
        "decoder_blocks.1.conv2.weight",
        &checkpoint.f32("decoder_blocks.1.conv2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.1.res_conv.weight",
        &checkpoint.f32("decoder_blocks.1.res_conv.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.2.norm1.weight",
        &checkpoint.f32("decoder_blocks.2.norm1.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.2.norm1.bias",
        &checkpoint.f32("decoder_blocks.2.norm1.bias")?,
    );
    session.set_parameter(
        "decoder_blocks.2.conv1.weight",
        &checkpoint.f32("decoder_blocks.2.conv1.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.2.norm2.weight",
        &checkpoint.f32("decoder_blocks.2.norm2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.2.norm2.bias",
        &checkpoint.f32("decoder_blocks.2.norm2.bias")?,
    );
    session.set_parameter(
        "decoder_blocks.2.conv2.weight",
        &checkpoint.f32("decoder_blocks.2.conv2.weight")?,
    );
    session.set_parameter(
        "decoder_blocks.2.res_conv.weight",
        &checkpoint.f32("decoder_blocks.2.res_conv.weight")?,
    );
    session.set_parameter("norm_out.weight", &checkpoint.f32("norm_out.weight")?);
    session.set_parameter("norm_out.bias", &checkpoint.f32("norm_out.bias")?);
    session.set_parameter("conv_out.weight", &checkpoint.f32("conv_out.weight")?);
    session.set_input("noisy_latent", &inputs.f32("latency.noisy_latent")?);
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
        let mut out = vec![0.0; 512];
        session.read_output_by_index(1, &mut out);
        saved.insert("sample", &out, &[2, 4, 8, 8]);
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
        let mut out = vec![0.0; 256];
        session.read_output_by_index(0, &mut out);
        saved.insert("latency.sample", &out, &[1, 4, 8, 8]);
    }
    if !args.skip.contains("training") {
        // Meganeura differentiates the graph from its first output, the loss; with no
        // optimizer set, step() runs forward and backward only.
        let build = Instant::now();
        let mut session = new_session(&graph, Mode::Training);
        feed_full(&mut session, &checkpoint, &inputs)?;
        result["train_compile_s"] = json!(build.elapsed().as_secs_f64());
        let (stats, ()) = harness::measure(
            args.warmup,
            args.repeat,
            || run(&mut session),
            || Ok::<(), anyhow::Error>(()),
        )?;
        result["training_ms"] = stats;
        saved.insert("loss", &[session.read_loss()], &[]);
        let mut grad = vec![
            0.0;
            session
                .param_size("conv_in.weight")
                .context("conv_in.weight: not a parameter of the session")?
        ];
        session.read_param_grad("conv_in.weight", &mut grad);
        saved.insert("grad.conv_in.weight", &grad, &[16, 4, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.0.norm1.weight")
                    .context("encoder_blocks.0.norm1.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.0.norm1.weight", &mut grad);
        saved.insert("grad.encoder_blocks.0.norm1.weight", &grad, &[16]);
        let mut grad = vec![
            0.0;
            session.param_size("encoder_blocks.0.norm1.bias").context(
                "encoder_blocks.0.norm1.bias: not a parameter of the session"
            )?
        ];
        session.read_param_grad("encoder_blocks.0.norm1.bias", &mut grad);
        saved.insert("grad.encoder_blocks.0.norm1.bias", &grad, &[16]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.0.conv1.weight")
                    .context("encoder_blocks.0.conv1.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.0.conv1.weight", &mut grad);
        saved.insert("grad.encoder_blocks.0.conv1.weight", &grad, &[16, 16, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.0.norm2.weight")
                    .context("encoder_blocks.0.norm2.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.0.norm2.weight", &mut grad);
        saved.insert("grad.encoder_blocks.0.norm2.weight", &grad, &[16]);
        let mut grad = vec![
            0.0;
            session.param_size("encoder_blocks.0.norm2.bias").context(
                "encoder_blocks.0.norm2.bias: not a parameter of the session"
            )?
        ];
        session.read_param_grad("encoder_blocks.0.norm2.bias", &mut grad);
        saved.insert("grad.encoder_blocks.0.norm2.bias", &grad, &[16]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.0.conv2.weight")
                    .context("encoder_blocks.0.conv2.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.0.conv2.weight", &mut grad);
        saved.insert("grad.encoder_blocks.0.conv2.weight", &grad, &[16, 16, 3, 3]);
        let mut grad = vec![
            0.0;
            session
                .param_size("downsamples.0.weight")
                .context("downsamples.0.weight: not a parameter of the session")?
        ];
        session.read_param_grad("downsamples.0.weight", &mut grad);
        saved.insert("grad.downsamples.0.weight", &grad, &[16, 16, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.1.norm1.weight")
                    .context("encoder_blocks.1.norm1.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.1.norm1.weight", &mut grad);
        saved.insert("grad.encoder_blocks.1.norm1.weight", &grad, &[16]);
        let mut grad = vec![
            0.0;
            session.param_size("encoder_blocks.1.norm1.bias").context(
                "encoder_blocks.1.norm1.bias: not a parameter of the session"
            )?
        ];
        session.read_param_grad("encoder_blocks.1.norm1.bias", &mut grad);
        saved.insert("grad.encoder_blocks.1.norm1.bias", &grad, &[16]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.1.conv1.weight")
                    .context("encoder_blocks.1.conv1.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.1.conv1.weight", &mut grad);
        saved.insert("grad.encoder_blocks.1.conv1.weight", &grad, &[32, 16, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.1.norm2.weight")
                    .context("encoder_blocks.1.norm2.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.1.norm2.weight", &mut grad);
        saved.insert("grad.encoder_blocks.1.norm2.weight", &grad, &[32]);
        let mut grad = vec![
            0.0;
            session.param_size("encoder_blocks.1.norm2.bias").context(
                "encoder_blocks.1.norm2.bias: not a parameter of the session"
            )?
        ];
        session.read_param_grad("encoder_blocks.1.norm2.bias", &mut grad);
        saved.insert("grad.encoder_blocks.1.norm2.bias", &grad, &[32]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.1.conv2.weight")
                    .context("encoder_blocks.1.conv2.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.1.conv2.weight", &mut grad);
        saved.insert("grad.encoder_blocks.1.conv2.weight", &grad, &[32, 32, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.1.res_conv.weight")
                    .context("encoder_blocks.1.res_conv.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.1.res_conv.weight", &mut grad);
        saved.insert(
            "grad.encoder_blocks.1.res_conv.weight",
            &grad,
            &[32, 16, 1, 1],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("downsamples.1.weight")
                .context("downsamples.1.weight: not a parameter of the session")?
        ];
        session.read_param_grad("downsamples.1.weight", &mut grad);
        saved.insert("grad.downsamples.1.weight", &grad, &[32, 32, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.2.norm1.weight")
                    .context("encoder_blocks.2.norm1.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.2.norm1.weight", &mut grad);
        saved.insert("grad.encoder_blocks.2.norm1.weight", &grad, &[32]);
        let mut grad = vec![
            0.0;
            session.param_size("encoder_blocks.2.norm1.bias").context(
                "encoder_blocks.2.norm1.bias: not a parameter of the session"
            )?
        ];
        session.read_param_grad("encoder_blocks.2.norm1.bias", &mut grad);
        saved.insert("grad.encoder_blocks.2.norm1.bias", &grad, &[32]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.2.conv1.weight")
                    .context("encoder_blocks.2.conv1.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.2.conv1.weight", &mut grad);
        saved.insert("grad.encoder_blocks.2.conv1.weight", &grad, &[64, 32, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.2.norm2.weight")
                    .context("encoder_blocks.2.norm2.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.2.norm2.weight", &mut grad);
        saved.insert("grad.encoder_blocks.2.norm2.weight", &grad, &[64]);
        let mut grad = vec![
            0.0;
            session.param_size("encoder_blocks.2.norm2.bias").context(
                "encoder_blocks.2.norm2.bias: not a parameter of the session"
            )?
        ];
        session.read_param_grad("encoder_blocks.2.norm2.bias", &mut grad);
        saved.insert("grad.encoder_blocks.2.norm2.bias", &grad, &[64]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.2.conv2.weight")
                    .context("encoder_blocks.2.conv2.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.2.conv2.weight", &mut grad);
        saved.insert("grad.encoder_blocks.2.conv2.weight", &grad, &[64, 64, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("encoder_blocks.2.res_conv.weight")
                    .context("encoder_blocks.2.res_conv.weight: not a parameter of the session")?
            ];
        session.read_param_grad("encoder_blocks.2.res_conv.weight", &mut grad);
        saved.insert(
            "grad.encoder_blocks.2.res_conv.weight",
            &grad,
            &[64, 32, 1, 1],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("middle.norm1.weight")
                .context("middle.norm1.weight: not a parameter of the session")?
        ];
        session.read_param_grad("middle.norm1.weight", &mut grad);
        saved.insert("grad.middle.norm1.weight", &grad, &[64]);
        let mut grad = vec![
            0.0;
            session
                .param_size("middle.norm1.bias")
                .context("middle.norm1.bias: not a parameter of the session")?
        ];
        session.read_param_grad("middle.norm1.bias", &mut grad);
        saved.insert("grad.middle.norm1.bias", &grad, &[64]);
        let mut grad = vec![
            0.0;
            session
                .param_size("middle.conv1.weight")
                .context("middle.conv1.weight: not a parameter of the session")?
        ];
        session.read_param_grad("middle.conv1.weight", &mut grad);
        saved.insert("grad.middle.conv1.weight", &grad, &[64, 64, 3, 3]);
        let mut grad = vec![
            0.0;
            session
                .param_size("middle.norm2.weight")
                .context("middle.norm2.weight: not a parameter of the session")?
        ];
        session.read_param_grad("middle.norm2.weight", &mut grad);
        saved.insert("grad.middle.norm2.weight", &grad, &[64]);
        let mut grad = vec![
            0.0;
            session
                .param_size("middle.norm2.bias")
                .context("middle.norm2.bias: not a parameter of the session")?
        ];
        session.read_param_grad("middle.norm2.bias", &mut grad);
        saved.insert("grad.middle.norm2.bias", &grad, &[64]);
        let mut grad = vec![
            0.0;
            session
                .param_size("middle.conv2.weight")
                .context("middle.conv2.weight: not a parameter of the session")?
        ];
        session.read_param_grad("middle.conv2.weight", &mut grad);
        saved.insert("grad.middle.conv2.weight", &grad, &[64, 64, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.0.norm1.weight")
                    .context("decoder_blocks.0.norm1.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.0.norm1.weight", &mut grad);
        saved.insert("grad.decoder_blocks.0.norm1.weight", &grad, &[128]);
        let mut grad = vec![
            0.0;
            session.param_size("decoder_blocks.0.norm1.bias").context(
                "decoder_blocks.0.norm1.bias: not a parameter of the session"
            )?
        ];
        session.read_param_grad("decoder_blocks.0.norm1.bias", &mut grad);
        saved.insert("grad.decoder_blocks.0.norm1.bias", &grad, &[128]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.0.conv1.weight")
                    .context("decoder_blocks.0.conv1.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.0.conv1.weight", &mut grad);
        saved.insert(
            "grad.decoder_blocks.0.conv1.weight",
            &grad,
            &[64, 128, 3, 3],
        );
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.0.norm2.weight")
                    .context("decoder_blocks.0.norm2.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.0.norm2.weight", &mut grad);
        saved.insert("grad.decoder_blocks.0.norm2.weight", &grad, &[64]);
        let mut grad = vec![
            0.0;
            session.param_size("decoder_blocks.0.norm2.bias").context(
                "decoder_blocks.0.norm2.bias: not a parameter of the session"
            )?
        ];
        session.read_param_grad("decoder_blocks.0.norm2.bias", &mut grad);
        saved.insert("grad.decoder_blocks.0.norm2.bias", &grad, &[64]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.0.conv2.weight")
                    .context("decoder_blocks.0.conv2.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.0.conv2.weight", &mut grad);
        saved.insert("grad.decoder_blocks.0.conv2.weight", &grad, &[64, 64, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.0.res_conv.weight")
                    .context("decoder_blocks.0.res_conv.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.0.res_conv.weight", &mut grad);
        saved.insert(
            "grad.decoder_blocks.0.res_conv.weight",
            &grad,
            &[64, 128, 1, 1],
        );
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.1.norm1.weight")
                    .context("decoder_blocks.1.norm1.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.1.norm1.weight", &mut grad);
        saved.insert("grad.decoder_blocks.1.norm1.weight", &grad, &[96]);
        let mut grad = vec![
            0.0;
            session.param_size("decoder_blocks.1.norm1.bias").context(
                "decoder_blocks.1.norm1.bias: not a parameter of the session"
            )?
        ];
        session.read_param_grad("decoder_blocks.1.norm1.bias", &mut grad);
        saved.insert("grad.decoder_blocks.1.norm1.bias", &grad, &[96]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.1.conv1.weight")
                    .context("decoder_blocks.1.conv1.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.1.conv1.weight", &mut grad);
        saved.insert("grad.decoder_blocks.1.conv1.weight", &grad, &[32, 96, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.1.norm2.weight")
                    .context("decoder_blocks.1.norm2.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.1.norm2.weight", &mut grad);
        saved.insert("grad.decoder_blocks.1.norm2.weight", &grad, &[32]);
        let mut grad = vec![
            0.0;
            session.param_size("decoder_blocks.1.norm2.bias").context(
                "decoder_blocks.1.norm2.bias: not a parameter of the session"
            )?
        ];
        session.read_param_grad("decoder_blocks.1.norm2.bias", &mut grad);
        saved.insert("grad.decoder_blocks.1.norm2.bias", &grad, &[32]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.1.conv2.weight")
                    .context("decoder_blocks.1.conv2.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.1.conv2.weight", &mut grad);
        saved.insert("grad.decoder_blocks.1.conv2.weight", &grad, &[32, 32, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.1.res_conv.weight")
                    .context("decoder_blocks.1.res_conv.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.1.res_conv.weight", &mut grad);
        saved.insert(
            "grad.decoder_blocks.1.res_conv.weight",
            &grad,
            &[32, 96, 1, 1],
        );
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.2.norm1.weight")
                    .context("decoder_blocks.2.norm1.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.2.norm1.weight", &mut grad);
        saved.insert("grad.decoder_blocks.2.norm1.weight", &grad, &[48]);
        let mut grad = vec![
            0.0;
            session.param_size("decoder_blocks.2.norm1.bias").context(
                "decoder_blocks.2.norm1.bias: not a parameter of the session"
            )?
        ];
        session.read_param_grad("decoder_blocks.2.norm1.bias", &mut grad);
        saved.insert("grad.decoder_blocks.2.norm1.bias", &grad, &[48]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.2.conv1.weight")
                    .context("decoder_blocks.2.conv1.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.2.conv1.weight", &mut grad);
        saved.insert("grad.decoder_blocks.2.conv1.weight", &grad, &[16, 48, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.2.norm2.weight")
                    .context("decoder_blocks.2.norm2.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.2.norm2.weight", &mut grad);
        saved.insert("grad.decoder_blocks.2.norm2.weight", &grad, &[16]);
        let mut grad = vec![
            0.0;
            session.param_size("decoder_blocks.2.norm2.bias").context(
                "decoder_blocks.2.norm2.bias: not a parameter of the session"
            )?
        ];
        session.read_param_grad("decoder_blocks.2.norm2.bias", &mut grad);
        saved.insert("grad.decoder_blocks.2.norm2.bias", &grad, &[16]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.2.conv2.weight")
                    .context("decoder_blocks.2.conv2.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.2.conv2.weight", &mut grad);
        saved.insert("grad.decoder_blocks.2.conv2.weight", &grad, &[16, 16, 3, 3]);
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("decoder_blocks.2.res_conv.weight")
                    .context("decoder_blocks.2.res_conv.weight: not a parameter of the session")?
            ];
        session.read_param_grad("decoder_blocks.2.res_conv.weight", &mut grad);
        saved.insert(
            "grad.decoder_blocks.2.res_conv.weight",
            &grad,
            &[16, 48, 1, 1],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("norm_out.weight")
                .context("norm_out.weight: not a parameter of the session")?
        ];
        session.read_param_grad("norm_out.weight", &mut grad);
        saved.insert("grad.norm_out.weight", &grad, &[16]);
        let mut grad = vec![
            0.0;
            session
                .param_size("norm_out.bias")
                .context("norm_out.bias: not a parameter of the session")?
        ];
        session.read_param_grad("norm_out.bias", &mut grad);
        saved.insert("grad.norm_out.bias", &grad, &[16]);
        let mut grad = vec![
            0.0;
            session
                .param_size("conv_out.weight")
                .context("conv_out.weight: not a parameter of the session")?
        ];
        session.read_param_grad("conv_out.weight", &mut grad);
        saved.insert("grad.conv_out.weight", &grad, &[4, 16, 3, 3]);
    }
    saved.save(&args.out)?;
    harness::report(&result);
    Ok(())
}
