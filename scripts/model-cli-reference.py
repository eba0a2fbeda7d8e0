#!/usr/bin/env python3
"""What the official compshare-cli sends to the model API (its `minimax` group), captured.

Runs each `compshare minimax ...` command of an installed compshare-cli in this process, with
every option set, against a server on 127.0.0.1 (the CLI's fixed `API_BASE_URL` is pointed
there; its telemetry is switched off), and prints a deterministic JSON document: per request,
its method, its path (ids given as `ID`), its query keys, its JSON body's keys (nested as
`a.b`, list elements as `a[]`), and whether it carried an `Idempotency-Key`. The upload's `PUT`
goes to the server too and is listed as `PUT <upload>` with its headers.

Usage:
  scripts/model-cli-reference.py                print the reference
  scripts/model-cli-reference.py --check FILE   exit 1, with a short diff, if FILE differs

Needs compshare-cli (`pip install compshare-cli==0.5.6`); standard library otherwise.
"""

import json
import os
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

SEEN = []
ANSWER = {
    "task_id": "ID",
    "status": "queued",
    "task": {"id": "ID", "task_id": "ID", "status": "queued"},
    "items": [],
    "object_key": "obj",
    "authorization": "up-auth",
    "bucket": "b",
    "region": "r",
}


def keys(value, prefix=""):
    out = set()
    if isinstance(value, dict):
        for k, v in value.items():
            name = f"{prefix}.{k}" if prefix else k
            out.add(name)
            out |= keys(v, name)
    elif isinstance(value, list):
        for v in value:
            out |= keys(v, f"{prefix}[]")
    return out


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        if url.path.startswith("/upload/"):
            SEEN.append(
                {
                    "method": "PUT",
                    "path": "<upload>",
                    "headers": sorted(
                        h.lower()
                        for h in self.headers.keys()
                        if h.lower() not in ("host", "content-length", "user-agent", "accept-encoding", "connection")
                    ),
                }
            )
            self.send_response(200)
            self.end_headers()
            return
        parsed = None
        if body:
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
        SEEN.append(
            {
                "method": self.command,
                "path": url.path,
                "query": sorted({k for k, _ in parse_qsl(url.query)}),
                "body": sorted(keys(parsed)) if parsed is not None else [],
                "idempotency_key": "Idempotency-Key" in self.headers,
            }
        )
        answer = dict(ANSWER)
        if url.path.endswith("/upload_urls"):
            answer["upload_url"] = f"https://127.0.0.1:{self.server.server_port}/upload/obj"
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


def commands(scratch):
    image = os.path.join(scratch, "a.png")
    audio = os.path.join(scratch, "a.wav")
    for path in (image, audio):
        with open(path, "wb") as f:
            f.write(b"0123456789")
    y = ["--yes"]
    return [
        ["create", "a cat", "--model", "MiniMax-H3", "--resolution", "768P", "--duration", "5", "--ratio", "16:9",
         "--context-ir", "--skill-id", "s", "--mute-audio", "--watermark", "--callback-url", "https://h.example/cb",
         "--idempotency-key", "k", *y],
        ["create", "--reference-image", "https://h.example/i.png", "--reference-video", "https://h.example/v.mp4",
         "--reference-audio", "https://h.example/a.wav", "--ratio", "adaptive", *y],
        ["create", "--first-frame", "https://h.example/f.png", "--last-frame", "https://h.example/l.png", *y],
        ["show", "ID"],
        ["list", "--page", "2", "--page-size", "10", "--status", "queued", "--model", "MiniMax-H3"],
        ["cancel", "ID", *y],
        ["packages"],
        ["points"],
        ["skill", "list", "--page", "1", "--page-size", "5", "--keyword", "k"],
        ["skill", "create", "n", "c", "--description", "d", *y],
        ["skill", "update", "ID", "n", "c", "--description", "d", *y],
        ["skill", "delete", "ID", *y],
        ["image", "config"],
        ["image", "create", "a cat", "--resolution", "2K", "--ratio", "16:9", "--reference-asset", "as",
         "--optimize-prompt", "--idempotency-key", "k", *y],
        ["image", "show", "ID"],
        ["image", "list", "--offset", "0", "--limit", "5", "--status", "queued", "--sort", "oldest"],
        ["image", "cancel", "ID", *y],
        ["image", "delete", "ID", *y],
        ["image", "upload", image, "--width", "2", "--height", "3", *y],
        ["audio", "pricing"],
        ["audio", "voices", "--kind", "custom"],
        ["audio", "create", "hello", "--voice-source", "asset", "--asset-id", "as", "--language", "EN", "--speed", "1.5",
         "--no-auto-emotion", "--emotion-strength", "0.5", "--emotion-vector", "0.1,0,0,0,0,0,0,0",
         "--emotion-vector-mode", "single", "--pronunciation", "w:alias:v", "--save-voice", "--voice-name", "v",
         "--idempotency-key", "k", *y],
        ["audio", "create", "hello", "--voice-source", "preset", "--voice-id", "v1", "--emotion-description", "calm", *y],
        ["audio", "show", "ID"],
        ["audio", "list", "--offset", "0", "--limit", "5", "--status", "queued"],
        ["audio", "cancel", "ID", *y],
        ["audio", "delete", "ID", *y],
        ["audio", "upload", audio, "--duration-ms", "1000", *y],
        ["audio", "voice-create", "as", "v", "--idempotency-key", "k", *y],
        ["audio", "voice-delete", "ID", *y],
    ]


def capture():
    os.environ["COMPSHARE_INSIGHTS_URL"] = ""
    os.environ["COMPSHARE_MINIMAX_API_KEY"] = "sk-ml-reference"
    os.environ["COMPSHARE_MINIMAX_CALLBACK_TOKEN"] = "reference-token"
    scratch = tempfile.mkdtemp()
    os.environ["HOME"] = scratch
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from typer.testing import CliRunner
    from compshare_cli import cli
    from compshare_cli.commands import minimax

    minimax.API_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    # The upload host must be https for the CLI; here it is the same server over http.
    real_urlopen = minimax.request.urlopen

    def urlopen(req, *args, **kwargs):
        url = req.full_url if hasattr(req, "full_url") else req
        if url.startswith("https://127.0.0.1:"):
            req.full_url = "http://" + url[len("https://"):]
        return real_urlopen(req, *args, **kwargs)

    minimax.request.urlopen = urlopen
    runner = CliRunner()
    out = []
    for args in commands(scratch):
        SEEN.clear()
        result = runner.invoke(cli.app, ["minimax", *args])
        if result.exit_code != 0:
            sys.exit(f"compshare minimax {' '.join(args)}: exit {result.exit_code}\n{result.output}")
        out.append({"command": " ".join(a if not a.startswith(scratch) else os.path.basename(a) for a in args),
                    "requests": list(SEEN)})
    server.shutdown()
    return {"source": "compshare-cli minimax, run against 127.0.0.1", "commands": out}


def main():
    text = json.dumps(capture(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        with open(sys.argv[2], encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{sys.argv[2]} is stale: run scripts/model-cli-reference.py > {sys.argv[2]}")
        return
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
