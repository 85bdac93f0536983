// Active nodes on a local chain and the chain's clock by slot, shared by the rollup integration tests (Sidecar and
// Cooperative).
import { JsonRpcProvider, keccak256, parseEther, toUtf8Bytes, type JsonRpcSigner } from "ethers";
import { startLocalChain } from "../../../deploy/local-chain";
import { enterEpochWithSeed } from "../../../deploy/time-travel";
import { deployRegistry } from "../src/registry/deploy";
import { activate } from "../src/registry/activate";
import { generateNodeKeys, type NodeKeys } from "../src/registry/keys";
import { register } from "../src/registry/register";
import type { NodeRegistry, SeedBeacon } from "../src/typechain";

/** A registered node and what its operator needs to act for it. */
export interface LocalNode {
  /** Its operator. */
  signer: JsonRpcSigner;
  keys: NodeKeys;
  pid: string;
  salt: string;
}

/**
 * Registers one node per operator (both roles, salts from `label`), activates them after the entry delay, and enters
 * the first epoch in which they are Active (their inputs are fixed an epoch ahead).
 *
 * @param provider - The local chain.
 * @param registry - The registry; each operator must hold `stakes[i]` of its token.
 * @param beacon - Its beacon.
 * @param operators - One signer per node.
 * @param stakes - Each node's stake (base units).
 * @param label - Distinguishes the salts of one test file's nodes from another's.
 * @returns The nodes, and the epoch entered.
 */
export async function registerActiveNodes(
  provider: JsonRpcProvider,
  registry: NodeRegistry,
  beacon: SeedBeacon,
  operators: readonly JsonRpcSigner[],
  stakes: readonly bigint[],
  label: string,
): Promise<{ nodes: LocalNode[]; epoch: bigint }> {
  const nodes: LocalNode[] = [];
  for (const [i, signer] of operators.entries()) {
    const keys = await generateNodeKeys();
    const salt = keccak256(toUtf8Bytes(`${label} ${i}`));
    const { pid } = await register(registry.connect(signer), { ...keys, salt, stake: stakes[i], roles: 3 });
    nodes.push({ signer, keys, pid, salt });
  }
  await enterEpochWithSeed(provider, registry, beacon, 1n);
  for (const node of nodes) await activate(registry.connect(node.signer), { pid: node.pid });
  const epoch = await enterEpochWithSeed(provider, registry, beacon, (await registry.currentEpoch()) + 2n);
  return { nodes, epoch };
}

/**
 * Sets the next block's time inside `slot` (or one second after the latest block, if that is later).
 *
 * @param provider - The local chain.
 * @param beacon - The beacon whose clock defines the slots.
 * @param slot - The absolute slot.
 */
export async function inSlot(provider: JsonRpcProvider, beacon: SeedBeacon, slot: bigint): Promise<void> {
  const start = (await beacon.genesisTime()) + slot * (await beacon.slotDuration());
  const latest = BigInt((await provider.getBlock("latest"))!.timestamp);
  await provider.send("evm_setNextBlockTimestamp", [Number(latest + 1n > start ? latest + 1n : start)]);
}

/**
 * A local Hardhat node with a registry (signers 0..`signerCount − 1` minted 10,000 tokens each) and four Active nodes
 * operated by signers 1..4 with stakes of 2,000, 3,000, 2,000 and 4,000 tokens: what the mechanisms' end-to-end tests
 * start from. The caller stops `chain` and destroys `provider`.
 *
 * @param label - Distinguishes the salts of one test file's nodes from another's.
 * @param signerCount - How many of the node's accounts to use (at least 5).
 */
export async function activeRegistryChain(label: string, signerCount: number) {
  const chain = await startLocalChain();
  const provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const signers = await Promise.all(Array.from({ length: signerCount }, (_, i) => provider.getSigner(i)));
  const deployed = await deployRegistry(signers[0], {
    mint: signers.map((s) => ({ to: s.address, amount: parseEther("10000") })),
  });
  const { registry, beacon, token } = deployed;
  const stakes = [2_000n, 3_000n, 2_000n, 4_000n].map((tokens) => parseEther(String(tokens)));
  const { nodes, epoch } = await registerActiveNodes(provider, registry, beacon, signers.slice(1, 5), stakes, label);
  return {
    chain,
    provider,
    signers,
    registry,
    beacon,
    token,
    registryBlock: deployed.deploymentBlock,
    epochSlots: await beacon.epochSlots(),
    nodes,
    epoch,
  };
}
