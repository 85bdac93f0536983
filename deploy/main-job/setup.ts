// The main job's stage: a local chain, the protocol deployed with the demo's parameters (16-slot epochs of 60-second
// slots, so that a slot holds every transaction the nodes send in it), and N nodes funded and registered with
// different stakes and ages — older cohorts registered epochs before younger ones — each with its key files in the
// run's directory, where its process will find them. Everything is derived from one seed, so a run can be replayed.
import fs from "node:fs";
import path from "node:path";
import { JsonRpcProvider, Wallet, concat, keccak256, parseEther, toBeHex, toUtf8Bytes, type Signer } from "ethers";
import type { NodeRegistry, SeedBeacon } from "@blockage/client";
import { startLocalChain, type LocalChain } from "../local-chain";
import { enterEpochWithSeed } from "../time-travel";
import { ignitionDeploy, ignitionDeploymentDir } from "../ignition/deploy-local";

/** The rollup's prover mechanism in the run (DESIGN §9). */
export type Mechanism = "sidecar" | "cooperative" | "open-race";

/** One node of the run. */
export interface StagedNode {
  index: number;
  name: string;
  operator: Wallet;
  /** Whether it proves (the prover role, a job distributor and workers). */
  proves: boolean;
  /** Its separate prover key (Sidecar), or `null`: Cooperative and open-race provers prove with the operator's key. */
  prover: Wallet | null;
  pid: string;
  salt: string;
  stake: bigint;
  roles: 1 | 3;
  registeredEpoch: bigint;
  keysFile: string;
  operatorKeyFile: string;
  proverKeyFile: string | null;
}

/** What the setup leaves for the conductor. */
export interface Stage {
  mechanism: Mechanism;
  chain: LocalChain;
  provider: JsonRpcProvider;
  chainId: bigint;
  deployer: Signer;
  registry: NodeRegistry;
  beacon: SeedBeacon;
  addresses: Record<string, string>;
  fromBlock: number;
  nodes: StagedNode[];
  workers: { name: string; wallet: Wallet; keyFile: string; node: number }[];
  runDir: string;
  /** Gas of the setup transactions, by operation. */
  gas: Record<string, bigint[]>;
}

export interface StageOptions {
  nodes: number;
  workersPerProver: number;
  mechanism: Mechanism;
  seed: string;
  runDir: string;
  log: (line: string) => void;
  /** Called once the protocol is deployed, before the nodes register (the dashboard starts here). */
  onDeployed?: (deployed: Deployed) => Promise<void>;
}

/** The deployment, as soon as it exists. */
export interface Deployed {
  chain: LocalChain;
  chainId: bigint;
  /** The run's `deployments/<chainId>.json` record. */
  deployments: Record<string, { address: string; transactionHash: string }>;
  fromBlock: number;
  /** Names of the run's accounts (operators, provers, workers), by address. */
  labels: Record<string, string>;
}

/**
 * The open race's parameters scaled to the demo's 60-second slots and 16-slot epochs (seed 004's five idle hours, half
 * hour turns and one-hour redundancy window become minutes): the four turns end 40 minutes after a stall began,
 * before the stalled blocks' final deadline (48 slots); the fee steers toward a lag of one epoch, and one flag of an
 * active prover (one epoch of accepted proofs) steps it up.
 */
export const OPEN_RACE_DEMO = {
  initialProvingBaseFee: parseEther("0.01"),
  minProvingBaseFee: parseEther("0.000001"),
  targetLagSlots: 16,
  redundancyWindow: 600,
  redundancyShare: 2000,
  idlePeriod: 1200,
  turnPeriod: 300,
  flagQuorum: 1,
  minActiveEpochs: 1,
} as const;

/** Demo parameters: see the README's parameters table for the defaults of a real deployment. */
export const DEMO = {
  slotDuration: 60n,
  epochSlots: 16n,
  blockReward: parseEther("10"),
  rewardPool: parseEther("100000"),
} as const;

/** A deterministic private key for `label` under the run's seed. */
export function seededKey(seed: string, label: string): string {
  return keccak256(concat([toUtf8Bytes(seed), toUtf8Bytes(`/${label}`)]));
}

/** A deterministic number in [0, n) for `label`. */
export function seededInt(seed: string, label: string, n: number): number {
  return Number(BigInt(keccak256(toUtf8Bytes(`${seed}/${label}`))) % BigInt(n));
}

function writeSecret(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return file;
}

/**
 * How many of N nodes prove (the rest only sequence): at least two, so that one can rescue another; in a Cooperative
 * run one more than the three proofs kept per chunk (when N allows), so that tickets compete for the places; in an
 * open-race run three.
 */
export function proverCount(nodes: number, mechanism: Mechanism = "sidecar"): number {
  const sidecar = Math.min(nodes, Math.max(2, Math.ceil(nodes / 3)));
  if (mechanism === "cooperative") return Math.min(nodes, Math.max(sidecar, 4));
  // The open race: at least three provers, so that they race and a turn can fall to any of them.
  return mechanism === "open-race" ? Math.min(nodes, Math.max(sidecar, 3)) : sidecar;
}

export async function stage(options: StageOptions): Promise<Stage> {
  const { log, seed, runDir } = options;
  const client = await import("@blockage/client");
  // The main job stops the chain with everything else on Ctrl-C (deploy/main-job/main.ts).
  const chain = await startLocalChain({ handleSignals: false });
  const provider = new JsonRpcProvider(chain.url, undefined, {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 100,
  });
  try {
    const chainId = (await provider.getNetwork()).chainId;
    const deployer = await provider.getSigner(0);
    const gas: Record<string, bigint[]> = {};
    const note = (op: string, used: bigint | undefined) => {
      if (used !== undefined) (gas[op] ??= []).push(used);
    };
    log(`▶ local chain ${chain.url} (chain ${chainId}); deploying the protocol`);

    const provers = proverCount(options.nodes, options.mechanism);
    const cooperative = options.mechanism === "cooperative";
    const openRace = options.mechanism === "open-race";
    const staged: Omit<StagedNode, "pid" | "keysFile" | "registeredEpoch">[] = [];
    for (let i = 0; i < options.nodes; i++) {
      const prover = i < provers;
      staged.push({
        index: i,
        name: `node-${i}`,
        operator: new Wallet(seededKey(seed, `operator/${i}`), provider),
        proves: prover,
        prover: prover && options.mechanism === "sidecar" ? new Wallet(seededKey(seed, `prover/${i}`), provider) : null,
        salt: toBeHex(BigInt(i), 32),
        // 1 000 to 8 000 tokens in steps of 500, different for every node.
        stake: parseEther(String(1000 + 500 * seededInt(seed, `stake/${i}`, 15))),
        roles: (prover ? 3 : 1) as 1 | 3,
        operatorKeyFile: "",
        proverKeyFile: null,
      });
    }
    const workers = staged
      .filter((n) => n.proves)
      .flatMap((n) =>
        Array.from({ length: options.workersPerProver }, (_, w) => ({
          name: `worker-${n.index}.${w}`,
          wallet: new Wallet(seededKey(seed, `worker/${n.index}/${w}`), provider),
          keyFile: "",
          node: n.index,
        })),
      );
    const accounts = [
      ...staged.flatMap((n) => [n.operator, ...(n.prover ? [n.prover] : [])]),
      ...workers.map((w) => w.wallet),
    ];
    for (const a of accounts) await provider.send("hardhat_setBalance", [a.address, toBeHex(parseEther("100"))]);

    // The protocol, deployed with the Ignition module (deploy/ignition) as a testnet would be, with the demo's
    // parameters; the addresses land in the run's deployments/<chainId>.json, where the nodes look for them.
    const parametersFile = path.join(runDir, "ignition-parameters.json");
    fs.writeFileSync(
      parametersFile,
      JSON.stringify({
        Blockage: {
          slotDuration: Number(DEMO.slotDuration),
          epochSlots: Number(DEMO.epochSlots),
          // A leaving node's blocks stay challengeable until their final deadline (48 slots): 3 epochs of 16.
          unbondingPeriodEpochs: 3,
          blockReward: `${DEMO.blockReward}n`,
          rewardPoolFunding: `${DEMO.rewardPool}n`,
          ...(cooperative && {
            mechanism: "cooperative",
            // Proposals declare at least 10%; chunk proofs are taken for 12 slots after their epoch.
            feeSplit: 1000,
            provingWindowSlots: 12,
          }),
          ...(openRace && {
            mechanism: "open-race",
            ...Object.fromEntries(
              Object.entries(OPEN_RACE_DEMO).map(([k, v]) => [k, typeof v === "bigint" ? `${v}n` : v]),
            ),
          }),
        },
      }),
    );
    const deploymentId = `main-job-${process.pid}-${Date.now()}`;
    try {
      await ignitionDeploy(chain.url, parametersFile, deploymentId, path.join(runDir, "deployments"));
    } finally {
      fs.rmSync(ignitionDeploymentDir(deploymentId), { recursive: true, force: true });
    }
    const deployments = JSON.parse(
      fs.readFileSync(path.join(runDir, "deployments", `${chainId}.json`), "utf8"),
    ) as Record<string, { address: string; transactionHash: string }>;
    const addresses = Object.fromEntries(Object.entries(deployments).map(([k, v]) => [k, v.address]));
    const coordinatorName = cooperative
      ? "CooperativeCoordinator"
      : openRace
        ? "OpenRaceCoordinator"
        : "ProverCoordinator";
    log(`  deployed with Ignition: Rollup ${addresses.Rollup}, ${coordinatorName} ${addresses[coordinatorName]}`);
    if (cooperative) {
      // The deployer allocates the coordinator's ring of chunk records: the provers' submissions rewrite used words
      // from the first block on.
      const coordinator = client.contractAt("CooperativeCoordinator", addresses.CooperativeCoordinator!, deployer);
      const ring = await client.allocateRing(coordinator);
      log(`  allocated the chunk-record ring: ${ring.entries} entries, ${ring.gasUsed} gas`);
    }
    const registry = client.contractAt("NodeRegistry", addresses.NodeRegistry!, deployer);
    const beacon = client.contractAt("SeedBeacon", addresses.SeedBeacon!, deployer);
    const token = client.contractAt("StakeToken", addresses.StakeToken!, deployer);
    const fromBlock =
      (await provider.getTransactionReceipt(deployments.NodeRegistry!.transactionHash))?.blockNumber ?? 0;
    if (options.onDeployed) {
      const labels: Record<string, string> = {};
      for (const n of staged) {
        labels[n.operator.address] = n.name;
        if (n.prover) labels[n.prover.address] = `${n.name} (prover key)`;
      }
      for (const w of workers) labels[w.wallet.address] = w.name;
      await options.onDeployed({ chain, chainId, deployments, fromBlock, labels });
    }
    for (const n of staged) {
      await (await token.mint(n.operator.address, n.stake + parseEther("1000"))).wait();
      if (n.prover) await (await token.mint(n.prover.address, parseEther("2000"))).wait();
    }

    // Two cohorts: the older registers and activates first, then ages while the younger one joins.
    const keysDir = path.join(runDir, "keys");
    fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    const nodes: StagedNode[] = [];
    const cohorts = [staged.filter((_, i) => i % 2 === 0), staged.filter((_, i) => i % 2 === 1)];
    for (const [c, cohort] of cohorts.entries()) {
      const registeredEpoch = await registry.currentEpoch();
      for (const n of cohort) {
        const keys = await client.generateNodeKeys();
        const { pid, receipt } = await client.register(registry.connect(n.operator), {
          ...keys,
          salt: n.salt,
          stake: n.stake,
          roles: n.roles,
        });
        note("register", receipt?.gasUsed);
        const keysFile = writeSecret(
          keysDir,
          `${n.name}.json`,
          JSON.stringify(
            {
              version: 1,
              pid,
              operator: n.operator.address,
              salt: n.salt,
              roles: n.roles,
              chainId: chainId.toString(),
              registry: addresses.NodeRegistry,
              vrf: { suite: client.NODE_VRF_SUITE, secretKey: keys.vrfSecretKey, publicKey: keys.vrfKey },
              comm: { type: "Ed25519", secretKey: keys.commSecretKey, publicKey: keys.commKey },
            },
            null,
            2,
          ) + "\n",
        );
        nodes.push({
          ...n,
          pid,
          registeredEpoch,
          keysFile,
          operatorKeyFile: writeSecret(keysDir, `${n.name}.operator.key`, `${n.operator.privateKey}\n`),
          proverKeyFile: n.prover ? writeSecret(keysDir, `${n.name}.prover.key`, `${n.prover.privateKey}\n`) : null,
        });
      }
      await enterEpochWithSeed(provider, registry, beacon, (await registry.currentEpoch()) + 1n);
      for (const n of nodes.filter((x) => cohort.some((y) => y.index === x.index))) {
        const { receipt } = await client.activate(registry.connect(n.operator), { pid: n.pid });
        note("activate", receipt?.gasUsed);
      }
      // The older cohort ages a few epochs before the younger one registers.
      const wait = c === 0 ? 4n : 2n;
      await enterEpochWithSeed(provider, registry, beacon, (await registry.currentEpoch()) + wait);
    }
    nodes.sort((a, b) => a.index - b.index);
    for (const w of workers) w.keyFile = writeSecret(keysDir, `${w.name}.key`, `${w.wallet.privateKey}\n`);
    log(
      `  ${nodes.length} nodes registered (${provers} provers), ${workers.length} workers; now in epoch ${await registry.currentEpoch()}`,
    );
    return {
      mechanism: options.mechanism,
      chain,
      provider,
      chainId,
      deployer,
      registry,
      beacon,
      addresses,
      fromBlock,
      nodes,
      workers,
      runDir,
      gas,
    };
  } catch (error) {
    provider.destroy();
    await chain.stop();
    throw error;
  }
}
