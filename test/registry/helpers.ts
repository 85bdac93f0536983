// Shared fixtures and independent reference models for the registry and beacon tests.
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type {
  FeeToken__factory,
  NodeRegistry__factory,
  ReentrantToken__factory,
  SeedBeacon__factory,
  StakeToken__factory,
} from "../../packages/client/src/typechain";

/**
 * Hardhat's contract factory with the TypeChain factory's types. (The TypeChain files live in an ES-module package,
 * so the mocha tests, which run as CommonJS, may import their types but not their values.)
 */
export async function factory<F>(name: string): Promise<F> {
  return (await ethers.getContractFactory(name)) as unknown as F;
}

export const E18 = 10n ** 18n;
export const MIN_STAKE = 1000n * E18;
export const SLOT_DURATION = 12n;
export const EPOCH_SLOTS = 32n;
export const EPOCH_DURATION = SLOT_DURATION * EPOCH_SLOTS;
export const LOOKBACK_BLOCKS = 8n;
export const WINDOW_BLOCKS = 16n;
export const L1_BLOCK_TIME = 12n;
export const SEQUENCER = 1;
export const PROVER = 2;
export const BOTH = 3;
export const Status = { None: 0n, Pending: 1n, Active: 2n, Unbonding: 3n, Exited: 4n } as const;

export interface FixtureOptions {
  ageCap?: bigint;
  minStake?: bigint;
  entryDelayEpochs?: bigint;
  unbondingPeriodEpochs?: bigint;
  token?: "stake" | "reentrant" | "fee";
  /**
   * Bind signer 1 (`rollup`, standing in for the rollup contract) as the registry's one slasher (default true).
   * False for fixtures that bind a real Rollup: the slasher can be bound only once.
   */
  bindSlasher?: boolean;
}

/**
 * Deploys a token, a beacon and a registry with the test parameters, binds signer 1 as the slasher (unless
 * `bindSlasher` is false), and funds and approves signers 0..11.
 */
export async function deployRegistry(options: FixtureOptions = {}) {
  const signers = await ethers.getSigners();
  const [admin, rollup] = signers;
  const tokenKind = options.token ?? "stake";
  const token =
    tokenKind === "stake"
      ? await (await factory<StakeToken__factory>("StakeToken")).deploy(admin.address, 10_000n * E18, 3600n)
      : tokenKind === "reentrant"
        ? await (await factory<ReentrantToken__factory>("ReentrantToken")).deploy()
        : await (await factory<FeeToken__factory>("FeeToken")).deploy();
  const beacon = await (
    await factory<SeedBeacon__factory>("SeedBeacon")
  ).deploy(0, SLOT_DURATION, EPOCH_SLOTS, LOOKBACK_BLOCKS, WINDOW_BLOCKS, L1_BLOCK_TIME);
  const registry = await (
    await factory<NodeRegistry__factory>("NodeRegistry")
  ).deploy({
    stakeToken: await token.getAddress(),
    beacon: await beacon.getAddress(),
    admin: admin.address,
    minStake: options.minStake ?? MIN_STAKE,
    entryDelayEpochs: options.entryDelayEpochs ?? 1n,
    unbondingPeriodEpochs: options.unbondingPeriodEpochs ?? 2n,
    ageCap: options.ageCap ?? 256n,
  });
  if (options.bindSlasher ?? true) await registry.grantRole(await registry.ROLLUP_ROLE(), rollup.address);
  const registryAddress = await registry.getAddress();
  for (const signer of signers.slice(0, 12)) {
    await token.mint(signer.address, 1_000_000n * E18);
    await token.connect(signer).approve(registryAddress, ethers.MaxUint256);
  }
  const genesis = await beacon.genesisTime();
  return { token, beacon, registry, signers, admin, rollup, genesis };
}

/** The VRF secret key of test node `i`. */
export function vrfSecretOf(i: number): string {
  return ethers.keccak256(ethers.toUtf8Bytes(`blockage test node ${i}`));
}

/** A deterministic secp256k1 VRF key (compressed SEC1) for test node `i`. */
export function vrfKeyOf(i: number, compressed = true): string {
  return ethers.SigningKey.computePublicKey(vrfSecretOf(i), compressed);
}

// The registry's EIP-712 types, written here from the Solidity struct definitions (independently of the SDK's, which
// its own tests check against the contract).

/** The registry's EIP-712 domain. */
export async function registryDomain(registry: { getAddress(): Promise<string> }) {
  return {
    name: "blockage NodeRegistry",
    version: "1",
    chainId: (await ethers.provider.getNetwork()).chainId,
    verifyingContract: await registry.getAddress(),
  };
}

export const JOIN_TYPES = {
  Join: [
    { name: "operator", type: "address" },
    { name: "salt", type: "bytes32" },
    { name: "stake", type: "uint256" },
    { name: "vrfKey", type: "bytes" },
    { name: "commKey", type: "bytes32" },
    { name: "roles", type: "uint8" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

export const LEAVE_TYPES = {
  Leave: [
    { name: "pid", type: "bytes32" },
    { name: "epoch", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

export const DELEGATE_TYPES = {
  Delegate: [
    { name: "delegator", type: "address" },
    { name: "validatorPid", type: "bytes32" },
    { name: "amount", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

export const VRF_KEY_POSSESSION = {
  VrfKeyPossession: [
    { name: "pid", type: "bytes32" },
    { name: "vrfKey", type: "bytes" },
  ],
};

/** The proof of possession of `vrfKey` for `pid`: the VRF secret key's signature over `VrfKeyPossession`. */
export async function possessionProof(
  registry: { getAddress(): Promise<string> },
  pid: string,
  vrfKey: string,
  vrfSecret: string,
): Promise<string> {
  const digest = ethers.TypedDataEncoder.hash(await registryDomain(registry), VRF_KEY_POSSESSION, { pid, vrfKey });
  return new ethers.SigningKey(vrfSecret).sign(digest).serialized;
}

/** The proof of possession of test node `i`'s key (as `vrfKeyOf(i, compressed)`) for `operator`'s `salt`. */
export function popOf(
  registry: { getAddress(): Promise<string> },
  operator: string,
  salt: string,
  i: number,
  compressed = true,
): Promise<string> {
  return possessionProof(registry, pidOf(operator, salt), vrfKeyOf(i, compressed), vrfSecretOf(i));
}

export function commKeyOf(i: number): string {
  return ethers.keccak256(ethers.toUtf8Bytes(`comm ${i}`));
}

export function pidOf(operator: string, salt: string): string {
  return ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [operator, salt]));
}

export const saltOf = (i: number): string => ethers.zeroPadValue(ethers.toBeHex(i), 32);

/** Moves the chain's next block to the start of rollup epoch `epoch` (plus `offset` seconds). */
export async function goToEpoch(genesis: bigint, epoch: bigint, offset = 0n): Promise<void> {
  const target = genesis + epoch * EPOCH_DURATION + offset;
  const latest = BigInt(await time.latest());
  if (target > latest) await time.setNextBlockTimestamp(target);
}

export async function currentEpoch(genesis: bigint): Promise<bigint> {
  return (BigInt(await time.latest()) - genesis) / EPOCH_DURATION;
}

/** The active-set leaf, computed independently of the contract. */
export function leafHash(pid: string, stake: bigint, activationEpoch: bigint, vrfKey: string, roles: number): string {
  const inner = ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "uint256", "uint64", "bytes", "uint8"],
      [pid, stake, activationEpoch, vrfKey, roles],
    ),
  );
  return ethers.keccak256(inner);
}

const commutative = (a: string, b: string): string =>
  BigInt(a) < BigInt(b)
    ? ethers.solidityPackedKeccak256(["bytes32", "bytes32"], [a, b])
    : ethers.solidityPackedKeccak256(["bytes32", "bytes32"], [b, a]);

const DEPTH = 20;
const ZEROS: string[] = [ethers.ZeroHash];
for (let level = 0; level < DEPTH; level++) ZEROS.push(commutative(ZEROS[level], ZEROS[level]));

/** A naive reference of the depth-20 active-set tree: recomputes the root from the non-empty leaves. */
export function treeRoot(leaves: Map<number, string>): string {
  let layer = new Map<number, string>();
  for (const [index, leaf] of leaves) if (leaf !== ethers.ZeroHash) layer.set(index, leaf);
  for (let level = 0; level < DEPTH; level++) {
    const next = new Map<number, string>();
    for (const index of layer.keys()) {
      const parent = index >> 1;
      if (next.has(parent)) continue;
      const left = layer.get(parent * 2) ?? ZEROS[level];
      const right = layer.get(parent * 2 + 1) ?? ZEROS[level];
      next.set(parent, commutative(left, right));
    }
    layer = next;
  }
  return layer.get(0) ?? ZEROS[DEPTH];
}

/** The 20 siblings of leaf `index`, bottom-up (an OpenZeppelin MerkleProof proof). */
export function treeProof(leaves: Map<number, string>, index: number): string[] {
  const proof: string[] = [];
  let layer = new Map<number, string>();
  for (const [i, leaf] of leaves) if (leaf !== ethers.ZeroHash) layer.set(i, leaf);
  let position = index;
  for (let level = 0; level < DEPTH; level++) {
    proof.push(layer.get(position ^ 1) ?? ZEROS[level]);
    const next = new Map<number, string>();
    for (const i of layer.keys()) {
      const parent = i >> 1;
      if (next.has(parent)) continue;
      next.set(parent, commutative(layer.get(parent * 2) ?? ZEROS[level], layer.get(parent * 2 + 1) ?? ZEROS[level]));
    }
    layer = next;
    position >>= 1;
  }
  return proof;
}
