import { solidityPackedKeccak256 } from "ethers";
import fc from "fast-check";
import * as snarkjs from "snarkjs";
import { afterAll, describe, expect, it, vi } from "vitest";
import {
  CHUNK_ARTIFACTS,
  CircuitInputError,
  FIELD_MODULUS,
  TXS_PER_CHUNK,
  blockTxsCommitment,
  computeBlock,
  computeChunk,
  poseidonFold,
  releaseProver,
} from "./index.js";

afterAll(releaseProver);

const field = fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n });
const chunkTxs = fc.array(field, { minLength: TXS_PER_CHUNK, maxLength: TXS_PER_CHUNK });

const PROVER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

interface Witness {
  prevState: bigint;
  newState: bigint;
  txsCommitment: bigint;
  prover?: bigint;
  txs: bigint[];
}

/**
 * Runs the circuit's witness generator (no proof) on `input` (`prover` defaulting to PROVER's): the witness, whose
 * entries 1… are the public signals in order, or undefined when a constraint (an `===`) fails or an input is missing.
 */
async function witnessOf(input: Witness, omitProver = false): Promise<bigint[] | undefined> {
  const wtns = { type: "mem" } as { type: "mem" };
  // The witness generator reports a failed constraint on the console before throwing; keep the output clean.
  const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
  const quietLog = vi.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    const signals: Record<string, string | string[]> = {
      prevState: `${input.prevState}`,
      newState: `${input.newState}`,
      txsCommitment: `${input.txsCommitment}`,
      prover: `${input.prover ?? BigInt(PROVER)}`,
      txs: input.txs.map(String),
    };
    if (omitProver) delete signals.prover;
    await snarkjs.wtns.calculate(signals, CHUNK_ARTIFACTS.wasm, wtns);
    return (await snarkjs.wtns.exportJson(wtns as unknown as string)) as bigint[];
  } catch {
    return undefined;
  } finally {
    quiet.mockRestore();
    quietLog.mockRestore();
  }
}

/** Whether the circuit's constraints hold for `input`. */
async function witnessAccepts(input: Witness): Promise<boolean> {
  return (await witnessOf(input)) !== undefined;
}

describe("computeChunk (no proving)", () => {
  it("property: the circuit accepts exactly the state and commitment computeChunk gives", async () => {
    await fc.assert(
      fc.asyncProperty(
        field,
        chunkTxs,
        fc.bigInt({ min: 1n, max: FIELD_MODULUS - 1n }),
        async (prevState, txs, delta) => {
          const { newState, txsCommitment } = computeChunk({ prevState, txs });
          expect(await witnessAccepts({ prevState, newState, txsCommitment, txs })).toBe(true);
          expect(
            await witnessAccepts({ prevState, newState: (newState + delta) % FIELD_MODULUS, txsCommitment, txs }),
          ).toBe(false);
          expect(
            await witnessAccepts({ prevState, newState, txsCommitment: (txsCommitment + delta) % FIELD_MODULUS, txs }),
          ).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("property: the prover takes no part in the fold, any prover is a valid witness, and it is public signal 4", async () => {
    await fc.assert(
      fc.asyncProperty(
        field,
        chunkTxs,
        fc.bigInt({ min: 1n, max: 2n ** 160n - 1n }),
        async (prevState, txs, prover) => {
          const { newState, txsCommitment } = computeChunk({ prevState, txs });
          const witness = await witnessOf({ prevState, newState, txsCommitment, prover, txs });
          expect(witness).toBeDefined();
          // Entry 0 is the constant 1; the public signals follow in the order the verifier takes them.
          expect(witness!.slice(1, 5)).toEqual([prevState, newState, txsCommitment, prover]);
        },
      ),
      { numRuns: 10 },
    );
  });

  it("the circuit has a prover input: a witness without one is refused", async () => {
    const txs = Array.from({ length: TXS_PER_CHUNK }, (_, i) => BigInt(i));
    const { prevState, newState, txsCommitment } = computeChunk({ prevState: 7n, txs });
    expect(await witnessAccepts({ prevState, newState, txsCommitment, txs })).toBe(true);
    expect(await witnessOf({ prevState, newState, txsCommitment, txs }, true)).toBeUndefined();
  });

  it("folds with two-input Poseidon: the known value P(0, 0) and the definition", () => {
    // circomlib's Poseidon([0, 0]) (t = 3), as published with circomlibjs's test vectors.
    expect(poseidonFold(0n, [0n])).toBe(0x2098f5fb9e239eab3ceac3f27b81e481dc3124d55ffed523a839ee8446b64864n);
    const txs = Array.from({ length: TXS_PER_CHUNK }, (_, i) => BigInt(i));
    const { prevState, newState, txsCommitment } = computeChunk({ prevState: 7n, txs });
    expect(prevState).toBe(7n);
    expect(newState).toBe(poseidonFold(poseidonFold(7n, txs.slice(0, 5)), txs.slice(5)));
    expect(txsCommitment).toBe(poseidonFold(0n, txs));
    expect(newState).not.toBe(txsCommitment);
  });

  it("accepts decimal strings, hex strings and safe integers alike", () => {
    const txs = Array.from({ length: TXS_PER_CHUNK }, (_, i) => i + 1);
    const a = computeChunk({ prevState: 255, txs });
    expect(computeChunk({ prevState: "0xff", txs: txs.map(String) })).toEqual(a);
    expect(computeChunk({ prevState: "255", txs: txs.map(BigInt) })).toEqual(a);
  });

  it("refuses a wrong transaction count and non-field values with CircuitInputError naming the input", () => {
    const txs = Array.from({ length: TXS_PER_CHUNK }, () => 1n);
    const refused = (f: () => unknown, code: string, fieldName: string) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(CircuitInputError);
        expect((error as CircuitInputError).code).toBe(code);
        expect((error as CircuitInputError).field).toBe(fieldName);
        return;
      }
      throw new Error("not refused");
    };
    refused(() => computeChunk({ prevState: 0n, txs: txs.slice(1) }), "WrongTxCount", "chunk.txs");
    refused(() => computeChunk({ prevState: 0n, txs: [...txs, 1n] }), "WrongTxCount", "chunk.txs");
    refused(() => computeChunk({ prevState: FIELD_MODULUS, txs }), "NotFieldElement", "chunk.prevState");
    refused(() => computeChunk({ prevState: -1n, txs }), "NotFieldElement", "chunk.prevState");
    const bad = [...txs];
    for (const value of [FIELD_MODULUS + 5n, 1.5, Number.MAX_SAFE_INTEGER + 2, "12a", "", "-3", null, {}]) {
      bad[9] = value as bigint;
      refused(() => computeChunk({ prevState: 0n, txs: bad }), "NotFieldElement", "chunk.txs[9]");
    }
    refused(() => computeChunk({ prevState: 0n, txs: "abc" as unknown as bigint[] }), "WrongTxCount", "chunk.txs");
    refused(() => computeChunk(null as never), "MalformedInput", "chunk");
    refused(() => computeBlock(7 as never), "MalformedInput", "block");
    // A sparse array's holes are values like any other, and not field elements.
    refused(() => computeChunk({ prevState: 0n, txs: new Array(TXS_PER_CHUNK) }), "NotFieldElement", "chunk.txs[0]");
  });
});

describe("computeBlock and blockTxsCommitment", () => {
  it("splits a block into chunks that chain, and commits to them as the contract does", () => {
    const txs = Array.from({ length: 3 * TXS_PER_CHUNK }, (_, i) => BigInt(i * i));
    const block = computeBlock({ prevState: 11n, txs });
    expect(block.chunks).toHaveLength(3);
    expect(block.chunks[0]!.prevState).toBe(11n);
    expect(block.chunks[1]!.prevState).toBe(block.chunks[0]!.newState);
    expect(block.chunks[2]!.prevState).toBe(block.chunks[1]!.newState);
    expect(block.newState).toBe(block.chunks[2]!.newState);
    expect(block.chunks[1]).toEqual(computeChunk({ prevState: block.chunks[0]!.newState, txs: txs.slice(16, 32) }));
    const commitments = block.chunks.map((c) => c.txsCommitment);
    expect(block.txsCommitment).toBe(solidityPackedKeccak256(["uint256[]"], [commitments]));
    expect(blockTxsCommitment(commitments)).toBe(block.txsCommitment);
  });

  it("refuses a block whose transactions are not a positive multiple of the chunk size", () => {
    for (const n of [0, 1, TXS_PER_CHUNK - 1, TXS_PER_CHUNK + 1]) {
      expect(() => computeBlock({ prevState: 0n, txs: Array.from({ length: n }, () => 0n) })).toThrow(
        expect.objectContaining({ name: "CircuitInputError", code: "WrongTxCount", field: "block.txs" }),
      );
    }
    const txs = Array.from({ length: 2 * TXS_PER_CHUNK }, () => 0n);
    txs[20] = FIELD_MODULUS;
    expect(() => computeBlock({ prevState: 0n, txs })).toThrow(
      expect.objectContaining({ code: "NotFieldElement", field: "block.txs[20]" }),
    );
  });
});
