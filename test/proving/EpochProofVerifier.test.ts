import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";
import {
  type BlockProof,
  type EpochProofArgs,
  BASE_FIELD_MODULUS,
  EPOCH_PROOF_BATCH_DOMAIN,
  FIELD_MODULUS,
  blockTxsCommitment,
  computeBlock,
  epochProofArgs,
  epochProofBatchWeights,
  proveBlock,
  releaseProver,
  toSolidityChunkProof,
  verifyChunk,
} from "@blockage/circuits";
import { bn254 } from "@noble/curves/bn254.js";
import { PROVER, decodeProof, deployProofVerifier, encodeProof, proveEpoch, txsOf } from "./fixtures";
import { loadEpochBundle } from "./epoch-bundle";
import { underCoverage } from "../coverage";

type Headers = EpochProofArgs["blocks"][number][];

describe("EpochProofVerifier", function () {
  let blocks: BlockProof[];
  let args: EpochProofArgs;
  let extra: BlockProof;

  before(async function () {
    this.timeout(300_000);
    ({ blocks, args, extra } = await proveEpoch());
  });

  after(async () => {
    await releaseProver();
  });

  const verify = (
    verifier: Awaited<ReturnType<typeof deployProofVerifier>>["verifier"],
    overrides: Partial<{ prevState: bigint; newState: bigint; blocks: Headers; proof: string }> = {},
  ) =>
    verifier.verifyEpochProof(
      overrides.prevState ?? args.prevState,
      overrides.newState ?? args.newState,
      overrides.blocks ?? [...args.blocks],
      overrides.proof ?? args.proof,
    );

  describe("valid epoch proofs", function () {
    it("accepts the epoch's bundle of four chunk proofs over three blocks and returns the bound prover", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      expect(await verify(verifier)).to.equal(PROVER); // resolves: a revert would throw
      expect(args.prover).to.equal(PROVER);
      expect(args.blocks).to.have.length(3);
      expect(decodeProof(args.proof).counts).to.deep.equal([2n, 1n, 1n]);
    });

    it("accepts every prefix of the epoch as an epoch of its own", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      for (let n = 1; n <= blocks.length; n++) {
        const prefix = epochProofArgs(blocks.slice(0, n));
        await verifier.verifyEpochProof(prefix.prevState, prefix.newState, [...prefix.blocks], prefix.proof);
      }
    });

    it("each chunk proof verifies on its own, with the generated verifier and in TypeScript", async function () {
      const { chunkVerifier } = await loadFixture(deployProofVerifier);
      for (const chunk of blocks.flatMap((b) => b.chunks)) {
        const p = toSolidityChunkProof(chunk);
        expect(
          await chunkVerifier.verifyProof([...p.a], [[...p.b[0]], [...p.b[1]]], [...p.c], [...p.publicSignals]),
        ).to.equal(true);
        expect(await verifyChunk(chunk.proof, chunk.publicSignals)).to.equal(true);
      }
    });

    it("headers computed without proving (what a sequencer publishes) are the ones the proofs satisfy", async function () {
      const recomputed = [
        computeBlock({ prevState: 42n, txs: txsOf(1, 32) }),
        computeBlock({ prevState: blocks[0].newState, txs: txsOf(2, 16) }),
        computeBlock({ prevState: blocks[1].newState, txs: txsOf(3, 16) }),
      ];
      recomputed.forEach((header, i) => {
        expect(header.prevState).to.equal(args.blocks[i].prevState);
        expect(header.newState).to.equal(args.blocks[i].newState);
        expect(header.txsCommitment).to.equal(args.blocks[i].txsCommitment);
      });
      const { verifier } = await loadFixture(deployProofVerifier);
      const chunkCommitments = recomputed[0].chunks.map((c) => c.txsCommitment);
      expect(await verifier.blockTxsCommitment(chunkCommitments)).to.equal(blockTxsCommitment(chunkCommitments));
    });
  });

  describe("tampered proofs", function () {
    const tamper = async (edit: (chunks: bigint[][][]) => void) => {
      const { counts, chunks } = decodeProof(args.proof);
      edit(chunks);
      return encodeProof(counts, chunks);
    };

    for (const [name, edit] of [
      ["A", (c: bigint[][][]) => (c[1][0][0] = (c[1][0][0] + 1n) % FIELD_MODULUS)],
      ["B", (c: bigint[][][]) => ([c[1][1][0], c[1][1][1]] = [c[1][1][1], c[1][1][0]])],
      ["C", (c: bigint[][][]) => (c[1][2][1] = c[1][2][1] ^ 1n)],
      ["A replaced by another chunk's A", (c: bigint[][][]) => (c[1][0] = [...c[0][0]])],
    ] as const) {
      it(`rejects chunk 1 with a tampered ${name}: InvalidChunkProof(1)`, async function () {
        const { verifier } = await loadFixture(deployProofVerifier);
        await expect(verify(verifier, { proof: await tamper(edit) }))
          .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
          .withArgs(1n);
      });
    }

    it("rejects a tampered public signal the headers agree with: InvalidChunkProof", async function () {
      // Claim a different txs commitment for block 2's only chunk and make its header agree: only the proof
      // itself can catch this.
      const { verifier } = await loadFixture(deployProofVerifier);
      const forged = 12345n;
      const proof = await tamper((c) => (c[3][3][2] = forged));
      const headers = args.blocks.map((b) => ({ ...b }));
      headers[2].txsCommitment = blockTxsCommitment([forged]);
      await expect(verify(verifier, { proof, blocks: headers }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
        .withArgs(3n);
    });

    it("a proof bound to A does not verify with prover = B: InvalidChunkProof, on-chain and in TypeScript", async function () {
      const { verifier, chunkVerifier } = await loadFixture(deployProofVerifier);
      const other = BigInt(ethers.Wallet.createRandom().address);
      const proof = await tamper((c) => c.forEach((chunk) => (chunk[3][3] = other)));
      await expect(verify(verifier, { proof }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
        .withArgs(0n);
      const chunk = blocks[1].chunks[0];
      const p = toSolidityChunkProof(chunk);
      const signals = [p.publicSignals[0], p.publicSignals[1], p.publicSignals[2], other] as const;
      expect(await chunkVerifier.verifyProof([...p.a], [[...p.b[0]], [...p.b[1]]], [...p.c], [...signals])).to.equal(
        false,
      );
      const [prev, next, commitment] = chunk.publicSignals;
      expect(await verifyChunk(chunk.proof, [prev, next, commitment, other.toString()])).to.equal(false);
    });

    it("rejects a prover signal that is not a nonzero address before any pairing: InvalidProver", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      for (const bad of [0n, 1n << 160n, FIELD_MODULUS - 1n]) {
        await expect(verify(verifier, { proof: await tamper((c) => (c[2][3][3] = bad)) }))
          .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidProver")
          .withArgs(2n, bad);
      }
    });

    it("rejects chunks bound to different provers: MixedProvers naming the first that differs", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const other = ethers.Wallet.createRandom().address;
      await expect(verify(verifier, { proof: await tamper((c) => (c[2][3][3] = BigInt(other))) }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__MixedProvers")
        .withArgs(2n, PROVER, other);
    });

    it("rejects a public signal given as itself plus the field modulus: InvalidChunkProof", async function () {
      // Congruent mod r, so a pairing alone (batched or not) would accept it: both checks refuse signals >= r. The
      // header commits to the same word, so only the signal's range can catch it.
      const { verifier } = await loadFixture(deployProofVerifier);
      const aliased = BigInt(decodeProof(args.proof).chunks[3][3][2]) + FIELD_MODULUS;
      const proof = await tamper((c) => (c[3][3][2] = aliased));
      const headers = args.blocks.map((b) => ({ ...b }));
      headers[2].txsCommitment = ethers.solidityPackedKeccak256(["uint256"], [aliased]);
      await expect(verify(verifier, { proof, blocks: headers }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
        .withArgs(3n);
    });
  });

  describe("wrong bundles", function () {
    it("rejects swapped chunks: ChunkChainBroken", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const { counts, chunks } = decodeProof(args.proof);
      [chunks[0], chunks[1]] = [chunks[1], chunks[0]];
      await expect(verify(verifier, { proof: encodeProof(counts, chunks) }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__ChunkChainBroken")
        .withArgs(0n, args.prevState, chunks[0][3][0]);
    });

    it("rejects swapped blocks: BlockChainBroken", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const headers = [args.blocks[0], args.blocks[2], args.blocks[1]];
      const { counts, chunks } = decodeProof(args.proof);
      const proof = encodeProof([counts[0], counts[2], counts[1]], [chunks[0], chunks[1], chunks[3], chunks[2]]);
      await expect(verify(verifier, { blocks: headers, proof }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__BlockChainBroken")
        .withArgs(1n, args.blocks[0].newState, args.blocks[2].prevState);
    });

    it("rejects a missing chunk: ChunkCountMismatch", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const { counts, chunks } = decodeProof(args.proof);
      await expect(verify(verifier, { proof: encodeProof(counts, chunks.slice(0, 3)) }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__ChunkCountMismatch")
        .withArgs(4n, 3n);
    });

    it("rejects an extra chunk, even a valid one that chains: ChunkCountMismatch", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const { counts, chunks } = decodeProof(args.proof);
      const extraChunk = decodeProof(epochProofArgs([extra]).proof).chunks[0];
      await expect(verify(verifier, { proof: encodeProof(counts, [...chunks, extraChunk]) }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__ChunkCountMismatch")
        .withArgs(4n, 5n);
      // Counting the extra chunk into the last block instead: the block then ends elsewhere than its header says.
      await expect(verify(verifier, { proof: encodeProof([2n, 1n, 2n], [...chunks, extraChunk]) }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__BlockStateMismatch")
        .withArgs(2n, args.blocks[2].newState, extra.newState);
    });

    it("rejects chunks assigned to the wrong blocks: BlockStateMismatch", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const { chunks } = decodeProof(args.proof);
      await expect(verify(verifier, { proof: encodeProof([1n, 2n, 1n], chunks) }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__BlockStateMismatch")
        .withArgs(0n, args.blocks[0].newState, blocks[0].chunks[0].publicSignals[1]);
    });

    it("rejects a header whose txs commitment the chunks do not carry: TxsCommitmentMismatch", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const headers = args.blocks.map((b) => ({ ...b }));
      headers[0].txsCommitment = blockTxsCommitment([
        blocks[0].chunks[1].publicSignals[2],
        blocks[0].chunks[0].publicSignals[2],
      ]);
      await expect(verify(verifier, { blocks: headers }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__TxsCommitmentMismatch")
        .withArgs(0n, headers[0].txsCommitment, args.blocks[0].txsCommitment);
    });

    it("rejects a header claiming another new state: BlockStateMismatch", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const headers = args.blocks.map((b) => ({ ...b }));
      headers[1].newState = 7n;
      await expect(verify(verifier, { blocks: headers }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__BlockStateMismatch")
        .withArgs(1n, 7n, args.blocks[1].newState);
    });

    it("rejects an epoch that does not start from the last proven state or end in the claimed one", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      await expect(verify(verifier, { prevState: 41n }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__BlockChainBroken")
        .withArgs(0n, 41n, 42n);
      await expect(verify(verifier, { newState: 1n }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__EpochStateMismatch")
        .withArgs(1n, args.newState);
    });

    it("rejects an epoch with no blocks, block counts that differ, and an empty block", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      await expect(verify(verifier, { blocks: [] })).to.be.revertedWithCustomError(
        verifier,
        "EpochProofVerifier__NoBlocks",
      );
      await expect(verify(verifier, { blocks: args.blocks.slice(0, 2) }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__BlockCountMismatch")
        .withArgs(2n, 3n);
      const { chunks } = decodeProof(args.proof);
      await expect(verify(verifier, { proof: encodeProof([2n, 0n, 2n], chunks) }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__EmptyBlock")
        .withArgs(1n);
    });

    it("rejects more than MAX_CHUNKS chunks or blocks before doing any work", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      expect(await verifier.MAX_CHUNKS()).to.equal(64n);
      const { chunks } = decodeProof(args.proof);
      const many = Array.from({ length: 65 }, () => chunks[0]);
      await expect(verify(verifier, { proof: encodeProof([65n, 0n, 0n], many) }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__TooManyChunks")
        .withArgs(65n, 64n);
      await expect(verify(verifier, { proof: encodeProof([2n ** 255n, 1n, 1n], chunks) }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__TooManyChunks")
        .withArgs(2n ** 255n, 64n);
      await expect(verify(verifier, { proof: encodeProof(Array(65).fill(1n), chunks) }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__TooManyBlocks")
        .withArgs(65n, 64n);
    });

    it("a call short of gas fails as such, never as an invalid proof: InsufficientGas or out of gas", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const needed = await verifier.verifyEpochProof.estimateGas(
        args.prevState,
        args.newState,
        [...args.blocks],
        args.proof,
      );
      const outcomes = new Set<string>();
      for (let gasLimit = 60_000n; gasLimit <= needed; gasLimit += 15_000n) {
        try {
          await verifier.verifyEpochProof(args.prevState, args.newState, [...args.blocks], args.proof, { gasLimit });
          outcomes.add("accepted");
        } catch (error) {
          // Revert data, none for an out-of-gas call (which the coverage network reports as `{ data: "0x", ... }`).
          const raw = (error as { data?: string | { data?: string } }).data;
          const data = typeof raw === "string" ? raw : raw?.data;
          const decoded = data && data !== "0x" ? verifier.interface.parseError(data)?.name : undefined;
          expect(decoded, `gas limit ${gasLimit}`).to.not.equal("EpochProofVerifier__InvalidChunkProof");
          outcomes.add(decoded ?? "out of gas");
        }
      }
      expect(outcomes).to.include("EpochProofVerifier__InsufficientGas");
      await verifier.verifyEpochProof(args.prevState, args.newState, [...args.blocks], args.proof, {
        gasLimit: needed,
      });
    });

    it("refuses a chunk verifier address without code at deployment", async function () {
      const factory = await ethers.getContractFactory("EpochProofVerifier");
      const nowhere = ethers.Wallet.createRandom().address;
      await expect(factory.deploy(nowhere))
        .to.be.revertedWithCustomError(factory, "EpochProofVerifier__NoVerifierCode")
        .withArgs(nowhere);
    });

    it("rejects malformed proof bytes with MalformedProof, never a bare revert", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const good = args.proof;
      const word = (n: bigint) => n.toString(16).padStart(64, "0");
      const cases = [
        "0x",
        good.slice(0, good.length - 2), // one byte short
        `${good}00`, // one byte extra
        `0x${word(0x60n)}${good.slice(66)}`, // first offset not canonical
        `0x${good.slice(2, 66)}${word(0x20n)}${good.slice(130)}`, // second offset not canonical
        `0x${"ab".repeat(200)}`,
      ];
      for (const proof of cases) {
        await expect(verify(verifier, { proof })).to.be.revertedWithCustomError(
          verifier,
          "EpochProofVerifier__MalformedProof",
        );
      }
    });

    it("rejects canonical head offsets over bytes that end before the chunk list's length word: MalformedProof", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const word = (n: bigint) => n.toString(16).padStart(64, "0");
      // One block of one chunk: offsets 0x40 and 0x80 are the canonical ones, but the 128 bytes stop at 0x80, where
      // the chunk list's length would start.
      const proof = `0x${word(0x40n)}${word(0x80n)}${word(1n)}${word(1n)}`;
      await expect(verify(verifier, { proof })).to.be.revertedWithCustomError(
        verifier,
        "EpochProofVerifier__MalformedProof",
      );
    });
  });

  describe("the batched pairing check: one ecPairing call for every chunk of the epoch", function () {
    // test/vectors/epoch-proof-64.json: 32 blocks of two chunks (64 real chunk proofs) bound to PROVER.
    let bundle: BlockProof[];
    before(function () {
      bundle = loadEpochBundle();
    });

    const call = (
      verifier: Awaited<ReturnType<typeof deployProofVerifier>>["verifier"],
      epoch: EpochProofArgs,
      proof: string = epoch.proof,
      overrides: { gasLimit?: bigint } = {},
    ) => verifier.verifyEpochProof(epoch.prevState, epoch.newState, [...epoch.blocks], proof, overrides);
    const tampered = (epoch: EpochProofArgs, edit: (chunks: bigint[][][]) => void) => {
      const { counts, chunks } = decodeProof(epoch.proof);
      edit(chunks);
      return encodeProof(counts, chunks);
    };
    /** The first 17 blocks: 34 chunks. */
    const thirtyFour = () => epochProofArgs(bundle.slice(0, 17));

    it("accepts MAX_CHUNKS (64) chunk proofs in 32 blocks, in one transaction far under the EIP-7825 cap", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const epoch = epochProofArgs(bundle);
      expect(decodeProof(epoch.proof).chunks).to.have.length(Number(await verifier.MAX_CHUNKS()));
      expect(await call(verifier, epoch)).to.equal(PROVER);
      // As a transaction: the gas limit it needs, and what it uses (bench/circuits.json has the figures).
      const [sender] = await ethers.getSigners();
      const data = verifier.interface.encodeFunctionData("verifyEpochProof", [
        epoch.prevState,
        epoch.newState,
        [...epoch.blocks],
        epoch.proof,
      ]);
      const to = await verifier.getAddress();
      const gasLimit = await sender.estimateGas({ to, data });
      if (!underCoverage()) {
        // Gas of instrumented code (and coverage runs before EIP-7825): the bound holds for the real contract only.
        expect(gasLimit).to.be.lessThan(2n ** 24n);
        const receipt = await (await sender.sendTransaction({ to, data, gasLimit })).wait();
        expect(receipt!.gasUsed).to.be.at.most(5_500_000n);
      }
    });

    it("one bad chunk among 33 good ones is caught and named, wherever it is", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const epoch = thirtyFour();
      for (const bad of [0, 1, 16, 17, 33]) {
        // A valid curve point, but another chunk's: only the pairing can tell.
        const proof = tampered(epoch, (c) => (c[bad][0] = [...c[(bad + 1) % c.length][0]]));
        await expect(call(verifier, epoch, proof), `chunk ${bad}`)
          .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
          .withArgs(BigInt(bad));
      }
    });

    it("two bad chunks: the first is named, also on both sides of the bisection's first midpoint (31, 32 of 64)", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      for (const [epoch, first, second] of [
        [thirtyFour(), 5, 20],
        [epochProofArgs(bundle), 31, 32],
      ] as const) {
        const proof = tampered(epoch, (c) => {
          c[second][2] = [...c[second + 1][2]];
          c[first][2] = [...c[first - 1][2]];
        });
        await expect(call(verifier, epoch, proof), `chunks ${first} and ${second}`)
          .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
          .withArgs(BigInt(first));
      }
    });

    it("rejects proofs swapped between two chunks (each statement left in place)", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const epoch = thirtyFour();
      const proof = tampered(epoch, (c) => {
        const [a, b, cc] = [c[7][0], c[7][1], c[7][2]];
        [c[7][0], c[7][1], c[7][2]] = [c[8][0], c[8][1], c[8][2]];
        [c[8][0], c[8][1], c[8][2]] = [a, b, cc];
      });
      await expect(call(verifier, epoch, proof))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
        .withArgs(7n);
    });

    it("rejects a valid proof of other public inputs in a chunk's place", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const epoch = thirtyFour();
      const other = toSolidityChunkProof(blocks[1].chunks[0]); // valid for its own statement (first describe)
      expect(await verifyChunk(blocks[1].chunks[0].proof, blocks[1].chunks[0].publicSignals)).to.equal(true);
      const proof = tampered(epoch, (c) => {
        c[9][0] = [...other.a];
        c[9][1] = [[...other.b[0]], [...other.b[1]]] as unknown as bigint[];
        c[9][2] = [...other.c];
      });
      await expect(call(verifier, epoch, proof))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
        .withArgs(9n);
    });

    it("rejects points off the curve: A, C (G1) and B (G2), at chunk 0 too (weight 1, no multiplication)", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const epoch = thirtyFour();
      for (const k of [0, 12]) {
        for (const [name, edit] of [
          ["A", (c: bigint[][][]) => (c[k][0] = [1n, 3n])], // 3² ≠ 1³ + 3
          ["C", (c: bigint[][][]) => (c[k][2] = [1n, 3n])],
          ["B", (c: bigint[][][]) => ((c[k][1] as unknown as bigint[][])[0][0] += 1n)],
        ] as const) {
          await expect(call(verifier, epoch, tampered(epoch, edit)), `${name} of chunk ${k}`)
            .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
            .withArgs(BigInt(k));
        }
      }
    });

    it("rejects a G2 point on the twist but outside its prime-order subgroup", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const epoch = thirtyFour();
      const { Fp2 } = bn254.fields;
      const x = Fp2.fromBigTuple([1n, 0n]);
      const y = Fp2.sqrt(Fp2.add(Fp2.mul(Fp2.sqr(x), x), bn254.G2.Point.CURVE().b));
      const point = bn254.G2.Point.fromAffine({ x, y });
      expect(point.isTorsionFree()).to.equal(false); // on the twist (fromAffine checks), not in the subgroup
      for (const k of [0, 25]) {
        const proof = tampered(epoch, (c) => {
          c[k][1] = [
            [x.c1, x.c0],
            [y.c1, y.c0],
          ] as unknown as bigint[];
        });
        await expect(call(verifier, epoch, proof), `chunk ${k}`)
          .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
          .withArgs(BigInt(k));
      }
    });

    it("rejects a coordinate given as itself plus the base field modulus q, in A, B or C", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const epoch = thirtyFour();
      for (const k of [0, 30]) {
        for (const [name, edit] of [
          ["A.x", (c: bigint[][][]) => (c[k][0][0] += BASE_FIELD_MODULUS)],
          ["A.y", (c: bigint[][][]) => (c[k][0][1] += BASE_FIELD_MODULUS)],
          ["B.x.im", (c: bigint[][][]) => ((c[k][1] as unknown as bigint[][])[0][0] += BASE_FIELD_MODULUS)],
          ["B.x.re", (c: bigint[][][]) => ((c[k][1] as unknown as bigint[][])[0][1] += BASE_FIELD_MODULUS)],
          ["B.y.im", (c: bigint[][][]) => ((c[k][1] as unknown as bigint[][])[1][0] += BASE_FIELD_MODULUS)],
          ["B.y.re", (c: bigint[][][]) => ((c[k][1] as unknown as bigint[][])[1][1] += BASE_FIELD_MODULUS)],
          ["C.x", (c: bigint[][][]) => (c[k][2][0] += BASE_FIELD_MODULUS)],
          ["C.y", (c: bigint[][][]) => (c[k][2][1] += BASE_FIELD_MODULUS)],
        ] as const) {
          await expect(call(verifier, epoch, tampered(epoch, edit)), `${name} of chunk ${k}`)
            .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
            .withArgs(BigInt(k));
        }
      }
    });

    it("rejects an empty bundle: no blocks, no chunks, an empty block", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const epoch = thirtyFour();
      await expect(call(verifier, { ...epoch, blocks: [] })).to.be.revertedWithCustomError(
        verifier,
        "EpochProofVerifier__NoBlocks",
      );
      const one = epochProofArgs(bundle.slice(0, 1));
      await expect(call(verifier, one, encodeProof([2n], [])))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__ChunkCountMismatch")
        .withArgs(2n, 0n);
      await expect(call(verifier, one, encodeProof([0n], [])))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__EmptyBlock")
        .withArgs(0n);
    });

    it("the weights are the SDK's (epochProofBatchWeights): r_0 = 1, the rest below r and changed by any byte", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const proof = epochProofArgs(bundle).proof;
      const onChain = await verifier.batchWeights(proof, 64);
      const weights = epochProofBatchWeights(proof, 64);
      expect([...onChain]).to.deep.equal(weights);
      expect(weights[0]).to.equal(1n);
      expect(new Set(weights).size).to.equal(64);
      for (const w of weights) expect(w < FIELD_MODULUS).to.equal(true);
      // One bit of the last chunk's C changed: every weight but r_0 changes, on-chain and off.
      const flipped = `${proof.slice(0, -2)}${(parseInt(proof.slice(-2), 16) ^ 1).toString(16).padStart(2, "0")}`;
      const other = await verifier.batchWeights(flipped, 64);
      expect([...other]).to.deep.equal(epochProofBatchWeights(flipped, 64));
      for (let i = 1; i < 64; i++) expect(other[i]).to.not.equal(weights[i]);
      expect(await verifier.BATCH_DOMAIN()).to.equal(EPOCH_PROOF_BATCH_DOMAIN);
      await expect(verifier.batchWeights(proof, 65))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__TooManyChunks")
        .withArgs(65n, 64n);
    });

    it("a one-chunk epoch (weight 1, no multiplication) is accepted, and its bad proof named", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const one = epochProofArgs([blocks[1]]); // the first describe's block of one chunk
      expect(decodeProof(one.proof).chunks).to.have.length(1);
      expect(await call(verifier, one)).to.equal(PROVER);
      const proof = tampered(one, (c) => (c[0][2] = [...c[0][0]]));
      await expect(call(verifier, one, proof))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
        .withArgs(0n);
    });

    it("rejects points at infinity ((0, 0), and B all zeros) as A, B or C, and names the chunk", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const epoch = thirtyFour();
      for (const k of [0, 12]) {
        for (const [name, edit] of [
          ["A", (c: bigint[][][]) => (c[k][0] = [0n, 0n])],
          [
            "B",
            (c: bigint[][][]) =>
              (c[k][1] = [
                [0n, 0n],
                [0n, 0n],
              ] as unknown as bigint[]),
          ],
          ["C", (c: bigint[][][]) => (c[k][2] = [0n, 0n])],
        ] as const) {
          await expect(call(verifier, epoch, tampered(epoch, edit)), `${name} of chunk ${k}`)
            .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
            .withArgs(BigInt(k));
        }
      }
    });

    it("naming the bad chunk of a 64-chunk epoch fits one transaction under EIP-7825's cap, even the last or all", async function () {
      if (underCoverage()) this.skip();
      const { verifier } = await loadFixture(deployProofVerifier);
      const epoch = epochProofArgs(bundle);
      const cap = 2n ** 24n - 1n;
      const last = tampered(epoch, (c) => (c[63][0] = [...c[62][0]]));
      await expect(call(verifier, epoch, last, { gasLimit: cap }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
        .withArgs(63n);
      const all = tampered(epoch, (c) => c.forEach((chunk, i) => (chunk[0] = [...c[(i + 1) % c.length][0]])));
      await expect(call(verifier, epoch, all, { gasLimit: cap }))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
        .withArgs(0n);
    });

    it("an invalid bundle under any gas limit: refused for gas or named rightly, never accepted nor misnamed", async function () {
      if (underCoverage()) this.skip();
      const { verifier } = await loadFixture(deployProofVerifier);
      const epoch = thirtyFour();
      const proof = tampered(epoch, (c) => (c[20][2] = [...c[21][2]]));
      const outcomes = new Set<string>();
      for (let gasLimit = 300_000n; gasLimit <= 6_300_000n; gasLimit += 400_000n) {
        try {
          await call(verifier, epoch, proof, { gasLimit });
          expect.fail(`accepted with a gas limit of ${gasLimit}`);
        } catch (error) {
          const raw = (error as { data?: string | { data?: string } }).data;
          const data = typeof raw === "string" ? raw : raw?.data;
          const parsed = data && data !== "0x" ? verifier.interface.parseError(data) : null;
          const name = parsed?.name ?? "out of gas";
          expect(
            ["EpochProofVerifier__InsufficientGas", "EpochProofVerifier__BatchCheckFailed", "out of gas"].includes(
              name,
            ) ||
              (name === "EpochProofVerifier__InvalidChunkProof" && parsed!.args[0] === 20n),
            `gas limit ${gasLimit}: ${name} ${parsed?.args.join(", ") ?? ""}`,
          ).to.equal(true);
          outcomes.add(name);
        }
      }
      expect(outcomes).to.include("EpochProofVerifier__InsufficientGas");
      expect(outcomes).to.include("EpochProofVerifier__InvalidChunkProof");
    });

    it("refuses a chunk verifier that is not the generated one it is built with: UnknownVerifier", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const factory = await ethers.getContractFactory("EpochProofVerifier");
      const other = await verifier.getAddress(); // has code, but not ChunkGroth16Verifier's
      await expect(factory.deploy(other))
        .to.be.revertedWithCustomError(factory, "EpochProofVerifier__UnknownVerifier")
        .withArgs(other, ethers.keccak256((await ethers.provider.getCode(other)) as string));
    });

    it("too little gas to name the bad chunk: BatchCheckFailed, never acceptance nor a wrong name", async function () {
      if (underCoverage()) this.skip();
      const { verifier } = await loadFixture(deployProofVerifier);
      const epoch = thirtyFour();
      // Enough gas for the batched check of a valid bundle, not for the search after it fails.
      const gasLimit = await verifier.verifyEpochProof.estimateGas(
        epoch.prevState,
        epoch.newState,
        [...epoch.blocks],
        epoch.proof,
      );
      const proof = tampered(epoch, (c) => (c[33][0] = [...c[0][0]]));
      await expect(call(verifier, epoch, proof, { gasLimit })).to.be.revertedWithCustomError(
        verifier,
        "EpochProofVerifier__BatchCheckFailed",
      );
      await expect(call(verifier, epoch, proof))
        .to.be.revertedWithCustomError(verifier, "EpochProofVerifier__InvalidChunkProof")
        .withArgs(33n);
    });
  });

  describe("property: nothing but the exact bundle is accepted", function () {
    it("any single-byte change to the proof bytes, or any change to a header word, is rejected", async function () {
      const { verifier } = await loadFixture(deployProofVerifier);
      const proofBytes = ethers.getBytes(args.proof);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.record({
              kind: fc.constant("proof" as const),
              at: fc.nat(proofBytes.length - 1),
              xor: fc.integer({ min: 1, max: 255 }),
            }),
            fc.record({
              kind: fc.constant("header" as const),
              block: fc.nat(args.blocks.length - 1),
              field: fc.constantFrom("prevState" as const, "newState" as const, "txsCommitment" as const),
              delta: fc.bigInt({ min: 1n, max: (1n << 255n) - 1n }),
            }),
          ),
          async (mutation) => {
            let proof = args.proof;
            const headers = args.blocks.map((b) => ({ ...b }));
            if (mutation.kind === "proof") {
              const bytes = proofBytes.slice();
              bytes[mutation.at] ^= mutation.xor;
              proof = ethers.hexlify(bytes);
            } else {
              const h = headers[mutation.block];
              if (mutation.field === "txsCommitment")
                h.txsCommitment = ethers.toBeHex(BigInt(h.txsCommitment) ^ mutation.delta, 32);
              else h[mutation.field] = h[mutation.field] ^ mutation.delta;
            }
            let accepted = true;
            try {
              await verify(verifier, { proof, blocks: headers });
            } catch {
              accepted = false;
            }
            expect(
              accepted,
              JSON.stringify(mutation, (_, v) => (typeof v === "bigint" ? v.toString() : v)),
            ).to.equal(false);
          },
        ),
        { numRuns: 150 },
      );
    });

    it("random transactions prove and verify on-chain, and a chain of two random blocks too", async function () {
      this.timeout(300_000);
      const { verifier } = await loadFixture(deployProofVerifier);
      await fc.assert(
        fc.asyncProperty(
          fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n }),
          fc.array(fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n }), { minLength: 16, maxLength: 16 }),
          fc.array(fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n }), { minLength: 16, maxLength: 16 }),
          async (prevState, txsA, txsB) => {
            const a = await proveBlock({ prevState, txs: txsA, prover: PROVER });
            const b = await proveBlock({ prevState: a.newState, txs: txsB, prover: PROVER });
            const epoch = epochProofArgs([a, b]);
            await verifier.verifyEpochProof(epoch.prevState, epoch.newState, [...epoch.blocks], epoch.proof);
            expect(epoch.blocks[1].txsCommitment).to.equal(
              computeBlock({ prevState: a.newState, txs: txsB }).txsCommitment,
            );
          },
        ),
        { numRuns: 3 },
      );
    });
  });
});
