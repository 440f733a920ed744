//! test
mod harness;
mod model;
mod ops;
mod train;
#[allow(dead_code)] // the safetensors readers are shared with Meganeura's crates
mod weights;

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;
use std::time::Instant;

use anyhow::{Context, Result};
use luminal::prelude::*;
use safetensors::{Dtype, SafeTensors};
use serde_json::{json, Value};

use ops::Net;
use weights::{Saved, Tensors};

/// The luminal release Cargo.toml pins.
const LUMINAL_VERSION: &str = "0.2.0";

/// A graph's outputs: tensor, name, shape.
type Outputs = Vec<(GraphTensor<()>, &'static str, Vec<usize>)>;

/// A compiled graph and its outputs, kept between runs.
struct Compiled {
    net: Net,
    outputs: Outputs,
}

impl Compiled {
    /// Loads the parameters (on the first run) and compiles the graph for the CPU.
    fn new(mut net: Net, outputs: Outputs, checkpoint: &Rc<Tensors>) -> Self {
        net.load(checkpoint);
        let mut tensors: Vec<GraphTensor<()>> =
            outputs.iter().map(|&(t, _, _)| t.retrieve()).collect();
        net.cx
            .compile(<(GenericCompiler, CPUCompiler)>::default(), &mut tensors);
        let outputs = tensors
            .into_iter()
            .zip(outputs)
            .map(|(t, (_, name, shape))| (t, name, shape))
            .collect();
        Self { net, outputs }
    }

    /// Runs the graph once (the last run's outputs are dropped first, or Luminal would keep them).
    fn run(&mut self) -> Result<()> {
        for (t, _, _) in &self.outputs {
            t.drop();
        }
        self.net.cx.execute();
        Ok(())
    }

    /// Warms it up and times it as `warmup` and `repeat` say; saves the last outputs.
    fn measure(
        &mut self,
        warmup: harness::Sampling,
        repeat: harness::Sampling,
        saved: &mut Saved,
    ) -> Result<Value> {
        let (stats, ()) = harness::measure(
            warmup,
            repeat,
            || self.run(),
            || Ok::<(), anyhow::Error>(()),
        )?;
        for (t, name, shape) in &self.outputs {
            saved.insert(name, &t.data(), shape);
        }
        Ok(stats)
    }
}

/// The program's inputs as f32 values (Luminal computes in f32: ids, labels and masks are exact).
fn read_inputs(path: &Path) -> Result<HashMap<String, Vec<f32>>> {
    let bytes = std::fs::read(path).with_context(|| format!("read {}", path.display()))?;
    let file = SafeTensors::deserialize(&bytes)?;
    let values = |name: &str, data: &[u8], dtype: Dtype| -> Result<Vec<f32>> {
        Ok(match dtype {
            Dtype::F32 => data
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
                .collect(),
            Dtype::F64 => data
                .chunks_exact(8)
                .map(|b| f64::from_le_bytes(b.try_into().unwrap()) as f32)
                .collect(),
            Dtype::I64 => data
                .chunks_exact(8)
                .map(|b| i64::from_le_bytes(b.try_into().unwrap()) as f32)
                .collect(),
            Dtype::BOOL | Dtype::U8 => data.iter().map(|&b| f32::from(b)).collect(),
            other => anyhow::bail!("inputs.safetensors: {name} is {other:?}"),
        })
    };
    file.tensors()
        .into_iter()
        .map(|(name, t)| Ok((name.clone(), values(&name, t.data(), t.dtype())?)))
        .collect()
}

/// One input's values.
fn input(inputs: &HashMap<String, Vec<f32>>, name: &str) -> Result<Vec<f32>> {
    inputs
        .get(name)
        .cloned()
        .with_context(|| format!("inputs.safetensors has no {name}"))
}

/// The full graph: its inputs, the model, its outputs.
fn build_full(inputs: &HashMap<String, Vec<f32>>) -> Result<(Net, Outputs)> {
    let mut n = Net::default();
    let noisy_latent = n.input::<R4<2, 4, 8, 8>>("noisy_latent", input(inputs, "noisy_latent")?);
    let sample = model::u_net(&mut n, noisy_latent);
    let outputs = vec![(sample.no_shape(), "sample", vec![2, 4, 8, 8])];
    Ok((n, outputs))
}

/// The latency graph (minimal input).
fn build_latency(inputs: &HashMap<String, Vec<f32>>) -> Result<(Net, Outputs)> {
    let mut n = Net::default();
    let noisy_latent = n.input::<R4<1, 4, 8, 8>>(
        "latency.noisy_latent",
        input(inputs, "latency.noisy_latent")?,
    );
    let sample = model::u_net(&mut n, noisy_latent);
    let outputs = vec![(sample.no_shape(), "latency.sample", vec![1, 4, 8, 8])];
    Ok((n, outputs))
}

/// The training graph: forward, loss and the IR's backward, its outputs the loss and every gradient.
fn build_training(inputs: &HashMap<String, Vec<f32>>) -> Result<(Net, Outputs)> {
    let mut n = Net::default();
    let noisy_latent = n.input::<R4<2, 4, 8, 8>>("noisy_latent", input(inputs, "noisy_latent")?);
    let target = n.input::<R4<2, 4, 8, 8>>("target", input(inputs, "target")?);
    let (
        loss,
        grad_conv_in_weight,
        grad_encoder_blocks_0_norm1_weight,
        grad_encoder_blocks_0_norm1_bias,
        grad_encoder_blocks_0_conv1_weight,
        grad_encoder_blocks_0_norm2_weight,
        grad_encoder_blocks_0_norm2_bias,
        grad_encoder_blocks_0_conv2_weight,
        grad_downsamples_0_weight,
        grad_encoder_blocks_1_norm1_weight,
        grad_encoder_blocks_1_norm1_bias,
        grad_encoder_blocks_1_conv1_weight,
        grad_encoder_blocks_1_norm2_weight,
        grad_encoder_blocks_1_norm2_bias,
        grad_encoder_blocks_1_conv2_weight,
        grad_encoder_blocks_1_res_conv_weight,
        grad_downsamples_1_weight,
        grad_encoder_blocks_2_norm1_weight,
        grad_encoder_blocks_2_norm1_bias,
        grad_encoder_blocks_2_conv1_weight,
        grad_encoder_blocks_2_norm2_weight,
        grad_encoder_blocks_2_norm2_bias,
        grad_encoder_blocks_2_conv2_weight,
        grad_encoder_blocks_2_res_conv_weight,
        grad_middle_norm1_weight,
        grad_middle_norm1_bias,
        grad_middle_conv1_weight,
        grad_middle_norm2_weight,
        grad_middle_norm2_bias,
        grad_middle_conv2_weight,
        grad_decoder_blocks_0_norm1_weight,
        grad_decoder_blocks_0_norm1_bias,
        grad_decoder_blocks_0_conv1_weight,
        grad_decoder_blocks_0_norm2_weight,
        grad_decoder_blocks_0_norm2_bias,
        grad_decoder_blocks_0_conv2_weight,
        grad_decoder_blocks_0_res_conv_weight,
        grad_decoder_blocks_1_norm1_weight,
        grad_decoder_blocks_1_norm1_bias,
        grad_decoder_blocks_1_conv1_weight,
        grad_decoder_blocks_1_norm2_weight,
        grad_decoder_blocks_1_norm2_bias,
        grad_decoder_blocks_1_conv2_weight,
        grad_decoder_blocks_1_res_conv_weight,
        grad_decoder_blocks_2_norm1_weight,
        grad_decoder_blocks_2_norm1_bias,
        grad_decoder_blocks_2_conv1_weight,
        grad_decoder_blocks_2_norm2_weight,
        grad_decoder_blocks_2_norm2_bias,
        grad_decoder_blocks_2_conv2_weight,
        grad_decoder_blocks_2_res_conv_weight,
        grad_norm_out_weight,
        grad_norm_out_bias,
        grad_conv_out_weight,
    ) = train::u_net(&mut n, noisy_latent, target);
    let outputs = vec![
        (loss.no_shape(), "loss", vec![]),
        (
            grad_conv_in_weight.no_shape(),
            "grad.conv_in.weight",
            vec![16, 4, 3, 3],
        ),
        (
            grad_encoder_blocks_0_norm1_weight.no_shape(),
            "grad.encoder_blocks.0.norm1.weight",
            vec![16],
        ),
        (
            grad_encoder_blocks_0_norm1_bias.no_shape(),
            "grad.encoder_blocks.0.norm1.bias",
            vec![16],
        ),
        (
            grad_encoder_blocks_0_conv1_weight.no_shape(),
            "grad.encoder_blocks.0.conv1.weight",
            vec![16, 16, 3, 3],
        ),
        (
            grad_encoder_blocks_0_norm2_weight.no_shape(),
            "grad.encoder_blocks.0.norm2.weight",
            vec![16],
        ),
        (
            grad_encoder_blocks_0_norm2_bias.no_shape(),
            "grad.encoder_blocks.0.norm2.bias",
            vec![16],
        ),
        (
            grad_encoder_blocks_0_conv2_weight.no_shape(),
            "grad.encoder_blocks.0.conv2.weight",
            vec![16, 16, 3, 3],
        ),
        (
            grad_downsamples_0_weight.no_shape(),
            "grad.downsamples.0.weight",
            vec![16, 16, 3, 3],
        ),
        (
            grad_encoder_blocks_1_norm1_weight.no_shape(),
            "grad.encoder_blocks.1.norm1.weight",
            vec![16],
        ),
        (
            grad_encoder_blocks_1_norm1_bias.no_shape(),
            "grad.encoder_blocks.1.norm1.bias",
            vec![16],
        ),
        (
            grad_encoder_blocks_1_conv1_weight.no_shape(),
            "grad.encoder_blocks.1.conv1.weight",
            vec![32, 16, 3, 3],
        ),
        (
            grad_encoder_blocks_1_norm2_weight.no_shape(),
            "grad.encoder_blocks.1.norm2.weight",
            vec![32],
        ),
        (
            grad_encoder_blocks_1_norm2_bias.no_shape(),
            "grad.encoder_blocks.1.norm2.bias",
            vec![32],
        ),
        (
            grad_encoder_blocks_1_conv2_weight.no_shape(),
            "grad.encoder_blocks.1.conv2.weight",
            vec![32, 32, 3, 3],
        ),
        (
            grad_encoder_blocks_1_res_conv_weight.no_shape(),
            "grad.encoder_blocks.1.res_conv.weight",
            vec![32, 16, 1, 1],
        ),
        (
            grad_downsamples_1_weight.no_shape(),
            "grad.downsamples.1.weight",
            vec![32, 32, 3, 3],
        ),
        (
            grad_encoder_blocks_2_norm1_weight.no_shape(),
            "grad.encoder_blocks.2.norm1.weight",
            vec![32],
        ),
        (
            grad_encoder_blocks_2_norm1_bias.no_shape(),
            "grad.encoder_blocks.2.norm1.bias",
            vec![32],
        ),
        (
            grad_encoder_blocks_2_conv1_weight.no_shape(),
            "grad.encoder_blocks.2.conv1.weight",
            vec![64, 32, 3, 3],
        ),
        (
            grad_encoder_blocks_2_norm2_weight.no_shape(),
            "grad.encoder_blocks.2.norm2.weight",
            vec![64],
        ),
        (
            grad_encoder_blocks_2_norm2_bias.no_shape(),
            "grad.encoder_blocks.2.norm2.bias",
            vec![64],
        ),
        (
            grad_encoder_blocks_2_conv2_weight.no_shape(),
            "grad.encoder_blocks.2.conv2.weight",
            vec![64, 64, 3, 3],
        ),
        (
            grad_encoder_blocks_2_res_conv_weight.no_shape(),
            "grad.encoder_blocks.2.res_conv.weight",
            vec![64, 32, 1, 1],
        ),
        (
            grad_middle_norm1_weight.no_shape(),
            "grad.middle.norm1.weight",
            vec![64],
        ),
        (
            grad_middle_norm1_bias.no_shape(),
            "grad.middle.norm1.bias",
            vec![64],
        ),
        (
            grad_middle_conv1_weight.no_shape(),
            "grad.middle.conv1.weight",
            vec![64, 64, 3, 3],
        ),
        (
            grad_middle_norm2_weight.no_shape(),
            "grad.middle.norm2.weight",
            vec![64],
        ),
        (
            grad_middle_norm2_bias.no_shape(),
            "grad.middle.norm2.bias",
            vec![64],
        ),
        (
            grad_middle_conv2_weight.no_shape(),
            "grad.middle.conv2.weight",
            vec![64, 64, 3, 3],
        ),
        (
            grad_decoder_blocks_0_norm1_weight.no_shape(),
            "grad.decoder_blocks.0.norm1.weight",
            vec![128],
        ),
        (
            grad_decoder_blocks_0_norm1_bias.no_shape(),
            "grad.decoder_blocks.0.norm1.bias",
            vec![128],
        ),
        (
            grad_decoder_blocks_0_conv1_weight.no_shape(),
            "grad.decoder_blocks.0.conv1.weight",
            vec![64, 128, 3, 3],
        ),
        (
            grad_decoder_blocks_0_norm2_weight.no_shape(),
            "grad.decoder_blocks.0.norm2.weight",
            vec![64],
        ),
        (
            grad_decoder_blocks_0_norm2_bias.no_shape(),
            "grad.decoder_blocks.0.norm2.bias",
            vec![64],
        ),
        (
            grad_decoder_blocks_0_conv2_weight.no_shape(),
            "grad.decoder_blocks.0.conv2.weight",
            vec![64, 64, 3, 3],
        ),
        (
            grad_decoder_blocks_0_res_conv_weight.no_shape(),
            "grad.decoder_blocks.0.res_conv.weight",
            vec![64, 128, 1, 1],
        ),
        (
            grad_decoder_blocks_1_norm1_weight.no_shape(),
            "grad.decoder_blocks.1.norm1.weight",
            vec![96],
        ),
        (
            grad_decoder_blocks_1_norm1_bias.no_shape(),
            "grad.decoder_blocks.1.norm1.bias",
            vec![96],
        ),
        (
            grad_decoder_blocks_1_conv1_weight.no_shape(),
            "grad.decoder_blocks.1.conv1.weight",
            vec![32, 96, 3, 3],
        ),
        (
            grad_decoder_blocks_1_norm2_weight.no_shape(),
            "grad.decoder_blocks.1.norm2.weight",
            vec![32],
        ),
        (
            grad_decoder_blocks_1_norm2_bias.no_shape(),
            "grad.decoder_blocks.1.norm2.bias",
            vec![32],
        ),
        (
            grad_decoder_blocks_1_conv2_weight.no_shape(),
            "grad.decoder_blocks.1.conv2.weight",
            vec![32, 32, 3, 3],
        ),
        (
            grad_decoder_blocks_1_res_conv_weight.no_shape(),
            "grad.decoder_blocks.1.res_conv.weight",
            vec![32, 96, 1, 1],
        ),
        (
            grad_decoder_blocks_2_norm1_weight.no_shape(),
            "grad.decoder_blocks.2.norm1.weight",
            vec![48],
        ),
        (
            grad_decoder_blocks_2_norm1_bias.no_shape(),
            "grad.decoder_blocks.2.norm1.bias",
            vec![48],
        ),
        (
            grad_decoder_blocks_2_conv1_weight.no_shape(),
            "grad.decoder_blocks.2.conv1.weight",
            vec![16, 48, 3, 3],
        ),
        (
            grad_decoder_blocks_2_norm2_weight.no_shape(),
            "grad.decoder_blocks.2.norm2.weight",
            vec![16],
        ),
        (
            grad_decoder_blocks_2_norm2_bias.no_shape(),
            "grad.decoder_blocks.2.norm2.bias",
            vec![16],
        ),
        (
            grad_decoder_blocks_2_conv2_weight.no_shape(),
            "grad.decoder_blocks.2.conv2.weight",
            vec![16, 16, 3, 3],
        ),
        (
            grad_decoder_blocks_2_res_conv_weight.no_shape(),
            "grad.decoder_blocks.2.res_conv.weight",
            vec![16, 48, 1, 1],
        ),
        (
            grad_norm_out_weight.no_shape(),
            "grad.norm_out.weight",
            vec![16],
        ),
        (
            grad_norm_out_bias.no_shape(),
            "grad.norm_out.bias",
            vec![16],
        ),
        (
            grad_conv_out_weight.no_shape(),
            "grad.conv_out.weight",
            vec![4, 16, 3, 3],
        ),
    ];
    Ok((n, outputs))
}

fn main() -> Result<()> {
    // Luminal's graph compilers recurse along the graph: deep models need a deep stack
    let run = std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(measure)?;
    run.join().unwrap_or_else(|_| std::process::exit(101))
}

/// Builds, compiles and times each graph; writes the outputs and prints the record.
fn measure() -> Result<()> {
    // a panic inside Luminal ends the program with one line naming it (the row's reason)
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("panicked{place}: {}", message.replace('\n', " "));
    }));
    let args = harness::parse_args()?;
    if args.device != "cpu" {
        anyhow::bail!(
            "unknown device {} (Luminal 0.2.0 runs here on the CPU)",
            args.device
        );
    }
    let checkpoint = Rc::new(Tensors::open(&args.data.join("weights.safetensors"))?);
    let inputs = read_inputs(&args.data.join("inputs.safetensors"))?;
    let mut saved = Saved::default();

    let start = Instant::now();
    let (net, outputs) = build_full(&inputs)?;
    let mut full = Compiled::new(net, outputs, &checkpoint);
    full.run()?;
    let compile_s = start.elapsed().as_secs_f64();
    let mut result = json!({
        "framework": "luminal",
        "framework_version": LUMINAL_VERSION,
        "backend": "CPU (GenericCompiler + CPUCompiler), 1 thread",
        "autodiff": "ir",
        "compile_s": compile_s,
    });
    if !args.skip.contains("inference") {
        result["inference_ms"] = full.measure(args.warmup, args.repeat, &mut saved)?;
    }
    drop(full);
    if !args.skip.contains("latency") {
        let (net, outputs) = build_latency(&inputs)?;
        let mut latency = Compiled::new(net, outputs, &checkpoint);
        result["latency_ms"] = latency.measure(args.warmup, args.repeat, &mut saved)?;
    }
    if !args.skip.contains("training") {
        let build = Instant::now();
        let (net, outputs) = build_training(&inputs)?;
        let mut training = Compiled::new(net, outputs, &checkpoint);
        training.run()?;
        result["train_compile_s"] = json!(build.elapsed().as_secs_f64());
        result["training_ms"] = training.measure(args.warmup, args.repeat, &mut saved)?;
    }
    saved.save(&args.out)?;
    harness::report(&result);
    Ok(())
}
