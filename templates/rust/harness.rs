//! Measurement harness shared by inferena's generated Rust programs (same for every framework).
//!
//! Command line: <program> [--data DIR] [--out FILE] [--warmup N] [--repeat N] [--device D]
//!                         [--skip inference,latency,training]
//! Prints one line `INFERENA_RESULT {json}` with the timings; the program writes outputs,
//! loss and gradients to --out (safetensors). Same contract as templates/python/harness.py.
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

const USAGE: &str = "options: --data DIR (weights.safetensors, inputs.safetensors) --out FILE \
                     --warmup N --repeat N --device cpu|cuda --skip inference,latency,training";

pub struct Args {
    pub data: PathBuf,
    pub out: PathBuf,
    pub warmup: usize,
    pub repeat: usize,
    pub device: String,
    pub skip: BTreeSet<String>,
}

pub fn parse_args() -> Result<Args> {
    let mut args = Args {
        // the model folder holding this crate
        data: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/..")),
        out: PathBuf::from("outputs.safetensors"),
        warmup: 2,
        repeat: 5,
        device: "cpu".to_string(),
        skip: BTreeSet::new(),
    };
    let mut argv = std::env::args().skip(1);
    while let Some(flag) = argv.next() {
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let value = argv
            .next()
            .with_context(|| format!("{flag} needs a value ({USAGE})"))?;
        match flag.as_str() {
            "--data" => args.data = PathBuf::from(value),
            "--out" => args.out = PathBuf::from(value),
            "--warmup" => args.warmup = value.parse().context("--warmup")?,
            "--repeat" => args.repeat = value.parse().context("--repeat")?,
            "--device" => args.device = value,
            "--skip" => {
                args.skip = value
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            }
            _ => bail!("unknown option {flag} ({USAGE})"),
        }
    }
    Ok(args)
}

/// Median/min/max wall time of `run` in ms after warm-up and every sample in run order, and
/// run's last result.
pub fn measure<T, E>(
    warmup: usize,
    repeat: usize,
    mut run: impl FnMut() -> std::result::Result<T, E>,
    sync: impl Fn() -> std::result::Result<(), E>,
) -> std::result::Result<(Value, T), E> {
    for _ in 0..warmup {
        run()?;
    }
    sync()?;
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..repeat.max(1) {
        drop(last.take()); // the last step's gradients are freed before the next step runs
        let start = Instant::now();
        last = Some(run()?);
        sync()?;
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let samples = times.clone();
    times.sort_by(f64::total_cmp);
    let n = times.len();
    let median = if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2.0
    };
    let stats = json!({"median": median, "min": times[0], "max": times[n - 1], "repeat": n,
                       "samples": samples});
    Ok((stats, last.expect("at least one run")))
}

pub fn report(fields: &Value) {
    println!("INFERENA_RESULT {fields}");
}
