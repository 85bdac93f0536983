// One key, several senders: the node's roles and its embedded job distributor send transactions from the same
// account at any moment. A wallet that asks the chain for its nonce at each send can give two concurrent
// transactions the same nonce (one then fails), and one that counts locally (ethers' NonceManager) leaves a gap when
// a send fails before it reaches the chain. SerialSigner sends one transaction at a time per key and numbers each
// with the chain's pending count at that moment, so both failures are impossible; a caller's explicit nonce (the SDK
// chains an approval and its action that way) is replaced by that count, which keeps the caller's order.
import {
  AbstractSigner,
  type Provider,
  type TransactionRequest,
  type TransactionResponse,
  type TypedDataDomain,
  type TypedDataField,
  type Wallet,
} from "ethers";

/** A wallet whose transactions are sent one at a time, each numbered with the chain's pending nonce. */
export class SerialSigner extends AbstractSigner {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly sentHooks = new Map<string, (hash: string) => Promise<void>>();

  constructor(
    readonly wallet: Wallet,
    provider: Provider | null = wallet.provider,
  ) {
    super(provider);
  }

  get address(): string {
    return this.wallet.address;
  }

  override async getAddress(): Promise<string> {
    return this.wallet.address;
  }

  override connect(provider: Provider | null): SerialSigner {
    return new SerialSigner(this.wallet.connect(provider), provider);
  }

  override signTransaction(tx: TransactionRequest): Promise<string> {
    return this.wallet.signTransaction(tx);
  }

  override signMessage(message: string | Uint8Array): Promise<string> {
    return this.wallet.signMessage(message);
  }

  override signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    return this.wallet.signTypedData(domain, types, value);
  }

  /**
   * Runs `action` with `hook` called (and awaited) right after a transaction calling `selector` reaches the chain and
   * before anything waits for it to be mined: how the node records a claim's hash before a crash can lose it.
   */
  async withSentHook<T>(selector: string, hook: (hash: string) => Promise<void>, action: () => Promise<T>): Promise<T> {
    const key = selector.toLowerCase();
    this.sentHooks.set(key, hook);
    try {
      return await action();
    } finally {
      if (this.sentHooks.get(key) === hook) this.sentHooks.delete(key);
    }
  }

  override sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
    const send = async () => {
      const nonce = await this.wallet.getNonce("pending");
      const response = await this.wallet.sendTransaction({ ...tx, nonce });
      const hook = typeof tx.data === "string" ? this.sentHooks.get(tx.data.slice(0, 10).toLowerCase()) : undefined;
      if (hook !== undefined) await hook(response.hash);
      return response;
    };
    const sent = this.queue.then(send, send);
    // The next send waits for this one to reach the chain (or fail), not to be mined.
    this.queue = sent.catch(() => undefined);
    return sent;
  }
}
