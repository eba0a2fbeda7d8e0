#!/usr/bin/env python3
"""Record what the official compshare-cli puts on the wire.

Runs the installed compshare-cli (PyPI) in-process against a local HTTP recorder
on 127.0.0.1 and writes every request each command sent, in order, to
tests/e2e/reference/compshare-cli-captures.json. The Rust end-to-end tests
(cargo xtask generate -> tests/e2e/tests/all_actions/cli.rs) replay each request
through the SDK's typed setters and check the server receives the same.

    python3 scripts/cli-captures.py                # (re)write the reference file
    python3 scripts/cli-captures.py --check FILE   # exit 1 if a fresh capture differs
    python3 scripts/cli-captures.py --output FILE  # write elsewhere

Isolation: credentials are the fixed test keys (env), the CLI's config file, HOME
and XDG_CONFIG_HOME point into a temporary directory, the CLI's telemetry is
disabled, and while the CLI runs every socket connection or name lookup other
than 127.0.0.1 is refused, as is starting a subprocess. Nothing of the CLI is
copied here: its entry point (compshare_cli.cli:main) is called with each
command line, after compshare_cli.config.DEFAULT_BASE_URL is set to the recorder.

Determinism: no value sent depends on the clock or on chance. Times are passed as
absolute Unix timestamps, passwords explicitly, files by fixed relative paths in
the temporary working directory; the recorder's canned answers are fixed (one
piece of state per command: the scheduled stop time, so `schedule extend` can
verify its update). The U-Timestamp-Ms and User-Agent headers are not recorded.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl

EXPECTED_VERSION = "0.5.6"
PUBLIC_KEY = "my_public_key"
PRIVATE_KEY = "my_private_key"
COMMAND_TIMEOUT = 20  # seconds per command
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "tests" / "e2e" / "reference" / "compshare-cli-captures.json"

# Fixed identifiers used on the command lines and in the canned answers.
REGION = "cn-wlcb"
ZONE = "cn-wlcb-01"  # a GPU (UHost) zone
POD_ZONE = "cn-wlcb-02"  # a container zone (IsPod), where CFS lives
HOST = "uhost-abc123"
HOST2 = "uhost-def456"
POD = "cpod-abc123"
IMAGE = "compshareImage-abc123"
GROUP = "group-abc123"
DISK = "bsm-abc123"  # attached to HOST
DISK2 = "bsm-def456"  # detached
CFS = "cfs-abc123"
BANDWIDTH = "bwshare-abc123"
PROJECT = "org-abc123"
TEAM = "1001"
USER = "200001"
USER2 = "200002"
MEMBER = "300001"
MEMBER2 = "300002"
STOP_TIME = 4102444800  # 2100-01-01T00:00:00Z
START = "1735689600"  # 2025-01-01T00:00:00Z
END = "1738368000"  # 2025-02-01T00:00:00Z
PASSWORD = "Passw0rd!2025"
COVER_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
README_TEXT = "# Demo image\n\nPyTorch 2.4 with CUDA 12.4.\n"


# --------------------------------------------------------------------------- commands


def commands() -> List[List[str]]:
    """Command lines, each run as `compshare --json ...`."""
    r, z = ["--region", REGION], ["--zone", ZONE]
    rz = r + z
    pz = ["--zone", POD_ZONE]
    create_core = ["--gpu", "4090", "--count", "1", "--cpu", "16", "--memory", "64GiB",
                   "--image", IMAGE] + rz
    out: List[List[str]] = [
        # ---- diagnostics / locations / catalogue
        ["doctor"],
        ["instance", "zones"],
        ["instance", "zones"] + r,
        ["instance", "families"],
        ["instance", "search"] + rz,
        ["instance", "search", "--gpu", "4090", "--gpu", "3090", "--spot", "--image", IMAGE,
         "--available", "--platform", "Amd/Auto", "--charge", "Spot", "--disk", "200GiB",
         "--disk-type", "CLOUD_SSD"] + rz,
        ["instance", "search", "--gpu", "4090", "--image", IMAGE] + rz,
        ["instance", "network"],
        ["instance", "network"] + rz,
        ["instance", "models"] + r,
        ["instance", "models", "--name", "Qwen2.5-7B", "--tags", "LLM"] + rz,
        ["instance", "ports", "list"],
        ["instance", "ports", "list"] + r,
        ["instance", "software", "list"],
        ["instance", "software", "list"] + r,
        # ---- instance inventory
        ["instance", "list"],
        ["instance", "list", "--id", HOST, "--id", HOST2] + rz + [
         "--tag", "Default", "--vpc", "uvnet-abc123", "--subnet", "subnet-abc123",
         "--disk", DISK, "--project-id", PROJECT, "--without-gpu", "--name", "my",
         "--status", "Running", "--gpu", "4090", "--billing", "Postpay",
         "--limit", "10", "--offset", "0"],
        ["instance", "list", "--all"],
        ["instance", "show", HOST],
        ["instance", "wait", HOST, "--state", "Running", "--timeout", "10"],
        # ---- pricing
        ["instance", "price", "--gpu", "4090", "--cpu", "16", "--memory", "64GiB"] + rz,
        ["instance", "price", "--gpu", "4090", "--count", "2", "--cpu", "32",
         "--memory", "128GiB", "--charge", "Month", "--disk", "200GiB",
         "--disk-type", "CLOUD_SSD", "--volume", "100GiB", "--volume", "50GiB:CFS",
         "--image", IMAGE, "--quantity", "3"] + rz,
        ["instance", "billing", "--gpu", "4090", "--cpu", "16", "--memory", "64GiB"] + rz,
        ["instance", "billing", "--gpu", "4090", "--count", "2", "--cpu", "32",
         "--memory", "128GiB", "--charge", "Day"] + rz,
        ["instance", "resize-price", HOST, "--cpu", "32", "--memory", "128GiB", "--gpu", "2"],
        ["instance", "resize-price", HOST, "--gpu", "2"],
        ["instance", "refund", HOST, HOST2],
        ["instance", "monitor", HOST],
        ["instance", "monitor", HOST, HOST2],
        # ---- create
        ["instance", "create"] + create_core + ["--yes"],
        ["instance", "create"] + create_core + [
         "--disk", "200GiB", "--disk-type", "CLOUD_SSD", "--data-disk", "100GiB",
         "--data-disk", "50GiB:CLOUD_RSSD", "--charge", "Month", "--quantity", "2",
         "--name", "my-gpu", "--platform", "Amd/Auto", "--remark", "training box",
         "--firewall", "firewall-abc123", "--max-count", "1", "--us3", "--cfs",
         "--max-price", "5000", "--no-wait", "--yes"],
        ["instance", "create"] + create_core + ["--charge", "Spot", "--no-us3", "--no-cfs",
         "--wait", "--timeout", "10", "--yes"],
        ["instance", "create"] + create_core + ["--dry-run"],
        # ---- lifecycle
        ["instance", "start", HOST],
        ["instance", "start", HOST, HOST2, "--without-gpu", "A", "--no-wait"],
        ["instance", "stop", HOST, "--yes"],
        ["instance", "stop", HOST, HOST2, "--no-wait", "--yes"],
        ["instance", "reboot", HOST, "--yes"],
        ["instance", "delete", HOST, "--yes"],
        ["instance", "delete", HOST, "--release-disk", "--no-wait", "--yes"],
        ["instance", "rename", HOST, "my-gpu-2"],
        ["instance", "rename", HOST, "训练机 #1"],
        ["instance", "password", HOST, "--password", PASSWORD, "--yes"],
        ["instance", "reinstall", HOST, "--image", IMAGE, "--yes"],
        ["instance", "reinstall", HOST, "--image", IMAGE, "--password", PASSWORD,
         "--coupon", "coupon-abc123", "--no-wait", "--yes"],
        ["instance", "resize", HOST, "--cpu", "32", "--memory", "128GiB", "--gpu", "2",
         "--coupon", "coupon-abc123", "--yes"],
        ["instance", "resize", HOST, "--cpu", "32", "--memory", "128GiB", "--gpu", "0",
         "--dry-run"],
        ["instance", "resize", HOST, "--without-gpu", "B", "--yes"],
        ["instance", "resize", HOST, "--disk", DISK, "--disk-size", "200GiB", "--yes"],
        ["instance", "charge", HOST, "--to", "Month", "--yes"],
        ["instance", "charge", HOST, "--to", "Postpay", "--yes"],
        ["instance", "ports", "update", HOST, "--http", "8888", "--http", "6006",
         "--tcp", "22", "--yes"],
        ["instance", "ports", "update", HOST, "--tcp", "7860", "--yes"],
        # ---- scheduled shutdown
        ["instance", "schedule", "set", HOST, "--at", str(STOP_TIME)],
        ["instance", "schedule", "set", HOST, "--at", "2100-01-01T08:00:00+08:00",
         "--project-id", PROJECT],
        ["instance", "schedule", "show", HOST],
        ["instance", "schedule", "extend", HOST, "--by", "2h"],
        ["instance", "schedule", "extend", HOST, "--by", "30m", "--project-id", PROJECT],
        ["instance", "schedule", "cancel", HOST, "--yes"],
        ["instance", "schedule", "cancel", HOST, "--project-id", PROJECT, "--yes"],
        # ---- images
        ["image", "list"],
        ["image", "list", "--type", "App"] + rz,
        ["image", "list", "--id", IMAGE, "--name", "PyTorch", "--author", "UCloud",
         "--tag", "PyTorch", "--type", "System", "--limit", "5", "--offset", "0"] + rz,
        ["image", "list", "--all", "--type", "Game"],
        ["image", "list", "--source", "custom"],
        ["image", "list", "--source", "custom", "--id", IMAGE] + rz,
        ["image", "list", "--source", "community"],
        ["image", "list", "--source", "community", "--id", IMAGE, "--group", GROUP,
         "--name", "ComfyUI", "--author", "alice", "--query", "comfy", "--tag", "AIGC",
         "--tag", "SD,Flux", "--free", "--official", "--autostart", "--sort", "CreateTime",
         "--ascending", "--limit", "10", "--offset", "10"] + rz,
        ["image", "list", "--source", "community", "--paid", "--unofficial",
         "--no-autostart", "--sort", "Downloads"],
        ["image", "list", "--source", "shared", "--id", IMAGE] + r,
        ["image", "list", "--source", "published"],
        ["image", "list", "--source", "published", "--group", GROUP, "--query", "comfy",
         "--free", "--sort", "CreateTime"],
        ["image", "list", "--source", "user", "--user", "56789012"],
        ["image", "list", "--source", "user", "--user", "56789012"] + rz,
        ["image", "list", "--source", "published", "--name", "ComfyUI", "--author", "alice",
         "--tag", "AIGC", "--official", "--autostart"] + rz,
        ["image", "list", "--source", "shared"] + rz,
        ["image", "show", IMAGE],
        ["image", "show", IMAGE, "--source", "custom"] + rz,
        ["image", "show", IMAGE, "--source", "community"],
        ["image", "show", IMAGE, "--source", "shared"] + r,
        ["image", "show", IMAGE, "--source", "published"],
        ["image", "create", "--instance", HOST, "--name", "my-image", "--yes"],
        ["image", "create", "--instance", HOST, "--name", "my-image",
         "--description", "snapshot after setup", "--wait", "--timeout", "10", "--yes"],
        ["image", "progress", IMAGE] + r,
        ["image", "progress", IMAGE] + rz,
        ["image", "update", IMAGE, "--name", "my-image-2"] + r,
        ["image", "update", IMAGE, "--group", GROUP, "--name", "ComfyUI",
         "--description", "ComfyUI with Flux", "--visibility", "1", "--price", "1.5",
         "--cover", "cover.png", "--readme", "README.md", "--tag", "AIGC", "--tag", "SD,Flux",
         "--version", "v1.1", "--version-description", "Flux support", "--gpu", "4090",
         "--gpu", "3090,A100", "--autostart"] + rz,
        ["image", "update", IMAGE, "--visibility", "0", "--price", "2", "--no-autostart"] + r,
        ["image", "delete", IMAGE, "--yes"] + r,
        ["image", "delete", IMAGE, "--yes"] + rz,
        ["image", "shares", IMAGE] + r,
        ["image", "share", IMAGE, "56789012", "56789013"] + r,
        ["image", "unshare", IMAGE, "56789012", "--yes"] + r,
        ["image", "publish", IMAGE, "--version", "v1.0"] + rz + ["--yes"],
        ["image", "publish", IMAGE, "--version", "v1.1", "--group", GROUP,
         "--name", "ComfyUI", "--version-description", "Flux support", "--price", "0.5",
         "--cover", "cover.png", "--tag", "AIGC", "--tag", "SD", "--description",
         "ComfyUI with Flux", "--readme", "README.md", "--gpu", "4090", "--autostart"]
        + rz + ["--yes"],
        ["image", "publish", IMAGE, "--version", "v1.2", "--price", "3", "--no-autostart"]
        + rz + ["--yes"],
        ["image", "favorite", GROUP],
        ["image", "unfavorite", GROUP],
        ["image", "tags"],
        # ---- disks
        ["storage", "disk", "list"],
        ["storage", "disk", "list", "--instance", HOST] + r,
        ["storage", "disk", "create", "--instance", HOST, "--size", "100GiB",
         "--name", "data1", "--yes"],
        ["storage", "disk", "create", "--instance", HOST, "--size", "500GiB",
         "--name", "data2", "--type", "SSDDataDisk", "--charge", "Dynamic",
         "--quantity", "2", "--coupon", "coupon-abc123", "--yes"],
        ["storage", "disk", "attach", DISK2, "--instance", HOST],
        ["storage", "disk", "attach", DISK2, "--instance", HOST, "--type", "SSDDataDisk"],
        ["storage", "disk", "detach", DISK, "--instance", HOST, "--device", "/dev/vdb",
         "--yes"],
        ["storage", "disk", "price", DISK, "--instance", HOST, "--size", "200GiB"],
        ["storage", "disk", "price", DISK, "--instance", HOST, "--size", "200GiB",
         "--backup", "NONE"],
        ["storage", "disk", "resize", DISK, "--size", "200GiB", "--instance", HOST, "--yes"],
        ["storage", "disk", "resize", DISK2, "--size", "300GiB"] + rz + ["--yes"],
        ["storage", "disk", "resize", DISK, "--size", "200GiB", "--yes"],
        ["storage", "disk", "delete", DISK2, "--yes"],
        ["storage", "disk", "delete", DISK2] + rz + ["--yes"],
        ["storage", "us3", "attach", "--instance", HOST, "--yes"],
        ["storage", "us3", "attach", "--instance", HOST, "--dry-run"],
        # ---- CFS
        ["storage", "cfs", "list"],
        ["storage", "cfs", "list", "--region", REGION],
        ["storage", "cfs", "list", "--region", REGION] + pz + ["--project", PROJECT],
        ["storage", "cfs", "show", CFS],
        ["storage", "cfs", "show", CFS, "--project", PROJECT],
        ["storage", "cfs", "price", "--size", "100GiB", "--region", REGION] + pz,
        ["storage", "cfs", "price", "--size", "200GiB", "--region", REGION] + pz
        + ["--charge", "Year", "--quantity", "2", "--project", PROJECT],
        ["storage", "cfs", "create", "--name", "shared-data", "--size", "100GiB",
         "--region", REGION] + pz + ["--yes"],
        ["storage", "cfs", "create", "--name", "shared-data", "--size", "500GiB",
         "--region", REGION] + pz + ["--charge", "Dynamic", "--quantity", "1",
         "--coupon", "coupon-abc123", "--project", PROJECT, "--yes"],
        ["storage", "cfs", "create", "--name", "shared-data", "--size", "100GiB",
         "--region", REGION] + pz + ["--charge", "Day", "--dry-run"],
        ["storage", "cfs", "resize-price", CFS, "--size", "300GiB", "--region", REGION] + pz,
        ["storage", "cfs", "resize-price", CFS, "--size", "300GiB", "--region", REGION] + pz
        + ["--project", PROJECT],
        ["storage", "cfs", "resize", CFS, "--size", "300GiB", "--region", REGION] + pz
        + ["--yes"],
        ["storage", "cfs", "resize", CFS, "--size", "400GiB", "--region", REGION] + pz
        + ["--coupon", "coupon-abc123", "--project", PROJECT, "--yes"],
        ["storage", "cfs", "refund", CFS, "--region", REGION] + pz,
        ["storage", "cfs", "refund", CFS, "--region", REGION] + pz + ["--project", PROJECT],
        ["storage", "cfs", "delete", CFS, "--region", REGION] + pz + ["--yes"],
        ["storage", "cfs", "delete", CFS, "--region", REGION] + pz
        + ["--recycle", "--project", PROJECT, "--yes"],
        ["storage", "cfs", "attach", "--instance", POD, "--yes"],
        ["storage", "cfs", "detach", "--instance", POD, "--yes"],
        # ---- dedicated bandwidth
        ["bandwidth", "list"],
        ["bandwidth", "list"] + rz,
        ["bandwidth", "instances"],
        ["bandwidth", "instances", "--id", HOST, "--id", HOST2] + rz,
        ["bandwidth", "create", "--bandwidth", "100"] + rz + ["--yes"],
        ["bandwidth", "create", "--bandwidth", "200", "--charge", "Year",
         "--quantity", "2"] + rz + ["--yes"],
        ["bandwidth", "create", "--bandwidth", "100"] + rz + ["--dry-run"],
        ["bandwidth", "resize", BANDWIDTH, "--bandwidth", "300"] + rz + ["--yes"],
        ["bandwidth", "delete", BANDWIDTH] + rz + ["--yes"],
        ["bandwidth", "switch", HOST, HOST2, "--to", "dedicated", "--yes"],
        ["bandwidth", "switch", HOST, "--to", "shared", "--yes"],
        # ---- teams
        ["team", "list"],
        ["team", "joined"],
        ["team", "joined", "--status", "Agree"],
        ["team", "show", TEAM],
        ["team", "create", "ml-lab", "--yes"],
        ["team", "create", "ml-lab", "--description", "GPU budget for the ML lab", "--yes"],
        ["team", "update", TEAM, "--name", "ml-lab-2"],
        ["team", "update", TEAM, "--name", "ml-lab-2", "--description", "renamed"],
        ["team", "delete", TEAM, "--yes"],
        ["team", "invite", "list"],
        ["team", "invite", "send", TEAM, USER, "--yes"],
        ["team", "invite", "send", TEAM, USER + ":alice", USER2, "--yes"],
        ["team", "invite", "accept", TEAM, "--yes"],
        ["team", "invite", "reject", TEAM, "--yes"],
        ["team", "invite", "cancel", TEAM, USER, "--yes"],
        ["team", "member", "list", TEAM],
        ["team", "member", "rename", TEAM, USER, "alice"],
        ["team", "quota", "grant", TEAM, MEMBER, "--amount", "100", "--yes"],
        ["team", "quota", "grant", TEAM, MEMBER, MEMBER2, "--amount", "1000.50", "--yes"],
        ["team", "quota", "reclaim", TEAM, MEMBER, "--amount", "20.05", "--yes"],
        ["team", "billing", "list", TEAM, MEMBER],
        ["team", "billing", "list", TEAM, MEMBER, "--start", START, "--end", END,
         "--charge", "Month", "--charge", "Postpay,Dynamic", "--status", "Paid",
         "--resource", HOST, "--resource", DISK, "--sort", "order_start_time",
         "--ascending", "--limit", "10", "--offset", "5"],
        ["team", "billing", "list", TEAM, MEMBER, "--all", "--sort", "order_end_time"],
        ["team", "billing", "summary", TEAM, MEMBER],
        ["team", "billing", "summary", TEAM, MEMBER, "--start", START, "--end", END],
        ["team", "billing", "unpaid", TEAM, MEMBER],
        ["team", "billing", "unpaid", TEAM, MEMBER, "--start", "2025-01-01T00:00:00Z",
         "--end", "2025-02-01T00:00:00Z", "--limit", "10", "--offset", "0"],
        ["team", "billing", "products", TEAM, MEMBER],
        ["team", "billing", "products", TEAM, MEMBER, "--start", START, "--end", END,
         "--status", "Paid", "--status", "Refunded"],
        ["team", "billing", "export", TEAM, "--output", "orders.csv"],
        ["team", "billing", "export", TEAM, "--output", "orders-member.csv",
         "--member", MEMBER, "--start", START, "--end", END, "--status", "Paid"],
        ["team", "audit", TEAM],
        ["team", "audit", TEAM, "--start", START, "--end", END, "--operation",
         "AllocateAmount", "--operation", "WithdrawAmount", "--status", "Success",
         "--ascending", "--limit", "10", "--offset", "0"],
    ]
    return [["--json", *argv] for argv in out]


# --------------------------------------------------------------------------- recorder


def _host(identifier: str, state: Dict[str, Any]) -> Dict[str, Any]:
    pod = identifier.startswith("cpod-")
    return {
        "UHostId": identifier,
        "Name": "my-gpu",
        "State": "Running",
        "Region": REGION,
        "Zone": POD_ZONE if pod else ZONE,
        "GpuType": "4090",
        "GPU": 1,
        "CPU": 16,
        "Memory": 65536,
        "ChargeType": "Postpay",
        "CompShareImageId": IMAGE,
        "SchedulerStopTime": state.get("stop_time", STOP_TIME),
        "IPSet": [
            {"IP": "192.0.2.10", "IPId": "eip-abc123", "Type": "BGP",
             "ShareBandwidth": {"Scope": "Public", "Bandwidth": 100, "CanSwitch": True,
                                "TargetScope": "Company"}},
            {"IP": "10.9.0.10", "Type": "Private"},
        ],
    }


def _list_param(params: Dict[str, Any], name: str) -> List[str]:
    value = params.get(name)
    if isinstance(value, list):
        return [str(v) for v in value]
    items = []
    index = 0
    while f"{name}.{index}" in params:
        items.append(str(params[f"{name}.{index}"]))
        index += 1
    return items


def answer(action: str, params: Dict[str, Any], state: Dict[str, Any]) -> Dict[str, Any]:
    """A plausible RetCode 0 answer with what the CLI reads from it."""
    image = {"CompShareImageId": params.get("CompShareImageId", IMAGE), "Name": "PyTorch 2.4",
             "ImageType": "App", "Author": "UCloud", "Status": "Available", "Price": 0,
             "VersionName": "v1.0", "Tags": ["PyTorch"], "Zone": ZONE}
    group = {"GroupId": GROUP, "ImageName": "ComfyUI", "Status": "Available",
             "Data": [dict(image, Name="ComfyUI")]}
    order = {"OrderNo": "order-abc123", "OrderState": "Paid", "ChargeType": "Month",
             "Amount": "100.00", "AmountReal": "100.00", "ResourceId": HOST,
             "CreateTime": 1735689600}
    body: Dict[str, Any]
    if action == "DescribeCompShareInstance":
        ids = _list_param(params, "UHostIds") or [HOST]
        body = {"UHostSet": [_host(i, state) for i in ids], "TotalCount": len(ids)}
    elif action == "UpdateCompShareStopScheduler":
        state["stop_time"] = int(params["SchedulerStopTime"])
        body = {}
    elif action == "GetProjectList":
        body = {"ProjectCount": 1, "ProjectSet": [
            {"ProjectId": PROJECT, "ProjectName": "Default", "IsDefault": True}]}
    elif action == "DescribeCompShareSupportZone":
        body = {"ZoneInfo": [
            {"Region": REGION, "Zone": ZONE, "Describe": "Ulanqab A", "IsPod": False},
            {"Region": REGION, "Zone": POD_ZONE, "Describe": "Ulanqab B", "IsPod": True}]}
    elif action == "DescribeCompShareMachineTypeFamilies":
        body = {"MachineTypes": [{"Name": "4090", "Description": "RTX 4090 24GB"}]}
    elif action == "DescribeAvailableCompShareInstanceTypes":
        names = _list_param(params, "MachineTypes") or ["4090"]
        body = {"AvailableInstanceTypes": [
            {"Name": name, "Zone": params.get("Zone", ZONE),
             "GraphicsMemory": {"Value": 24},
             "MachineSizes": [{"Gpu": 1, "Collection": [
                 {"Cpu": 16, "Memory": [64], "MinimalCpuPlatform": ["Amd/Auto"]}]}]}
            for name in names]}
    elif action == "CheckCompShareResourceCapacity":
        body = {"Specs": [{"Gpu": 1, "Cpu": 16, "Mem": 64, "ResourceEnough": True},
                          {"Gpu": 2, "Cpu": 32, "Mem": 128, "ResourceEnough": False}]}
    elif action in ("GetCompShareInstancePrice", "GetCompShareInstanceUserPrice"):
        body = {"PriceDetails": [{"ChargeType": params.get("ChargeType", "Postpay"),
                                  "Instance": 2.1, "SystemDisks": 0.05, "Disks": 0,
                                  "CompShareImage": 0}]}
    elif action == "CreateCompShareInstance":
        body = {"UHostIds": ["uhost-new001"]}
    elif action == "GetCompShareInstanceUpgradePrice":
        body = {"Price": 1.5, "OriginalPrice": 1.5}
    elif action == "GetCompShareRefundPrice":
        body = {"RefundPriceSet": [{"UHostId": i, "Code": 0, "RefundPrice": 0, "Message": ""}
                                   for i in _list_param(params, "UHostIds")]}
    elif action == "GetCompShareInstanceMonitor":
        body = {"Data": {"PodList": [], "List": [
            {"UHostId": i, "Metrics": [{"MetricKey": "uhost_cpu_used", "Results": [
                {"ResourceId": i, "TagMap": {},
                 "Values": [{"Timestamp": 1735689600, "Value": 12.5}]}]}]}
            for i in _list_param(params, "UHostIds")]}}
    elif action == "DescribeCompShareSoftwarePort":
        body = {"SoftwarePort": [{"Software": "JupyterLab", "Port": 8888}]}
    elif action == "DescribeModelRepositoryModels":
        body = {"Models": [{"Name": "Qwen2.5-7B", "Path": "/models/qwen2.5-7b", "Tag": "LLM",
                            "Size": "15GB", "CreateTime": 1735689600}]}
    elif action in ("DescribeCompShareImages", "DescribeCompShareCustomImages",
                    "DescribeCompShareSharingImages"):
        body = {"ImageSet": [image], "TotalCount": 1}
    elif action in ("DescribeCommunityImages", "DescribeSelfCommunityImages",
                    "DescribeUserCommunityImages"):
        body = {"CompshareImageGroup": [group], "TotalCount": 1}
    elif action == "CreateCompShareCustomImage":
        body = {"CompShareImageId": "compshareImage-new001"}
    elif action == "GetCompShareImageCreateProgress":
        body = {"Status": "Available", "Progress": 100}
    elif action == "DescribeCompShareImageShareAccounts":
        body = {"AccountSet": [{"AccountId": 56789012, "AccountName": "alice"}]}
    elif action == "DescribeCompShareImageTags":
        body = {"Tags": ["PyTorch", "AIGC"]}
    elif action == "DescribeCompshareDisk":
        body = {"DiskSet": [
            {"ResourceId": DISK, "Name": "data1", "Configuration": "100GB",
             "DiskType": "SSDDataDisk", "Status": "InUse", "MountInstance": HOST, "Zone": ZONE},
            {"ResourceId": DISK2, "Name": "data2", "Configuration": "200GB",
             "DiskType": "SSDDataDisk", "Status": "Available", "MountInstance": "",
             "Zone": ZONE}], "TotalCount": 2}
    elif action == "DescribeCFS":
        body = {"CFSSet": [{"CfsId": CFS, "Name": "shared-data", "ZoneId": 1, "Size": 100,
                            "ChargeType": "Month", "MountStatus": "Mounted",
                            "MountedUHostIds": [POD]}]}
    elif action in ("GetCompShareCFSPrice",):
        body = {"PriceDetails": {"Price": 35.0}}
    elif action == "GetCompShareCFSUpgradePrice":
        body = {"Price": 20.0}
    elif action == "GetCompShareCFSRefundPrice":
        body = {"RefundPrice": 10.0}
    elif action == "DescribeCompShareShareBandwidth":
        body = {"CompanyShareBandwidth": {"ShareBandwidthId": BANDWIDTH, "Bandwidth": 100,
                                          "Status": "Normal", "ChargeType": "Month",
                                          "BindEIPCount": 1}}
    elif action in ("GetCompShareShareBandwidthPrice",
                    "GetCompShareShareBandwidthUpgradePrice"):
        body = {"TotalPrice": 150000}
    elif action == "GetCompShareShareBandwidthRefundPrice":
        body = {"RefundPrice": -5000}
    elif action == "CreateCompShareShareBandwidth":
        body = {"OrderNo": "order-abc123", "CompanyShareBandwidth": {
            "ShareBandwidthId": BANDWIDTH, "Bandwidth": int(params.get("ShareBandwidth", 100))}}
    elif action == "DeleteCompShareShareBandwidth":
        body = {"MigratedEIPCount": 1}
    elif action == "SwitchCompShareEIPShareBandwidth":
        body = {"Results": [{"UHostId": i, "Success": True, "CurrentScope": "Company"}
                            for i in _list_param(params, "UHostIds")]}
    elif action == "ListCompShareTeam":
        body = {"Teams": [{"Id": int(TEAM), "Name": "ml-lab", "MemberCount": 1}]}
    elif action == "GetCompShareTeamInfo":
        body = {"Team": {"Id": int(TEAM), "Name": "ml-lab", "Description": ""},
                "TeamRelation": [{"UserCompanyId": int(USER), "VirtualCompanyId": int(MEMBER),
                                  "RemarkName": "alice", "Status": "Agree",
                                  "AllocateAmount": 10000, "AvailableAmount": 5000}]}
    elif action == "CreateCompShareTeamRelation":
        body = {"ErrorMap": {}}
    elif action == "SetCompShareTeamAmount":
        body = {"FailedMembers": {}}
    elif action in ("DescribeTeamMemberOrder", "DescribeTeamMemberUnpaidOrder"):
        body = {"OrderInfos": [order], "TotalCount": 1}
    elif action in ("DescribeTeamMemberOrderCount", "DescribeTeamMemberUnpaidOrderCount"):
        body = {"TotalCount": 1, "Amount": "100.00", "AmountReal": "100.00"}
    elif action == "ListMemberProductType":
        body = {"ProductTypeList": ["uhost", "udisk"]}
    elif action == "ListCompShareTeamOperateLog":
        body = {"Logs": [{"CreateTime": 1735689600, "OperateType": "AllocateAmount",
                          "Status": "Success", "Content": "granted"}], "TotalCount": 1}
    else:
        body = {}
    return {"Action": f"{action}Response", "RetCode": 0, **body}


class Recorder:
    def __init__(self) -> None:
        self.requests: List[Dict[str, Any]] = []
        self.state: Dict[str, Any] = {}
        self.unexpected: List[str] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802
                recorder.handle(self)

            def do_GET(self) -> None:  # noqa: N802
                recorder.handle(self)

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        self.requests = []
        self.state = {}

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        content_type = h.headers.get("Content-Type") or ""
        as_json: Optional[Any] = None
        if content_type.split(";")[0].strip().lower() == "application/json":
            as_json = json.loads(raw.decode("utf-8")) if raw else None
            pairs = [[k, v] for k, v in (as_json or {}).items()]
        else:
            pairs = [[k, v] for k, v in parse_qsl(raw.decode("utf-8"), keep_blank_values=True)]
        flat = {k: v for k, v in pairs}
        action = str(flat.get("Action", ""))
        self.requests.append({
            "action": action,
            "method": h.command,
            "path": h.path,
            "content_type": content_type,
            "params": pairs,
            "json": as_json,
        })
        if h.command != "POST" or h.path != "/":
            self.unexpected.append(f"{h.command} {h.path}")
        if action == "DownloadTeamOrder":
            payload = b"OrderNo,Amount\r\norder-abc123,100.00\r\n"
            kind = "text/csv; charset=utf-8"
        else:
            payload = json.dumps(answer(action, flat, self.state)).encode("utf-8")
            kind = "application/json"
        h.send_response(200)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(len(payload)))
        h.send_header("X-UCLOUD-REQUEST-UUID", "00000000-0000-0000-0000-000000000000")
        h.end_headers()
        h.wfile.write(payload)


# --------------------------------------------------------------------------- isolation


class CommandTimeout(BaseException):
    """Raised by the alarm; a BaseException so the CLI's `except Exception` lets it by."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise CommandTimeout()


class Blocked(OSError):
    pass


def _loopback(host: Any) -> bool:
    return host in ("127.0.0.1", "localhost", "::1")


def install_guards() -> None:
    """Refuse any connection or name lookup but loopback, and any subprocess."""
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_getaddrinfo = socket.getaddrinfo

    def check(address: Any) -> None:
        if isinstance(address, tuple) and not _loopback(address[0]):
            raise Blocked(f"cli-captures: refused connection to {address!r}")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return original_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _loopback(host if isinstance(host, str) else host.decode()):
            raise Blocked(f"cli-captures: refused name lookup of {host!r}")
        return original_getaddrinfo(host, *args, **kwargs)

    class NoPopen:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise Blocked(f"cli-captures: refused to start {args[:1]!r}")

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    subprocess.Popen = NoPopen  # type: ignore[misc,assignment]


def prepare_environment(tmp: Path) -> None:
    for key in list(os.environ):
        if key.lower().endswith("_proxy") or key.startswith("COMPSHARE_"):
            del os.environ[key]
    home = tmp / "home"
    (home / ".config").mkdir(parents=True)
    os.environ.update({
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "COMPSHARE_CONFIG_FILE": str(tmp / "compshare" / "config.json"),
        "COMPSHARE_TEMPLATE_FILE": str(tmp / "compshare" / "instance-templates.json"),
        "COMPSHARE_PUBLIC_KEY": PUBLIC_KEY,
        "COMPSHARE_PRIVATE_KEY": PRIVATE_KEY,
        "COMPSHARE_LANG": "en",
        "COMPSHARE_INSIGHTS_URL": "",  # the CLI's telemetry: off
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "COLUMNS": "200",
        "TERM": "dumb",
    })
    work = tmp / "work"
    work.mkdir()
    (work / "cover.png").write_bytes(COVER_BYTES)
    (work / "README.md").write_text(README_TEXT, encoding="utf-8")


# --------------------------------------------------------------------------- signature


def signature(params: List[List[Any]], private_key: str) -> str:
    """The documented rule: sort by key, key+value, private key appended, SHA-1 hex;
    a JSON list's value is its elements concatenated."""
    pairs = sorted(((k, v) for k, v in params if k != "Signature"),
                   key=lambda kv: kv[0].encode("utf-8"))
    text = ""
    for key, value in pairs:
        if isinstance(value, list):
            value = "".join(str(item) for item in value)
        text += key + str(value)
    return hashlib.sha1((text + private_key).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- run


def run_capture() -> Tuple[Dict[str, Any], List[str]]:
    problems: List[str] = []
    with tempfile.TemporaryDirectory(prefix="cli-captures-") as tmpdir:
        tmp = Path(tmpdir)
        prepare_environment(tmp)

        from importlib import metadata

        version = metadata.version("compshare-cli")
        if version != EXPECTED_VERSION:
            problems.append(f"compshare-cli {version} is installed; the captures are of "
                            f"{EXPECTED_VERSION}")
        import compshare_cli.cli as cli
        import compshare_cli.config as config
        import compshare_cli.insights as insights

        recorder = Recorder()
        recorder.start()
        config.DEFAULT_BASE_URL = recorder.url
        # The constant is imported by name nowhere else (config.Profile.sdk_config reads
        # the module global). Telemetry has its own endpoint: switched off twice over.
        insights.DEFAULT_ENDPOINT = ""
        insights.record_command = lambda *a, **k: None
        cli.record_command = lambda *a, **k: None

        captures = []
        previous_cwd = os.getcwd()
        previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
        install_guards()
        try:
            os.chdir(tmp / "work")
            for argv in commands():
                recorder.reset()
                out, err = io.StringIO(), io.StringIO()
                code: Any = 0
                try:
                    signal.setitimer(signal.ITIMER_REAL, COMMAND_TIMEOUT)
                    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                            _stdin(io.StringIO("")):
                        cli.main(list(argv))
                except SystemExit as exit_:
                    code = exit_.code if isinstance(exit_.code, int) else (
                        0 if exit_.code is None else 1)
                except CommandTimeout:
                    code = "timeout"
                except Exception as error:  # keep going
                    code = f"error: {type(error).__name__}: {error}"
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                requests = list(recorder.requests)
                for i, req in enumerate(requests, 1):
                    sent = dict((k, v) for k, v in req["params"])
                    if sent.get("Signature") != signature(req["params"], PRIVATE_KEY):
                        problems.append(f"{' '.join(argv)}: request {i}: signature mismatch")
                if code != 0:
                    detail = (out.getvalue() + err.getvalue()).strip().splitlines()
                    problems.append(f"{' '.join(argv)}: exit {code}: "
                                    f"{detail[-1] if detail else ''}"[:400])
                if not requests:
                    problems.append(f"{' '.join(argv)}: sent nothing")
                captures.append({"command": argv, "requests": requests,
                                 "exit_code": code})
        finally:
            os.chdir(previous_cwd)
            signal.signal(signal.SIGALRM, previous_handler)
            recorder.stop()
        problems.extend(f"unexpected request {u}" for u in recorder.unexpected)

    document = {
        "source": f"compshare-cli {version} (PyPI) run against a local recorder by "
                  "scripts/cli-captures.py",
        "version": version,
        "public_key": PUBLIC_KEY,
        "private_key": PRIVATE_KEY,
        "captures": captures,
    }
    return document, problems


@contextlib.contextmanager
def _stdin(stream: io.StringIO):
    previous = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = previous


def render(document: Dict[str, Any]) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def summary(document: Dict[str, Any]) -> str:
    seen: Dict[str, int] = {}
    for capture in document["captures"]:
        for req in capture["requests"]:
            seen[req["action"]] = seen.get(req["action"], 0) + 1
    requests = sum(seen.values())
    return (f"{len(document['captures'])} commands, {requests} requests, "
            f"{len(seen)} actions")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", metavar="FILE", type=Path,
                        help="compare a fresh capture with FILE; exit 1 if they differ")
    parser.add_argument("--output", metavar="FILE", type=Path, default=DEFAULT_OUTPUT,
                        help=f"where to write (default {DEFAULT_OUTPUT.relative_to(ROOT)})")
    args = parser.parse_args()
    check = args.check.resolve() if args.check else None
    output = args.output.resolve()

    document, problems = run_capture()
    for problem in problems:
        print(f"cli-captures: {problem}", file=sys.stderr)
    text = render(document)

    if check is not None:
        try:
            old_text = check.read_text(encoding="utf-8")
        except OSError as error:
            print(f"cli-captures: cannot read {check}: {error}", file=sys.stderr)
            return 1
        if old_text == text:
            print(f"cli-captures: {check} is up to date ({summary(document)})")
            return 0
        try:
            old = json.loads(old_text)
        except json.JSONDecodeError:
            old = {"captures": []}
        old_by = {json.dumps(c.get("command")): c for c in old.get("captures", [])}
        new_by = {json.dumps(c["command"]): c for c in document["captures"]}
        added = [k for k in new_by if k not in old_by]
        removed = [k for k in old_by if k not in new_by]
        changed = [k for k in new_by if k in old_by and old_by[k] != new_by[k]]
        print(f"cli-captures: {check} differs from a fresh capture: {len(changed)} changed, "
              f"{len(added)} new, {len(removed)} gone", file=sys.stderr)
        for label, keys in (("changed", changed), ("new", added), ("gone", removed)):
            for key in keys[:5]:
                print(f"  {label}: compshare {' '.join(json.loads(key))}", file=sys.stderr)
            if len(keys) > 5:
                print(f"  ... and {len(keys) - 5} more {label}", file=sys.stderr)
        if not (changed or added or removed):
            print("  (the header or formatting differs)", file=sys.stderr)
        return 1

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"cli-captures: wrote {output} ({summary(document)})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
