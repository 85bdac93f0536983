// The main job's summary, read back from the chain after the run: each epoch (seed, active-set root, blocks, who
// proved it and with which transaction), each node (stake, age, wins against its expected share, rewards), gas per
// operation, slashes and worker payouts.
import { Interface, formatEther, type TransactionReceipt } from "ethers";
import type { Stage } from "./setup";
import type { RunResult } from "./conductor";

/** A Cooperative epoch's chunk proof that earned its prover a reward (seed 001). */
export interface KeptProofSummary {
  blockNumber: string;
  chunk: number;
  prover: string;
  reward: string;
  burned: string;
}

/** One open-race state update (seed 004's example). */
export interface StateUpdateSummary {
  updateId: string;
  fromBlock: string;
  toBlock: string;
  /** The address the proof was bound to (paid). */
  prover: string;
  /** The turn prover of the epoch of its last block (zero address: none). */
  turnProver: string;
  provingFees: string;
  proverReward: string;
  reserve: string;
  /** What became of the reserve: earned by the turn prover's redundant proof, released to the prover, or held. */
  redundancy: "none" | "rewarded" | "released" | "held";
  /** Made in a fallback turn (after the idle period). */
  inTurn: boolean;
  tx: string;
}

/** What an open-race run did, per mechanism-relevant figure. */
export interface OpenRaceSummary {
  updates: StateUpdateSummary[];
  /** Proving fees paid by the updates, and the redundancy reserves earned by turn provers. */
  provingFees: string;
  redundancyRewards: string;
  redundancyReleased: string;
  /** The proving base fee of each of the run's epochs (per transaction). */
  fees: { epoch: string; fee: string; flagged: boolean }[];
  flags: { epoch: string; prover: string; tx: string }[];
  /** Races lost (an update came first) and the chunk proofs they wasted. */
  lostRaces: number;
  wastedChunks: number;
  /** The stall scenario: who held the fallback's first turn and whether it updated in it. */
  stall: {
    fromSlot: string;
    turnSlot: string | null;
    epoch: string | null;
    turnProver: string | null;
    /** Its place in the epoch's turn order (0: the first), as the conductor found the turns running. */
    turnPosition: number | null;
    updatedInTurn: boolean;
  } | null;
}

export interface Summary {
  /** The rollup's prover mechanism. */
  mechanism: "sidecar" | "cooperative" | "open-race";
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
    /** Cooperative: the kept chunk proofs that were paid, and what the epoch's FEE_BURNs and empty places burned. */
    keptProofs?: KeptProofSummary[];
    burned?: string;
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
    /** Open race: state updates won, and races lost. */
    updates?: number;
    lostRaces?: number;
    /** Cooperative: how many of its chunk proofs of the run's epochs were kept and paid, and what its FEE_BURN gave up. */
    keptProofs?: number;
    burned?: string;
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
  /** Open race only. */
  openRace?: OpenRaceSummary;
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

/** What both mechanisms' summaries read the same way: epochs' seeds and blocks, wins, gas and payouts. */
async function common(
  stage: Stage,
  run: RunResult,
  coordinatorName: "ProverCoordinator" | "CooperativeCoordinator" | "OpenRaceCoordinator",
) {
  const client = await import("@blockage/client");
  const { provider, addresses } = stage;
  const registry = stage.registry;
  const rollup = client.contractAt("Rollup", addresses.Rollup!, provider);
  const payout = client.contractAt("PayoutDistributor", addresses.PayoutDistributor!, provider);
  const from = run.startBlock;
  const [provenBlocks, starts, published, claimed] = await Promise.all([
    rollup.queryFilter(rollup.filters.BlocksProven(), from),
    registry.queryFilter(registry.filters.EpochStart(), from),
    payout.queryFilter(payout.filters.PayoutPublished(), from),
    payout.queryFilter(payout.filters.PayoutClaimed(), from),
  ]);
  const epochs: { epoch: bigint; seed: string | null; activeSetRoot: string | null; blocks: bigint[] }[] = [];
  const blocksOf = new Map<bigint, { pid: string }[]>();
  // An open-race update proves a prefix of the chain, not an epoch (its event names its first block's epoch): the proven
  // blocks are grouped by their slots' epochs instead.
  const prefixes = coordinatorName === "OpenRaceCoordinator" ? await provenByEpoch(stage, rollup, provenBlocks) : null;
  for (let e = run.firstEpoch; e <= run.lastEpoch; e++) {
    const start = starts.find((x) => x.args.epoch === e);
    // A proven epoch's blocks are the range its proof covered; an unproven one's are still on the pending chain.
    const proved = provenBlocks.find((p) => p.args.epoch === e);
    const unproven = async () =>
      (await client.getEpochBlocks(rollup, { epoch: e, fromBlock: stage.fromBlock })).map((b) => b.blockNumber);
    const numbers = prefixes
      ? [...(prefixes.get(e) ?? []), ...(await unproven())]
      : proved
        ? Array.from(
            { length: Number(proved.args.toBlock - proved.args.fromBlock) + 1 },
            (_, i) => proved.args.fromBlock + BigInt(i),
          )
        : await unproven();
    const records = await Promise.all(numbers.map((n) => rollup.blockRecord(n)));
    blocksOf.set(
      e,
      records.map((r) => ({ pid: r.pid })),
    );
    epochs.push({
      epoch: e,
      seed: start?.args.seed ?? null,
      activeSetRoot: start?.args.activeSetRoot ?? null,
      blocks: numbers,
    });
  }

  const weights = new Map<bigint, { totalWeight: bigint; nodes: { pid: string; weight: bigint }[] }>();
  for (let e = run.firstEpoch; e <= run.lastEpoch; e++) {
    weights.set(
      e,
      await client.getActiveSetWeight(rollup, { epoch: e, role: "sequencer", fromBlock: stage.fromBlock }),
    );
  }
  const totalBlocks = [...blocksOf.values()].reduce((n, b) => n + b.length, 0);
  /** A node's wins, its share of them and its expected share (its weight's share, per epoch, by blocks). */
  const winsOf = (pid: string) => {
    let wins = 0;
    let expected = 0;
    for (const [e, blocks] of blocksOf) {
      wins += blocks.filter((b) => b.pid.toLowerCase() === pid.toLowerCase()).length;
      const w = weights.get(e)!;
      const own = w.nodes.find((x) => x.pid.toLowerCase() === pid.toLowerCase())?.weight ?? 0n;
      const share = w.totalWeight === 0n ? 0 : Number((own * 1_000_000n) / w.totalWeight) / 1_000_000;
      expected += share * (totalBlocks === 0 ? 1 / blocksOf.size : blocks.length / totalBlocks);
    }
    return {
      wins,
      expectedShare: Math.round(expected * 10_000) / 10_000,
      winShare: totalBlocks === 0 ? 0 : Math.round((wins / totalBlocks) * 10_000) / 10_000,
    };
  };

  const interfaces = (
    ["Rollup", coordinatorName, "NodeRegistry", "SeedBeacon", "PayoutDistributor", "StakeToken"] as const
  ).map((name) => new Interface(client.CONTRACT_ABIS[name]));
  const { gas, gasDetail } = await gasByOperation(stage, from, run.endBlock, interfaces);
  const payouts: Summary["payouts"] = published.map((p) => ({
    epoch: p.args.epoch.toString(),
    operator: p.args.operator,
    total: formatEther(p.args.total),
    payees: p.args.payees.length,
    claims: claimed
      .filter((c) => c.args.epoch === p.args.epoch && c.args.operator === p.args.operator)
      .map((c) => ({ worker: c.args.worker, amount: formatEther(c.args.amount), tx: c.transactionHash })),
  }));
  /** The summary's fields that do not depend on the mechanism. */
  const frame = { chainId: stage.chainId.toString(), slots: run.slots, gas, gasDetail, payouts, failure: run.failure };
  return { client, rollup, epochs, winsOf, frame };
}

/** The blocks of the `BlocksProven` ranges, by the epoch of their slots. */
async function provenByEpoch(
  stage: Stage,
  rollup: import("@blockage/client").Rollup,
  proven: { args: { fromBlock: bigint; toBlock: bigint } }[],
): Promise<Map<bigint, bigint[]>> {
  const epochSlots = await stage.beacon.epochSlots();
  const out = new Map<bigint, bigint[]>();
  for (const p of proven) {
    for (let n = p.args.fromBlock; n <= p.args.toBlock; n++) {
      const epoch = (await rollup.blockRecord(n)).slot / epochSlots;
      out.set(epoch, [...(out.get(epoch) ?? []), n]);
    }
  }
  return out;
}

/** Whether `address` is one of the node's keys. */
const mineOf =
  (n: Stage["nodes"][number]) =>
  (a: string): boolean =>
    [n.operator.address, n.prover?.address].some((x) => x !== undefined && x.toLowerCase() === a.toLowerCase());

export async function summarize(stage: Stage, run: RunResult, seed: string, durationMs: number): Promise<Summary> {
  if (stage.mechanism === "cooperative") return summarizeCooperative(stage, run, seed, durationMs);
  if (stage.mechanism === "open-race") return summarizeOpenRace(stage, run, seed, durationMs);
  const c = await common(stage, run, "ProverCoordinator");
  const coordinator = c.client.contractAt("ProverCoordinator", stage.addresses.ProverCoordinator!, stage.provider);
  const from = run.startBlock;
  const [proven, claims, slashed, rewarded] = await Promise.all([
    coordinator.queryFilter(coordinator.filters.EpochProven(), from),
    coordinator.queryFilter(coordinator.filters.ProofRightClaimed(), from),
    coordinator.queryFilter(coordinator.filters.BondSlashed(), from),
    coordinator.queryFilter(coordinator.filters.ProposerRewarded(), from),
  ]);
  const epochs: Summary["epochs"] = c.epochs.map((e) => {
    const proof = proven.find((p) => p.args.epoch === e.epoch);
    const claim = claims.find((x) => x.args.epoch === e.epoch);
    return {
      epoch: e.epoch.toString(),
      seed: e.seed,
      activeSetRoot: e.activeSetRoot,
      blocks: e.blocks.length,
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
    };
  });
  const nodes: Summary["nodes"] = [];
  for (const n of stage.nodes) {
    const mine = mineOf(n);
    const rewards =
      rewarded.filter((r) => mine(r.args.proposer)).reduce((s, r) => s + r.args.amount, 0n) +
      proven.reduce(
        (s, p) =>
          s + (mine(p.args.prover) ? p.args.proverFee : 0n) + (mine(p.args.beneficiary) ? p.args.submitterFee : 0n),
        0n,
      ) +
      slashed.filter((x) => mine(x.args.rescuer)).reduce((s, x) => s + x.args.rescued, 0n);
    nodes.push(await nodeSummary(stage, run, n, c.winsOf(n.pid), rewards));
  }
  return {
    mechanism: "sidecar",
    ...c.frame,
    seed,
    durationMs,
    epochs,
    nodes,
    slashes: slashed.map((x) => ({
      epoch: x.args.epoch.toString(),
      prover: x.args.prover,
      rescuer: x.args.rescuer,
      rescued: formatEther(x.args.rescued),
      burned: formatEther(x.args.burned),
      tx: x.transactionHash,
    })),
    silenced: run.silenced ? { node: run.silenced.node, epoch: run.silenced.epoch.toString() } : null,
  };
}

/** One node's line of the summary. */
async function nodeSummary(
  stage: Stage,
  run: RunResult,
  n: Stage["nodes"][number],
  wins: { wins: number; expectedShare: number; winShare: number },
  rewards: bigint,
): Promise<Summary["nodes"][number]> {
  const inputs = await stage.registry.nodeAt(n.pid, run.firstEpoch);
  return {
    name: n.name,
    pid: n.pid,
    operator: n.operator.address,
    prover: n.prover?.address ?? null,
    roles: ROLE_NAMES[n.roles] ?? String(n.roles),
    stake: formatEther(n.stake),
    age: inputs.age.toString(),
    ...wins,
    rewards: formatEther(rewards),
  };
}

/**
 * The summary of a Cooperative run (seed 001): each epoch's kept chunk proofs that were paid, with their rewards and
 * burns, and who finalized it; each node's kept proofs, rewards (as proposer and as chunk prover) and burns.
 */
async function summarizeCooperative(stage: Stage, run: RunResult, seed: string, durationMs: number): Promise<Summary> {
  const c = await common(stage, run, "CooperativeCoordinator");
  const coordinator = c.client.contractAt(
    "CooperativeCoordinator",
    stage.addresses.CooperativeCoordinator!,
    stage.provider,
  );
  const from = run.startBlock;
  const [finalized, raced, paid, rewarded] = await Promise.all([
    coordinator.queryFilter(coordinator.filters.EpochFinalized(), from),
    coordinator.queryFilter(coordinator.filters.EpochProvenInRace(), from),
    coordinator.queryFilter(coordinator.filters.ChunkProverRewarded(), from),
    coordinator.queryFilter(coordinator.filters.ProposerRewarded(), from),
  ]);
  const epochs: Summary["epochs"] = [];
  for (const e of c.epochs) {
    const done = finalized.find((f) => f.args.epoch === e.epoch);
    const race = raced.find((r) => r.args.epoch === e.epoch);
    const tx = done ?? race;
    const sender = tx ? ((await stage.provider.getTransaction(tx.transactionHash))?.from ?? null) : null;
    epochs.push({
      epoch: e.epoch.toString(),
      seed: e.seed,
      activeSetRoot: e.activeSetRoot,
      blocks: e.blocks.length,
      // Who proved it: whoever finalized it from the kept chunk proofs, or the open race's beneficiary.
      prover: race ? race.args.beneficiary : sender,
      claim: null,
      proofTx: tx?.transactionHash ?? null,
      finalized: tx !== undefined,
      keptProofs: paid
        .filter((p) => p.args.epoch === e.epoch)
        .map((p) => ({
          blockNumber: p.args.blockNumber.toString(),
          chunk: Number(p.args.chunk),
          prover: p.args.prover,
          reward: formatEther(p.args.reward),
          burned: formatEther(p.args.burned),
        })),
      burned: formatEther(done?.args.burned ?? 0n),
    });
  }
  const nodes: Summary["nodes"] = [];
  for (const n of stage.nodes) {
    const mine = mineOf(n);
    // Kept proofs and burns of the run's epochs (the nodes go on proving the next epoch until they are stopped, and
    // it may finalize first); rewards, as in a Sidecar run, are everything credited during the run.
    const paidToNode = paid.filter((p) => mine(p.args.prover));
    const proofs = paidToNode.filter((p) => p.args.epoch >= run.firstEpoch && p.args.epoch <= run.lastEpoch);
    const rewards =
      rewarded.filter((r) => mine(r.args.proposer)).reduce((s, r) => s + r.args.amount, 0n) +
      paidToNode.reduce((s, p) => s + p.args.reward, 0n) +
      raced.filter((r) => mine(r.args.beneficiary)).reduce((s, r) => s + r.args.proverReward, 0n);
    nodes.push({
      ...(await nodeSummary(stage, run, n, c.winsOf(n.pid), rewards)),
      keptProofs: proofs.length,
      burned: formatEther(proofs.reduce((s, p) => s + p.args.burned, 0n)),
    });
  }
  return { mechanism: "cooperative", ...c.frame, seed, durationMs, epochs, nodes, slashes: [], silenced: null };
}

/**
 * The summary of an open-race run (seed 004's example): every state update (range, prover, fees, reserve and what
 * became of it, whether it was made in a fallback turn), the proving base fee of each epoch, the flags, the races lost
 * and the chunk proofs they wasted (from the nodes' logs), and the stall's turn; each node's updates and rewards.
 */
async function summarizeOpenRace(stage: Stage, run: RunResult, seed: string, durationMs: number): Promise<Summary> {
  const c = await common(stage, run, "OpenRaceCoordinator");
  const coordinator = c.client.contractAt("OpenRaceCoordinator", stage.addresses.OpenRaceCoordinator!, stage.provider);
  const from = run.startBlock;
  const [updated, rewardedRedundancy, released, flagged, rolled, proposerRewarded] = await Promise.all([
    coordinator.queryFilter(coordinator.filters.StateUpdated(), from),
    coordinator.queryFilter(coordinator.filters.RedundancyRewarded(), from),
    coordinator.queryFilter(coordinator.filters.RedundancyReleased(), from),
    coordinator.queryFilter(coordinator.filters.PriceFlagged(), from),
    coordinator.queryFilter(coordinator.filters.ProvingBaseFeeRolled(), from),
    coordinator.queryFilter(coordinator.filters.ProposerRewarded(), from),
  ]);
  const turnUpdates = new Set(
    run.events
      .filter((e) => e.event === "state-update" && e.fields.turn === true)
      .map((e) => String(e.fields.updateId)),
  );
  const updates: StateUpdateSummary[] = updated.map((u) => {
    const a = u.args;
    const rewarded = rewardedRedundancy.some((r) => r.args.updateId === a.updateId);
    const freed = released.some((r) => r.args.updateId === a.updateId);
    return {
      updateId: a.updateId.toString(),
      fromBlock: a.fromBlock.toString(),
      toBlock: a.toBlock.toString(),
      prover: a.prover,
      turnProver: a.turnProver,
      provingFees: formatEther(a.provingFees),
      proverReward: formatEther(a.proverReward),
      reserve: formatEther(a.reserve),
      redundancy: a.reserve === 0n ? "none" : rewarded ? "rewarded" : freed ? "released" : "held",
      inTurn: turnUpdates.has(a.updateId.toString()),
      tx: u.transactionHash,
    };
  });
  const tips = await c.rollup.tips();
  const epochs: Summary["epochs"] = c.epochs.map((e) => {
    const last = e.blocks[e.blocks.length - 1];
    const proof =
      last === undefined ? undefined : updated.find((u) => u.args.fromBlock <= last && last <= u.args.toBlock);
    return {
      epoch: e.epoch.toString(),
      seed: e.seed,
      activeSetRoot: e.activeSetRoot,
      blocks: e.blocks.length,
      prover: proof?.args.prover ?? null,
      claim: null,
      proofTx: proof?.transactionHash ?? null,
      finalized: last === undefined || tips.provenBlock >= last,
    };
  });
  const fees: OpenRaceSummary["fees"] = [];
  for (let e = run.firstEpoch; e <= run.lastEpoch; e++) {
    const roll = rolled.find((r) => r.args.epoch === e);
    fees.push({
      epoch: e.toString(),
      fee: formatEther(await coordinator.epochProvingBaseFee(e)),
      flagged: roll?.args.flagged ?? false,
    });
  }
  const lost = run.events.filter((e) => e.event === "state-update-lost");
  const stall = run.stall;
  const nodes: Summary["nodes"] = [];
  for (const n of stage.nodes) {
    const mine = mineOf(n);
    const rewards =
      proposerRewarded.filter((r) => mine(r.args.proposer)).reduce((s, r) => s + r.args.amount, 0n) +
      updated.filter((u) => mine(u.args.prover)).reduce((s, u) => s + u.args.proverReward, 0n) +
      rewardedRedundancy.filter((r) => mine(r.args.turnProver)).reduce((s, r) => s + r.args.reward, 0n) +
      released.filter((r) => mine(r.args.prover)).reduce((s, r) => s + r.args.amount, 0n);
    nodes.push({
      ...(await nodeSummary(stage, run, n, c.winsOf(n.pid), rewards)),
      updates: updated.filter((u) => mine(u.args.prover)).length,
      lostRaces: lost.filter((e) => e.node === n.name).length,
    });
  }
  const openRace: OpenRaceSummary = {
    updates,
    provingFees: formatEther(updated.reduce((s, u) => s + u.args.provingFees, 0n)),
    redundancyRewards: formatEther(rewardedRedundancy.reduce((s, r) => s + r.args.reward, 0n)),
    redundancyReleased: formatEther(released.reduce((s, r) => s + r.args.amount, 0n)),
    fees,
    flags: flagged.map((f) => ({ epoch: f.args.epoch.toString(), prover: f.args.prover, tx: f.transactionHash })),
    lostRaces: lost.length,
    wastedChunks: lost.reduce((n, e) => n + Number(e.fields.wastedChunks ?? 0), 0),
    stall:
      stall === null
        ? null
        : {
            fromSlot: stall.fromSlot.toString(),
            turnSlot: stall.turnSlot?.toString() ?? null,
            epoch: stall.epoch?.toString() ?? null,
            turnProver: stall.turnProver,
            turnPosition: stall.turnPosition,
            updatedInTurn: updates.some(
              (u) => u.inTurn && stall.turnProver !== null && u.prover.toLowerCase() === stall.turnProver.toLowerCase(),
            ),
          },
  };
  return { mechanism: "open-race", ...c.frame, seed, durationMs, epochs, nodes, slashes: [], silenced: null, openRace };
}
