#!/usr/bin/env python3
"""Writes describe_community_images_100.json: a DescribeCommunityImages answer of 100 images
with every field the spec declares, shaped as the live API sends them (numbers as JSON
numbers, `Container` as "True"/"False", Chinese text, markdown readmes with escapes).
Deterministic: the same file every run. Kept so the benchmark data can be remade or grown."""

import json
import random

rng = random.Random(20261128)
frameworks = [("PyTorch", "2.3.1", "12.1"), ("TensorFlow", "2.15.0", "12.2"),
              ("PaddlePaddle", "2.6.1", "11.8"), ("JAX", "0.4.30", "12.4")]
apps = ["JupyterLab", "ComfyUI", "Stable Diffusion WebUI", "vLLM", "Ollama", "TensorBoard"]
tags = ["LLM", "AIGC", "文生图", "推理", "训练", "多模态", "语音"]
authors = ["深度求索", "alice_gpu", "模型小站", "bob-lab", "开源社区", "ai-workshop"]


def readme(name, fw, version, cuda):
    return (
        f"# {name}\n\n"
        f"本镜像预装 {fw} {version}(CUDA {cuda}),开机即可使用。\n\n"
        "## 快速开始\n\n"
        "1. 创建实例后打开 JupyterLab:`http://<实例IP>:8888`\n"
        "2. 运行示例:\n\n"
        "```bash\n"
        "cd /root/workspace && python demo.py --model \"/models/base\" --port 7860\n"
        "```\n\n"
        "## 说明\n\n"
        "- 模型文件位于 `/models`,数据盘挂载在 `/data`\n"
        "- 如需更新依赖:`pip install -U -r requirements.txt`\n"
        "- 问题反馈请在社区留言 \\ 邮件 support@example.com\n"
    )


images = []
for i in range(100):
    fw, version, cuda = frameworks[i % len(frameworks)]
    app = apps[i % len(apps)]
    name = f"{app} {fw} 镜像 v{1 + i % 5}.{i % 10}"
    created = 1717171200 + i * 86_400 + rng.randrange(86_400)
    images.append({
        "AuthInfo": rng.choice([0, 1, 2]),
        "Author": rng.choice(authors),
        "AutoStart": rng.choice([True, False]),
        "CompShareImageId": f"compshareImage-{rng.getrandbits(40):010x}",
        "Container": rng.choice(["True", "False"]),
        "Cover": f"https://compshare-image.cn-wlcb.ufileos.com/cover/{rng.getrandbits(64):016x}.png",
        "CreateTime": created,
        "CreatedCount": rng.randrange(0, 20_000),
        "Description": f"{fw} {version} + {app},适合{rng.choice(tags)}场景,开箱即用。",
        "FailedReason": "",
        "FavoritesCount": rng.randrange(0, 5_000),
        "GroupId": f"group-{rng.getrandbits(32):08x}",
        "ImageCharge": rng.choice([True, False]),
        "ImageOwnerAlias": "Community",
        "ImageType": "Community",
        "ImageUseTime": rng.randrange(0, 10_000_000),
        "IsOfficial": False,
        "Name": name,
        "Owner": {"AccountId": str(rng.randrange(10_000_000, 99_999_999)),
                  "AccountName": rng.choice(authors)},
        "Price": round(rng.choice([0, 0.5, 1, 1.99, 2.5, 9.9]), 2),
        "PubTime": created + 3_600,
        "Readme": readme(name, fw, version, cuda),
        "Size": rng.randrange(20_000, 200_000),
        "Softwares": {"Applications": [app, "JupyterLab"], "CUDAVersion": cuda,
                      "Framework": fw, "FrameworkVersion": version},
        "SourceGpuType": rng.choice(["4090", "3090", "A100", "V100S"]),
        "Status": "Available",
        "Tags": rng.sample(tags, 2),
        "VersionDesc": f"更新 {fw} 至 {version},修复已知问题。",
        "VersionName": f"v{1 + i % 5}.{i % 10}",
        "Visibility": 1,
    })

answer = {"Action": "DescribeCommunityImagesResponse", "RetCode": 0, "TotalCount": 2381,
          "ImageSet": images}
with open("describe_community_images_100.json", "w", encoding="utf-8") as f:
    json.dump(answer, f, ensure_ascii=False, separators=(",", ":"))
