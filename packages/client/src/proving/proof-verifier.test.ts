// The epoch proof verifier through the SDK on a local Hardhat node, with real chunk proofs from @blockage/circuits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcProvider, Wallet, type JsonRpcSigner } from "ethers";
import { type EpochProofArgs, epochProofArgs, proveBlock, releaseProver } from "@blockage/circuits";
import { startLocalChain, type LocalChain } from "../../../../deploy/local-chain";
import { reverts } from "../../test/reverts";
import { ContractCallError } from "../errors";
import { deployProofVerifier } from "./deploy-verifier";
import { checkEpochProof, connectProofVerifier } from "./proof-verifier";

describe("epoch proof verifier actions against a real node", () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;
  let signer: JsonRpcSigner;
  let epoch: EpochProofArgs;

  beforeAll(async () => {
    chain = await startLocalChain();
    provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    signer = await provider.getSigner(0);
    const txs = (tag: number) => Array.from({ length: 16 }, (_, i) => BigInt(tag * 100 + i));
    const prover = await signer.getAddress();
    const first = await proveBlock({ prevState: 1n, txs: txs(1), prover });
    const second = await proveBlock({ prevState: first.newState, txs: txs(2), prover });
    epoch = epochProofArgs([first, second]);
  }, 180_000);

  afterAll(async () => {
    await releaseProver();
    provider?.destroy();
    await chain?.stop();
  });

  it("deploys both verifiers, connects back, and accepts a real epoch proof", async () => {
    const deployed = await deployProofVerifier(signer);
    expect(deployed.deployments.EpochProofVerifier.address).toBe(deployed.addresses.EpochProofVerifier);
    expect(deployed.deployments.ChunkGroth16Verifier.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    const connected = await connectProofVerifier(deployed.addresses.EpochProofVerifier, provider);
    expect(connected.addresses).toEqual(deployed.addresses);
    // It names the address the proof is bound to: whom a coordinator would pay.
    expect(await checkEpochProof(connected.verifier, epoch)).toBe(await signer.getAddress());
  });

  it("names what is wrong with a bad epoch proof", async () => {
    const { verifier } = await deployProofVerifier(signer);
    const wrongEnd = await reverts(
      checkEpochProof(verifier, { ...epoch, newState: 5n }),
      "EpochProofVerifier__EpochStateMismatch",
    );
    expect(wrongEnd.args).toMatchObject({ expectedNewState: 5n, newState: epoch.newState });
    const header = { ...epoch.blocks[1]!, txsCommitment: `0x${"11".repeat(32)}` };
    const mismatch = await reverts(
      checkEpochProof(verifier, { ...epoch, blocks: [epoch.blocks[0]!, header] }),
      "EpochProofVerifier__TxsCommitmentMismatch",
    );
    expect(mismatch.args).toMatchObject({ blockIndex: 1n });
    await reverts(checkEpochProof(verifier, { ...epoch, proof: "0x1234" }), "EpochProofVerifier__MalformedProof");
  });

  it("refuses to connect where there is no verifier", async () => {
    await expect(connectProofVerifier(Wallet.createRandom().address, provider)).rejects.toBeInstanceOf(
      ContractCallError,
    );
  });
});
