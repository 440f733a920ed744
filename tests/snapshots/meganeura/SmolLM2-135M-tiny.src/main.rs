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
    session.set_parameter(
        "model.embed_tokens.weight",
        &checkpoint.f32("model.embed_tokens.weight")?,
    );
    session.set_parameter(
        "model.layers.0.input_layernorm.weight",
        &checkpoint.f32("model.layers.0.input_layernorm.weight")?,
    );
    session.set_parameter(
        "model.layers.0.self_attn.q_proj.weight",
        &checkpoint.f32("model.layers.0.self_attn.q_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.0.self_attn.k_proj.weight",
        &checkpoint.f32("model.layers.0.self_attn.k_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.0.self_attn.v_proj.weight",
        &checkpoint.f32("model.layers.0.self_attn.v_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.0.self_attn.o_proj.weight",
        &checkpoint.f32("model.layers.0.self_attn.o_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.0.post_attention_layernorm.weight",
        &checkpoint.f32("model.layers.0.post_attention_layernorm.weight")?,
    );
    session.set_parameter(
        "model.layers.0.mlp.gate_proj.weight",
        &checkpoint.f32("model.layers.0.mlp.gate_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.0.mlp.up_proj.weight",
        &checkpoint.f32("model.layers.0.mlp.up_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.0.mlp.down_proj.weight",
        &checkpoint.f32("model.layers.0.mlp.down_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.input_layernorm.weight",
        &checkpoint.f32("model.layers.1.input_layernorm.weight")?,
    );
    session.set_parameter(
        "model.layers.1.self_attn.q_proj.weight",
        &checkpoint.f32("model.layers.1.self_attn.q_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.self_attn.k_proj.weight",
        &checkpoint.f32("model.layers.1.self_attn.k_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.self_attn.v_proj.weight",
        &checkpoint.f32("model.layers.1.self_attn.v_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.self_attn.o_proj.weight",
        &checkpoint.f32("model.layers.1.self_attn.o_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.post_attention_layernorm.weight",
        &checkpoint.f32("model.layers.1.post_attention_layernorm.weight")?,
    );
    session.set_parameter(
        "model.layers.1.mlp.gate_proj.weight",
        &checkpoint.f32("model.layers.1.mlp.gate_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.mlp.up_proj.weight",
        &checkpoint.f32("model.layers.1.mlp.up_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.mlp.down_proj.weight",
        &checkpoint.f32("model.layers.1.mlp.down_proj.weight")?,
    );
    session.set_parameter("model.norm.weight", &checkpoint.f32("model.norm.weight")?);
    session.set_input_u32("input_ids", &inputs.ids("input_ids")?);
    session.set_input("labels", &inputs.one_hot("labels", 256)?);
    Ok(())
}

/// Writes the latency graph's inputs and the checkpoint into a session.
fn feed_latency(session: &mut Session, checkpoint: &Tensors, inputs: &Tensors) -> Result<()> {
    session.set_parameter(
        "model.embed_tokens.weight",
        &checkpoint.f32("model.embed_tokens.weight")?,
    );
    session.set_parameter(
        "model.layers.0.input_layernorm.weight",
        &checkpoint.f32("model.layers.0.input_layernorm.weight")?,
    );
    session.set_parameter(
        "model.layers.0.self_attn.q_proj.weight",
        &checkpoint.f32("model.layers.0.self_attn.q_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.0.self_attn.k_proj.weight",
        &checkpoint.f32("model.layers.0.self_attn.k_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.0.self_attn.v_proj.weight",
        &checkpoint.f32("model.layers.0.self_attn.v_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.0.self_attn.o_proj.weight",
        &checkpoint.f32("model.layers.0.self_attn.o_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.0.post_attention_layernorm.weight",
        &checkpoint.f32("model.layers.0.post_attention_layernorm.weight")?,
    );
    session.set_parameter(
        "model.layers.0.mlp.gate_proj.weight",
        &checkpoint.f32("model.layers.0.mlp.gate_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.0.mlp.up_proj.weight",
        &checkpoint.f32("model.layers.0.mlp.up_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.0.mlp.down_proj.weight",
        &checkpoint.f32("model.layers.0.mlp.down_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.input_layernorm.weight",
        &checkpoint.f32("model.layers.1.input_layernorm.weight")?,
    );
    session.set_parameter(
        "model.layers.1.self_attn.q_proj.weight",
        &checkpoint.f32("model.layers.1.self_attn.q_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.self_attn.k_proj.weight",
        &checkpoint.f32("model.layers.1.self_attn.k_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.self_attn.v_proj.weight",
        &checkpoint.f32("model.layers.1.self_attn.v_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.self_attn.o_proj.weight",
        &checkpoint.f32("model.layers.1.self_attn.o_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.post_attention_layernorm.weight",
        &checkpoint.f32("model.layers.1.post_attention_layernorm.weight")?,
    );
    session.set_parameter(
        "model.layers.1.mlp.gate_proj.weight",
        &checkpoint.f32("model.layers.1.mlp.gate_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.mlp.up_proj.weight",
        &checkpoint.f32("model.layers.1.mlp.up_proj.weight")?,
    );
    session.set_parameter(
        "model.layers.1.mlp.down_proj.weight",
        &checkpoint.f32("model.layers.1.mlp.down_proj.weight")?,
    );
    session.set_parameter("model.norm.weight", &checkpoint.f32("model.norm.weight")?);
    session.set_input_u32("input_ids", &inputs.ids("latency.input_ids")?);
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
        let mut out = vec![0.0; 4096];
        session.read_output_by_index(1, &mut out);
        saved.insert("logits", &out, &[1, 16, 256]);
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
        saved.insert("latency.logits", &out, &[1, 1, 256]);
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
            session.param_size("model.embed_tokens.weight").context(
                "model.embed_tokens.weight: not a parameter of the session"
            )?
        ];
        session.read_param_grad("model.embed_tokens.weight", &mut grad);
        saved.insert("grad.model.embed_tokens.weight", &grad, &[256, 64]);
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.0.input_layernorm.weight")
                .context(
                    "model.layers.0.input_layernorm.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.0.input_layernorm.weight", &mut grad);
        saved.insert("grad.model.layers.0.input_layernorm.weight", &grad, &[64]);
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.0.self_attn.q_proj.weight")
                .context(
                    "model.layers.0.self_attn.q_proj.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.0.self_attn.q_proj.weight", &mut grad);
        saved.insert(
            "grad.model.layers.0.self_attn.q_proj.weight",
            &grad,
            &[64, 64],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.0.self_attn.k_proj.weight")
                .context(
                    "model.layers.0.self_attn.k_proj.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.0.self_attn.k_proj.weight", &mut grad);
        saved.insert(
            "grad.model.layers.0.self_attn.k_proj.weight",
            &grad,
            &[32, 64],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.0.self_attn.v_proj.weight")
                .context(
                    "model.layers.0.self_attn.v_proj.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.0.self_attn.v_proj.weight", &mut grad);
        saved.insert(
            "grad.model.layers.0.self_attn.v_proj.weight",
            &grad,
            &[32, 64],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.0.self_attn.o_proj.weight")
                .context(
                    "model.layers.0.self_attn.o_proj.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.0.self_attn.o_proj.weight", &mut grad);
        saved.insert(
            "grad.model.layers.0.self_attn.o_proj.weight",
            &grad,
            &[64, 64],
        );
        let mut grad = vec![0.0; session.param_size("model.layers.0.post_attention_layernorm.weight").context("model.layers.0.post_attention_layernorm.weight: not a parameter of the session")?];
        session.read_param_grad("model.layers.0.post_attention_layernorm.weight", &mut grad);
        saved.insert(
            "grad.model.layers.0.post_attention_layernorm.weight",
            &grad,
            &[64],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.0.mlp.gate_proj.weight")
                .context(
                    "model.layers.0.mlp.gate_proj.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.0.mlp.gate_proj.weight", &mut grad);
        saved.insert(
            "grad.model.layers.0.mlp.gate_proj.weight",
            &grad,
            &[128, 64],
        );
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("model.layers.0.mlp.up_proj.weight")
                    .context("model.layers.0.mlp.up_proj.weight: not a parameter of the session")?
            ];
        session.read_param_grad("model.layers.0.mlp.up_proj.weight", &mut grad);
        saved.insert("grad.model.layers.0.mlp.up_proj.weight", &grad, &[128, 64]);
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.0.mlp.down_proj.weight")
                .context(
                    "model.layers.0.mlp.down_proj.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.0.mlp.down_proj.weight", &mut grad);
        saved.insert(
            "grad.model.layers.0.mlp.down_proj.weight",
            &grad,
            &[64, 128],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.1.input_layernorm.weight")
                .context(
                    "model.layers.1.input_layernorm.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.1.input_layernorm.weight", &mut grad);
        saved.insert("grad.model.layers.1.input_layernorm.weight", &grad, &[64]);
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.1.self_attn.q_proj.weight")
                .context(
                    "model.layers.1.self_attn.q_proj.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.1.self_attn.q_proj.weight", &mut grad);
        saved.insert(
            "grad.model.layers.1.self_attn.q_proj.weight",
            &grad,
            &[64, 64],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.1.self_attn.k_proj.weight")
                .context(
                    "model.layers.1.self_attn.k_proj.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.1.self_attn.k_proj.weight", &mut grad);
        saved.insert(
            "grad.model.layers.1.self_attn.k_proj.weight",
            &grad,
            &[32, 64],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.1.self_attn.v_proj.weight")
                .context(
                    "model.layers.1.self_attn.v_proj.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.1.self_attn.v_proj.weight", &mut grad);
        saved.insert(
            "grad.model.layers.1.self_attn.v_proj.weight",
            &grad,
            &[32, 64],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.1.self_attn.o_proj.weight")
                .context(
                    "model.layers.1.self_attn.o_proj.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.1.self_attn.o_proj.weight", &mut grad);
        saved.insert(
            "grad.model.layers.1.self_attn.o_proj.weight",
            &grad,
            &[64, 64],
        );
        let mut grad = vec![0.0; session.param_size("model.layers.1.post_attention_layernorm.weight").context("model.layers.1.post_attention_layernorm.weight: not a parameter of the session")?];
        session.read_param_grad("model.layers.1.post_attention_layernorm.weight", &mut grad);
        saved.insert(
            "grad.model.layers.1.post_attention_layernorm.weight",
            &grad,
            &[64],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.1.mlp.gate_proj.weight")
                .context(
                    "model.layers.1.mlp.gate_proj.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.1.mlp.gate_proj.weight", &mut grad);
        saved.insert(
            "grad.model.layers.1.mlp.gate_proj.weight",
            &grad,
            &[128, 64],
        );
        let mut grad =
            vec![
                0.0;
                session
                    .param_size("model.layers.1.mlp.up_proj.weight")
                    .context("model.layers.1.mlp.up_proj.weight: not a parameter of the session")?
            ];
        session.read_param_grad("model.layers.1.mlp.up_proj.weight", &mut grad);
        saved.insert("grad.model.layers.1.mlp.up_proj.weight", &grad, &[128, 64]);
        let mut grad = vec![
            0.0;
            session
                .param_size("model.layers.1.mlp.down_proj.weight")
                .context(
                    "model.layers.1.mlp.down_proj.weight: not a parameter of the session"
                )?
        ];
        session.read_param_grad("model.layers.1.mlp.down_proj.weight", &mut grad);
        saved.insert(
            "grad.model.layers.1.mlp.down_proj.weight",
            &grad,
            &[64, 128],
        );
        let mut grad = vec![
            0.0;
            session
                .param_size("model.norm.weight")
                .context("model.norm.weight: not a parameter of the session")?
        ];
        session.read_param_grad("model.norm.weight", &mut grad);
        saved.insert("grad.model.norm.weight", &grad, &[64]);
    }
    saved.save(&args.out)?;
    harness::report(&result);
    Ok(())
}
