#!/usr/bin/env python3
"""What clap's builder API and its derive API cost to compile for a command table the size
of compshare-rs's: 107 commands of 4 flags each (text, number, list, enum), in two
throwaway crates under target/measure-cli-parser/ that share one target directory.

    python3 scripts/measure-cli-parser.py [--runs 3]

Reports, per style, the debug and release build time of the crate alone (its dependencies
already built: the median of `--runs` rebuilds after touching its source), and the
dependencies derive adds (clap_derive, syn, quote, proc-macro2) built once from clean.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "measure-cli-parser"
COMMANDS = 107
CLAP = '"=4.6.9"'


def builder_source() -> str:
    out = ["use clap::{Arg, ArgAction, ArgMatches, Command};", ""]
    for i in range(COMMANDS):
        out.append(f"""fn c{i}() -> Command {{
    Command::new("command-{i}").about("Command {i}.")
        .arg(Arg::new("name").long("name").help("A name."))
        .arg(Arg::new("size").long("size").help("A size, in GB."))
        .arg(Arg::new("ids").long("ids").action(ArgAction::Append).help("Ids."))
        .arg(Arg::new("kind").long("kind").value_parser(["a", "b", "c"]).help("A kind."))
}}
fn r{i}(m: &ArgMatches) -> usize {{
    let size: Option<i64> = m.get_one::<String>("size").map(|s| s.parse().unwrap());
    m.get_one::<String>("name").map_or(0, |s| s.len())
        + size.unwrap_or(0) as usize
        + m.get_many::<String>("ids").map_or(0, |v| v.count())
        + m.get_one::<String>("kind").map_or(0, |s| s.len())
}}""")
    subs = "".join(f"\n        .subcommand(c{i}())" for i in range(COMMANDS))
    arms = "".join(f'\n        Some(("command-{i}", m)) => r{i}(m),' for i in range(COMMANDS))
    out.append(f"""fn main() {{
    let m = Command::new("measure").subcommand_required(true){subs}
        .get_matches();
    let n = match m.subcommand() {{{arms}
        _ => 0,
    }};
    println!("{{n}}");
}}""")
    return "\n".join(out)


def derive_source() -> str:
    out = ["use clap::{Args, Parser, Subcommand, ValueEnum};", "",
           "#[derive(Clone, Copy, ValueEnum)]\nenum Kind { A, B, C }", ""]
    for i in range(COMMANDS):
        out.append(f"""/// Command {i}.
#[derive(Args)]
struct C{i} {{
    /// A name.
    #[arg(long)]
    name: Option<String>,
    /// A size, in GB.
    #[arg(long)]
    size: Option<i64>,
    /// Ids.
    #[arg(long)]
    ids: Vec<String>,
    /// A kind.
    #[arg(long, value_enum)]
    kind: Option<Kind>,
}}
impl C{i} {{
    fn run(&self) -> usize {{
        self.name.as_ref().map_or(0, |s| s.len()) + self.size.unwrap_or(0) as usize
            + self.ids.len() + self.kind.map_or(0, |k| k as usize)
    }}
}}""")
    variants = "".join(f"\n    #[command(name = \"command-{i}\")]\n    C{i}(C{i})," for i in range(COMMANDS))
    arms = "".join(f"\n        Cmd::C{i}(c) => c.run()," for i in range(COMMANDS))
    out.append(f"""#[derive(Subcommand)]
enum Cmd {{{variants}
}}

#[derive(Parser)]
#[command(name = "measure")]
struct Cli {{
    #[command(subcommand)]
    cmd: Cmd,
}}

fn main() {{
    let n = match Cli::parse().cmd {{{arms}
    }};
    println!("{{n}}");
}}""")
    return "\n".join(out)


def write_crate(name: str, features: str, source: str) -> Path:
    d = WORK / name
    (d / "src").mkdir(parents=True, exist_ok=True)
    (d / "Cargo.toml").write_text(f"""[package]
name = "measure-{name}"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
clap = {{ version = {CLAP}, default-features = false, features = [{features}] }}
""")
    (d / "src" / "main.rs").write_text(source)
    return d


def build(d: Path, release: bool) -> float:
    args = ["cargo", "build", "--quiet", "--target-dir", str(WORK / "target")]
    if release:
        args.append("--release")
    start = time.perf_counter()
    subprocess.run(args, cwd=d, check=True)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    runs = ap.parse_args().runs
    shutil.rmtree(WORK, ignore_errors=True)
    base = '"std", "help", "usage", "error-context", "suggestions"'
    crates = {
        "builder": write_crate("builder", base, builder_source()),
        "derive": write_crate("derive", base + ', "derive"', derive_source()),
    }
    # Dependencies first: clap for both, then what derive adds, timed from clean.
    build(crates["builder"], False)
    derive_deps = build(crates["derive"], False)
    print(f"derive's own dependencies and the first derive build, debug: {derive_deps:.1f} s")
    for release in (False, True):
        profile = "release" if release else "debug"
        for d in crates.values():
            build(d, release)
        times = {}
        for name, d in crates.items():
            samples = []
            for _ in range(runs):
                (d / "src" / "main.rs").touch()
                samples.append(build(d, release))
            times[name] = statistics.median(samples)
        print(f"{profile}: builder {times['builder']:.2f} s, derive {times['derive']:.2f} s"
              f" ({times['derive'] / times['builder']:.2f}x), {COMMANDS} commands")


if __name__ == "__main__":
    main()
