// The rollup and prover-coordination actions against real contracts on a local Hardhat node: deployment, proposals
// ranked by real VRF tickets (direct, replaced, through a builder), a countersigned quote claim, a real Groth16 epoch
// proof, rewards, the epoch's status and proof race, the seven confirmation stages, and decoded reverts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcProvider, parseEther, type JsonRpcSigner } from "ethers";
import { proveBlock, releaseProver, type BlockProof } from "@blockage/circuits";
import { startLocalChain, type LocalChain } from "../../../../deploy/local-chain";
import { inSlot as inSlotOf, registerActiveNodes, type LocalNode } from "../../test/local-nodes";
import { reverts } from "../../test/reverts";
import { enterEpochWithSeed } from "../../../../deploy/time-travel";
import { getActiveSetWeight } from "../lottery/active-set-weight";
import { checkEligibility, type LotteryEntryArgs } from "../lottery/eligibility";
import { submitProverTicket } from "../lottery/entries";
import { compareTickets } from "../lottery/math";
import { deployProofVerifier } from "../proving/deploy-verifier";
import { deployRegistry } from "../registry/deploy";
import { sendTransaction } from "../transaction";
import type { NodeRegistry, ProverCoordinator, Rollup, SeedBeacon, StakeToken } from "../typechain";
import { getEpochBlocks, getProposedBlock } from "./chain";
import { challengeBlock } from "./challenge";
import { claimAsDesignatedProver, claimProofRight } from "./claim";
import { getConfirmation } from "./confirmation";
import { connectRollup } from "./connect";
import { deployRollup } from "./deploy";
import { submitEpochProof } from "./epoch-proof";
import { getEpochStatus } from "./epoch-status";
import { RegistryAdminRequiredError, SlasherAlreadyBoundError } from "./errors";
import { blockHeaderHash, genesisHeader, type BlockHeader } from "./header";
import { getProofRace } from "./proof-race";
import { proposeBased } from "./based";
import { prepareBlockHeader, proposeBlock, proposeViaBuilder } from "./propose";
import { prune, refundPrunedFees } from "./prune";
import { epochPayout } from "./epoch-payout";
import { getRewards, slashMissedClaim, withdrawRewards } from "./rewards";
import {
  countersignQuote,
  coordinatorDomain,
  hashBuilderBid,
  hashQuote,
  hashQuoteAcceptance,
  rollupDomain,
  signBuilderBid,
  signQuote,
} from "./typed-data";

type Node = LocalNode;

const FINALITY = { confirmations: 20 } as const;
const txsOf = (tag: number) => Array.from({ length: 16 }, (_, i) => BigInt(tag) * 1_000_003n + BigInt(i) * 7919n + 1n);

describe("rollup actions against a real node", () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;
  let signers: JsonRpcSigner[];
  let registry: NodeRegistry;
  let beacon: SeedBeacon;
  let token: StakeToken;
  let rollup: Rollup;
  let coordinator: ProverCoordinator;
  let registryBlock: number;
  let rollupBlock: number;
  let epoch: bigint;
  let epochSlots: bigint;
  const nodes: Node[] = [];

  /** Sets the next block's time inside `slot`. */
  const inSlot = (slot: bigint) => inSlotOf(provider, beacon, slot);

  async function ticket(
    node: Node,
    slot: bigint,
    totalWeight: bigint,
  ): Promise<LotteryEntryArgs & { raceTime: bigint; tieBreak: bigint }> {
    const t = await checkEligibility(rollup, {
      node: { pid: node.pid, vrfSecretKey: node.keys.vrfSecretKey },
      epoch: slot / epochSlots,
      slot,
      role: "sequencer",
      totalWeight,
    });
    return { ...t.args!, raceTime: t.raceTime, tieBreak: t.tieBreak };
  }

  beforeAll(async () => {
    chain = await startLocalChain();
    provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    signers = await Promise.all([0, 1, 2, 3, 4, 5, 6].map((i) => provider.getSigner(i)));
    const deployed = await deployRegistry(signers[0], {
      mint: signers.map((s) => ({ to: s.address, amount: parseEther("10000") })),
    });
    ({ registry, beacon, token } = deployed);
    registryBlock = deployed.deploymentBlock;
    epochSlots = await beacon.epochSlots();
    const stake = parseEther("2000");
    const active = await registerActiveNodes(
      provider,
      registry,
      beacon,
      signers.slice(1, 4),
      [stake, stake, stake],
      "rollup node",
    );
    nodes.push(...active.nodes);
    epoch = active.epoch;
  }, 120_000);

  afterAll(async () => {
    await releaseProver();
    provider?.destroy();
    await chain?.stop();
  });

  /** Who holds the registry's `DEFAULT_ADMIN_ROLE`, replayed from its role events since `fromBlock`. */
  async function adminsOf(r: NodeRegistry, fromBlock: number): Promise<string[]> {
    const role = await r.DEFAULT_ADMIN_ROLE();
    const events = [
      ...(await r.queryFilter(r.filters.RoleGranted(role), fromBlock)),
      ...(await r.queryFilter(r.filters.RoleRevoked(role), fromBlock)),
    ].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
    const holders = new Set<string>();
    for (const e of events) {
      if (e.eventName === "RoleGranted") holders.add(e.args.account);
      else holders.delete(e.args.account);
    }
    return [...holders];
  }

  it("deploys only from the registry's admin, binds the rollup as the one slasher, leaves no admin, and connects back", async () => {
    const { addresses } = await deployProofVerifier(signers[0]);
    const refused = await deployRollup(signers[6], {
      registry: await registry.getAddress(),
      proofVerifier: addresses.EpochProofVerifier,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RegistryAdminRequiredError);
    expect((refused as RegistryAdminRequiredError).account).toBe(signers[6].address);
    expect(await adminsOf(registry, registryBlock)).toEqual([signers[0].address]);

    const deployed = await deployRollup(signers[0], {
      registry: await registry.getAddress(),
      proofVerifier: addresses.EpochProofVerifier,
      rollup: { genesisState: 7n },
      fundRewardPool: parseEther("1000"),
    });
    ({ rollup, coordinator } = deployed);
    rollupBlock = deployed.deploymentBlock;
    expect(await registry.hasRole(await registry.ROLLUP_ROLE(), deployed.addresses.Rollup)).toBe(true);
    expect(await registry.slasher()).toBe(deployed.addresses.Rollup);
    expect(deployed.adminRenounced).toBe(true);
    expect(await adminsOf(registry, registryBlock)).toEqual([]);
    // A second rollup over the same registry is refused before anything is sent.
    const nonce = await signers[0].getNonce();
    const again = await deployRollup(signers[0], {
      registry: await registry.getAddress(),
      proofVerifier: addresses.EpochProofVerifier,
    }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(SlasherAlreadyBoundError);
    expect((again as SlasherAlreadyBoundError).slasher).toBe(deployed.addresses.Rollup);
    expect(await signers[0].getNonce()).toBe(nonce);
    expect(await coordinator.rollup()).toBe(deployed.addresses.Rollup);
    expect(await deployed.rewardPool.reserve()).toBe(parseEther("1000"));
    expect(Object.keys(deployed.deployments).sort()).toEqual(
      ["ChunkStateTransition", "PoseidonT3", "ProverCoordinator", "RewardPool", "Rollup"].sort(),
    );
    const connected = await connectRollup(deployed.addresses.Rollup, provider);
    expect(connected.addresses).toEqual(deployed.addresses);
    // Genesis: the header the SDK builds hashes to block 0's record.
    expect(blockHeaderHash(genesisHeader(7n))).toBe((await rollup.blockRecord(0)).headerHash);
  });

  let blockProofs: BlockProof[];
  let firstProposal: string;
  let replacedProposal: string;
  let txs1: bigint[];

  it("proposes blocks ranked by VRF tickets: a better ticket replaces the slot's block, a worse one is refused", async () => {
    const { totalWeight } = await getActiveSetWeight(rollup, { epoch, role: "sequencer", fromBlock: registryBlock });
    const slot = epoch * epochSlots + 1n;
    const [best, worst] = (
      await Promise.all(nodes.slice(0, 2).map(async (n) => ({ n, t: await ticket(n, slot, totalWeight) })))
    ).sort((a, b) => compareTickets(a.t, b.t));
    txs1 = txsOf(1);
    await inSlot(slot);
    const first = await proposeBlock(rollup.connect(worst.n.signer), {
      entry: worst.t,
      salt: worst.n.salt,
      txs: txsOf(9),
    });
    replacedProposal = first.receipt.hash;
    expect(first.blockNumber).toBe(1n);
    expect(await rollup.headerHash(first.header)).toBe(first.headerHash);
    expect(await getConfirmation(rollup, { proposal: replacedProposal })).toMatchObject({ stage: 3, blockNumber: 1n });

    // The better ticket replaces it: the header is built on block 1's parent (read back from block 1's calldata).
    const second = await proposeBlock(rollup.connect(best.n.signer), {
      entry: best.t,
      salt: best.n.salt,
      txs: txs1,
      fees: parseEther("40"),
    });
    firstProposal = second.receipt.hash;
    expect(second.blockNumber).toBe(1n);
    expect(second.replacedPid).toBe(worst.n.pid);
    expect(second.header.parent).toBe(first.header.parent);
    expect(await getConfirmation(rollup, { proposal: replacedProposal })).toMatchObject({
      stage: 2,
      name: "Submitted to the network",
    });
    expect(await getConfirmation(rollup, { tx: txs1[5], blockNumber: 1n })).toMatchObject({
      stage: 3,
      name: "In the highest ranking proposed block",
      headerHash: second.headerHash,
      epoch,
    });
    expect((await getConfirmation(rollup, { tx: 12345n, blockNumber: 1n, broadcast: false })).stage).toBe(1);

    const refused = await reverts(
      proposeBlock(rollup.connect(worst.n.signer), { entry: worst.t, salt: worst.n.salt, txs: txsOf(9) }),
      "Lottery__NotBetter",
    );
    expect(refused.args.bestPid).toBe(best.n.pid);
    const read = await getProposedBlock(rollup, { blockNumber: 1n, fromBlock: rollupBlock });
    expect(read).toMatchObject({ method: "propose", headerHash: second.headerHash, txs: txs1 });
  });

  let builderHeader: BlockHeader;

  it("lets a builder submit the winner's block for a signed bid (PBS)", async () => {
    const { totalWeight } = await getActiveSetWeight(rollup, { epoch, role: "sequencer", fromBlock: registryBlock });
    const slot = epoch * epochSlots + 2n;
    const winner = nodes[2];
    const builder = signers[4];
    const entry = await ticket(winner, slot, totalWeight);
    const txs = txsOf(2);
    await inSlot(slot);
    builderHeader = await prepareBlockHeader(rollup, { slot, txs, fees: parseEther("10") });
    const headerHash = blockHeaderHash(builderHeader);
    const bid = parseEther("3");
    const signed = await signBuilderBid(winner.signer, {
      contract: rollup,
      slot,
      headerHash,
      builder: builder.address,
      bid,
    });
    const { chainId } = await provider.getNetwork();
    const domain = rollupDomain(chainId, await rollup.getAddress());
    expect(hashBuilderBid(domain, { slot, headerHash, builder: builder.address, bid })).toBe(signed.digest);
    expect(await rollup.builderBidDigest(slot, headerHash, builder.address, bid)).toBe(signed.digest);

    // Signed for this builder only.
    await reverts(
      proposeViaBuilder(rollup.connect(signers[5]), {
        entry,
        salt: winner.salt,
        txs,
        header: builderHeader,
        bid,
        operatorSignature: signed.signature,
      }),
      "Rollup__InvalidBuilderSignature",
    );
    // Refused in the dry run: no approval was sent for it.
    expect(await token.allowance(signers[5].address, await rollup.getAddress())).toBe(0n);
    const before = await token.balanceOf(winner.signer.address);
    const result = await proposeViaBuilder(rollup.connect(builder), {
      entry,
      salt: winner.salt,
      txs,
      header: builderHeader,
      bid,
      operatorSignature: signed.signature,
    });
    expect(result.blockNumber).toBe(2n);
    expect(await token.balanceOf(winner.signer.address)).toBe(before + bid);
    expect((await rollup.blockRecord(2n)).proposer).toBe(winner.signer.address);
    const read = await getProposedBlock(rollup, { blockNumber: 2n, fromBlock: rollupBlock });
    expect(read.method).toBe("proposeViaBuilder");
    expect(read.txs).toEqual(txs);
  });

  let designated: Node;

  it("enters the coordinator's prover lottery: the best ticket is the epoch's designated prover", async () => {
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
    tickets.sort((a, b) => compareTickets(a.t, b.t));
    designated = tickets[0].node;
    const entered = await submitProverTicket(coordinator.connect(designated.signer), {
      entry: tickets[0].t.args!,
      salt: designated.salt,
    });
    expect(entered.raceTime).toBe(tickets[0].t.raceTime);
    expect((await getEpochStatus(coordinator, { epoch })).designatedProver).toBe(designated.pid);
  });

  it("proves the epoch's blocks off-chain from the data read back from L1", async () => {
    const blocks = await getEpochBlocks(rollup, { epoch, fromBlock: rollupBlock });
    expect(blocks.map((b) => b.blockNumber)).toEqual([1n, 2n]);
    expect(blocks[1].header).toEqual(builderHeader);
    blockProofs = [];
    // Bound to the prover that will claim the epoch (signers[5]): whoever sends the proof, it is paid.
    const prover = signers[5].address;
    for (const b of blocks) blockProofs.push(await proveBlock({ prevState: b.header.prevState, txs: b.txs, prover }));
    await reverts(
      submitEpochProof(coordinator.connect(signers[5]), { epoch, proof: blockProofs, fromBlock: rollupBlock }),
      "ProverCoordinator__EpochNotOver",
    );
    expect((await getEpochStatus(coordinator, { epoch })).phase).toBe("proposing");
  }, 240_000);

  it("claims the proof right with a countersigned quote, proves the epoch, pays rewards, and climbs the confirmation stages", async () => {
    const prover = signers[5];
    await enterEpochWithSeed(provider, registry, beacon, epoch + 1n);
    const next = (epoch + 1n) * epochSlots;
    const priority = await getEpochStatus(coordinator, { epoch });
    expect(priority).toMatchObject({ phase: "priority", status: "None", claimedBy: null, awaitingProof: true });
    expect(priority.windows.claimOpens).toBe(next);
    expect(priority.designatedProver).toBe(designated.pid);
    const other = nodes.find((n) => n !== designated)!;
    await reverts(
      claimAsDesignatedProver(coordinator.connect(other.signer), { epoch, pid: other.pid, salt: other.salt }),
      "ProverCoordinator__NotDesignatedProver",
    );

    // The current slot's proposer (block 3, epoch + 1) countersigns the prover's quote.
    const proposer = nodes[0];
    const claimSlot = next + 5n;
    const { totalWeight } = await getActiveSetWeight(rollup, {
      epoch: epoch + 1n,
      role: "sequencer",
      fromBlock: registryBlock,
    });
    const entry = await ticket(proposer, claimSlot, totalWeight);
    const quote = {
      prover: prover.address,
      epoch,
      basisPointFee: 1_500,
      bond: parseEther("150"),
      validUntilSlot: claimSlot + 1n,
    };
    const proverSigned = await signQuote(prover, { contract: coordinator, quote });
    // In the priority window a quote is refused.
    const early = await countersignQuote(proposer.signer, { contract: coordinator, quote, slot: next });
    await reverts(
      claimProofRight(coordinator.connect(prover), {
        quote,
        proverSignature: proverSigned.signature,
        proposerSignature: early.signature,
      }),
      "ProverCoordinator__NotInClaimPhase",
    );

    await inSlot(claimSlot);
    const block3 = await proposeBlock(rollup.connect(proposer.signer), { entry, salt: proposer.salt, txs: txsOf(3) });
    block3Proposal = block3.receipt.hash;
    expect(block3.blockNumber).toBe(3n);
    expect((await getEpochStatus(coordinator, { epoch })).phase).toBe("claim");
    const accepted = await countersignQuote(proposer.signer, { contract: coordinator, quote, slot: claimSlot });
    const { chainId } = await provider.getNetwork();
    const domain = coordinatorDomain(chainId, await coordinator.getAddress());
    expect(await coordinator.quoteDigest(quote)).toBe(hashQuote(domain, quote));
    expect(await coordinator.acceptanceDigest(quote, claimSlot)).toBe(hashQuoteAcceptance(domain, quote, claimSlot));
    expect(accepted.digest).toBe(hashQuoteAcceptance(domain, quote, claimSlot));

    const wrongCountersigner = await countersignQuote(nodes[1].signer, {
      contract: coordinator,
      quote,
      slot: claimSlot,
    });
    const notProposer = await reverts(
      claimProofRight(coordinator.connect(prover), {
        quote,
        proverSignature: proverSigned.signature,
        proposerSignature: wrongCountersigner.signature,
      }),
      "ProverCoordinator__NotCurrentProposer",
    );
    expect(notProposer.args).toMatchObject({ signer: nodes[1].signer.address, proposer: proposer.signer.address });
    await reverts(
      claimProofRight(coordinator.connect(signers[6]), {
        quote,
        proverSignature: proverSigned.signature,
        proposerSignature: accepted.signature,
      }),
      "ProverCoordinator__ProverNotSender",
    );

    expect((await getConfirmation(rollup, { tx: txs1[0], blockNumber: 1n, finality: FINALITY })).stage).toBe(3);
    const claim = await claimProofRight(coordinator.connect(prover), {
      quote,
      proverSignature: proverSigned.signature,
      proposerSignature: accepted.signature,
    });
    expect(claim).toMatchObject({
      epoch,
      prover: prover.address,
      proposer: proposer.signer.address,
      designated: false,
    });
    expect(claim.bond).toBe(parseEther("150"));
    const proving = await getEpochStatus(coordinator, { epoch });
    expect(proving).toMatchObject({
      phase: "proving",
      status: "Claimed",
      claimedBy: prover.address,
      countersignedBy: proposer.signer.address,
      bond: parseEther("150"),
      basisPointFee: 1_500n,
      nextToProve: true,
    });
    expect(await getProofRace(coordinator, { epoch })).toMatchObject({
      open: false,
      submitNow: true,
      proverFeeTo: "claimant",
      opensAt: proving.windows.proofDeadline,
    });

    // 4: a bonded prover committed; 5: the proposal's L1 block is final (20 confirmations on this chain).
    const committed = await getConfirmation(rollup, { tx: txs1[0], blockNumber: 1n, finality: FINALITY });
    expect(committed).toMatchObject({ stage: 4, proposalTransaction: firstProposal });
    await provider.send("hardhat_mine", ["0x14", "0x1"]);
    const available = await getConfirmation(rollup, { proposal: firstProposal, finality: FINALITY });
    expect(available).toMatchObject({ stage: 5, key: "available", blockNumber: 1n });

    const proven = await submitEpochProof(coordinator.connect(prover), {
      epoch,
      proof: blockProofs,
      fromBlock: rollupBlock,
    });
    expect(proven).toMatchObject({
      epoch,
      fromBlock: 1n,
      toBlock: 2n,
      prover: prover.address,
      beneficiary: prover.address,
    });
    expect(proven.newState).toBe(builderHeader.newState);
    const six = await getConfirmation(rollup, { tx: txs1[0], blockNumber: 1n, finality: FINALITY });
    expect(six).toMatchObject({ stage: 6, proofTransaction: proven.receipt.hash });
    await provider.send("hardhat_mine", ["0x14", "0x1"]);
    expect(await getConfirmation(rollup, { tx: txs1[0], blockNumber: 1n, finality: FINALITY })).toMatchObject({
      stage: 7,
      name: "In a proven block that has been finalized on the L1",
    });
    expect((await getEpochStatus(coordinator, { epoch })).phase).toBe("proven");
    expect((await getProofRace(coordinator, { epoch })).submitNow).toBe(false);

    // Everything that came in is credited: block rewards, shared and kept fees, the released bond.
    const shared = parseEther("25"); // half of the two blocks' 40 + 10 in fees
    const kept = parseEther("25");
    const owed = await Promise.all(
      [nodes[0], nodes[1], nodes[2]].map((n) => getRewards(coordinator, { account: n.signer.address })),
    );
    const proverOwed = await getRewards(coordinator, { account: prover.address });
    expect(proven.rewards).toBe(2n * parseEther("10") + shared);
    expect(owed.reduce((a, b) => a + b, 0n) + proverOwed).toBe(proven.rewards + kept + parseEther("150"));
    // The prover also submitted: bond back, its fee, the submitter's share, and the rounding dust (< one wei a block).
    const dust = proverOwed - parseEther("150") - proven.proverFee - proven.submitterFee;
    expect(dust >= 0n && dust < 2n).toBe(true);
    // The SDK's pure epochPayout credits the same, to the wei (`_blockShares` / `_pay`).
    const [cfg, rollupCfg, records] = await Promise.all([
      coordinator.config(),
      rollup.config(),
      Promise.all([1n, 2n].map((n) => rollup.blockRecord(n))),
    ]);
    const expected = epochPayout({
      blocks: [
        { proposer: records[0].proposer, fees: parseEther("40") },
        { proposer: records[1].proposer, fees: parseEther("10") },
      ],
      blockReward: cfg.blockReward,
      poolReserve: 2n * cfg.blockReward,
      feeSplitBps: rollupCfg.feeSplit,
      proverFeeBps: 1_500n,
      submitterShareBps: cfg.submitterShare,
      prover: prover.address,
      beneficiary: prover.address,
    });
    expect([expected.rewards, expected.proverFee, expected.submitterFee]).toEqual([
      proven.rewards,
      proven.proverFee,
      proven.submitterFee,
    ]);
    expect(proverOwed).toBe(parseEther("150") + expected.proverFee + expected.beneficiaryCredit);
    for (const credit of expected.proposerCredits) {
      expect(await getRewards(coordinator, { account: credit.proposer })).toBe(credit.amount);
    }
    const withdrawn = await withdrawRewards(coordinator.connect(prover));
    expect(withdrawn.amount).toBe(proverOwed);
    await reverts(withdrawRewards(coordinator.connect(prover)), "ProverCoordinator__NoRewards");
    expect(await token.balanceOf(await coordinator.getAddress())).toBe(
      (await coordinator.totalOwed()) + (await coordinator.totalBonds()),
    );
  }, 240_000);

  let block3Proposal: string;

  it("prunes an unproven epoch past its final deadline, then adds a based block with its proof", async () => {
    // Block 3 re-executes to its header: evidence against it shows no fault.
    const valid = await reverts(
      challengeBlock(rollup.connect(signers[6]), { blockNumber: 3n, fromBlock: rollupBlock }),
      "Rollup__BlockValid",
    );
    expect(valid.args.blockNumber).toBe(3n);
    const later = epoch + 1n;
    const { finalDeadline } = (await getEpochStatus(coordinator, { epoch: later })).windows;
    await inSlot(finalDeadline + 1n);
    await provider.send("evm_mine", []);
    expect((await getEpochStatus(coordinator, { epoch: later })).phase).toBe("settled");
    const pruned = await prune(rollup.connect(signers[6]));
    expect(pruned).toMatchObject({ pruned: true, keptBlock: 2n, droppedTo: 3n });
    expect(await getConfirmation(rollup, { proposal: block3Proposal })).toMatchObject({ stage: 2 });

    // Every block is proven and none came for basedDelaySlots: anyone may add one with its proof.
    const slot = await rollup.currentSlot();
    const txs = txsOf(4);
    const header = await prepareBlockHeader(rollup, { slot, txs });
    expect(header.parent).toBe((await rollup.blockRecord(2n)).headerHash);
    const submitter = signers[6];
    const proof = await proveBlock({ prevState: header.prevState, txs, prover: submitter.address });
    const before = await getRewards(coordinator, { account: submitter.address });
    const based = await proposeBased(rollup.connect(submitter), { header, txs, proof });
    expect(based.blockNumber).toBe(3n);
    expect(based.prover).toBe(submitter.address);
    expect(await getRewards(coordinator, { account: submitter.address })).toBe(before + parseEther("10"));
    expect(await getConfirmation(rollup, { proposal: block3Proposal })).toMatchObject({ stage: 2 });
    expect(await getConfirmation(rollup, { proposal: based.receipt.hash, finality: FINALITY })).toMatchObject({
      stage: 6,
      proofTransaction: based.receipt.hash,
    });
    expect((await getProposedBlock(rollup, { blockNumber: 3n, fromBlock: rollupBlock })).method).toBe("proposeBased");
    await provider.send("hardhat_mine", ["0x14", "0x1"]);
    expect((await getConfirmation(rollup, { tx: txs[0], blockNumber: 3n, finality: FINALITY })).stage).toBe(7);
  }, 120_000);

  it("names the failed condition of the backup actions", async () => {
    const notSlashable = await reverts(
      slashMissedClaim(coordinator.connect(signers[6]), { epoch }),
      "ProverCoordinator__NotSlashable",
    );
    expect(notSlashable.shortMessage).toContain("status: Proven");
    await reverts(refundPrunedFees(rollup.connect(signers[6]), { blockNumber: 3n }), "Rollup__NothingToRefund");
    await reverts(
      challengeBlock(rollup.connect(signers[6]), { blockNumber: 1n, fromBlock: rollupBlock }),
      "Rollup__NotChallengeable",
    );
    expect((await prune(rollup.connect(signers[6]))).pruned).toBe(false);
  });

  // Last: it deploys a second registry and rollup, which moves the chain's clock on.
  it("keeps the deployer's admin role with keepAdmin, which still cannot bind another slasher", async () => {
    const own = await deployRegistry(signers[0]);
    const { addresses } = await deployProofVerifier(signers[0]);
    const deployed = await deployRollup(signers[0], {
      registry: own.addresses.NodeRegistry,
      proofVerifier: addresses.EpochProofVerifier,
      keepAdmin: true,
    });
    expect(deployed.adminRenounced).toBe(false);
    expect(await adminsOf(own.registry, own.deploymentBlock)).toEqual([signers[0].address]);
    expect(await own.registry.slasher()).toBe(deployed.addresses.Rollup);
    const rollupRole = await own.registry.ROLLUP_ROLE();
    for (const account of [signers[0].address, deployed.addresses.Rollup]) {
      const refused = await reverts(
        sendTransaction("grantRole", () => own.registry.grantRole(rollupRole, account)),
        "NodeRegistry__SlasherAlreadyBound",
      );
      expect(refused.args).toMatchObject({ slasher: deployed.addresses.Rollup, account });
    }
    await reverts(
      sendTransaction("revokeRole", () => own.registry.revokeRole(rollupRole, deployed.addresses.Rollup)),
      "NodeRegistry__SlasherIrrevocable",
    );
    await expect(
      deployRollup(signers[0], { registry: own.addresses.NodeRegistry, proofVerifier: addresses.EpochProofVerifier }),
    ).rejects.toBeInstanceOf(SlasherAlreadyBoundError);
  }, 120_000);
});
