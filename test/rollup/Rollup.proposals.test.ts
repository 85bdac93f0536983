// Rollup block production: deployment checks, every rejection of a proposal, replacement of a slot's block by a
// better lottery entry, the commit-reveal path and the PBS builder path.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { FIELD_MODULUS } from "@blockage/circuits";
import type { Rollup__factory } from "../../packages/client/src/typechain";
import { DEFAULT_PARAMS, type TestNode, inSlot, lotteryFixture } from "../lottery/fixtures";
import { E18, EPOCH_SLOTS, Status, factory } from "../registry/helpers";
import {
  BUILDER_BID_TYPES,
  FEE_SPLIT,
  type Header,
  GENESIS_STATE,
  ROLLUP_CONFIG,
  type RollupFixture,
  deployRollup,
  expectBalancesMatch,
  headerOn,
  rollupDomain,
  rollupFixture,
  sendProposal,
  sequencerEntry,
  toEpoch,
  txsOf,
} from "./fixtures";

const EPOCH = 3n;
const SLOT = EPOCH * EPOCH_SLOTS + 1n;
const Source = { Vrf: 0, CommitReveal: 1 } as const;

/** The rollup fixture in epoch 3, where the nodes are Active. */
async function proposalFixture() {
  const f = await rollupFixture();
  await toEpoch(f, EPOCH);
  return f;
}

/** `keccak256(abi.encodePacked(txs))`: the DA commitment. */
const daOf = (txs: bigint[]): string => ethers.solidityPackedKeccak256(Array(txs.length).fill("uint256"), txs);

/** The race time the contract gives `node`'s VRF entry for `slot`, and the entry. */
async function rankedEntry(f: RollupFixture, node: TestNode, slot: bigint) {
  const entry = await sequencerEntry(f, node, slot);
  const weight = await f.rollup.weightAt(node.pid, slot / EPOCH_SLOTS);
  return { ...entry, raceTime: await f.rollup.computeRaceTime(entry.beta, weight) };
}

describe("Rollup: deployment", function () {
  it("refuses every out-of-range parameter with Rollup__InvalidConfig naming it", async function () {
    const f = await loadFixture(rollupFixture);
    const rollupFactory = await factory<Rollup__factory>("Rollup");
    const valid = {
      ...ROLLUP_CONFIG,
      proofVerifier: await f.verifier.getAddress(),
      stateTransition: await f.stateTransition.getAddress(),
      coordinator: f.signers[7].address,
    };
    const eoa = f.signers[8].address;
    const cases: [Partial<typeof valid>, string][] = [
      [{ proofVerifier: eoa }, "proofVerifier"],
      [{ stateTransition: eoa }, "stateTransition"],
      [{ coordinator: ethers.ZeroAddress }, "coordinator"],
      [{ genesisState: FIELD_MODULUS }, "genesisState"],
      [{ feeSplit: 10_001 }, "feeSplit"],
      [{ reporterShare: 10_001 }, "reporterShare"],
      [{ maxTxsPerBlock: 0 }, "maxTxsPerBlock"],
      [{ maxTxsPerBlock: 40 }, "maxTxsPerBlock"],
      // One block would hold more chunks than an epoch proof may (the verifier's maxChunks(), 64).
      [{ maxTxsPerBlock: 16 * 65 }, "maxTxsPerBlock"],
      // A block too large to re-execute in one challenge under 15M gas could never be proven invalid.
      [{ maxTxsPerBlock: 256 + 16 }, "maxTxsPerBlock"],
      // The registry's unbonding period (2 epochs of 32 slots) is shorter than the final deadline: a proposer
      // could withdraw before its last block can no longer be challenged.
      [{ finalDeadlineSlots: 2 * Number(EPOCH_SLOTS) + 1 }, "unbondingPeriodEpochs"],
      [{ voteRoundSlots: 0 }, "votes"],
      [{ voteThreshold: 0 }, "votes"],
    ];
    const registry = await f.registry.getAddress();
    for (const [change, what] of cases) {
      await expect(rollupFactory.deploy(registry, DEFAULT_PARAMS, false, { ...valid, ...change }))
        .to.be.revertedWithCustomError(rollupFactory, "Rollup__InvalidConfig")
        .withArgs(what);
    }
    // The same parameters without the fault deploy (so each case above fails for its own reason), and so do both
    // bounds exactly: the largest challengeable block, and a final deadline equal to the unbonding period.
    await expect(rollupFactory.deploy(registry, DEFAULT_PARAMS, false, valid)).not.to.be.reverted;
    await expect(
      rollupFactory.deploy(registry, DEFAULT_PARAMS, false, {
        ...valid,
        maxTxsPerBlock: 256,
        finalDeadlineSlots: 2 * Number(EPOCH_SLOTS),
      }),
    ).not.to.be.reverted;
  });

  it("starts from the genesis block with the deployed parameters", async function () {
    const f = await loadFixture(rollupFixture);
    const cfg = await f.rollup.config();
    expect(cfg.coordinator).to.equal(await f.coordinator.getAddress());
    expect(cfg.feeSplit).to.equal(FEE_SPLIT);
    expect(cfg.finalDeadlineSlots).to.equal(ROLLUP_CONFIG.finalDeadlineSlots);
    expect(await f.rollup.ringSize()).to.equal(2n * EPOCH_SLOTS + 48n + 2n);
    const tips = await f.rollup.tips();
    const genesis = ethers.AbiCoder.defaultAbiCoder().encode(
      ["tuple(bytes32,uint64,uint32,uint16,uint96,uint256,uint256,bytes32,bytes32,bytes32)"],
      [[ethers.ZeroHash, 0, 0, 0, 0, 0, GENESIS_STATE, ethers.ZeroHash, ethers.ZeroHash, ethers.ZeroHash]],
    );
    expect(tips.tipHash).to.equal(ethers.keccak256(genesis));
    expect([tips.provenBlock, tips.pendingBlock, tips.tipState, tips.provenState]).to.deep.equal([
      0n,
      0n,
      GENESIS_STATE,
      GENESIS_STATE,
    ]);
  });
});

describe("Rollup: propose", function () {
  it("puts the block on the pending chain and escrows its fees", async function () {
    const f = await loadFixture(proposalFixture);
    const node = f.nodes[0];
    const txs = txsOf(1);
    const header = await headerOn(f.rollup, SLOT, txs, { fees: 5n * E18 });
    const { raceTime } = await rankedEntry(f, node, SLOT);
    const hash = await f.rollup.headerHash(header);
    const before = await f.token.balanceOf(node.operator.address);
    await expect(sendProposal(f, node, header, txs))
      .to.emit(f.rollup, "BlockProposed")
      .withArgs(1n, SLOT, node.pid, hash, raceTime, ethers.ZeroHash, Source.Vrf);
    expect(await f.token.balanceOf(node.operator.address)).to.equal(before - 5n * E18);
    expect(await f.rollup.totalEscrowedFees()).to.equal(5n * E18);
    const record = await f.rollup.blockRecord(1n);
    expect([
      record.headerHash,
      record.pid,
      record.proposer,
      record.slot,
      record.blockNumber,
      record.fees,
    ]).to.deep.equal([hash, node.pid, node.operator.address, SLOT, 1n, 5n * E18]);
    expect(record.raceTime).to.equal(raceTime);
    const tips = await f.rollup.tips();
    expect([tips.pendingBlock, tips.provenBlock, tips.tipSlot, tips.tipHash, tips.tipState]).to.deep.equal([
      1n,
      0n,
      SLOT,
      hash,
      header.newState,
    ]);
    expect(tips.oldestUnprovenSlot).to.equal(SLOT);
    expect(tips.tipProposer).to.equal(node.operator.address);
    await expectBalancesMatch(f);
  });

  it("blockRecord is empty for a block number its ring entry does not hold", async function () {
    const f = await loadFixture(proposalFixture);
    const node = f.nodes[0];
    const header = await headerOn(f.rollup, SLOT, txsOf(1));
    await (await sendProposal(f, node, header, txsOf(1))).wait();
    const ring = await f.rollup.ringSize();
    // Block 1 + ringSize shares block 1's entry, and block 2 has none yet.
    for (const number of [1n + ring, 2n]) {
      const r = await f.rollup.blockRecord(number);
      expect([r.headerHash, r.pid, r.proposer, r.slot, r.blockNumber, r.fees], `block ${number}`).to.deep.equal([
        ethers.ZeroHash,
        ethers.ZeroHash,
        ethers.ZeroAddress,
        0n,
        0n,
        0n,
      ]);
    }
    expect((await f.rollup.blockRecord(1n)).headerHash).to.equal(await f.rollup.headerHash(header));
  });

  describe("rejections", function () {
    let f: RollupFixture;
    let node: TestNode;
    let txs: bigint[];
    let header: Header;

    beforeEach(async function () {
      f = await loadFixture(proposalFixture);
      node = f.nodes[0];
      txs = txsOf(1);
      header = await headerOn(f.rollup, SLOT, txs);
    });

    it("a header for another slot (Lottery__NotCurrentSlot)", async function () {
      const late = { ...header, slot: SLOT + 1n };
      await expect(sendProposal(f, node, late, txs, { slot: SLOT }))
        .to.be.revertedWithCustomError(f.rollup, "Lottery__NotCurrentSlot")
        .withArgs(SLOT + 1n, SLOT);
    });

    it("a sender that is not the node's operator (Lottery__NotOperator)", async function () {
      const sender = f.nodes[1].operator;
      await expect(sendProposal(f, node, header, txs, { sender }))
        .to.be.revertedWithCustomError(f.rollup, "Lottery__NotOperator")
        .withArgs(node.pid, sender.address);
    });

    it("a node that is not Active (Lottery__NotActive)", async function () {
      await expect(sendProposal(f, f.pending, header, txs))
        .to.be.revertedWithCustomError(f.rollup, "Lottery__NotActive")
        .withArgs(f.pending.pid, EPOCH, Status.Pending);
    });

    it("a node without the sequencer role (Lottery__MissingRole)", async function () {
      const proverOnly = f.nodes[2];
      await expect(sendProposal(f, proverOnly, header, txs))
        .to.be.revertedWithCustomError(f.rollup, "Lottery__MissingRole")
        .withArgs(proverOnly.pid, EPOCH, 1);
    });

    it("a VRF proof of another node's key (Lottery__InvalidVrfProof)", async function () {
      await expect(sendProposal(f, node, header, txs, { entryOf: f.nodes[3] }))
        .to.be.revertedWithCustomError(f.rollup, "Lottery__InvalidVrfProof")
        .withArgs(node.pid, EPOCH, SLOT);
    });

    it("a FEE_SPLIT other than the deployment's (Rollup__WrongFeeSplit)", async function () {
      await expect(sendProposal(f, node, { ...header, feeSplit: 4_000 }, txs))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__WrongFeeSplit")
        .withArgs(4_000, FEE_SPLIT);
    });

    it("a new state outside the field (Rollup__StateNotInField)", async function () {
      await expect(sendProposal(f, node, { ...header, newState: FIELD_MODULUS }, txs))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__StateNotInField")
        .withArgs(FIELD_MODULUS);
    });

    it("a transaction count that is zero, not a multiple of 16, above the maximum or not the header's (Rollup__BadTxCount)", async function () {
      const cases: [bigint[], number][] = [
        [txs.slice(0, 15), 15],
        [[], 0],
        [txsOf(1, 80), 80],
        [txs, 32],
      ];
      for (const [body, headerCount] of cases) {
        const bad = { ...header, txCount: headerCount, daCommitment: daOf(body) };
        await expect(sendProposal(f, node, bad, body))
          .to.be.revertedWithCustomError(f.rollup, "Rollup__BadTxCount")
          .withArgs(body.length, headerCount);
      }
    });

    it("a transaction outside the field (Rollup__TxNotInField)", async function () {
      const body = [...txs];
      body[3] = FIELD_MODULUS;
      await expect(sendProposal(f, node, { ...header, daCommitment: daOf(body) }, body))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__TxNotInField")
        .withArgs(3n);
    });

    it("transactions that do not hash to the DA commitment (Rollup__DaCommitmentMismatch)", async function () {
      const other = txsOf(9);
      await expect(sendProposal(f, node, header, other))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__DaCommitmentMismatch")
        .withArgs(daOf(other), header.daCommitment);
    });

    it("a parent that is not the pending tip (Rollup__WrongParent)", async function () {
      const parent = ethers.id("not the tip");
      const tip = (await f.rollup.tips()).tipHash;
      await expect(sendProposal(f, node, { ...header, parent }, txs))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__WrongParent")
        .withArgs(parent, tip);
    });

    it("a prevState that is not the tip's state (Rollup__WrongPrevState)", async function () {
      await expect(sendProposal(f, node, { ...header, prevState: GENESIS_STATE + 1n }, txs))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__WrongPrevState")
        .withArgs(GENESIS_STATE + 1n, GENESIS_STATE);
    });

    it("proposeWithReveal on a VRF-only deployment (Lottery__CommitRevealDisabled)", async function () {
      await inSlot(f.genesis, SLOT);
      await expect(
        f.rollup
          .connect(node.operator)
          .proposeWithReveal({ pid: node.pid, salt: node.salt, header }, txs, ethers.id("secret")),
      ).to.be.revertedWithCustomError(f.rollup, "Lottery__CommitRevealDisabled");
    });
  });

  describe("two entries in one slot", function () {
    /** Nodes 0 and 3 in slot 97, ordered by the contract's race times: [worse, better]. */
    async function rivals(f: RollupFixture) {
      const entries = await Promise.all(
        [f.nodes[0], f.nodes[3]].map(async (node, i) => {
          const txs = txsOf(10 + i);
          const header = await headerOn(f.rollup, SLOT, txs, { fees: BigInt(5 + i) * E18 });
          const { raceTime } = await rankedEntry(f, node, SLOT);
          return { node, txs, header, raceTime, hash: await f.rollup.headerHash(header) };
        }),
      );
      // Race times are ln t: lower wins (a tie, which needs equal 64-bit draws, does not occur with these keys).
      expect(entries[0].raceTime).not.to.equal(entries[1].raceTime);
      return entries[0].raceTime > entries[1].raceTime ? entries : [entries[1], entries[0]];
    }

    it("a better entry replaces the slot's block on the same parent and the replaced fees are refunded", async function () {
      const f = await loadFixture(proposalFixture);
      const [worse, better] = await rivals(f);
      await sendProposal(f, worse.node, worse.header, worse.txs);
      const worseBefore = await f.token.balanceOf(worse.node.operator.address);
      const fees = BigInt(worse.header.fees);
      await expect(sendProposal(f, better.node, better.header, better.txs))
        .to.emit(f.rollup, "BlockProposed")
        .withArgs(1n, SLOT, better.node.pid, better.hash, better.raceTime, worse.node.pid, Source.Vrf)
        .and.to.emit(f.rollup, "FeesRefunded")
        .withArgs(1n, worse.node.operator.address, fees);
      expect(await f.token.balanceOf(worse.node.operator.address)).to.equal(worseBefore + fees);
      expect(await f.rollup.totalEscrowedFees()).to.equal(better.header.fees);
      const tips = await f.rollup.tips();
      expect([tips.pendingBlock, tips.tipHash, tips.tipState]).to.deep.equal([1n, better.hash, better.header.newState]);
      expect((await f.rollup.blockRecord(1n)).proposer).to.equal(better.node.operator.address);
      await expectBalancesMatch(f);

      // The next slot's block extends the replacement.
      const next = await headerOn(f.rollup, SLOT + 1n, txsOf(12));
      expect(next.parent).to.equal(better.hash);
      const { raceTime } = await rankedEntry(f, f.nodes[1], SLOT + 1n);
      await expect(sendProposal(f, f.nodes[1], next, txsOf(12)))
        .to.emit(f.rollup, "BlockProposed")
        .withArgs(2n, SLOT + 1n, f.nodes[1].pid, await f.rollup.headerHash(next), raceTime, ethers.ZeroHash, 0);
    });

    it("a worse entry, or the same node again, cannot replace the slot's block (Lottery__NotBetter)", async function () {
      const f = await loadFixture(proposalFixture);
      const [worse, better] = await rivals(f);
      await sendProposal(f, better.node, better.header, better.txs);
      await expect(sendProposal(f, worse.node, worse.header, worse.txs))
        .to.be.revertedWithCustomError(f.rollup, "Lottery__NotBetter")
        .withArgs(worse.node.pid, worse.raceTime, better.node.pid, better.raceTime);
      // A node enters a slot once: another block of the incumbent is not better than itself.
      const again = await headerOn(f.rollup, SLOT, txsOf(13), {
        parent: { hash: better.header.parent as string, state: GENESIS_STATE },
      });
      await expect(sendProposal(f, better.node, again, txsOf(13)))
        .to.be.revertedWithCustomError(f.rollup, "Lottery__NotBetter")
        .withArgs(better.node.pid, better.raceTime, better.node.pid, better.raceTime);
      await expectBalancesMatch(f);
    });

    it("a replacement must extend the replaced block's parent (Rollup__WrongParent)", async function () {
      const f = await loadFixture(proposalFixture);
      const [worse, better] = await rivals(f);
      await sendProposal(f, worse.node, worse.header, worse.txs);
      // Built on the incumbent (the tip) instead of on its parent.
      const onTip = await headerOn(f.rollup, SLOT, better.txs);
      await expect(sendProposal(f, better.node, onTip, better.txs))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__WrongParent")
        .withArgs(worse.hash, better.header.parent);
    });
  });
});

describe("Rollup: an epoch's chunk budget", function () {
  it("refuses a block that would take its epoch past the chunks one epoch proof may hold (Rollup__EpochFull)", async function () {
    const f = await loadFixture(rollupFixture);
    await toEpoch(f, 3n);
    const max = await f.verifier.maxChunks();
    const first = 3n * EPOCH_SLOTS;
    // 16 full blocks of 64 transactions (4 chunks each) fill epoch 3's 64 chunks.
    for (let i = 0n; i < max / 4n; i++) {
      const txs = txsOf(Number(200n + i), 64);
      await sendProposal(f, f.nodes[Number(i % 2n)], await headerOn(f.rollup, first + 1n + i, txs), txs);
    }
    const slot = first + 1n + max / 4n;
    const txs = txsOf(300);
    await expect(sendProposal(f, f.nodes[0], await headerOn(f.rollup, slot, txs), txs))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__EpochFull")
      .withArgs(3n, max + 1n, max);
    expect((await f.rollup.blockRecord(max / 4n)).epochChunks).to.equal(max);
    // The next epoch starts a new budget.
    await toEpoch(f, 4n);
    const next = txsOf(301);
    await sendProposal(f, f.nodes[0], await headerOn(f.rollup, 4n * EPOCH_SLOTS + 1n, next), next);
    expect((await f.rollup.blockRecord(max / 4n + 1n)).epochChunks).to.equal(1n);
  });
});

describe("Rollup: proposeWithReveal (commit-reveal deployment)", function () {
  const secret = ethers.id("node 0 secret");

  async function commitRevealFixture() {
    const f = await deployRollup(await lotteryFixture({ bindSlasher: false }), { commitRevealFallback: true });
    const node = f.nodes[0];
    const commitment = ethers.keccak256(
      ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32"], [secret, node.pid]),
    );
    await f.rollup.connect(node.operator).commit(node.pid, node.salt, EPOCH, commitment);
    await toEpoch(f, EPOCH);
    return f;
  }

  it("ranks the block by keccak256(secret ‖ σ) and records the commit-reveal source", async function () {
    const f = await loadFixture(commitRevealFixture);
    expect(await f.rollup.commitRevealFallback()).to.equal(true);
    const node = f.nodes[0];
    const txs = txsOf(1);
    const header = await headerOn(f.rollup, SLOT, txs);
    const sigma = await f.beacon.seedFor(EPOCH, SLOT, 1);
    const output = ethers.solidityPackedKeccak256(["bytes32", "bytes32"], [secret, sigma]);
    const raceTime = await f.rollup.computeRaceTime(output, await f.rollup.weightAt(node.pid, EPOCH));
    await inSlot(f.genesis, SLOT);
    await expect(
      f.rollup.connect(node.operator).proposeWithReveal({ pid: node.pid, salt: node.salt, header }, txs, secret),
    )
      .to.emit(f.rollup, "BlockProposed")
      .withArgs(1n, SLOT, node.pid, await f.rollup.headerHash(header), raceTime, ethers.ZeroHash, Source.CommitReveal);
    await expectBalancesMatch(f);
  });

  it("refuses a wrong secret (Lottery__InvalidReveal) and a VRF entry of a committed node (Lottery__CommittedToReveal)", async function () {
    const f = await loadFixture(commitRevealFixture);
    const node = f.nodes[0];
    const txs = txsOf(1);
    const header = await headerOn(f.rollup, SLOT, txs);
    await inSlot(f.genesis, SLOT);
    await expect(
      f.rollup
        .connect(node.operator)
        .proposeWithReveal({ pid: node.pid, salt: node.salt, header }, txs, ethers.id("wrong")),
    )
      .to.be.revertedWithCustomError(f.rollup, "Lottery__InvalidReveal")
      .withArgs(node.pid, EPOCH);
    await expect(sendProposal(f as unknown as RollupFixture, node, header, txs))
      .to.be.revertedWithCustomError(f.rollup, "Lottery__CommittedToReveal")
      .withArgs(node.pid, EPOCH);
  });
});

describe("Rollup: proposeViaBuilder (PBS)", function () {
  const BID = 3n * E18;
  const FEES = 5n * E18;

  async function builderSetup() {
    const f = await loadFixture(proposalFixture);
    const node = f.nodes[0];
    const builder = f.signers[7];
    const txs = txsOf(1);
    const header = await headerOn(f.rollup, SLOT, txs, { fees: FEES });
    const hash = await f.rollup.headerHash(header);
    const domain = await rollupDomain(f);
    const digestOf = (slot: bigint, headerHash: string, builderAddress: string, bid: bigint) =>
      ethers.TypedDataEncoder.hash(domain, BUILDER_BID_TYPES, { slot, headerHash, builder: builderAddress, bid });
    const sign = (signer: TestNode["operator"], values: { slot?: bigint; headerHash?: string; bid?: bigint } = {}) =>
      signer.signTypedData(domain, BUILDER_BID_TYPES, {
        slot: values.slot ?? SLOT,
        headerHash: values.headerHash ?? hash,
        builder: builder.address,
        bid: values.bid ?? BID,
      });
    const entry = await sequencerEntry(f, node, SLOT);
    const submit = async (
      signature: string,
      options: { bid?: bigint; from?: typeof builder; h?: Header; t?: bigint[] } = {},
    ) => {
      await inSlot(f.genesis, SLOT);
      return f.rollup
        .connect(options.from ?? builder)
        .proposeViaBuilder(
          { pid: node.pid, salt: node.salt, header: options.h ?? header },
          options.t ?? txs,
          entry.proof,
          entry.hints,
          options.bid ?? BID,
          signature,
        );
    };
    return { f, node, builder, txs, header, hash, digestOf, sign, submit };
  }

  it("pays the bid from the builder to the operator in the same transaction; fees escrowed from the builder", async function () {
    const { f, node, builder, hash, digestOf, sign, submit } = await builderSetup();
    expect(await f.rollup.builderBidDigest(SLOT, hash, builder.address, BID)).to.equal(
      digestOf(SLOT, hash, builder.address, BID),
    );
    const { raceTime } = await rankedEntry(f, node, SLOT);
    const builderBefore = await f.token.balanceOf(builder.address);
    const operatorBefore = await f.token.balanceOf(node.operator.address);
    await expect(submit(await sign(node.operator)))
      .to.emit(f.rollup, "BuilderBidPaid")
      .withArgs(SLOT, builder.address, node.operator.address, BID)
      .and.to.emit(f.rollup, "BlockProposed")
      .withArgs(1n, SLOT, node.pid, hash, raceTime, ethers.ZeroHash, Source.Vrf);
    expect(await f.token.balanceOf(builder.address)).to.equal(builderBefore - BID - FEES);
    expect(await f.token.balanceOf(node.operator.address)).to.equal(operatorBefore + BID);
    expect(await f.rollup.totalEscrowedFees()).to.equal(FEES);
    // The block is the operator's: rewards and refunds go to it.
    expect((await f.rollup.blockRecord(1n)).proposer).to.equal(node.operator.address);
    await expectBalancesMatch(f);
  });

  it("refunds a pruned builder block's fees to the builder who escrowed them, not to the operator", async function () {
    const { f, node, builder, sign, submit } = await builderSetup();
    await (await submit(await sign(node.operator))).wait();
    const builderBefore = await f.token.balanceOf(builder.address);
    const operatorBefore = await f.token.balanceOf(node.operator.address);
    // Nobody proves epoch 3: past its final deadline the block is pruned, and its fees can be refunded.
    await inSlot(f.genesis, (EPOCH + 1n) * EPOCH_SLOTS + BigInt(ROLLUP_CONFIG.finalDeadlineSlots));
    await f.rollup.prune();
    await expect(f.rollup.refundPrunedFees(1n)).to.emit(f.rollup, "FeesRefunded").withArgs(1n, builder.address, FEES);
    expect(await f.token.balanceOf(builder.address)).to.equal(builderBefore + FEES);
    expect(await f.token.balanceOf(node.operator.address)).to.equal(operatorBefore);
    await expectBalancesMatch(f);
  });

  it("refunds a replaced builder block's fees to the builder; the operator's own blocks refund the operator", async function () {
    const { f, node, builder, header, sign, submit } = await builderSetup();
    const rival = f.nodes[3];
    const [mine, theirs] = await Promise.all([rankedEntry(f, node, SLOT), rankedEntry(f, rival, SLOT)]);
    const rivalTxs = txsOf(20);
    const rivalHeader = await headerOn(f.rollup, SLOT, rivalTxs, { fees: E18 });
    if (mine.raceTime > theirs.raceTime) {
      // The builder's block is the worse entry: the rival's replaces it and the builder gets its fees back.
      await (await submit(await sign(node.operator))).wait();
      const before = await f.token.balanceOf(builder.address);
      await expect(sendProposal(f, rival, rivalHeader, rivalTxs))
        .to.emit(f.rollup, "FeesRefunded")
        .withArgs(1n, builder.address, FEES);
      expect(await f.token.balanceOf(builder.address)).to.equal(before + FEES);
    } else {
      // The rival's own block is the worse entry: the builder's replaces it and the rival's operator is refunded.
      await (await sendProposal(f, rival, rivalHeader, rivalTxs)).wait();
      await expect(submit(await sign(node.operator)))
        .to.emit(f.rollup, "FeesRefunded")
        .withArgs(1n, rival.operator.address, E18);
      expect(BigInt(header.fees)).to.equal(FEES);
    }
    await expectBalancesMatch(f);
  });

  it("a builder block without fees or bid moves no tokens and leaves nothing to refund to the builder", async function () {
    const { f, node, builder } = await builderSetup();
    const txs = txsOf(3);
    const header = await headerOn(f.rollup, SLOT, txs);
    const domain = await rollupDomain(f);
    const signature = await node.operator.signTypedData(domain, BUILDER_BID_TYPES, {
      slot: SLOT,
      headerHash: await f.rollup.headerHash(header),
      builder: builder.address,
      bid: 0n,
    });
    const entry = await sequencerEntry(f, node, SLOT);
    const before = await Promise.all([builder, node.operator].map((s) => f.token.balanceOf(s.address)));
    await inSlot(f.genesis, SLOT);
    await expect(
      f.rollup
        .connect(builder)
        .proposeViaBuilder({ pid: node.pid, salt: node.salt, header }, txs, entry.proof, entry.hints, 0n, signature),
    )
      .to.emit(f.rollup, "BuilderBidPaid")
      .withArgs(SLOT, builder.address, node.operator.address, 0n)
      .and.not.to.emit(f.token, "Transfer");
    expect(await Promise.all([builder, node.operator].map((s) => f.token.balanceOf(s.address)))).to.deep.equal(before);
    expect(await f.rollup.totalEscrowedFees()).to.equal(0n);
    // Nothing was escrowed, so the pruned block has nothing to refund.
    await inSlot(f.genesis, (EPOCH + 1n) * EPOCH_SLOTS + BigInt(ROLLUP_CONFIG.finalDeadlineSlots));
    await f.rollup.prune();
    await expect(f.rollup.refundPrunedFees(1n))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__NothingToRefund")
      .withArgs(1n);
    await expectBalancesMatch(f);
  });

  it("refuses a signature by someone other than the node's operator", async function () {
    const { f, sign, submit } = await builderSetup();
    const other = f.nodes[1].operator;
    await expect(submit(await sign(other)))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__InvalidBuilderSignature")
      .withArgs(other.address);
  });

  it("refuses a signature over another bid, slot, header or builder, and a malformed one", async function () {
    const { f, node, builder, hash, digestOf, sign, submit } = await builderSetup();
    const signature = await sign(node.operator);
    const recovered = (digest: string, sig: string) => ethers.recoverAddress(digest, sig);

    // The builder pays less than the operator signed for.
    await expect(submit(signature, { bid: BID - 1n }))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__InvalidBuilderSignature")
      .withArgs(recovered(digestOf(SLOT, hash, builder.address, BID - 1n), signature));

    // Signed for another slot.
    const otherSlot = await sign(node.operator, { slot: SLOT + 1n });
    await expect(submit(otherSlot))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__InvalidBuilderSignature")
      .withArgs(recovered(digestOf(SLOT, hash, builder.address, BID), otherSlot));

    // Replayed for a different header (same slot, other transactions).
    const otherTxs = txsOf(2);
    const otherHeader = await headerOn(f.rollup, SLOT, otherTxs, { fees: FEES });
    const otherHash = await f.rollup.headerHash(otherHeader);
    await expect(submit(signature, { h: otherHeader, t: otherTxs }))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__InvalidBuilderSignature")
      .withArgs(recovered(digestOf(SLOT, otherHash, builder.address, BID), signature));

    // Used by another builder.
    const thief = f.signers[8];
    await expect(submit(signature, { from: thief }))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__InvalidBuilderSignature")
      .withArgs(recovered(digestOf(SLOT, hash, thief.address, BID), signature));

    await expect(submit("0x1234"))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__InvalidBuilderSignature")
      .withArgs(ethers.ZeroAddress);
    expect((await f.rollup.tips()).pendingBlock).to.equal(0n);
  });
});
