// createNode: one operator's long-running node. It follows the chain slot by slot and plays the roles its key is
// registered for — keeper, sequencer, prover (with an embedded CrowdProve job distributor) — keeps its state in lmdb,
// answers JSON-RPC 2.0 on 127.0.0.1 (with `GET /metrics`), and trades quotes with other nodes over gossip.
import fs from "node:fs";
import path from "node:path";
import { EventEmitter } from "node:events";
import { JsonRpcProvider, SigningKey, Wallet, ZeroAddress, ZeroHash, getBytes, toBeHex, zeroPadValue } from "ethers";
import {
  connectRollup,
  coordinatorDomain,
  errorReason,
  getEpochStatus,
  pidOf,
  vrfPublicKey,
  contractAt,
  type CooperativeCoordinator,
  type OpenRaceCoordinator,
  type ProverCoordinator,
} from "@blockage/client";
import { createJobDistributor, RpcServer, type JobDistributor } from "@blockage/job-distributor";
import type { ContractAddresses } from "@blockage/dashboard";
import type { LogLevel, NodeContext, NodeLog } from "./context";
import { NodeConfigError } from "./errors";
import { Mempool } from "./mempool";
import { NodeMetrics } from "./metrics";
import { QuoteBook, type AcceptedQuote, type SignedQuote } from "./quote-book";
import { Keeper } from "./roles/keeper";
import { ChunkProver, type ChunkProverPolicy } from "./roles/chunk-prover";
import { Prover, type ProverPolicy } from "./roles/prover";
import { Sequencer, type SequencerPolicy } from "./roles/sequencer";
import { StateProver, type StateProverPolicy } from "./roles/state-prover";
import { nodeRpc, toJsonValue } from "./rpc-methods";
import { SerialSigner } from "./serial-signer";
import { SlotClock } from "./slot-clock";
import { NodeStore } from "./store";

/** How quotes travel between nodes: the gossip network, or nothing (a node alone hears only itself). */
export interface QuoteTransport {
  publishMake(message: SignedQuote): Promise<void>;
  publishTake(message: AcceptedQuote): Promise<void>;
  /** Called by the node each slot so that message validation sees the current chain. */
  refresh?(slot: bigint): Promise<void>;
  peerCount(): number;
  info(): Record<string, unknown>;
  stop(): Promise<void>;
}

/** Builds the quote transport once the node knows its chain (see `gossipTransport`). */
export type QuoteTransportFactory = (
  ctx: NodeContext,
  handlers: { onMake(m: SignedQuote): void; onTake(m: AcceptedQuote): void },
) => Promise<QuoteTransport>;

/** Options of {@link createNode}. */
export interface NodeOptions {
  /** The chain's JSON-RPC URL. */
  rpcUrl: string;
  /** The operator's private key (`VALIDATOR_PRIVATE_KEY`): it registered the node. */
  validatorKey: string;
  /** The prover's private key (`PROVER_PUBLISHER_PRIVATE_KEY`); default the operator's. `null`: no prover role. */
  proverKey?: string | null;
  /** The node's VRF secret key (from its key file). */
  vrfSecretKey: string;
  /** The salt the node registered with (default 0). */
  salt?: string;
  /** The rollup's address. */
  rollup: string;
  /** The PayoutDistributor's address, for the embedded JD's worker payouts. */
  payoutDistributor?: string;
  /** First L1 block of the deployment's logs (default 0). */
  fromBlock?: number;
  /** Where the node keeps its database (and its JD's). */
  dataDir: string;
  /** JSON-RPC host (default 127.0.0.1) and port (default 8547; 0 for a free one). */
  host?: string;
  port?: number;
  /** The embedded JD's port (default 8600; 0 for a free one), or `false` for none. */
  jd?: { port?: number; host?: string; operatorCutBps?: number; leaseMs?: number } | false;
  /** Quote gossip (default: none — the node hears only its own quotes). */
  transport?: QuoteTransportFactory;
  /** Poke the beacon and roll the registry's epochs (default true). */
  keeper?: boolean;
  sequencer?: Partial<SequencerPolicy>;
  prover?: Partial<ProverPolicy>;
  /** The prover's policy in a Cooperative rollup (seed 001). */
  chunkProver?: Partial<ChunkProverPolicy>;
  /** The prover's policy in an open-race rollup (seed 004's example). */
  stateProver?: Partial<StateProverPolicy>;
  /** Fill blocks with generated transactions when the mempool runs short (devnets; a seed string), or `false`. */
  generateTransactions?: string | false;
  /** Milliseconds between two reads of the chain's head (default 250). */
  pollMs?: number;
  /** How long a proposer waits for the claim of a quote it countersigned before leaving its slot (default 1500). */
  countersignWaitMs?: number;
  log?: NodeLog;
}

/** A running node. */
export interface BlockageNode {
  /** The node's JSON-RPC URL. */
  url: string;
  port: number;
  pid: string;
  /** The embedded JD's WebSocket URL for workers, or `null`. */
  jdUrl: string | null;
  /** The node's status (what `blockage_nodeStatus` answers). */
  status(): Promise<Record<string, unknown>>;
  /**
   * The contracts the node plays on (`createBlockageClient`'s explicit addresses; `lottery` is the rollup, whose
   * proposals are the sequencer lottery's entries).
   */
  addresses: ContractAddresses;
  /** First L1 block of the deployment's logs. */
  fromBlock: number;
  stop(): Promise<void>;
}

export const SEQUENCER_DEFAULTS: SequencerPolicy = { minWinProbability: 0.1, txsPerBlock: 16, feeSplit: null };

export const CHUNK_PROVER_DEFAULTS: ChunkProverPolicy = {
  minKeepProbability: 0.3,
  feeBurn: 0,
  rescueSlots: 6n,
  withdrawAtLeast: 1n,
};

export const STATE_PROVER_DEFAULTS: StateProverPolicy = {
  ticketMinWinProbability: 0,
  minBlocks: 2,
  maxWaitSlots: 3n,
  maxProvingCostPerTx: null,
  withdrawAtLeast: 1n,
};

export const PROVER_DEFAULTS: Omit<ProverPolicy, "bidBond" | "minRescueReward" | "withdrawAtLeast"> = {
  ticketMinWinProbability: 0.05,
  designatedClaims: true,
  autoBidFee: null,
  defaultProvingMs: 3000,
  capacityMargin: 1.5,
  deadlineWarnSlots: 4n,
  rescueDelaySlots: 0n,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function privateKey(value: string, name: string): string {
  const hex = value.trim().startsWith("0x") ? value.trim() : `0x${value.trim()}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new NodeConfigError(`${name} must be a 32-byte hex private key`);
  return hex;
}

function saltOf(salt: string | undefined): string {
  if (salt === undefined) return ZeroHash;
  if (/^[0-9]+$/.test(salt)) return zeroPadValue(toBeHex(BigInt(salt)), 32);
  if (/^0x[0-9a-fA-F]{64}$/.test(salt)) return salt;
  throw new NodeConfigError("salt must be an integer or 32-byte hex");
}

/** What the roles read of a Sidecar coordinator's configuration (no proving window: its epochs are claimed). */
async function sidecarConfig(coordinator: ProverCoordinator) {
  const cfg = await coordinator.config();
  return {
    minBond: cfg.minBond,
    maxQuoteFee: cfg.maxQuoteFee,
    defaultProverFee: cfg.defaultProverFee,
    rescueShare: cfg.rescueShare,
    submitterShare: cfg.submitterShare,
    blockReward: cfg.blockReward,
    provingWindowSlots: 0n,
  };
}

/**
 * The same facts of a Cooperative or open-race coordinator: its block reward (and a Cooperative proving window); no
 * bonds, quotes or fees (the Sidecar prover role does not run).
 */
async function coordinatorFacts(coordinator: CooperativeCoordinator | OpenRaceCoordinator) {
  const cfg: { blockReward: bigint; provingWindowSlots?: bigint } = await coordinator.config();
  return {
    minBond: 0n,
    maxQuoteFee: 0n,
    defaultProverFee: 0n,
    rescueShare: 0n,
    submitterShare: 0n,
    blockReward: cfg.blockReward,
    provingWindowSlots: cfg.provingWindowSlots ?? 0n,
  };
}

/**
 * Starts a node: connects to the chain, opens (or recovers) its database, starts its JD and its JSON-RPC server, joins
 * the quote gossip, and follows the chain until `stop()`.
 *
 * @throws {NodeConfigError} For a bad key, a node that is not registered to this operator, or a VRF key that is not
 *   the node's registered one.
 * @example
 * const node = await createNode({ rpcUrl, validatorKey, vrfSecretKey, rollup, dataDir: ".blockage-node" });
 * console.log(`JSON-RPC on ${node.url}`);
 */
export async function createNode(options: NodeOptions): Promise<BlockageNode> {
  const log: NodeLog = options.log ?? (() => {});
  const provider = new JsonRpcProvider(options.rpcUrl, undefined, {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 250,
  });
  const cleanups: (() => Promise<void>)[] = [async () => provider.destroy()];
  let stopping: Promise<void> | null = null;
  // Once, in reverse order of start; a second stop() waits for the first. A cleanup that hangs (a transaction the
  // chain dropped, awaited by the slot loop) is given up on after a grace period so that the node always stops.
  const cleanup = () =>
    (stopping ??= (async () => {
      for (const c of [...cleanups].reverse()) {
        await Promise.race([c().catch(() => {}), new Promise((r) => setTimeout(r, 10_000).unref())]);
      }
    })());
  try {
    const validator = new SerialSigner(new Wallet(privateKey(options.validatorKey, "the validator key"), provider));
    const proverKey = options.proverKey === undefined ? options.validatorKey : options.proverKey;
    const proverWallet = proverKey === null ? null : new Wallet(privateKey(proverKey, "the prover key"), provider);
    // One key, one queue: the same key for both roles must share one SerialSigner or their nonces would collide.
    const prover =
      proverWallet === null
        ? null
        : proverWallet.address === validator.address
          ? validator
          : new SerialSigner(proverWallet);
    const vrfSecretKey = getBytes(privateKey(options.vrfSecretKey, "the VRF secret key"));
    const salt = saltOf(options.salt);
    const pid = pidOf(validator.address, salt);
    const connected = await connectRollup(options.rollup, provider);
    const { rollup, registry, mechanism, addresses } = connected;
    const coordinator = connected.mechanism === "sidecar" ? connected.coordinator : null;
    const cooperativeCoordinator = connected.mechanism === "cooperative" ? connected.cooperativeCoordinator : null;
    const openRaceCoordinator = connected.mechanism === "open-race" ? connected.openRaceCoordinator : null;
    const coordinatorAddress = await (coordinator ?? cooperativeCoordinator ?? openRaceCoordinator)!.getAddress();
    const beacon = contractAt("SeedBeacon", await registry.beacon(), provider);
    const [network, info, genesisTime, slotDuration, epochSlots, config, rollupConfig] = await Promise.all([
      provider.getNetwork(),
      registry.node(pid),
      beacon.genesisTime(),
      beacon.slotDuration(),
      beacon.epochSlots(),
      coordinator !== null
        ? sidecarConfig(coordinator)
        : coordinatorFacts((cooperativeCoordinator ?? openRaceCoordinator)!),
      rollup.config(),
    ]);
    // In a Cooperative rollup the operator submits each chunk proof, and a proof must be bound to its submitter: the
    // embedded JD proves with the operator's key.
    if (cooperativeCoordinator !== null && prover !== null && prover !== validator) {
      throw new NodeConfigError(
        "a Cooperative rollup's chunk proofs are submitted by the node's operator: use one key (no separate prover key)",
      );
    }
    // In an open-race rollup the turn order holds operators: a turn's update and a redundant proof must be bound to the
    // operator, so the embedded JD proves with the operator's key.
    if (openRaceCoordinator !== null && prover !== null && prover !== validator) {
      throw new NodeConfigError(
        "an open-race rollup's proofs are bound to the node's operator (its turn and redundancy): use one key (no separate prover key)",
      );
    }
    if (info.operator.toLowerCase() !== validator.address.toLowerCase()) {
      throw new NodeConfigError(
        `node ${pid} is not registered to ${validator.address} (salt ${salt}): register it first (blockage node register)`,
      );
    }
    if (vrfPublicKey(vrfSecretKey) !== SigningKey.computePublicKey(info.vrfKey, true)) {
      throw new NodeConfigError(`the VRF secret key is not node ${pid}'s registered VRF key`);
    }
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const store = new NodeStore(path.join(options.dataDir, "node"));
    cleanups.push(() => store.close());
    const clock = new SlotClock(provider, { genesisTime, slotDuration, epochSlots });
    const events = new EventEmitter();
    const metricsRef: { current?: NodeMetrics } = {};
    const ctx: NodeContext = {
      provider,
      validator,
      prover,
      identity: { pid, salt, vrfSecretKey, roles: Number(info.roles) },
      rollup,
      coordinator,
      registry,
      beacon,
      deployment: {
        mechanism,
        chainId: network.chainId,
        fromBlock: options.fromBlock ?? 0,
        epochSlots,
        slotDuration,
        minBond: config.minBond,
        maxQuoteFee: config.maxQuoteFee,
        defaultProverFee: config.defaultProverFee,
        rescueShare: config.rescueShare,
        submitterShare: config.submitterShare,
        blockReward: config.blockReward,
        feeSplit: rollupConfig.feeSplit,
        coordinatorDomain: coordinatorDomain(network.chainId, coordinatorAddress),
      },
      store,
      clock,
      log: (level: LogLevel, event: string, message: string, fields?: Record<string, unknown>) => {
        metricsRef.current?.events.inc({ event });
        log(level, event, message, fields);
      },
      events,
    };

    let jd: JobDistributor | null = null;
    if (prover !== null && options.jd !== false && (ctx.identity.roles & 2) !== 0) {
      jd = await createJobDistributor({
        signer: prover,
        rollup: options.rollup,
        payoutDistributor: options.payoutDistributor,
        fromBlock: options.fromBlock ?? 0,
        epoch: "manual",
        dataDir: path.join(options.dataDir, "jd"),
        host: options.jd?.host ?? options.host ?? "127.0.0.1",
        port: options.jd?.port ?? 8600,
        leaseMs: options.jd?.leaseMs,
        operatorCutBps: options.jd?.operatorCutBps,
        log: (level, message) => log(level === "info" ? "info" : level, "jd", message),
      });
      const started = jd;
      cleanups.push(() => started.stop());
    }

    const quotes = new QuoteBook();
    const mempool = new Mempool(10_000, options.generateTransactions ? options.generateTransactions : null);
    let transport: QuoteTransport | null = null;
    const proverRole = new Prover(
      ctx,
      {
        ...PROVER_DEFAULTS,
        bidBond: null,
        minRescueReward: null,
        withdrawAtLeast: 1n,
        ...options.prover,
      },
      quotes,
      jd,
      async (m) => {
        await transport?.publishMake(m);
      },
    );
    const chunkProver =
      cooperativeCoordinator === null
        ? null
        : new ChunkProver(
            ctx,
            cooperativeCoordinator,
            { ...CHUNK_PROVER_DEFAULTS, ...options.chunkProver },
            jd,
            config.provingWindowSlots,
          );
    const stateProver =
      openRaceCoordinator === null
        ? null
        : new StateProver(ctx, openRaceCoordinator, { ...STATE_PROVER_DEFAULTS, ...options.stateProver }, jd);
    const onTake = (m: AcceptedQuote) => void proverRole.onTake(m);
    const sequencer = new Sequencer(
      ctx,
      { ...SEQUENCER_DEFAULTS, ...options.sequencer },
      mempool,
      quotes,
      async (m) => {
        onTake(m); // this node may be the prover of the quote it countersigned
        await transport?.publishTake(m);
      },
      openRaceCoordinator,
    );
    // Quote gossip is the Sidecar mechanism's (seed 003): a Cooperative rollup has no quotes to trade.
    if (options.transport && coordinator !== null) {
      transport = await options.transport(ctx, { onMake: (m) => quotes.add(m), onTake });
      const started = transport;
      cleanups.push(() => started.stop());
    }
    const keeper = options.keeper === false ? null : new Keeper(ctx, 12n);

    let slot = -1n;
    let handledSlot = -1n;
    const metrics = new NodeMetrics(store, () => ({
      slot,
      handledSlot,
      mempool: mempool.size,
      peers: transport?.peerCount() ?? 0,
      busy: proverRole.busy + (chunkProver?.busy ?? 0) + (stateProver?.busy ?? 0),
    }));
    metricsRef.current = metrics;
    const status = async (): Promise<Record<string, unknown>> => ({
      pid,
      operator: validator.address,
      prover: prover?.address ?? null,
      roles: ctx.identity.roles,
      chainId: network.chainId.toString(),
      slot: slot.toString(),
      epoch: clock.epochOf(slot).toString(),
      handledSlot: handledSlot.toString(),
      mechanism,
      busy: proverRole.busy + (chunkProver?.busy ?? 0) + (stateProver?.busy ?? 0) > 0,
      msPerSlot: Math.round(clock.msPerSlot()),
      breaker: store.breaker(),
      mempool: mempool.size,
      jd: jd === null ? null : { httpUrl: jd.httpUrl, wsUrl: jd.wsUrl },
      gossip: transport?.info() ?? null,
    });
    const server = new RpcServer(
      nodeRpc({
        prover: proverRole,
        mempool,
        store,
        rollup,
        coordinator,
        cooperative: cooperativeCoordinator,
        fromBlock: options.fromBlock ?? 0,
        status,
        jdStatus: () => (jd === null ? null : (toJsonValue(jd.status()) as Record<string, unknown>)),
        onCall: (method) => metrics.rpcCalls.inc({ method }),
      }),
      {
        host: options.host ?? "127.0.0.1",
        port: options.port ?? 8547,
        rateLimit: { perSecond: 200, burst: 400 },
        metrics: () => metrics.text(),
      },
    );
    const port = await server.listen();
    cleanups.push(() => server.close());

    // Each slot's duties, one slot at a time; a failing role is logged and the next slot tries again.
    const duty = async (name: string, work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        ctx.log("warn", "duty-failed", `${name}: ${errorReason(error)}`, { slot });
      }
    };
    const handle = async (s: bigint, timestamp: bigint) => {
      if (transport?.refresh) await duty("gossip view", () => transport!.refresh!(s));
      if (keeper) await duty("keeper", () => keeper.onSlot(s, timestamp));
      if (coordinator !== null && (ctx.identity.roles & 2) !== 0) {
        await duty("bids", () => proverRole.publishPendingBids(s));
      }
      if ((ctx.identity.roles & 1) !== 0) await duty("sequencer", () => sequencer.onSlot(s));
      // Quotes and countersignatures are the Sidecar mechanism's (seed 003); a Cooperative rollup has none.
      if (coordinator !== null && (ctx.identity.roles & 1) !== 0) {
        await duty("countersign", async () => {
          const taken = await sequencer.countersign(s);
          if (taken === null) return;
          const until = Date.now() + (options.countersignWaitMs ?? 1500);
          while (Date.now() < until && (await coordinator.epochClaim(taken.epoch)).prover === ZeroAddress) {
            await sleep(100);
          }
          // A prover that did not claim with a countersigned quote it could use (its epoch next to prove) is passed over
          // for the rest of the epoch's window.
          const after = await getEpochStatus(coordinator, { epoch: taken.epoch });
          if (after.claimedBy === null && after.nextToProve) {
            quotes.exclude(taken.epoch, taken.prover);
          }
        });
      }
      if (chunkProver !== null) await duty("chunk prover", () => chunkProver.onSlot(s));
      else if (stateProver !== null) await duty("state prover", () => stateProver.onSlot(s, timestamp));
      else await duty("prover", () => proverRole.onSlot(s));
    };
    let running = true;
    const loop = (async () => {
      while (running) {
        try {
          const head = await clock.read();
          slot = head.slot;
          if (head.slot > handledSlot && head.slot >= 0n) {
            await handle(head.slot, head.timestamp);
            handledSlot = head.slot;
            events.emit("slot", head.slot);
          }
        } catch (error) {
          ctx.log("warn", "chain-unreachable", `cannot read the chain: ${errorReason(error)}`);
        }
        await sleep(options.pollMs ?? 250);
      }
    })();
    cleanups.push(async () => {
      running = false;
      await loop;
    });

    log("info", "started", `node ${pid} on ${options.rpcUrl}: JSON-RPC http://${options.host ?? "127.0.0.1"}:${port}`, {
      pid,
      port,
      jd: jd?.wsUrl ?? null,
    });
    return {
      url: `http://${options.host ?? "127.0.0.1"}:${port}`,
      port,
      pid,
      jdUrl: jd?.wsUrl ?? null,
      status,
      addresses: {
        registry: addresses.NodeRegistry,
        beacon: await beacon.getAddress(),
        lottery: addresses.Rollup,
        rollup: addresses.Rollup,
        coordinator: coordinatorAddress,
        // A Cooperative rollup's page lays itself out for it at once (before its first chain read).
        ...(cooperativeCoordinator !== null && { cooperativeCoordinator: coordinatorAddress }),
        stakeToken: addresses.StakeToken,
        ...(options.payoutDistributor !== undefined && { payoutDistributor: options.payoutDistributor }),
      },
      fromBlock: options.fromBlock ?? 0,
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
