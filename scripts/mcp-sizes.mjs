// What an agent's client receives from `compshare-rs mcp` in each mode: the number of tools
// and the bytes of the `tools/list` answer, as the official TypeScript MCP SDK receives it
// (its parsed result, serialized again), and the share of descriptions, input schemas and
// output schemas in it.
//
//   node scripts/mcp-sizes.mjs target/debug/compshare-rs [--json]
//
// Needs @modelcontextprotocol/sdk: `.ci/run` installs it into target/mcp-node; run from the
// repository root with NODE_PATH=target/mcp-node/node_modules, or copy this file there.
// Nothing is sent to any API: listing tools needs no network.

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const binary = process.argv[2];
if (!binary) {
  console.error("usage: mcp-sizes.mjs <path of compshare-rs> [--json]");
  process.exit(2);
}
const asJson = process.argv.includes("--json");

export const MODES = [
  ["default", []],
  ["read-only, every toolset", ["--toolsets", "all"]],
  ["every toolset, with writes", ["--toolsets", "all", "--allow-writes"]],
  ["compact, every toolset, with writes", ["--compact", "--allow-writes"]],
];

const env = {
  HOME: "/nonexistent-home",
  UCLOUD_PUBLIC_KEY: "sizes_public_key",
  UCLOUD_PRIVATE_KEY: "sizes_private_key",
  UCLOUD_REGION: "cn-wlcb",
  UCLOUD_ZONE: "cn-wlcb-01",
  UCLOUD_API_BASE_URL: "http://127.0.0.1:9",
  COMPSHARE_MINIMAX_BASE_URL: "http://127.0.0.1:9",
  COMPSHARE_INSIGHTS_URL: "",
};

const bytes = (v) => Buffer.byteLength(JSON.stringify(v ?? null));

const rows = [];
for (const [mode, args] of MODES) {
  const client = new Client({ name: "mcp-sizes", version: "1" });
  await client.connect(new StdioClientTransport({ command: binary, args: ["mcp", ...args], env }));
  const listed = await client.listTools();
  await client.close();
  const tools = listed.tools;
  rows.push({
    mode,
    args: args.join(" "),
    tools: tools.length,
    bytes: bytes(listed),
    descriptions: tools.reduce((n, t) => n + bytes(t.description), 0),
    input_schemas: tools.reduce((n, t) => n + bytes(t.inputSchema), 0),
    output_schemas: tools.reduce((n, t) => n + (t.outputSchema ? bytes(t.outputSchema) : 0), 0),
    with_output_schema: tools.filter((t) => t.outputSchema).length,
  });
}
if (asJson) {
  console.log(JSON.stringify(rows, null, 1));
} else {
  console.log("| mode | flags | tools | bytes | descriptions | input schemas | output schemas | with outputSchema |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(`| ${r.mode} | \`${r.args}\` | ${r.tools} | ${r.bytes} | ${r.descriptions} | ${r.input_schemas} | ${r.output_schemas} | ${r.with_output_schema} |`);
  }
}
