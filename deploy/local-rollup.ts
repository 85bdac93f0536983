// A local Hardhat node (deploy/local-chain.ts) with the protocol deployed — registry, proof verifier, rollup with a funded
// reward pool, one active sequencer — and, on demand, an epoch of real sequenced blocks left for the open race: what
// the CrowdProve tests and benchmarks run against. `deployCooperativeRollup` adds a Cooperative system (seed 001) on
// the same node, beside the Sidecar one.
import {
  HDNodeWallet,
  JsonRpcProvider,
  Mnemonic,
  keccak256,
  parseEther,
  toUtf8Bytes,
  type JsonRpcSigner,
} from "ethers";
import {
  activate,
  checkEligibility,
  generateNodeKeys,
  getActiveSetWeight,
  getEpochBlocks,
  getEpochStatus,
  proposeBlock,
  register,
  type CooperativeCoordinator,
  type NodeKeys,
  type ProposedBlock,
  type ProverCoordinator,
  type Rollup,
  type SeedBeacon,
  type NodeRegistry,
} from "@blockage/client";
import { deployProofVerifier, deployRegistry, deployRollup } from "@blockage/client/deploy";
import { enterEpochWithSeed } from "./time-travel";
import { startLocalChain, type LocalChain, type StartLocalChainOptions } from "./local-chain";

/** Hardhat's default accounts' mnemonic: account i's key, to hand to a process as a key file. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** The private key of Hardhat account `i`. */
export function hardhatKey(i: number): string {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(HARDHAT_MNEMONIC), `m/44'/60'/0'/0/${i}`).privateKey;
}

/** A deployed protocol on a local node, with one active sequencer node. */
export interface TestChain {
  chain: LocalChain;
  provider: JsonRpcProvider;
  signers: JsonRpcSigner[];
  registry: NodeRegistry;
  beacon: SeedBeacon;
  rollup: Rollup;
  coordinator: ProverCoordinator;
  rollupAddress: string;
  rollupBlock: number;
  /** The registered node (Hardhat account 1 operates it, roles both): its pid, salt and keys. */
  node: { pid: string; salt: string; keys: NodeKeys; operatorKey: string };
  /** What `deployments/<chainId>.json` would record: contract name → address and deployment transaction. */
  deployments: Record<string, { address: string; transactionHash: string }>;
  stop(): Promise<void>;
  /**
   * Proposes `blocks` blocks of `txsPerBlock` transactions in the next epoch, then moves the chain past that epoch's
   * claim window so that its proof race is open; returns the epoch.
   */
  epochInOpenRace(blocks: number, txsPerBlock: number, tag?: number): Promise<bigint>;
}

const txsOf = (tag: number, n: number) =>
  Array.from({ length: n }, (_, i) => BigInt(tag) * 1_000_003n + BigInt(i) * 7919n + 1n);

/**
 * Registers `node` (roles both, 2,000 tokens of stake) with fresh keys in `registry` and makes it Active: activated in
 * epoch 1, Active (and its age counting) from the epoch after next, where the chain is left (the lottery's inputs
 * are fixed an epoch ahead).
 */
async function registerActiveNode(
  provider: JsonRpcProvider,
  registry: NodeRegistry,
  beacon: SeedBeacon,
  node: JsonRpcSigner,
  salt: string,
): Promise<{ pid: string; keys: NodeKeys }> {
  const keys: NodeKeys = await generateNodeKeys();
  const { pid } = await register(registry.connect(node), { ...keys, salt, stake: parseEther("2000"), roles: 3 });
  await enterEpochWithSeed(provider, registry, beacon, 1n);
  await activate(registry.connect(node), { pid });
  await enterEpochWithSeed(provider, registry, beacon, (await registry.currentEpoch()) + 2n);
  return { pid, keys };
}

/** Sets the next block's timestamp inside `slot` (never backwards). */
function slotSetter(provider: JsonRpcProvider, beacon: SeedBeacon): (slot: bigint) => Promise<void> {
  return async (slot) => {
    const start = (await beacon.genesisTime()) + slot * (await beacon.slotDuration());
    const latest = BigInt((await provider.getBlock("latest"))!.timestamp);
    await provider.send("evm_setNextBlockTimestamp", [Number(latest + 1n > start ? latest + 1n : start)]);
  };
}

/**
 * Proposes `count` blocks of `txsPerBlock` transactions (tags from `tagOf`) from the node in the next epoch, in the
 * slots its tickets win; returns the epoch and the slot after the last block's.
 */
async function proposeInNextEpoch(
  c: {
    provider: JsonRpcProvider;
    registry: NodeRegistry;
    beacon: SeedBeacon;
    rollup: Rollup;
    operator: JsonRpcSigner;
    node: { pid: string; salt: string; keys: NodeKeys };
    inSlot: (slot: bigint) => Promise<void>;
  },
  count: number,
  txsPerBlock: number,
  tagOf: (i: number) => number,
): Promise<{ epoch: bigint; nextSlot: bigint }> {
  const epochSlots = await c.beacon.epochSlots();
  const epoch = await enterEpochWithSeed(c.provider, c.registry, c.beacon, (await c.registry.currentEpoch()) + 1n);
  const { totalWeight } = await getActiveSetWeight(c.rollup, { epoch, role: "sequencer" });
  let proposed = 0;
  let slot = epoch * epochSlots + 1n;
  for (; proposed < count && slot < (epoch + 1n) * epochSlots; slot++) {
    const ticket = await checkEligibility(c.rollup, {
      node: { pid: c.node.pid, vrfSecretKey: c.node.keys.vrfSecretKey },
      epoch,
      slot,
      role: "sequencer",
      totalWeight,
    });
    if (ticket.args === undefined || ticket.args === null) continue;
    await c.inSlot(slot);
    await proposeBlock(c.rollup.connect(c.operator), {
      entry: ticket.args,
      salt: c.node.salt,
      txs: txsOf(tagOf(proposed), txsPerBlock),
    });
    proposed++;
  }
  if (proposed < count) throw new Error(`only ${proposed} of ${count} blocks could be proposed in epoch ${epoch}`);
  return { epoch, nextSlot: slot };
}

/** Starts a node (on `options.port`, default a free one) and deploys the registry, a proof verifier and a rollup (reward pool funded); one node registered. */
export async function startLocalRollup(options: StartLocalChainOptions = {}): Promise<TestChain> {
  const chain = await startLocalChain(options);
  const provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const signers = await Promise.all([0, 1, 2, 3].map((i) => provider.getSigner(i)));
    const {
      registry,
      beacon,
      deployments: registryDeployments,
    } = await deployRegistry(signers[0], {
      mint: signers.map((s) => ({ to: s.address, amount: parseEther("100000") })),
    });
    const salt = keccak256(toUtf8Bytes("jd test node"));
    const node = signers[1];
    const { pid, keys } = await registerActiveNode(provider, registry, beacon, node, salt);
    const { addresses, deployments: verifierDeployments } = await deployProofVerifier(signers[0]);
    const deployed = await deployRollup(signers[0], {
      registry: await registry.getAddress(),
      proofVerifier: addresses.EpochProofVerifier,
      fundRewardPool: parseEther("10000"),
    });
    const { rollup, coordinator } = deployed;
    const inSlot = slotSetter(provider, beacon);

    let tagBase = 1;
    const epochInOpenRace = async (blocks: number, txsPerBlock: number, tag = tagBase++) => {
      const context = { provider, registry, beacon, rollup, operator: node, node: { pid, salt, keys }, inSlot };
      const { epoch } = await proposeInNextEpoch(context, blocks, txsPerBlock, (i) => tag * 100 + i);
      const { windows } = await getEpochStatus(coordinator, { epoch });
      await inSlot(windows.claimCloses);
      await provider.send("evm_mine", []);
      return epoch;
    };

    return {
      chain,
      provider,
      signers,
      registry,
      beacon,
      rollup,
      coordinator,
      rollupAddress: deployed.addresses.Rollup,
      rollupBlock: deployed.deploymentBlock,
      node: { pid, salt, keys, operatorKey: hardhatKey(1) },
      deployments: { ...registryDeployments, ...verifierDeployments, ...deployed.deployments },
      epochInOpenRace,
      async stop() {
        provider.destroy();
        await chain.stop();
      },
    };
  } catch (error) {
    provider.destroy();
    await chain.stop();
    throw error;
  }
}

/** A Cooperative system (seed 001) beside a {@link TestChain}'s Sidecar one: its own registry, beacon and rollup. */
export interface CooperativeTestRollup {
  registry: NodeRegistry;
  beacon: SeedBeacon;
  rollup: Rollup;
  coordinator: CooperativeCoordinator;
  rollupAddress: string;
  rollupBlock: number;
  /** The registered node (Hardhat account 1 operates it, roles both): its pid, salt and keys. */
  node: { pid: string; salt: string; keys: NodeKeys };
  /**
   * Proposes `blocks` blocks of `txsPerBlock` transactions from the node in the next epoch and moves the chain past
   * the last one's slot (its chunk proofs are then taken); returns the epoch and its blocks.
   */
  proposeEpoch(blocks: number, txsPerBlock: number): Promise<{ epoch: bigint; blocks: ProposedBlock[] }>;
  /** Moves the chain's clock to `slot` (never backwards) and mines a block there. */
  toSlot(slot: bigint): Promise<void>;
}

/**
 * Deploys a Cooperative system on `t`'s node: a registry and beacon of its own staking `t`'s token (so that what its
 * coordinator credits can fund `t`'s payout distributors), Hardhat account 1 registered and active in it (roles both),
 * and a rollup with a `CooperativeCoordinator` (proving window `provingWindowSlots`, default 4) and a funded reward
 * pool. It shares `t`'s epoch proof verifier. A registry binds one rollup, hence the second registry.
 */
export async function deployCooperativeRollup(
  t: TestChain,
  options: { provingWindowSlots?: bigint } = {},
): Promise<CooperativeTestRollup> {
  const { provider, signers } = t;
  const token = await t.registry.stakeToken();
  const { registry, beacon } = await deployRegistry(signers[0], { stakeToken: token });
  const salt = keccak256(toUtf8Bytes("jd test cooperative node"));
  const node = signers[1];
  const { pid, keys } = await registerActiveNode(provider, registry, beacon, node, salt);
  const deployed = await deployRollup(signers[0], {
    registry: await registry.getAddress(),
    proofVerifier: t.deployments.EpochProofVerifier!.address,
    mechanism: "cooperative",
    cooperative: { provingWindowSlots: options.provingWindowSlots ?? 4n },
    fundRewardPool: parseEther("1000"),
  });
  const { rollup, cooperativeCoordinator: coordinator } = deployed;
  const inSlot = slotSetter(provider, beacon);
  const toSlot = async (slot: bigint) => {
    await inSlot(slot);
    await provider.send("evm_mine", []);
  };

  let tag = 500;
  const proposeEpoch = async (count: number, txsPerBlock: number) => {
    const context = { provider, registry, beacon, rollup, operator: node, node: { pid, salt, keys }, inSlot };
    const { epoch, nextSlot } = await proposeInNextEpoch(context, count, txsPerBlock, () => tag++);
    await toSlot(nextSlot);
    return { epoch, blocks: await getEpochBlocks(rollup, { epoch, fromBlock: deployed.deploymentBlock }) };
  };

  return {
    registry,
    beacon,
    rollup,
    coordinator,
    rollupAddress: deployed.addresses.Rollup,
    rollupBlock: deployed.deploymentBlock,
    node: { pid, salt, keys },
    proposeEpoch,
    toSlot,
  };
}
