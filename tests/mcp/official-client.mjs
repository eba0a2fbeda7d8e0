// compshare-rs mcp driven by the official TypeScript MCP SDK (@modelcontextprotocol/sdk),
// a client nobody here wrote: list the tools (read-only, then with --allow-writes), call a
// listing against a local HTTP server on 127.0.0.1 (its answer checked by this client against
// the tool's outputSchema), preview a create (nothing sent), confirm it with the preview's
// token (other arguments refused, nothing sent; the same ones sent once), send a wrongly
// typed argument (a tool error; the server keeps serving), do the same through compact mode's
// three tools, and start the server as README's registration says.
//
//   node tests/mcp/official-client.mjs target/debug/compshare-rs
//
// `.ci/run` installs the SDK into target/mcp-node and runs this when Node.js is present.

import assert from "node:assert/strict";
import http from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const binary = process.argv[2];
assert.ok(binary, "usage: official-client.mjs <path of compshare-rs>");

const received = [];
// Polls of the instance that still find it starting (a waited-for create's).
let starting = 0;
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const form = new URLSearchParams(body);
    received.push(form.get("Action"));
    const answer = form.get("Action") === "DescribeCompShareInstance"
      ? { RetCode: 0, TotalCount: 1, UHostSet: [{ UHostId: "uhost-1", State: starting > 0 ? (starting--, "Starting") : "Running" }] }
      : { RetCode: 0, UHostIds: ["uhost-1"], Specs: [{ Gpu: 1, Cpu: 16, Mem: 64, ResourceEnough: true }], PriceDetails: [{ ChargeType: "Postpay", Instance: 1.5 }] };
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify(answer));
  });
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const url = `http://127.0.0.1:${server.address().port}`;

const env = {
  HOME: "/nonexistent-home",
  UCLOUD_PUBLIC_KEY: "node_public_key",
  UCLOUD_PRIVATE_KEY: "node_private_key",
  UCLOUD_REGION: "cn-wlcb",
  UCLOUD_ZONE: "cn-wlcb-01",
  UCLOUD_API_BASE_URL: url,
};

async function connect(args) {
  const client = new Client({ name: "official-client-test", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: binary, args: ["mcp", ...args], env, stderr: "ignore" }));
  return client;
}

const readOnly = await connect([]);
const ro = (await readOnly.listTools()).tools;
assert.ok(ro.some((t) => t.name === "DescribeCompShareInstance"));
// Typed answers: every tool says what its structured answer holds, and this client checks
// each answer against it (a mismatch would fail the call).
assert.ok(ro.every((t) => t.outputSchema && t.outputSchema.type === "object"), "every tool has an outputSchema");
assert.ok(!ro.some((t) => t.name === "CreateCompShareInstance"), "read-only by default");
const listing = await readOnly.callTool({ name: "DescribeCompShareInstance", arguments: { Limit: 1 } });
assert.equal(listing.isError, false);
assert.equal(listing.structuredContent.output.UHostSet[0].UHostId, "uhost-1");
const wrong = await readOnly.callTool({ name: "DescribeCompShareInstance", arguments: { Limit: "one" } });
assert.equal(wrong.isError, true);
assert.equal(wrong.structuredContent.error, "invalid_arguments");
const again = await readOnly.callTool({ name: "DescribeCompShareInstance", arguments: {} });
assert.equal(again.isError, false, "the server keeps serving");
await readOnly.close();

// Writes are chosen with their toolset: the default set is read-only.
const writes = await connect(["--allow-writes", "--toolsets", "default,instance"]);
const all = (await writes.listTools()).tools;
assert.ok(all.length > ro.length);
const create = all.find((t) => t.name === "CreateCompShareInstance");
// The GPU count is required; CPU and memory default to the zone's first configuration in stock.
assert.ok(create.inputSchema.required.includes("GPU"));
assert.ok(!create.inputSchema.required.includes("CPU"));
const before = received.length;
const preview = await writes.callTool({
  name: "CreateCompShareInstance",
  arguments: { CPU: 16, GPU: 1, GpuType: "4090", MachineType: "G", Memory: 65536, CompShareImageId: "img-1" },
});
assert.equal(preview.isError, false);
assert.equal(preview.structuredContent.sent, false);
assert.deepEqual(
  received.slice(before),
  ["CheckCompShareResourceCapacity", "GetCompShareInstancePrice"],
  "only the stock check and the quote are sent",
);
assert.equal(preview.structuredContent.request.params.ChargeType, "Postpay", "hourly unless asked");
assert.equal(preview.structuredContent.quote.per, "per hour", JSON.stringify(preview.structuredContent.quote));
// The confirmation is bound to the preview: other arguments with its token send nothing ...
const token = preview.structuredContent.confirm_token;
assert.ok(typeof token === "string" && token.length >= 32, "a confirm_token");
const args = { CPU: 16, GPU: 1, GpuType: "4090", MachineType: "G", Memory: 65536, CompShareImageId: "img-1" };
const mismatched = await writes.callTool({ name: "CreateCompShareInstance", arguments: { ...args, Name: "another", confirm: token } });
assert.equal(mismatched.isError, true);
assert.equal(mismatched.structuredContent.sent, false);
assert.ok(!received.includes("CreateCompShareInstance"), "nothing created");
// ... and the same arguments with it send exactly that, once.
const sent = await writes.callTool({ name: "CreateCompShareInstance", arguments: { ...args, confirm: token } });
assert.equal(sent.isError, false, JSON.stringify(sent.structuredContent));
assert.equal(sent.structuredContent.sent, true);
assert.equal(received.filter((a) => a === "CreateCompShareInstance").length, 1, "one create");
assert.equal(sent.structuredContent.check.tool, "DescribeCompShareInstance", JSON.stringify(sent.structuredContent));
// Waited for: progress notifications while the instance starts (two polls find it starting:
// polls at about 0, 2 and 6 s, a report every 5 s), then the instance as it is.
starting = 2;
const toWait = await writes.callTool({ name: "CreateCompShareInstance", arguments: { ...args, wait: true } });
const progress = [];
const waited = await writes.callTool(
  { name: "CreateCompShareInstance", arguments: { ...args, wait: true, confirm: toWait.structuredContent.confirm_token } },
  undefined,
  { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true },
);
assert.equal(waited.isError, false, JSON.stringify(waited.structuredContent));
assert.equal(waited.structuredContent.waited.done, true, JSON.stringify(waited.structuredContent));
assert.equal(waited.structuredContent.waited.last[0].State, "Running");
assert.ok(progress.length >= 1, "progress while waiting");
assert.ok(progress[0].message.includes("uhost-1"), JSON.stringify(progress));
assert.ok(progress.every((p, i) => i === 0 || p.progress > progress[i - 1].progress), "progress increases");
await writes.close();

// A client that can ask its user (elicitation): the server asks there, with the price, and
// sends on "Send it" alone; the agent never gets a token to send it without the user.
const asking = new Client({ name: "official-client-test", version: "1.0.0" }, { capabilities: { elicitation: { form: {} } } });
const questions = [];
let reply = { action: "accept", content: { send: true } };
asking.setRequestHandler(ElicitRequestSchema, async (request) => {
  questions.push(request.params.message);
  return reply;
});
await asking.connect(new StdioClientTransport({ command: binary, args: ["mcp", "--toolsets", "all", "--allow-writes"], env, stderr: "ignore" }));
const createsBefore = received.filter((a) => a === "CreateCompShareInstance").length;
const yes = await asking.callTool({ name: "CreateCompShareInstance", arguments: args });
assert.equal(yes.structuredContent.sent, true, JSON.stringify(yes.structuredContent));
assert.ok(questions[0].includes("yuan per hour"), questions[0]);
reply = { action: "decline" };
const no = await asking.callTool({ name: "CreateCompShareInstance", arguments: args });
assert.equal(no.isError, true);
assert.equal(no.structuredContent.error, "declined");
assert.equal(no.structuredContent.confirm_token, undefined);
assert.equal(received.filter((a) => a === "CreateCompShareInstance").length, createsBefore + 1, "sent on yes only");
await asking.close();

// Compact mode: three tools (and search_gpus), the same flow behind call_action.
const compact = await connect(["--compact", "--allow-writes"]);
const three = (await compact.listTools()).tools;
assert.deepEqual(three.map((t) => t.name), ["search_actions", "describe_action", "call_action", "search_gpus"]);
const found = await compact.callTool({ name: "search_actions", arguments: { query: "instance price" } });
assert.ok(found.structuredContent.actions.some((a) => a.name === "GetCompShareInstancePrice"), JSON.stringify(found.structuredContent));
const described = await compact.callTool({ name: "describe_action", arguments: { name: "DescribeCompShareInstance" } });
assert.equal(described.structuredContent.outputSchema.type, "object");
const viaCompact = await compact.callTool({ name: "call_action", arguments: { name: "DescribeCompShareInstance", arguments: { Limit: 1 } } });
assert.equal(viaCompact.structuredContent.output.UHostSet[0].UHostId, "uhost-1");
const compactPreview = await compact.callTool({ name: "call_action", arguments: { name: "CreateCompShareInstance", arguments: args } });
assert.equal(compactPreview.structuredContent.sent, false);
const compactSent = await compact.callTool({
  name: "call_action",
  arguments: { name: "CreateCompShareInstance", arguments: { ...args, confirm: compactPreview.structuredContent.confirm_token } },
});
assert.equal(compactSent.structuredContent.sent, true, JSON.stringify(compactSent.structuredContent));
assert.equal(received.filter((a) => a === "CreateCompShareInstance").length, 4, "one create per confirmed preview or yes");
await compact.close();
server.close();

// README's registration, as the official SDK's stdio client starts it: the block's command
// (the binary built here), args and env, plus the SDK's default variables (HOME among them,
// where a profile holds the keys) and nothing else; only the endpoint is this test's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
const readme = fs.readFileSync(new URL("README.md", `file://${process.cwd()}/`), "utf8");
const marker = readme.indexOf("<!-- mcp-registration");
assert.ok(marker > 0, "README has the registration block");
const block = readme.slice(readme.indexOf("```json\n", marker) + 8);
const registration = JSON.parse(block.slice(0, block.indexOf("```"))).mcpServers.compshare;
const home = fs.mkdtempSync(path.join(os.tmpdir(), "compshare-registration-"));
const saved = spawnSync(binary, ["config", "set", "--public-key", "profile_public_key", "--private-key-stdin"], {
  input: "profile_private_key\n",
  env: { HOME: home, PATH: process.env.PATH },
});
assert.equal(saved.status, 0, String(saved.stderr));
const received_params = [];
const api = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    received_params.push(new URLSearchParams(body));
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({ RetCode: 0, GpuInventoryByZone: { Exclusive: { "10027": { "4090": 3 } } } }));
  });
});
await new Promise((ok) => api.listen(0, "127.0.0.1", ok));
process.env.HOME = home; // what the SDK's default environment passes on
const registered = new Client({ name: "registration-test", version: "1.0.0" });
await registered.connect(new StdioClientTransport({
  command: binary,
  args: registration.args,
  env: { ...registration.env, UCLOUD_API_BASE_URL: `http://127.0.0.1:${api.address().port}` },
  stderr: "ignore",
}));
const stock = await registered.callTool({ name: "DescribeCompShareGpuInventory", arguments: {} });
assert.equal(stock.isError, false, JSON.stringify(stock.structuredContent));
assert.equal(received_params.length, 1);
assert.equal(received_params[0].get("Region"), registration.env.UCLOUD_REGION, "the region of the env block");
assert.equal(received_params[0].get("PublicKey"), "profile_public_key", "the keys of the profile, through HOME");
await registered.close();
api.close();
fs.rmSync(home, { recursive: true, force: true });

const size = (tools) => JSON.stringify(tools).length;
console.log(`official TypeScript MCP client: ok; tool list: ${ro.length} tools, ${size(ro)} bytes read-only; ${all.length} tools, ${size(all)} bytes with --allow-writes (input schemas alone: ${size(all.map((t) => t.inputSchema))} bytes)`);
