// A local chain with the protocol and one registered node (deploy/local-rollup.ts), and the means to drive it the way
// the node sees a live chain: the clock moved to a slot's start, then wait until the node has done its duties there.
// Shared by the node's tests (not part of the package's entry point).
import { startLocalRollup, type TestChain } from "../../../../deploy/local-rollup";

export type { TestChain };

/** A JSON-RPC 2.0 answer. */
export interface RpcAnswer {
  result?: unknown;
  error?: { code: number; message: string; data?: Record<string, unknown> };
}

/** Sends one raw JSON-RPC body to a node; returns the parsed answer. */
export async function rawRpc(url: string, body: string): Promise<RpcAnswer> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  return (await response.json()) as RpcAnswer;
}

/** Calls a method of a node. */
export function rpc(url: string, method: string, params?: unknown): Promise<RpcAnswer> {
  return rawRpc(url, JSON.stringify({ jsonrpc: "2.0", id: 1, method, ...(params !== undefined && { params }) }));
}

export async function startNodeChain(): Promise<TestChain> {
  return startLocalRollup();
}

/** The chain's current slot (latest block). */
export async function currentSlot(t: TestChain): Promise<bigint> {
  const [genesis, duration, latest] = await Promise.all([
    t.beacon.genesisTime(),
    t.beacon.slotDuration(),
    t.provider.getBlock("latest"),
  ]);
  return (BigInt(latest!.timestamp) - genesis) / duration;
}

/** Moves the clock to the start of `slot` (never backwards) and mines a block there. */
export async function enterSlot(t: TestChain, slot: bigint): Promise<void> {
  const start = Number((await t.beacon.genesisTime()) + slot * (await t.beacon.slotDuration()));
  const latest = (await t.provider.getBlock("latest"))!.timestamp;
  if (latest < start) await t.provider.send("evm_setNextBlockTimestamp", [start]);
  await t.provider.send("evm_mine", []);
}

/** Waits until the node at `url` has handled `slot` and has nothing in flight. */
export async function waitHandled(url: string, slot: bigint, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const answer = await rpc(url, "blockage_nodeStatus").catch(() => null);
    const status = answer?.result as { handledSlot: string; busy: boolean } | undefined;
    if (status !== undefined && BigInt(status.handledSlot) >= slot && !status.busy) return;
    if (Date.now() > until) throw new Error(`the node did not handle slot ${slot} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Drives the chain slot by slot from the current one to `to` (inclusive), the node handling each. */
export async function driveTo(t: TestChain, url: string, to: bigint): Promise<void> {
  for (let slot = (await currentSlot(t)) + 1n; slot <= to; slot++) {
    await enterSlot(t, slot);
    await waitHandled(url, slot);
  }
}
