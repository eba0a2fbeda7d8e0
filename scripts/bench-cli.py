#!/usr/bin/env python3
"""Start-up time and peak memory of compshare-rs beside the official compshare-cli.

    python3 scripts/bench-cli.py            # build, measure, print the table
    python3 scripts/bench-cli.py --runs 20  # more runs per command (median reported)

Builds `compshare-rs` in release (and reports the build's time and the stripped binary's
size), then runs `--version`, `--help` and an instance listing against a local HTTP server
on 127.0.0.1, each as a fresh process: wall time (median of the runs) and peak resident
memory (the largest of the runs, from wait4). The official CLI (`pip install
compshare-cli==0.5.6`) is installed into its own virtual environment under target/; if that
fails, the script says so and measures compshare-rs alone. The official CLI has no endpoint
setting, so its listing runs through a two-line wrapper that points its DEFAULT_BASE_URL at
the local server and switches its telemetry off (both tools start the same way otherwise:
an interpreter importing compshare_cli.cli, and a binary). Both get the same keys, an
empty home and no proxy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "bench-cli-venv"
OFFICIAL = "compshare-cli==0.5.6"

LISTING = json.dumps({
    "RetCode": 0,
    "TotalCount": 3,
    "UHostSet": [
        {"UHostId": f"uhost-{i}", "Name": f"gpu-{i}", "State": "Running", "GpuType": "4090",
         "GPU": 1, "CPU": 16, "Memory": 65536, "ChargeType": "Postpay", "Zone": "cn-wlcb-01"}
        for i in range(3)
    ],
}).encode()

# GNU time measures a child's peak memory from outside this interpreter.
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None

WRAPPER = """
import sys, compshare_cli.config as c, compshare_cli.insights as i, compshare_cli.cli as cli
c.DEFAULT_BASE_URL = sys.argv.pop(1); i.DEFAULT_ENDPOINT = ""
i.record_command = cli.record_command = lambda *a, **k: None
sys.exit(cli.main())
"""


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (the http.server name)
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(LISTING)))
        self.end_headers()
        self.wfile.write(LISTING)

    def log_message(self, *args):
        pass


def measure(argv, env, runs):
    """Median wall seconds over `runs` fresh processes, and peak resident memory in MiB
    (the largest of the runs) as GNU time reports it. Not from this interpreter's own
    wait4: a child forked or spawned from it counts the interpreter's pages until exec."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(map(str, argv))} failed: {done.stderr.decode()}")
        if GNU_TIME:
            with tempfile.NamedTemporaryFile("r") as f:
                subprocess.run([GNU_TIME, "-f", "%M", "-o", f.name] + argv, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, check=True)
                peaks.append(int(f.read().split()[-1]) / 1024)
    return statistics.median(times), max(peaks, default=float("nan"))


def official_cli():
    """The official CLI's interpreter, installed in its own venv; None if it cannot be."""
    python = VENV / "bin" / "python"
    if not python.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True,
                           capture_output=True)
            subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                            "--disable-pip-version-check", OFFICIAL],
                           check=True, capture_output=True, timeout=600)
        except (subprocess.SubprocessError, OSError) as e:
            print(f"{OFFICIAL} could not be installed ({e}): measuring compshare-rs alone")
            shutil.rmtree(VENV, ignore_errors=True)
            return None
    return python


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()

    # The build time of the tool's own crates (the SDK, the support crate and the generated
    # table), their third-party dependencies already built.
    subprocess.run(["cargo", "build", "--release", "-p", "compshare-rs"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "clean", "--release", "-p", "compshare-rs", "-p",
                    "compshare-cli-support", "-p", "compshare", "-p", "compshare-runtime",
                    "-p", "compshare-protocol"], cwd=ROOT, check=True)
    start = time.perf_counter()
    subprocess.run(["cargo", "build", "--release", "-p", "compshare-rs"], cwd=ROOT, check=True)
    build = time.perf_counter() - start
    binary = ROOT / "target" / "release" / "compshare-rs"
    stripped = ROOT / "target" / "release" / "compshare-rs.stripped"
    shutil.copy(binary, stripped)
    subprocess.run(["strip", str(stripped)], check=True)
    size = stripped.stat().st_size / (1 << 20)

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"

    home = Path(tempfile.mkdtemp(prefix="bench-cli-home-"))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "NO_PROXY": "127.0.0.1",
        "LANG": "C.UTF-8",
        "COMPSHARE_LANG": "en",
        "COMPSHARE_INSIGHTS_URL": "",
        "COMPSHARE_PUBLIC_KEY": "bench_public_key",
        "COMPSHARE_PRIVATE_KEY": "bench_private_key",
    }
    ours_env = dict(env, UCLOUD_API_BASE_URL=url, UCLOUD_REGION="cn-wlcb",
                    UCLOUD_ZONE="cn-wlcb-01")
    ours = {
        "--version": [str(stripped), "--version"],
        "--help": [str(stripped), "--help"],
        "instance list": [str(stripped), "instance", "list"],
    }
    if not GNU_TIME:
        print("GNU time (/usr/bin/time) is missing: peak memory is not measured")
    python = official_cli()
    theirs = {}
    if python:
        entry = str(VENV / "bin" / "compshare")
        theirs = {
            "--version": [entry, "--version"],
            "--help": [entry, "--help"],
            "instance list": [str(python), "-c", WRAPPER, url, "instance", "list",
                              "--region", "cn-wlcb", "--zone", "cn-wlcb-01"],
        }

    print(f"\ncompshare-rs: release build of its own crates {build:.1f} s (protocol, runtime,"
          f" SDK, support, command table), stripped binary {size:.1f} MiB")
    print(f"{'command':<16}{'compshare-rs':>22}{'compshare-cli':>24}{'speed-up':>10}{'memory':>9}")
    for name, argv in ours.items():
        t, m = measure(argv, ours_env, args.runs)
        line = f"{name:<16}{t * 1000:>9.1f} ms {m:>6.1f} MiB"
        if name in theirs:
            t2, m2 = measure(theirs[name], env, max(3, args.runs // 2))
            line += f"{t2 * 1000:>11.1f} ms {m2:>6.1f} MiB{t2 / t:>9.0f}x{m / m2:>9.2f}"
        print(line)
    server.shutdown()
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
