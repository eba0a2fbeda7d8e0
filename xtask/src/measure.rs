//! `cargo xtask measure`: how long generation takes and how much memory it holds, on today's
//! spec and on the same spec grown to thousands of actions.
//!
//! Each size runs in a child process of its own, so that its peak memory (`VmHWM`) is its own.
//! A grown spec repeats every action (and waiter) of `spec/ucompshare` under new names, with
//! the references between them renamed alike, so it has the real spec's mix of requests,
//! responses, enums, inheritance, pagination and waiters. Build in release for figures worth
//! quoting: `cargo run --release -p xtask -- measure`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use compshare_codegen::{format, load};
use serde_yaml::{Mapping, Value};

/// Sizes measured by default, as copies of today's 80 actions: 80, 2,480, 4,960 and 10,000.
const COPIES: &[usize] = &[1, 31, 62, 125];
/// Whole `generate --check` runs on today's spec, of which the median is reported.
const CHECK_RUNS: usize = 5;
/// Runs of each size, of which the one with the median total is reported.
const SIZE_RUNS: usize = 3;

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let copies: Vec<usize> = match args {
        [] => COPIES.to_vec(),
        ["--copies", list] => list
            .split(',')
            .map(|c| c.trim().parse::<usize>().ok().filter(|&c| c > 0))
            .collect::<Option<_>>()
            .ok_or_else(|| format!("--copies takes positive numbers, e.g. 1,31: {list}"))?,
        _ => return Err("usage: cargo xtask measure [--copies 1,31,62,125]".to_owned()),
    };
    if cfg!(debug_assertions) {
        println!(
            "note: a debug build; quote figures from `cargo run --release -p xtask -- measure`"
        );
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot find xtask itself: {e}"))?;
    let work = root.join("target/measure");

    println!("whole run, `xtask generate --check` on today's spec (median of {CHECK_RUNS}):");
    let mut walls: Vec<Duration> = (0..CHECK_RUNS)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(&exe)
                .args(["generate", "--check"])
                .current_dir(root)
                .output()
                .map_err(|e| format!("cannot run xtask: {e}"))?
                .status;
            status
                .success()
                .then(|| start.elapsed())
                .ok_or_else(|| "`xtask generate --check` failed: run it to see why".to_owned())
        })
        .collect::<Result<_, _>>()?;
    walls.sort();
    println!("  {:.0} ms", ms(walls[CHECK_RUNS / 2]));

    println!(
        "\none service grown to N actions, each run in a fresh process (the median of {SIZE_RUNS}):"
    );
    println!(
        "{:>7} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>9} {:>8}",
        "actions",
        "spec KB",
        "load",
        "render",
        "format",
        "total",
        "ms/100",
        "lines",
        "peak MB",
        "KB/act"
    );
    for &k in &copies {
        let dir = work.join(format!("x{k}"));
        let actions = grow(&root.join("spec/ucompshare"), &dir.join("ucompshare"), k)?;
        let mut samples = (0..SIZE_RUNS)
            .map(|_| {
                let out = Command::new(&exe)
                    .args(["measure-one"])
                    .arg(&dir)
                    .output()
                    .map_err(|e| format!("cannot run xtask: {e}"))?;
                if !out.status.success() {
                    return Err(format!(
                        "measuring {actions} actions failed:\n{}",
                        String::from_utf8_lossy(&out.stderr)
                    ));
                }
                Sample::parse(&String::from_utf8_lossy(&out.stdout))
            })
            .collect::<Result<Vec<_>, _>>()?;
        samples.sort_by(|a, b| a.total_ms().total_cmp(&b.total_ms()));
        let m = &samples[SIZE_RUNS / 2];
        println!(
            "{actions:>7} {:>8} {:>6.0}ms {:>6.0}ms {:>6.0}ms {:>6.0}ms {:>9.1} {:>8} {:>9.0} {:>8.1}",
            m.spec_bytes / 1024,
            m.load_ms,
            m.render_ms,
            m.format_ms,
            m.total_ms(),
            m.total_ms() * 100.0 / actions as f64,
            m.lines,
            m.peak_kb as f64 / 1024.0,
            m.peak_kb as f64 / actions as f64,
        );
    }
    println!(
        "\n(load: read and parse YAML; render: validate, lower and print through the templates;"
    );
    println!(
        " format: rustfmt over every file; ms/100: total per 100 actions; peak: the process's"
    );
    println!(" VmHWM, which includes the fixed cost of the program; KB/act: peak per action)");
    Ok(())
}

/// Generates the specs under `dir` in memory, timing each stage, and prints the sample.
pub fn one(dir: &Path) -> Result<(), String> {
    let mut spec_bytes = 0;
    for entry in walk(dir) {
        spec_bytes += std::fs::metadata(&entry).map(|m| m.len()).unwrap_or(0);
    }
    let t0 = Instant::now();
    let service = dir.join("ucompshare");
    let src = load::load_dir(&service, "ucompshare").map_err(|d| d.to_string())?;
    let t1 = Instant::now();
    // The SDK's crate: the sample's figures are the SDK's, as before the tool existed.
    let mut crates = compshare_codegen::generate(compshare_codegen::Input::Service(&src))
        .map_err(|d| d.to_string())?;
    crates.truncate(1);
    let mut krate = crates.remove(0);
    let t2 = Instant::now();
    format::format_crates(std::slice::from_mut(&mut krate)).map_err(|d| d.to_string())?;
    let t3 = Instant::now();
    let sample = Sample {
        spec_bytes,
        load_ms: ms(t1 - t0),
        render_ms: ms(t2 - t1),
        format_ms: ms(t3 - t2),
        lines: krate.rust_lines(),
        peak_kb: peak_kb(),
    };
    println!("{}", sample.line());
    Ok(())
}

/// One size's figures, passed from the child as one line of `key=value`.
struct Sample {
    spec_bytes: u64,
    load_ms: f64,
    render_ms: f64,
    format_ms: f64,
    lines: usize,
    peak_kb: u64,
}

impl Sample {
    fn total_ms(&self) -> f64 {
        self.load_ms + self.render_ms + self.format_ms
    }

    fn line(&self) -> String {
        format!(
            "spec_bytes={} load_ms={} render_ms={} format_ms={} lines={} peak_kb={}",
            self.spec_bytes, self.load_ms, self.render_ms, self.format_ms, self.lines, self.peak_kb
        )
    }

    fn parse(line: &str) -> Result<Sample, String> {
        let get = |key: &str| -> Result<f64, String> {
            line.split_whitespace()
                .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("no {key} in the child's report: {line}"))
        };
        Ok(Sample {
            spec_bytes: get("spec_bytes")? as u64,
            load_ms: get("load_ms")?,
            render_ms: get("render_ms")?,
            format_ms: get("format_ms")?,
            lines: get("lines")? as usize,
            peak_kb: get("peak_kb")? as u64,
        })
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Peak resident memory of this process, in KB (0 where /proc is missing).
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// Writes `from` into `to` with every action and waiter repeated `copies` times; returns the
/// number of actions.
fn grow(from: &Path, to: &Path, copies: usize) -> Result<usize, String> {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to.join("examples")).map_err(|e| format!("{}: {e}", to.display()))?;
    let mut files: Vec<(String, Mapping)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for path in walk(from) {
        let rel = path.strip_prefix(from).unwrap_or(&path).to_path_buf();
        let name = rel.to_string_lossy().into_owned();
        if !name.ends_with(".yaml") {
            std::fs::copy(&path, to.join(&rel)).map_err(|e| format!("{name}: {e}"))?;
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
        let doc: Mapping = serde_yaml::from_str(&text).map_err(|e| format!("{name}: {e}"))?;
        for section in ["actions", "waiters"] {
            if let Some(Value::Mapping(m)) = doc.get(section) {
                names.extend(m.keys().filter_map(Value::as_str).map(str::to_owned));
            }
        }
        files.push((name, doc));
    }
    let mut actions = 0;
    for (name, mut doc) in files {
        for section in ["actions", "waiters"] {
            let Some(Value::Mapping(m)) = doc.get_mut(section) else {
                continue;
            };
            let original = std::mem::take(m);
            for copy in 0..copies {
                for (key, body) in &original {
                    let mut key = key.clone();
                    let mut body = body.clone();
                    if copy > 0 {
                        let suffix = format!("V{copy}");
                        rename(&mut key, &names, &suffix);
                        rename(&mut body, &names, &suffix);
                    }
                    m.insert(key, body);
                }
            }
            if section == "actions" {
                actions += m.len();
            }
        }
        let text = serde_yaml::to_string(&doc).map_err(|e| format!("{name}: {e}"))?;
        std::fs::write(to.join(&name), text).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(actions)
}

/// Renames every string in `v` that names an action or waiter.
fn rename(v: &mut Value, names: &[String], suffix: &str) {
    match v {
        Value::String(s) if names.iter().any(|n| n == s) => s.push_str(suffix),
        Value::Sequence(items) => items.iter_mut().for_each(|i| rename(i, names, suffix)),
        Value::Mapping(m) => m.values_mut().for_each(|i| rename(i, names, suffix)),
        _ => {}
    }
}
