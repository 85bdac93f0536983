// The sequencer's local mempool: rollup transactions (BN254 field elements, what the chunk circuit folds) waiting for
// a block, from `blockage_sendTransaction` or, on a devnet, a built-in generator. A block takes whole chunks of 16.
import { concat, keccak256, toBeHex, toUtf8Bytes } from "ethers";

/** The BN254 scalar field's modulus: every transaction is an element of it. */
export const FIELD_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Transactions per chunk (the chunk circuit's size); a block holds whole chunks. */
export const CHUNK_TXS = 16;

/** A bounded FIFO of transactions, with an optional deterministic generator for devnets. */
export class Mempool {
  private readonly queue: bigint[] = [];
  private generated = 0n;

  /**
   * @param capacity - The most transactions kept; `add` refuses more.
   * @param generatorSeed - When set, `take` tops the pool up with transactions derived from this seed (devnets).
   */
  constructor(
    readonly capacity = 10_000,
    private readonly generatorSeed: string | null = null,
  ) {}

  get size(): number {
    return this.queue.length;
  }

  /** Adds a transaction; `false` when the pool is full. */
  add(tx: bigint): boolean {
    if (this.queue.length >= this.capacity) return false;
    this.queue.push(tx);
    return true;
  }

  /** Takes up to `count` transactions in whole chunks (generating what is missing when a generator is set). */
  take(count: number): bigint[] {
    const wanted = Math.floor(count / CHUNK_TXS) * CHUNK_TXS;
    while (this.generatorSeed !== null && this.queue.length < wanted) this.queue.push(this.next());
    const n = Math.floor(Math.min(wanted, this.queue.length) / CHUNK_TXS) * CHUNK_TXS;
    return this.queue.splice(0, n);
  }

  /** Puts transactions back at the front (a proposal that failed). */
  putBack(txs: readonly bigint[]): void {
    this.queue.unshift(...txs);
  }

  private next(): bigint {
    const h = keccak256(concat([toUtf8Bytes(this.generatorSeed!), toBeHex(this.generated++, 32)]));
    return BigInt(h) % FIELD_MODULUS;
  }
}
