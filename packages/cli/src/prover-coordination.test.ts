// `blockage prover-coordination submit-epoch-proof-bid` (seed 003) against a small JSON-RPC 2.0 server standing in
// for a blockage node: the request it sends, the node's answer and error, an unreachable node, and bad flags.
import http from "node:http";
import { JSONRPCErrorException, JSONRPCServer } from "json-rpc-2.0";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listenLocally, type LocalServer } from "./testing/http-server";
import { runCli } from "./run";

/** What the stand-in node received. */
const received: unknown[][] = [];

async function startNode(): Promise<LocalServer> {
  const rpc = new JSONRPCServer();
  rpc.addMethod("submitEpochProofBid", (params: unknown) => {
    const [epoch, fee] = params as [number | string, number];
    received.push([epoch, fee]);
    if (epoch === 7) throw new JSONRPCErrorException("epoch 7 is already claimed", -32013, { claimedBy: "0xabc" });
    return null; // seed 003: submitEpochProofBid(epoch, basisPointFee): Promise<void>, as @blockage/node answers
  });
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", async () => {
      const answer = await rpc.receive(JSON.parse(body));
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(answer));
    });
  });
  return listenLocally(server);
}

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    cwd: "/nonexistent",
  });
  return { code, stdout, stderr };
}

const BID = ["prover-coordination", "submit-epoch-proof-bid"];

describe("blockage prover-coordination submit-epoch-proof-bid", () => {
  let node: LocalServer;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(() => node?.close());
  beforeEach(() => {
    received.length = 0;
  });

  it("sends submitEpochProofBid(epoch, basisPointFee) and prints what was bid", async () => {
    const human = await cli([...BID, "--epoch", "123", "--basis-point-fee", "1000", "--node", node.url]);
    expect(human).toMatchObject({ code: 0, stderr: "" });
    expect(human.stdout).toContain("bid for the proof of epoch 123 at 1000 bps (10% of the fees) submitted");
    expect(human.stdout).toMatch(new RegExp(`node\\s+${node.url}`));
    expect(received).toEqual([[123, 1000]]);

    const json = await cli([...BID, "--epoch", "123", "--basis-point-fee", "0", "--json"], {
      BLOCKAGE_NODE_URL: node.url,
    });
    expect(json).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(json.stdout)).toEqual({ epoch: "123", basisPointFee: 0, node: node.url, result: null });
  });

  it("sends an epoch beyond 2^53 as a decimal string", async () => {
    const big = (2n ** 60n).toString();
    const { code } = await cli([...BID, "--epoch", big, "--basis-point-fee", "10000", "--node", node.url]);
    expect(code).toBe(0);
    expect(received).toEqual([[big, 10000]]);
  });

  it("reports the node's JSON-RPC error with its message and code, exit code 1", async () => {
    const human = await cli([...BID, "--epoch", "7", "--basis-point-fee", "500", "--node", node.url]);
    expect(human).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "error: the blockage node refused submitEpochProofBid: epoch 7 is already claimed (JSON-RPC error -32013)\n",
    });
    const json = await cli([...BID, "--epoch", "7", "--basis-point-fee", "500", "--node", node.url, "--json"]);
    expect(json.code).toBe(1);
    expect(json.stdout).toBe("");
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: "NodeRpcError",
        message: "the blockage node refused submitEpochProofBid: epoch 7 is already claimed (JSON-RPC error -32013)",
        exitCode: 1,
        rpcCode: -32013,
        data: { claimedBy: "0xabc" },
      },
    });
  });

  it("says in one line that the node cannot be reached, exit code 1", async () => {
    const gone = await startNode();
    await gone.close();
    const { code, stdout, stderr } = await cli([...BID, "--epoch", "1", "--basis-point-fee", "1", "--node", gone.url]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `error: cannot reach the blockage node at ${gone.url}: ECONNREFUSED\n` +
        'hint: start one with "blockage node start", or pass --node <url> / set BLOCKAGE_NODE_URL\n',
    );
    const json = await cli([...BID, "--epoch", "1", "--basis-point-fee", "1", "--node", gone.url, "--json"]);
    expect(JSON.parse(json.stderr).error).toMatchObject({ code: "NodeUnreachable", exitCode: 1 });
  });

  it.each([
    [["--basis-point-fee", "1000"], "--epoch <n> is required"],
    [["--epoch", "123"], "--basis-point-fee <bps> is required"],
    [["--epoch", "1.5", "--basis-point-fee", "1000"], '--epoch must be a non-negative integer, got "1.5"'],
    [["--epoch", "-1", "--basis-point-fee", "1000"], '--epoch must be a non-negative integer, got "-1"'],
    [["--epoch", "1", "--basis-point-fee", "10001"], "--basis-point-fee must be at most 10000, got 10001"],
    [["--epoch", "1", "--basis-point-fee", "10%"], '--basis-point-fee must be a non-negative integer, got "10%"'],
    [["--epoch", "1", "--basis-point-fee", "1", "--node", "ftp://x"], /^--node must be an http\(s\) URL/],
    [["--epoch", "1", "--basis-point-fee", "1", "extra"], /^too many arguments/],
    [["--epoch"], "option --epoch needs a value"],
  ])("refuses %j with exit code 2 before sending anything", async (flags, message) => {
    const { code, stdout, stderr } = await cli([...BID, ...flags, "--json"], { BLOCKAGE_NODE_URL: node.url });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(JSON.parse(stderr).error).toMatchObject({
      code: "UsageError",
      message,
      hint: 'run "blockage prover-coordination submit-epoch-proof-bid --help"',
      exitCode: 2,
    });
    expect(received).toEqual([]);
  });
});
