// The main job's summary, read back from the chain after the run: each epoch (seed, active-set root, blocks, who
// proved it and with which transaction), each node (stake, age, wins against its expected share, rewards), gas per
// operation, slashes and worker payouts.
import { Interface, formatEther, type Log, type TransactionReceipt } from "ethers";
import type { Stage } from "./setup";
import type { RunResult } from "./conductor";

export interface Summary {
  chainId: string;
  seed: string;
  durationMs: number;
  slots: number;
  epochs: {
    epoch: string;
    seed: string | null;
    activeSetRoot: string | null;
    blocks: number;
    prover: string | null;
    /** The claim on the epoch's proof right, if any (its claimant may have been slashed and the epoch rescued). */
    claim: { kind: "designated" | "quote"; prover: string; basisPointFee: number } | null;
    proofTx: string | null;
    finalized: boolean;
  }[];
  nodes: {
    name: string;
    pid: string;
    operator: string;
    prover: string | null;
    roles: string;
    stake: string;
    age: string;
    wins: number;
    expectedShare: number;
    winShare: number;
    rewards: string;
  }[];
  gas: Record<string, number>;
  gasDetail: Record<string, { count: number; min: number; max: number; mean: number }>;
  slashes: { epoch: string; prover: string; rescuer: string; rescued: string; burned: string; tx: string }[];
  payouts: {
    epoch: string;
    operator: string;
    total: string;
    payees: number;
    claims: { worker: string; amount: string; tx: string }[];
  }[];
  silenced: { node: string; epoch: string } | null;
  failure: string | null;
}

const ROLE_NAMES: Record<number, string> = { 1: "sequencer", 2: "prover", 3: "both" };

/** Every operation's gas, by contract function name, over the run's transactions. */
async function gasByOperation(stage: Stage, from: number, to: number, interfaces: Interface[]) {
  const used: Record<string, number[]> = {};
  for (const [op, list] of Object.entries(stage.gas)) used[op] = list.map(Number);
  for (let n = from + 1; n <= to; n++) {
    const block = await stage.provider.getBlock(n, true);
    for (const tx of block?.prefetchedTransactions ?? []) {
      let name: string | null = null;
      for (const i of interfaces) {
        const parsed = (() => {
          try {
            return i.parseTransaction({ data: tx.data });
          } catch {
            return null;
          }
        })();
        if (parsed) {
          name = parsed.name;
          break;
        }
      }
      if (name === null) continue;
      const receipt: TransactionReceipt | null = await stage.provider.getTransactionReceipt(tx.hash);
      if (receipt?.status === 1) (used[name] ??= []).push(Number(receipt.gasUsed));
    }
  }
  const gas: Record<string, number> = {};
  const gasDetail: Summary["gasDetail"] = {};
  for (const [op, list] of Object.entries(used).sort()) {
    if (list.length === 0) continue;
    const mean = Math.round(list.reduce((a, b) => a + b, 0) / list.length);
    gas[op] = mean;
    gasDetail[op] = { count: list.length, min: Math.min(...list), max: Math.max(...list), mean };
  }
  return { gas, gasDetail };
}

export async function summarize(stage: Stage, run: RunResult, seed: string, durationMs: number): Promise<Summary> {
  const client = await import("@blockage/client");
  const { provider, addresses } = stage;
  const registry = stage.registry;
  const rollup = client.contractAt("Rollup", addresses.Rollup!, provider);
  const coordinator = client.contractAt("ProverCoordinator", addresses.ProverCoordinator!, provider);
  const payout = client.contractAt("PayoutDistributor", addresses.PayoutDistributor!, provider);
  const from = run.startBlock;
  const [provenBlocks, starts, proven, claims, slashed, rewarded, published, claimed] = await Promise.all([
    rollup.queryFilter(rollup.filters.BlocksProven(), from),
    registry.queryFilter(registry.filters.EpochStart(), from),
    coordinator.queryFilter(coordinator.filters.EpochProven(), from),
    coordinator.queryFilter(coordinator.filters.ProofRightClaimed(), from),
    coordinator.queryFilter(coordinator.filters.BondSlashed(), from),
    coordinator.queryFilter(coordinator.filters.ProposerRewarded(), from),
    payout.queryFilter(payout.filters.PayoutPublished(), from),
    payout.queryFilter(payout.filters.PayoutClaimed(), from),
  ]);

  const epochs: Summary["epochs"] = [];
  const blocksOf = new Map<bigint, { pid: string }[]>();
  for (let e = run.firstEpoch; e <= run.lastEpoch; e++) {
    const start = starts.find((s) => s.args.epoch === e);
    // A proven epoch's blocks are the range its proof covered; an unproven one's are still on the pending chain.
    const proved = provenBlocks.find((p) => p.args.epoch === e);
    const numbers = proved
      ? Array.from(
          { length: Number(proved.args.toBlock - proved.args.fromBlock) + 1 },
          (_, i) => proved.args.fromBlock + BigInt(i),
        )
      : (await client.getEpochBlocks(rollup, { epoch: e, fromBlock: stage.fromBlock })).map((b) => b.blockNumber);
    const blocks = numbers.map((blockNumber) => ({ blockNumber }));
    const records = await Promise.all(numbers.map((n) => rollup.blockRecord(n)));
    blocksOf.set(
      e,
      records.map((r) => ({ pid: r.pid })),
    );
    const proof = proven.find((p) => p.args.epoch === e);
    const claim = claims.find((c) => c.args.epoch === e);
    epochs.push({
      epoch: e.toString(),
      seed: start?.args.seed ?? null,
      activeSetRoot: start?.args.activeSetRoot ?? null,
      blocks: blocks.length,
      prover: proof ? proof.args.beneficiary : null,
      claim: claim
        ? {
            kind: claim.args.designated ? "designated" : "quote",
            prover: claim.args.prover,
            basisPointFee: Number(claim.args.basisPointFee),
          }
        : null,
      proofTx: proof?.transactionHash ?? null,
      finalized: proof !== undefined,
    });
  }

  const nodes: Summary["nodes"] = [];
  const weights = new Map<bigint, { totalWeight: bigint; nodes: { pid: string; weight: bigint }[] }>();
  for (let e = run.firstEpoch; e <= run.lastEpoch; e++) {
    weights.set(
      e,
      await client.getActiveSetWeight(rollup, { epoch: e, role: "sequencer", fromBlock: stage.fromBlock }),
    );
  }
  const totalBlocks = [...blocksOf.values()].reduce((n, b) => n + b.length, 0);
  for (const n of stage.nodes) {
    const mine = (a: string) =>
      [n.operator.address, n.prover?.address].some((x) => x !== undefined && x.toLowerCase() === a.toLowerCase());
    let wins = 0;
    let expected = 0;
    for (const [e, blocks] of blocksOf) {
      wins += blocks.filter((b) => b.pid.toLowerCase() === n.pid.toLowerCase()).length;
      const w = weights.get(e)!;
      const own = w.nodes.find((x) => x.pid.toLowerCase() === n.pid.toLowerCase())?.weight ?? 0n;
      // The share of the epoch's blocks this node should win, weighted by how many blocks the epoch had.
      const share = w.totalWeight === 0n ? 0 : Number((own * 1_000_000n) / w.totalWeight) / 1_000_000;
      expected += share * (totalBlocks === 0 ? 1 / blocksOf.size : blocks.length / totalBlocks);
    }
    const rewards =
      rewarded.filter((r) => mine(r.args.proposer)).reduce((s, r) => s + r.args.amount, 0n) +
      proven.reduce(
        (s, p) =>
          s + (mine(p.args.prover) ? p.args.proverFee : 0n) + (mine(p.args.beneficiary) ? p.args.submitterFee : 0n),
        0n,
      ) +
      slashed.filter((x) => mine(x.args.rescuer)).reduce((s, x) => s + x.args.rescued, 0n);
    const inputs = await registry.nodeAt(n.pid, run.firstEpoch);
    nodes.push({
      name: n.name,
      pid: n.pid,
      operator: n.operator.address,
      prover: n.prover?.address ?? null,
      roles: ROLE_NAMES[n.roles] ?? String(n.roles),
      stake: formatEther(n.stake),
      age: inputs.age.toString(),
      wins,
      expectedShare: Math.round(expected * 10_000) / 10_000,
      winShare: totalBlocks === 0 ? 0 : Math.round((wins / totalBlocks) * 10_000) / 10_000,
      rewards: formatEther(rewards),
    });
  }

  const interfaces = (
    ["Rollup", "ProverCoordinator", "NodeRegistry", "SeedBeacon", "PayoutDistributor", "StakeToken"] as const
  ).map((name) => new Interface(client.CONTRACT_ABIS[name]));
  const { gas, gasDetail } = await gasByOperation(stage, from, run.endBlock, interfaces);
  const txOf = (l: Log) => l.transactionHash;
  return {
    chainId: stage.chainId.toString(),
    seed,
    durationMs,
    slots: run.slots,
    epochs,
    nodes,
    gas,
    gasDetail,
    slashes: slashed.map((s) => ({
      epoch: s.args.epoch.toString(),
      prover: s.args.prover,
      rescuer: s.args.rescuer,
      rescued: formatEther(s.args.rescued),
      burned: formatEther(s.args.burned),
      tx: txOf(s),
    })),
    payouts: published.map((p) => ({
      epoch: p.args.epoch.toString(),
      operator: p.args.operator,
      total: formatEther(p.args.total),
      payees: p.args.payees.length,
      claims: claimed
        .filter((c) => c.args.epoch === p.args.epoch && c.args.operator === p.args.operator)
        .map((c) => ({ worker: c.args.worker, amount: formatEther(c.args.amount), tx: txOf(c) })),
    })),
    silenced: run.silenced ? { node: run.silenced.node, epoch: run.silenced.epoch.toString() } : null,
    failure: run.failure,
  };
}
