/**
 * A workaround for local Hardhat nodes (EDR) on Osaka: their `eth_estimateGas` refuses a transaction that needs far
 * less than EIP-7825's per-transaction cap (2^24 gas) when the transaction creates a contract from inside a call — the
 * estimator tries a multiple of the gas used, finds it above the cap, and fails with "transaction gas limit (…) is
 * greater than the cap (…)" instead of searching below it. The CoordinatorDeployer's `deploy` (~5.6M gas) is such a
 * transaction, and Hardhat Ignition estimates every transaction it sends.
 *
 * On exactly that error this wrapper answers with the cap itself: the transaction is then simulated and sent with the
 * cap as its gas limit and charged only what it uses (a transaction that does not fit under the cap still fails, with
 * its own error). Every other answer, and every other node, is untouched; real networks' estimators search below the
 * cap and never give this error.
 */
import { extendProvider } from "hardhat/config";
import { ProviderWrapper } from "hardhat/plugins";
import type { EIP1193Provider, RequestArguments } from "hardhat/types";

const CAP_ERROR = /transaction gas limit \(\d+\) is greater than the cap \((\d+)\)/;

class EstimateGasCapProvider extends ProviderWrapper {
  constructor(provider: EIP1193Provider) {
    super(provider);
  }

  override async request(args: RequestArguments): Promise<unknown> {
    if (args.method !== "eth_estimateGas") return this._wrappedProvider.request(args);
    try {
      return await this._wrappedProvider.request(args);
    } catch (error) {
      const cap = CAP_ERROR.exec(error instanceof Error ? error.message : String(error))?.[1];
      if (cap === undefined) throw error;
      return `0x${BigInt(cap).toString(16)}`;
    }
  }
}

extendProvider(async (provider) => new EstimateGasCapProvider(provider));
