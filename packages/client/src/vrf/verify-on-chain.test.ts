import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBytes, JsonRpcProvider, Wallet } from "ethers";
import { prove, publicKey, verify } from "@blockage/vrf";
import { startLocalChain, type LocalChain } from "../../../../deploy/local-chain";
import { ContractCallError, InvalidParameterError } from "../errors";
import type { IEcVrfVerifier } from "../typechain";
import type { EcVrfVerifier } from "../typechain";
import { connectVrfVerifier } from "./connect-verifier";
import { deployVrfVerifier } from "./deploy-verifier";
import { verifyOnChain } from "./verify-on-chain";

const SUITE = "ECVRF-SECP256K1-SHA256-TAI" as const;
const sk = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const alpha = new TextEncoder().encode("epoch 7 slot 3 SEQUENCER");

describe("VRF verifier actions against a real node on 127.0.0.1", () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;
  let verifier: EcVrfVerifier;

  beforeAll(async () => {
    chain = await startLocalChain();
    provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true });
    const deployed = await deployVrfVerifier({ deployer: await provider.getSigner(0) });
    expect(deployed.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(deployed.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    verifier = connectVrfVerifier(deployed.address, provider);
  });

  afterAll(async () => {
    provider?.destroy();
    await chain?.stop();
  });

  it("accepts an honest proof with the same beta as the off-chain verifier", async () => {
    const pk = publicKey(SUITE, sk);
    const pi = prove(SUITE, sk, alpha);
    const result = await verifyOnChain(verifier, { pk, pi, alpha });
    expect(result.valid).toBe(true);
    expect(result.beta).toEqual(verify(SUITE, pk, pi, alpha));
    expect(result.gas).toBeGreaterThan(21_000n);
    expect(result.gas).toBeLessThan(90_000n);
  });

  it("refuses a proof for another input, with a null beta", async () => {
    const pk = publicKey(SUITE, sk);
    const pi = prove(SUITE, sk, alpha);
    const result = await verifyOnChain(verifier, { pk, pi, alpha: new TextEncoder().encode("another slot") });
    expect(result).toMatchObject({ valid: false, beta: null });
  });

  it("throws InvalidParameterError for a hex string instead of bytes", async () => {
    const pi = prove(SUITE, sk, alpha);
    const call = verifyOnChain(verifier, { pk: "0x02" as unknown as Uint8Array, pi, alpha });
    await expect(call).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it("throws ContractCallError when no verifier is deployed at the address", async () => {
    const nowhere = connectVrfVerifier(Wallet.createRandom().address, provider);
    const pk = publicKey(SUITE, sk);
    const pi = prove(SUITE, sk, alpha);
    const call = verifyOnChain(nowhere, { pk, pi, alpha });
    await expect(call).rejects.toBeInstanceOf(ContractCallError);
    await expect(call).rejects.toThrow(/EcVrfVerifier\.verify call to 0x[0-9a-fA-F]{40} failed/);
    // The one-line summary carries the reason, not just "failed".
    const error = (await call.catch((e: unknown) => e)) as ContractCallError;
    expect(error.shortMessage).toMatch(/^EcVrfVerifier\.verify call to 0x[0-9a-fA-F]{40} failed: could not decode/);
    expect(error.shortMessage).not.toContain("\n");
  });

  it("deploying from an account without funds fails with the node's reason in shortMessage", async () => {
    const call = deployVrfVerifier({ deployer: Wallet.createRandom(provider) });
    const error = (await call.catch((e: unknown) => e)) as ContractCallError;
    expect(error).toBeInstanceOf(ContractCallError);
    expect(error.shortMessage).toMatch(/^EcVrfVerifier deployment failed: .*enough funds/);
    expect(error.shortMessage).not.toContain("\n");
    expect(error.cause).toBeDefined();
  });
});

describe("verifyOnChain with a stub verifier", () => {
  const pk = publicKey(SUITE, sk);
  const pi = prove(SUITE, sk, alpha);
  const beta = `0x${"ab".repeat(32)}`;
  // Only what verifyOnChain touches: target, verify(...) and verify.estimateGas(...).
  const stub = (verify: () => Promise<unknown>, estimateGas: () => Promise<bigint>) =>
    ({
      target: "0x000000000000000000000000000000000000dEaD",
      verify: Object.assign(verify, { estimateGas }),
    }) as unknown as IEcVrfVerifier;

  it("keeps the verdict and returns gas null when only estimateGas fails", async () => {
    const verifier = stub(
      async () => [true, beta],
      async () => {
        throw new Error("the method eth_estimateGas does not exist");
      },
    );
    const result = await verifyOnChain(verifier, { pk, pi, alpha });
    expect(result).toEqual({ valid: true, beta: getBytes(beta), gas: null });
  });

  it("returns the estimate when it succeeds", async () => {
    const result = await verifyOnChain(
      stub(
        async () => [true, beta],
        async () => 54_321n,
      ),
      { pk, pi, alpha },
    );
    expect(result.gas).toBe(54_321n);
  });

  it("throws ContractCallError with the reason when the verify call fails", async () => {
    let estimated = false;
    const verifier = stub(
      async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:8545\n    at TCPConnectWrap");
      },
      async () => ((estimated = true), 1n),
    );
    const call = verifyOnChain(verifier, { pk, pi, alpha });
    await expect(call).rejects.toBeInstanceOf(ContractCallError);
    await expect(call).rejects.toMatchObject({
      shortMessage:
        "EcVrfVerifier.verify call to 0x000000000000000000000000000000000000dEaD failed: connect ECONNREFUSED 127.0.0.1:8545",
    });
    expect(estimated).toBe(false);
  });
});
