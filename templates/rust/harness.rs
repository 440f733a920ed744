//! Measurement harness shared by inferena's generated Rust programs (same for every framework).
//!
//! Command line: <program> [--data DIR] [--out FILE] [--warmup N] [--repeat N] [--device D]
//!                         [--min-samples N] [--budget S] [--warmup-budget S]
//!                         [--skip inference,latency,training]
//! Each measurement warms up for --warmup-budget seconds (at least one run), then takes samples
//! until it has --min-samples and --budget seconds are spent (at most MAX_RUNS); --warmup N and
//! --repeat N make the counts exact (a negative count: adaptive, the default).
//! Prints one line `INFERENA_RESULT {json}` with the timings; the program writes outputs,
//! loss and gradients to --out (safetensors). Same contract as templates/python/harness.py.
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

const USAGE: &str = "options: --data DIR (weights.safetensors, inputs.safetensors) --out FILE \
                     --warmup N --repeat N --min-samples N --budget S --warmup-budget S \
                     --device cpu|cuda --skip inference,latency,training";

/// Runs of an adaptive warm-up or measurement at most (a step of microseconds).
pub const MAX_RUNS: usize = 1000;

/// How many runs: exactly `count` where it is given, else until at least `least` runs are done
/// and `budget_s` seconds are spent, at most MAX_RUNS.
#[derive(Clone, Copy, Debug)]
pub struct Sampling {
    pub count: Option<usize>,
    pub least: usize,
    pub budget_s: f64,
}

impl Sampling {
    fn done(&self, runs: usize, elapsed_s: f64) -> bool {
        match self.count {
            Some(n) => runs >= n,
            None => runs >= MAX_RUNS || (runs >= self.least && elapsed_s >= self.budget_s),
        }
    }
}

pub struct Args {
    pub data: PathBuf,
    pub out: PathBuf,
    pub warmup: Sampling,
    pub repeat: Sampling,
    pub device: String,
    pub skip: BTreeSet<String>,
}

pub fn parse_args() -> Result<Args> {
    let mut args = Args {
        // the model folder holding this crate
        data: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/..")),
        out: PathBuf::from("outputs.safetensors"),
        warmup: Sampling { count: None, least: 1, budget_s: 0.5 },
        repeat: Sampling { count: None, least: 3, budget_s: 1.0 },
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
            "--warmup" => args.warmup.count = count(&value, 0).context("--warmup")?,
            "--repeat" => args.repeat.count = count(&value, 1).context("--repeat")?,
            "--min-samples" => args.repeat.least = value.parse::<usize>().context("--min-samples")?.max(1),
            "--budget" => args.repeat.budget_s = value.parse().context("--budget")?,
            "--warmup-budget" => args.warmup.budget_s = value.parse().context("--warmup-budget")?,
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

/// An exact count of at least `least` runs; None (adaptive) for a negative one.
fn count(value: &str, least: usize) -> Result<Option<usize>> {
    let n: i64 = value.parse()?;
    Ok(usize::try_from(n).ok().map(|n| n.max(least)))
}

/// Median/min/max wall time of `run` in ms after warm-up, every sample in run order and the
/// warm-up runs done; and run's last result.
pub fn measure<T, E>(
    warmup: Sampling,
    repeat: Sampling,
    mut run: impl FnMut() -> std::result::Result<T, E>,
    sync: impl Fn() -> std::result::Result<(), E>,
) -> std::result::Result<(Value, T), E> {
    let (mut warm, start) = (0, Instant::now());
    while !warmup.done(warm, start.elapsed().as_secs_f64()) {
        run()?;
        sync()?;
        warm += 1;
    }
    let (mut times, start) = (Vec::new(), Instant::now());
    let mut last = None;
    while !repeat.done(times.len(), start.elapsed().as_secs_f64()) {
        drop(last.take()); // the last step's gradients are freed before the next step runs
        let begin = Instant::now();
        last = Some(run()?);
        sync()?;
        times.push(begin.elapsed().as_secs_f64() * 1e3);
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
                       "warmup": warm, "samples": samples});
    Ok((stats, last.expect("at least one run")))
}

pub fn report(fields: &Value) {
    println!("INFERENA_RESULT {fields}");
}

/// This machine cannot run the program (a device or driver is missing): the row says why.
#[allow(dead_code)] // only the programs that open a GPU or Vulkan device call it
pub fn skip(why: &str) -> ! {
    report(&json!({ "skipped": why }));
    std::process::exit(0)
}
