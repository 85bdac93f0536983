// The lottery actions against real contracts on a local Hardhat node: eligibility computed off-chain equals what the
// contract computes, entries land in the order the race says, results read back, commit-reveal and typed errors.
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcProvider, keccak256, parseEther, toUtf8Bytes, ZeroHash, type JsonRpcSigner } from "ethers";
import { startLocalChain, type LocalChain } from "../../../../deploy/local-chain";
import { reverts } from "../../test/reverts";
import { enterEpochWithSeed } from "../../../../deploy/time-travel";
import { InvalidParameterError } from "../errors";
import { activate } from "../registry/activate";
import { deployRegistry } from "../registry/deploy";
import { generateNodeKeys, type NodeKeys } from "../registry/keys";
import { register } from "../registry/register";
import type { Lottery, NodeRegistry, SeedBeacon } from "../typechain";
import { getActiveSetWeight } from "./active-set-weight";
import { deployLottery } from "./deploy";
import { checkEligibility, NotEligibleError, prepareEligibility, type CheckEligibilityReturnType } from "./eligibility";
import {
  commitLotterySecret,
  lotteryCommitment,
  propose,
  proposeWithReveal,
  submitProverTicket,
  submitProverTicketWithReveal,
} from "./entries";
import { compareTickets } from "./math";
import { bestProposal, designatedProver } from "./results";

interface Node {
  signer: JsonRpcSigner;
  keys: NodeKeys;
  pid: string;
  salt: string;
  roles: 1 | 2 | 3;
}

describe("lottery actions against a real node", () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;
  let registry: NodeRegistry;
  let beacon: SeedBeacon;
  let lottery: Lottery;
  let commitReveal: Lottery;
  let deploymentBlock: number;
  let epoch: bigint;
  const nodes: Node[] = [];
  let pending: Node;

  /** Sets the next block's time inside `slot`. */
  async function inSlot(slot: bigint): Promise<void> {
    const start = (await beacon.genesisTime()) + slot * (await beacon.slotDuration());
    const latest = BigInt((await provider.getBlock("latest"))!.timestamp);
    await provider.send("evm_setNextBlockTimestamp", [Number(latest + 1n > start ? latest + 1n : start)]);
  }

  beforeAll(async () => {
    chain = await startLocalChain();
    provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const signers = await Promise.all([0, 1, 2, 3, 4].map((i) => provider.getSigner(i)));
    const deployed = await deployRegistry(signers[0], {
      mint: signers.slice(1).map((s) => ({ to: s.address, amount: parseEther("10000") })),
    });
    ({ registry, beacon, deploymentBlock } = deployed);
    ({ lottery } = await deployLottery(signers[0], { registry: deployed.addresses.NodeRegistry }));
    ({ lottery: commitReveal } = await deployLottery(signers[0], {
      registry: deployed.addresses.NodeRegistry,
      commitRevealFallback: true,
    }));
    const specs = [
      { stake: "1000", roles: 3 },
      { stake: "2500", roles: 3 },
      { stake: "4000", roles: 1 },
      { stake: "1000", roles: 3 },
    ] as const;
    for (const [i, spec] of specs.entries()) {
      const keys = await generateNodeKeys();
      const signer = signers[1 + i];
      const salt = keccak256(toUtf8Bytes(`salt ${i}`));
      const { pid } = await register(registry.connect(signer), {
        ...keys,
        salt,
        stake: parseEther(spec.stake),
        roles: spec.roles,
      });
      const node = { signer, keys, pid, salt, roles: spec.roles };
      if (i < 3) nodes.push(node);
      else pending = node;
    }
    await enterEpochWithSeed(provider, registry, beacon, 1n);
    for (const node of nodes) await activate(registry.connect(node.signer), { pid: node.pid });
    epoch = await enterEpochWithSeed(provider, registry, beacon, (await registry.currentEpoch()) + 2n);
  });

  afterAll(async () => {
    await chain?.stop();
  });

  it("rebuilds the public total weight W of each lottery from the active set", async () => {
    const seq = await getActiveSetWeight(lottery, { epoch, role: "sequencer", fromBlock: deploymentBlock });
    const prov = await getActiveSetWeight(lottery, { epoch, role: "prover", fromBlock: deploymentBlock });
    expect(seq.nodes.map((n) => n.pid).sort()).toEqual(nodes.map((n) => n.pid).sort());
    expect(prov.nodes.map((n) => n.pid).sort()).toEqual(
      nodes
        .filter((n) => n.roles & 2)
        .map((n) => n.pid)
        .sort(),
    );
    for (const n of seq.nodes) expect(n.weight).toBe(await lottery.weightAt(n.pid, epoch));
    expect(seq.totalWeight).toBe(seq.nodes.reduce((s, n) => s + n.weight, 0n));
    expect(prov.totalWeight).toBeLessThan(seq.totalWeight);
  });

  it("computes each ticket exactly as the contract, and the best ticket wins the slot", async () => {
    const { totalWeight } = await getActiveSetWeight(lottery, { epoch, role: "sequencer", fromBlock: deploymentBlock });
    const slot = epoch * (await beacon.epochSlots()) + 3n;
    const tickets: Array<CheckEligibilityReturnType & { node: Node }> = [];
    for (const node of nodes) {
      const t = await checkEligibility(lottery, {
        node: { pid: node.pid, vrfSecretKey: node.keys.vrfSecretKey },
        epoch,
        slot,
        role: "sequencer",
        totalWeight,
      });
      expect(t.weight).toBe(await lottery.weightAt(node.pid, epoch));
      expect(t.raceTime).toBe(await lottery.computeRaceTime(t.beta, t.weight));
      expect(t.winProbability).toBeGreaterThan(0);
      expect(t.winProbability).toBeLessThanOrEqual(1);
      expect(t.args).not.toBeNull();
      tickets.push({ ...t, node });
    }
    const ranked = [...tickets].sort(compareTickets);
    // P(nobody beats t) = exp(−(W − w)·t), with weights in tokens and t = e^(raceTime / 1e18).
    for (const t of tickets) {
      const expected = Math.exp((-Number(totalWeight - t.weight) / 1e18) * Math.exp(Number(t.raceTime) / 1e18));
      expect(t.winProbability).toBeCloseTo(expected, 12);
    }
    // Worst first: every entry replaces the previous best.
    let previous = ZeroHash;
    for (const t of [...ranked].reverse()) {
      await inSlot(slot);
      const result = await propose(lottery.connect(t.node.signer), {
        entry: t.args!,
        salt: t.node.salt,
        headerHash: keccak256(t.node.pid),
      });
      expect(result.raceTime).toBe(t.raceTime);
      expect(result.replacedPid).toBe(previous);
      previous = t.node.pid;
    }
    const best = await bestProposal(lottery, { slot });
    expect(best).toEqual({
      slot,
      pid: ranked[0].node.pid,
      headerHash: keccak256(ranked[0].node.pid),
      raceTime: ranked[0].raceTime,
    });
    expect(await bestProposal(lottery, { slot: slot + 1n })).toBeNull();
    // A worse entry is refused with a decoded, named error.
    await inSlot(slot);
    const worst = ranked[ranked.length - 1];
    const error = await reverts(
      propose(lottery.connect(worst.node.signer), { entry: worst.args!, salt: worst.node.salt, headerHash: ZeroHash }),
      "Lottery__NotBetter",
    );
    expect(error.args?.bestPid).toBe(ranked[0].node.pid);
  });

  it("designates the epoch's prover from the best ticket", async () => {
    const tickets: Array<CheckEligibilityReturnType & { node: Node }> = [];
    for (const node of nodes.filter((n) => n.roles & 2)) {
      tickets.push({
        node,
        ...(await checkEligibility(lottery, {
          node: { pid: node.pid, vrfSecretKey: node.keys.vrfSecretKey },
          epoch,
          role: "prover",
          fromBlock: deploymentBlock,
        })),
      });
    }
    const ranked = [...tickets].sort(compareTickets);
    expect(await designatedProver(lottery, { epoch })).toBeNull();
    const stranger = await provider.getSigner(9);
    await reverts(
      submitProverTicket(lottery.connect(stranger), { entry: ranked[0].args!, salt: ranked[0].node.salt }),
      "Lottery__NotOperator",
    );
    for (const t of [...ranked].reverse()) {
      await submitProverTicket(lottery.connect(t.node.signer), { entry: t.args!, salt: t.node.salt });
    }
    expect(await designatedProver(lottery, { epoch })).toEqual({
      epoch,
      pid: ranked[0].pid,
      raceTime: ranked[0].raceTime,
    });
  });

  it("builds a proof only when the ticket is worth it, and refuses nodes outside the lottery", async () => {
    const node = nodes[0];
    const slot = epoch * (await beacon.epochSlots()) + 4n;
    const t = await checkEligibility(lottery, {
      node: { pid: node.pid, vrfSecretKey: node.keys.vrfSecretKey },
      epoch,
      slot,
      role: "sequencer",
      fromBlock: deploymentBlock,
      minWinProbability: 1,
    });
    expect(t.winProbability).toBeLessThan(1);
    expect(t.proof).toBeNull();
    expect(t.args).toBeNull();
    await expect(
      propose(lottery.connect(node.signer), { entry: t.args!, salt: node.salt, headerHash: ZeroHash }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    const seqOnly = nodes.find((n) => n.roles === 1)!;
    await expect(
      checkEligibility(lottery, {
        node: { pid: seqOnly.pid, vrfSecretKey: seqOnly.keys.vrfSecretKey },
        epoch,
        role: "prover",
        totalWeight: 1n,
      }),
    ).rejects.toSatisfy((e: unknown) => e instanceof NotEligibleError && e.reason === "MissingRole");
    await expect(
      checkEligibility(lottery, {
        node: { pid: pending.pid, vrfSecretKey: pending.keys.vrfSecretKey },
        epoch,
        slot,
        role: "sequencer",
        totalWeight: 1n,
      }),
    ).rejects.toSatisfy((e: unknown) => e instanceof NotEligibleError && e.reason === "NotActive");
    await expect(
      checkEligibility(lottery, {
        node: { pid: node.pid, vrfSecretKey: nodes[1].keys.vrfSecretKey },
        epoch,
        slot,
        role: "sequencer",
        totalWeight: 1n,
      }),
    ).rejects.toThrow(/not the VRF key/);
    await expect(
      checkEligibility(lottery, {
        node: { pid: node.pid, vrfSecretKey: node.keys.vrfSecretKey },
        epoch,
        slot: slot + 1000n,
        role: "sequencer",
        totalWeight: 1n,
      }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it("prepares an epoch once and then checks each slot with a single read, with the same results", async () => {
    const node = nodes[1];
    const keyed = { pid: node.pid, vrfSecretKey: node.keys.vrfSecretKey };
    const { totalWeight } = await getActiveSetWeight(lottery, { epoch, role: "sequencer", fromBlock: deploymentBlock });
    const context = await prepareEligibility(lottery, { node: keyed, epoch, role: "sequencer", totalWeight });
    expect(context.weight).toBe(await lottery.weightAt(node.pid, epoch));
    const slot = epoch * (await beacon.epochSlots()) + 9n;
    // Count the JSON-RPC calls one check makes.
    const methods: string[] = [];
    const listener = (info: { action: string; payload?: { method: string } | Array<{ method: string }> }) => {
      if (info.action !== "sendRpcPayload" || info.payload === undefined) return;
      for (const p of Array.isArray(info.payload) ? info.payload : [info.payload]) methods.push(p.method);
    };
    await provider.on("debug", listener);
    const withContext = await checkEligibility(lottery, { node: keyed, epoch, slot, role: "sequencer", context });
    await provider.off("debug", listener);
    expect(methods).toEqual(["eth_call"]);
    const without = await checkEligibility(lottery, { node: keyed, epoch, slot, role: "sequencer", totalWeight });
    expect(withContext).toEqual(without);
    await expect(
      checkEligibility(lottery, { node: keyed, epoch, role: "prover", context, totalWeight }),
    ).rejects.toThrow(/context is for another/);
    await expect(
      prepareEligibility(lottery, { node: { pid: node.pid, vrfSecretKey: ZeroHash }, epoch, role: "sequencer" }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it("runs the commit-reveal fallback end to end", async () => {
    const node = nodes[1];
    const secret = keccak256(toUtf8Bytes("commit-reveal secret"));
    const target = (await commitReveal.currentEpoch()) + (await registry.inputLag());
    const { commitment } = await commitLotterySecret(commitReveal.connect(node.signer), {
      pid: node.pid,
      salt: node.salt,
      epoch: target,
      secret,
    });
    expect(commitment).toBe(lotteryCommitment(secret, node.pid));
    await reverts(
      commitLotterySecret(commitReveal.connect(node.signer), {
        pid: node.pid,
        salt: node.salt,
        epoch: target - 1n,
        secret,
      }),
      "Lottery__CommitTooLate",
    );
    await enterEpochWithSeed(provider, registry, beacon, target);
    const slot = target * (await beacon.epochSlots()) + 1n;
    // Its VRF entries for the epoch would be refused, so the SDK says so instead of building one.
    await expect(
      checkEligibility(commitReveal, {
        node: { pid: node.pid, vrfSecretKey: node.keys.vrfSecretKey },
        epoch: target,
        slot,
        role: "sequencer",
        totalWeight: 10n ** 40n,
      }),
    ).rejects.toSatisfy((e: unknown) => e instanceof NotEligibleError && e.reason === "CommittedToReveal");
    await inSlot(slot);
    const accepted = await proposeWithReveal(commitReveal.connect(node.signer), {
      pid: node.pid,
      salt: node.salt,
      slot,
      headerHash: ZeroHash,
      secret,
    });
    expect(accepted.replacedPid).toBe(ZeroHash);
    expect((await bestProposal(commitReveal, { slot }))?.pid).toBe(node.pid);
    const wrongSecret = keccak256(secret);
    const refused = await reverts(
      submitProverTicketWithReveal(commitReveal.connect(node.signer), {
        salt: node.salt,
        epoch: target,
        pid: node.pid,
        secret: wrongSecret,
      }),
      "Lottery__InvalidReveal",
    );
    // A refused reveal's error never carries the secret (it was in the transaction's calldata), even when logged whole.
    expect(inspect(refused, { depth: 10 })).not.toContain(wrongSecret.slice(2));
    await submitProverTicketWithReveal(commitReveal.connect(node.signer), {
      epoch: target,
      pid: node.pid,
      salt: node.salt,
      secret,
    });
    expect((await designatedProver(commitReveal, { epoch: target }))?.pid).toBe(node.pid);
  });
});
