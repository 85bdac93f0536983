// The open race (seed 004's example) end to end against real contracts on a local Hardhat node, through the SDK only:
// a rollup deployed with `mechanism: "open-race"`, proposals paying the proving base fee, the provable prefix (a tip
// whose slot is open is no checkpoint), a state update whose every credit equals `stateUpdatePayout`, the turn
// prover's redundant proof, a flag, the proof right and the turn order, and withdrawals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcProvider, ZeroAddress, ZeroHash, parseEther, type JsonRpcSigner } from "ethers";
import { proveBlock, releaseProver, type BlockProof } from "@blockage/circuits";
import type { LocalChain } from "../../../../deploy/local-chain";
import { activeRegistryChain, inSlot as inSlotOf, type LocalNode } from "../../test/local-nodes";
import { reverts } from "../../test/reverts";
import { createBlockageClient } from "../client";
import { InvalidParameterError } from "../errors";
import { checkEligibility } from "../lottery/eligibility";
import { compareTickets } from "../lottery/math";
import { submitProverTicket } from "../lottery/entries";
import { deployProofVerifier } from "../proving/deploy-verifier";
import { connectRollup } from "../rollup/connect";
import { deployRollup } from "../rollup/deploy";
import type { BlockHeader } from "../rollup/header";
import { proposeBlock } from "../rollup/propose";
import { getRewards, withdrawRewards } from "../rollup/rewards";
import type { OpenRaceCoordinator, NodeRegistry, Rollup, SeedBeacon, StakeToken } from "../typechain";
import {
  OPEN_RACE_DEFAULTS,
  flagPriceTooLow,
  getProofRight,
  getProvableBlocks,
  getProvingFee,
  getStateUpdate,
  getTurnOrder,
  stateUpdatePayout,
  submitRedundantProof,
  submitStateUpdate,
} from ".";

interface Block {
  blockNumber: bigint;
  header: BlockHeader;
  txs: bigint[];
  proposer: LocalNode;
}

const IDLE = 300n;
const TURN = 60n;
const txsOf = (tag: number, count = 16) =>
  Array.from({ length: count }, (_, i) => BigInt(tag) * 1_000_003n + BigInt(i) * 7919n + 1n);

describe("the open race against a real node", () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;
  let signers: JsonRpcSigner[];
  let registry: NodeRegistry;
  let beacon: SeedBeacon;
  let token: StakeToken;
  let rollup: Rollup;
  let coordinator: OpenRaceCoordinator;
  let registryBlock: number;
  let epoch: bigint;
  let epochSlots: bigint;
  let turnProver: LocalNode;
  let nodes: LocalNode[];
  const blocks: Block[] = [];
  const proofs = new Map<string, Promise<BlockProof>>();

  const inSlot = (slot: bigint) => inSlotOf(provider, beacon, slot);

  function blockProof(block: Block, prover: LocalNode): Promise<BlockProof> {
    const key = `${prover.pid}:${block.blockNumber}`;
    if (!proofs.has(key)) {
      proofs.set(key, proveBlock({ prevState: block.header.prevState, txs: block.txs, prover: prover.signer.address }));
    }
    return proofs.get(key)!;
  }

  async function propose(node: LocalNode, slot: bigint, txs: bigint[], fees: bigint): Promise<Block> {
    const entry = await checkEligibility(rollup, {
      node: { pid: node.pid, vrfSecretKey: node.keys.vrfSecretKey },
      epoch: slot / epochSlots,
      slot,
      role: "sequencer",
      fromBlock: registryBlock,
    });
    await inSlot(slot);
    const proposed = await proposeBlock(rollup.connect(node.signer), {
      entry: entry.args!,
      salt: node.salt,
      txs,
      fees,
    });
    const block = { blockNumber: proposed.blockNumber, header: proposed.header, txs, proposer: node };
    blocks.push(block);
    return block;
  }

  beforeAll(async () => {
    ({ chain, provider, signers, registry, beacon, token, registryBlock, epochSlots, epoch, nodes } =
      await activeRegistryChain("open race", 6));
  }, 180_000);

  afterAll(async () => {
    await releaseProver();
    provider?.destroy();
    await chain?.stop();
  });

  it("refuses an idle period that would outlast the final deadline before sending anything, then deploys", async () => {
    const { addresses } = await deployProofVerifier(signers[0]);
    const params = { registry: await registry.getAddress(), proofVerifier: addresses.EpochProofVerifier };
    const nonce = await signers[0].getNonce();
    // The defaults' five hours and four half-hour turns do not fit the default 48-slot final deadline.
    await expect(deployRollup(signers[0], { ...params, mechanism: "open-race" })).rejects.toThrow(
      /must end before the final deadline/,
    );
    await expect(
      deployRollup(signers[0], { ...params, mechanism: "open-race", cooperative: { provingWindowSlots: 4n } }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    expect(await signers[0].getNonce()).toBe(nonce);

    const deployed = await deployRollup(signers[0], {
      ...params,
      mechanism: "open-race",
      rollup: { finalDeadlineSlots: 64n },
      openRace: { idlePeriod: IDLE, turnPeriod: TURN, redundancyWindow: 600n, flagQuorum: 1n, minActiveEpochs: 1n },
      fundRewardPool: parseEther("1000"),
    });
    expect(deployed.mechanism).toBe("open-race");
    ({ rollup, openRaceCoordinator: coordinator } = deployed);
    expect(Object.keys(deployed.deployments).sort()).toEqual(
      ["ChunkStateTransition", "OpenRaceCoordinator", "PoseidonT3", "RewardPool", "Rollup"].sort(),
    );
    expect((await rollup.config()).mechanism).toBe(2n);
    const config = await coordinator.config();
    expect(config.idlePeriod).toBe(IDLE);
    expect(config.initialProvingBaseFee).toBe(OPEN_RACE_DEFAULTS.initialProvingBaseFee);
    const connected = await connectRollup(deployed.addresses.Rollup, provider);
    expect(connected.mechanism).toBe("open-race");
    expect(connected.addresses).toEqual(deployed.addresses);
    const client = createBlockageClient({ runner: provider, deployment: deployed.deployments });
    expect(client.addresses.openRaceCoordinator).toBe(deployed.addresses.OpenRaceCoordinator);
    expect((await client.openRace.getProvingFee()).fee).toBe(await coordinator.provingBaseFee());
  }, 180_000);

  it("ranks prover tickets into the epoch's turn order", async () => {
    const tickets = [];
    for (const node of nodes) {
      const t = await checkEligibility(coordinator, {
        node: { pid: node.pid, vrfSecretKey: node.keys.vrfSecretKey },
        epoch,
        role: "prover",
        fromBlock: registryBlock,
      });
      tickets.push({ node, t });
    }
    // Worst first: each ticket takes a place, the best last (it becomes the designated prover).
    tickets.sort((a, b) => compareTickets(b.t, a.t));
    for (const [i, { node, t }] of tickets.entries()) {
      const entered = await submitProverTicket(coordinator.connect(node.signer), { entry: t.args!, salt: node.salt });
      expect(entered.raceTime).toBe(t.raceTime);
      expect(entered.turnPosition).toBe(0n);
      if (i === 0) expect(entered.replacedPid).toBe(ZeroHash);
    }
    const order = await getTurnOrder(coordinator, { epoch });
    expect(order.map((p) => p.pid)).toEqual([...tickets].reverse().map((x) => x.node.pid));
    turnProver = tickets[tickets.length - 1].node;
    expect(order[0].operator).toBe(turnProver.signer.address);
  }, 120_000);

  it("charges the proving base fee with each proposal, and proves only up to a checkpoint", async () => {
    const first = epoch * epochSlots;
    const { fee } = await getProvingFee(coordinator);
    const short = checkEligibility(rollup, {
      node: { pid: nodes[0].pid, vrfSecretKey: nodes[0].keys.vrfSecretKey },
      epoch,
      slot: first + 1n,
      role: "sequencer",
      fromBlock: registryBlock,
    });
    await inSlot(first + 1n);
    await reverts(
      proposeBlock(rollup.connect(nodes[0].signer), {
        entry: (await short).args!,
        salt: nodes[0].salt,
        txs: txsOf(1),
        fees: 16n * fee - 1n,
      }),
      "Rollup__ProvingFeeShort",
    );
    await propose(nodes[0], first + 1n, [...txsOf(1), ...txsOf(2)], 32n * fee + parseEther("1"));
    await propose(nodes[3], first + 2n, txsOf(3), 16n * fee);
    // Block 2's slot is open: only block 1 is provable.
    const open = await getProvableBlocks(rollup);
    expect(open.blocks.map((b) => b.blockNumber)).toEqual([1n]);
    expect(open.includesTip).toBe(false);
    await inSlot(first + 3n);
    await provider.send("evm_mine", []);
    const closed = await getProvableBlocks(rollup);
    expect(closed.blocks.map((b) => b.blockNumber)).toEqual([1n, 2n]);
    expect(closed.includesTip).toBe(true);
    expect(await getProofRight(coordinator)).toMatchObject({ open: true, turnEndsAt: 0n });
  }, 180_000);

  it("pays the first valid proof exactly as stateUpdatePayout says, and the turn prover for its redundant proof", async () => {
    const prover = nodes.find((n) => n !== turnProver)!;
    const proof = [];
    for (const b of blocks) proof.push(await blockProof(b, prover));
    const reserve = await token.balanceOf(await coordinator.rewardPool());
    const before = new Map<string, bigint>();
    for (const n of nodes) before.set(n.signer.address, await getRewards(coordinator, { account: n.signer.address }));
    const cfg = await coordinator.config();
    const baseFee = await coordinator.epochProvingBaseFee(epoch);
    const expected = stateUpdatePayout({
      blocks: blocks.map((b) => ({
        proposer: b.proposer.signer.address,
        txCount: BigInt(b.header.txCount),
        fees: BigInt(b.header.fees),
        baseFee,
      })),
      blockReward: cfg.blockReward,
      poolReserve: reserve,
      prover: prover.signer.address,
      turnProver: turnProver.signer.address,
      redundancyShareBps: cfg.redundancyShare,
    });

    const updated = await submitStateUpdate(coordinator.connect(signers[5]), {
      headers: blocks.map((b) => b.header),
      proof,
    });
    expect(updated).toMatchObject({ fromBlock: 1n, toBlock: 2n, provingFees: expected.provingTotal });
    expect(updated.proverReward).toBe(expected.proverCredit);
    expect(updated.update).toMatchObject({
      prover: prover.signer.address,
      turnProver: turnProver.signer.address,
      reserve: expected.redundancyReserve,
    });
    expect(updated.proposerRewards.map((r) => r.amount)).toEqual(expected.proposerCredits.map((c) => c.amount));
    for (const n of nodes) {
      const credited = (await getRewards(coordinator, { account: n.signer.address })) - before.get(n.signer.address)!;
      const asProposer = expected.proposerCredits
        .filter((c) => c.proposer === n.signer.address)
        .reduce((a, c) => a + c.amount, 0n);
      expect(credited).toBe(asProposer + (n === prover ? expected.proverCredit : 0n));
    }
    expect((await rollup.tips()).provenBlock).toBe(2n);
    const read = await getStateUpdate(coordinator, { updateId: updated.updateId });
    expect(read).toMatchObject({ fromBlock: 1n, toBlock: 2n, reserveHeld: true, update: updated.update });

    // The turn prover's own proof of the same transition, within the window.
    const own = [];
    for (const b of blocks) own.push(await blockProof(b, turnProver));
    const wrong = [];
    for (const b of blocks)
      wrong.push(
        await blockProof(
          b,
          nodes.find((n) => n !== turnProver && n !== prover)!,
        ),
      );
    await reverts(
      submitRedundantProof(coordinator.connect(signers[5]), {
        updateId: updated.updateId,
        headers: blocks.map((b) => b.header),
        proof: wrong,
      }),
      "OpenRace__NotTurnProver",
    );
    const paid = await submitRedundantProof(coordinator.connect(signers[5]), {
      updateId: updated.updateId,
      headers: blocks.map((b) => b.header),
      proof: own,
    });
    expect(paid).toMatchObject({ account: turnProver.signer.address, amount: expected.redundancyReserve });
    expect((await getStateUpdate(coordinator, { updateId: updated.updateId })).reserveHeld).toBe(false);
    expect(await coordinator.totalReserved()).toBe(0n);
    const held = await token.balanceOf(await coordinator.getAddress());
    expect(held).toBe(await coordinator.totalOwed());
  }, 300_000);

  it("lets an active prover flag the price, once per epoch, and withdraws", async () => {
    const prover = nodes.find((n) => n !== turnProver)!;
    const flagged = await flagPriceTooLow(coordinator.connect(prover.signer));
    expect(flagged.flags).toBe(1n);
    await reverts(flagPriceTooLow(coordinator.connect(prover.signer)), "OpenRace__AlreadyFlagged");
    await reverts(flagPriceTooLow(coordinator.connect(signers[5])), "OpenRace__NotActiveProver");
    expect(await getProvingFee(coordinator)).toMatchObject({ flags: 1n, flagQuorum: 1n });
    const owed = await getRewards(coordinator, { account: prover.signer.address });
    const withdrawn = await withdrawRewards(coordinator.connect(prover.signer), { to: signers[5].address });
    expect(withdrawn.amount).toBe(owed);
    expect(await getRewards(coordinator, { account: prover.signer.address })).toBe(0n);
    expect(withdrawn.to).not.toBe(ZeroAddress);
  }, 120_000);
});
