// The front door against real contracts on a local Hardhat node: a client made from a deployments record acts on the
// same contracts as the standalone actions, writes through its signer, and refuses a malformed or partial deployment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcProvider, keccak256, parseEther, toUtf8Bytes, Wallet, type JsonRpcSigner } from "ethers";
import { startLocalChain, type LocalChain } from "../../../deploy/local-chain";
import { createBlockageClient, deploymentAddresses, type DeploymentRecord } from "./client";
import { InvalidParameterError } from "./errors";
import { deployProofVerifier } from "./proving/deploy-verifier";
import { getNodeStatus } from "./registry/node-status";
import { generateNodeKeys } from "./registry/keys";
import { deployRegistry } from "./registry/deploy";
import { deployRollup } from "./rollup/deploy";
import { getEpochStatus } from "./rollup/epoch-status";

describe("deploymentAddresses", () => {
  const a = Wallet.createRandom().address;
  const b = Wallet.createRandom().address;

  it("reads a deployments record and explicit addresses alike, checksummed", () => {
    const record = { NodeRegistry: { address: a.toLowerCase(), transactionHash: "0x" + "11".repeat(32) } };
    expect(deploymentAddresses(record)).toEqual({ registry: a });
    expect(deploymentAddresses({ registry: a, rollup: b.toLowerCase() })).toEqual({ registry: a, rollup: b });
  });

  it("refuses what is not a deployment with a named error", () => {
    expect(() => deploymentAddresses(null as never)).toThrow(InvalidParameterError);
    expect(() => deploymentAddresses({ registry: "0x1234" })).toThrow(/deployment\.registry/);
    expect(() => deploymentAddresses({ Rollup: {} } as never)).toThrow(/deployment\.Rollup has no address/);
  });

  it("makes a client whose missing contracts throw only when used", () => {
    const client = createBlockageClient({ runner: new JsonRpcProvider(), deployment: { registry: a } });
    expect(client.addresses).toEqual({ registry: a });
    expect(() => client.rollup).toThrow(/no Rollup address \(deployment\.rollup\)/);
    expect(() => client.contracts.coordinator).toThrow(InvalidParameterError);
    expect(() => createBlockageClient({ runner: undefined as never, deployment: { registry: a } })).toThrow(
      /runner must be an ethers provider or signer/,
    );
  });
});

describe("createBlockageClient on a local chain", () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;
  let operator: JsonRpcSigner;
  let record: DeploymentRecord;

  beforeAll(async () => {
    chain = await startLocalChain();
    provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const admin = await provider.getSigner(0);
    operator = await provider.getSigner(1);
    const registry = await deployRegistry(admin, { mint: [{ to: operator.address, amount: parseEther("10000") }] });
    const verifier = await deployProofVerifier(admin);
    const rollup = await deployRollup(admin, {
      registry: registry.addresses.NodeRegistry,
      proofVerifier: verifier.addresses.EpochProofVerifier,
    });
    record = { ...registry.deployments, ...verifier.deployments, ...rollup.deployments };
  }, 120_000);

  afterAll(async () => {
    provider?.destroy();
    await chain?.stop();
  });

  it("binds every group to the deployment's contracts and writes through its signer", async () => {
    const client = createBlockageClient({ runner: operator, deployment: record });
    expect(await client.contracts.registry.getAddress()).toBe(record.NodeRegistry!.address);
    expect(await client.contracts.rollup.coordinator()).toBe(record.ProverCoordinator!.address);
    expect(await client.contracts.stakeToken.getAddress()).toBe(await client.contracts.registry.stakeToken());

    // A write: register a node with the client's signer, then read it back through the client and standalone.
    const keys = await generateNodeKeys();
    const stake = parseEther("2000");
    const { pid } = await client.registry.register({
      ...keys,
      stake,
      roles: "both",
      salt: keccak256(toUtf8Bytes("front door")),
    });
    const bound = await client.registry.getNodeStatus({ pid });
    expect(bound).toEqual(await getNodeStatus(client.contracts.registry, { pid }));
    expect(bound.node.operator).toBe(operator.address);

    // A read through the coordinator group equals the standalone action's.
    const epoch = await client.contracts.registry.currentEpoch();
    expect(await client.coordinator.getEpochStatus({ epoch })).toEqual(
      await getEpochStatus(client.contracts.coordinator, { epoch }),
    );
  });

  it("reads with a provider alone, and refuses a write without a signer", async () => {
    const reader = createBlockageClient({ runner: provider, deployment: record });
    expect(await reader.contracts.beacon.epochSlots()).toBeGreaterThan(0n);
    const before = await reader.contracts.stakeToken.balanceOf(operator.address);
    await expect(reader.stakeToken.faucet()).rejects.toThrow(InvalidParameterError);
    expect(await reader.contracts.stakeToken.balanceOf(operator.address)).toBe(before);
  });
});
