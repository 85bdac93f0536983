// What the page reads from the chain, through `createBlockageClient` over the dashboard's read-only POST /rpc: the
// slot clock, every slot's lottery entries and winner, each epoch's weights (win probabilities), the pending chain
// with each block's confirmation stage, worker payouts, and the gas of every protocol transaction; then, by the
// rollup's prover mechanism (`connectRollup`), a Sidecar epoch's claim, bond, deadlines, proof, slash and rescue, or
// Cooperative proving (./cooperative). Logs are read once, from where the last refresh stopped.
import { Interface, JsonRpcProvider, Network, formatUnits, type Log } from "ethers";
import type { DashboardConfig } from "../feed";
import { CooperativeReader, type CooperativeState } from "./cooperative";
import type { Mechanism } from "./mechanism";
import {
  connectRollup,
  createBlockageClient,
  winProbability,
  type BlockageClient,
  type BlockageDeployment,
} from "./sdk";

/** An accepted entry of a slot's sequencer lottery (a proposal that beat the slot's best so far). */
export interface LotteryEntry {
  pid: string;
  /** ln t, 18 decimals. */
  raceTime: bigint;
  blockNumber: bigint;
  /** P(win | t) against the epoch's total weight, when the epoch's weights are known. */
  winProbability: number | null;
  replacedPid: string | null;
  txHash: string;
}

/** One slot's lottery. */
export interface SlotLottery {
  slot: bigint;
  epoch: bigint;
  entries: LotteryEntry[];
  /** The pid holding the slot's block (the best entry), or null if nobody proposed. */
  winner: string | null;
}

/** The weights of an epoch's sequencer lottery. */
export interface EpochWeights {
  epoch: bigint;
  totalWeight: bigint;
  /** pid → weight and its share w / W (the node's chance to win any one slot). */
  nodes: Map<string, { weight: bigint; share: number }>;
}

/** Each node's wins and expected wins, cumulated slot by slot. */
export interface WinsSeries {
  slots: number[];
  /** pid (lower case) → one value per slot. */
  wins: Map<string, number[]>;
  expected: Map<string, number[]>;
}

/** A block of the pending chain (or just proven) and its confirmation stage. */
export interface BlockView {
  number: bigint;
  slot: bigint | null;
  epoch: bigint | null;
  pid: string | null;
  stage: number;
  stageName: string;
  detail: string;
}

/** An epoch's proof: claim, bond, windows, phase, and what happened. */
export interface EpochView {
  epoch: bigint;
  phase: string;
  claimedBy: string | null;
  countersignedBy: string | null;
  bond: bigint;
  basisPointFee: bigint;
  designatedProver: string | null;
  windows: {
    claimOpens: bigint;
    priorityEnds: bigint;
    claimCloses: bigint;
    proofDeadline: bigint;
    finalDeadline: bigint;
  };
  awaitingProof: boolean;
  seed: string | null;
  claim: {
    prover: string;
    proposer: string;
    designated: boolean;
    basisPointFee: bigint;
    bond: bigint;
    tx: string;
  } | null;
  proven: { prover: string; beneficiary: string; proverFee: bigint; rewards: bigint; tx: string } | null;
  slash: { prover: string; rescuer: string; rescued: bigint; burned: bigint; tx: string } | null;
}

/** A worker payout distribution. */
export interface PayoutView {
  epoch: bigint;
  operator: string;
  total: bigint;
  payees: { worker: string; amount: bigint; claimed: boolean }[];
  tx: string;
}

/** Gas of one operation (contract function) over the run. */
export interface GasRow {
  operation: string;
  count: number;
  mean: number;
  min: number;
  max: number;
}

/** Everything the page shows from the chain. */
export interface ChainState {
  /** The rollup's prover mechanism, as the rollup says (`connectRollup`). */
  mechanism: Mechanism;
  params: { genesisTime: bigint; slotDuration: bigint; epochSlots: bigint };
  token: { symbol: string; decimals: number };
  head: { blockNumber: number; timestamp: number; slot: bigint; epoch: bigint };
  tips: { provenBlock: bigint; pendingBlock: bigint };
  slots: SlotLottery[];
  weights: Map<string, EpochWeights>;
  wins: WinsSeries;
  blocks: BlockView[];
  /** A Sidecar rollup's epochs (claims, bonds); empty for a Cooperative one. */
  epochs: EpochView[];
  /** A Cooperative rollup's proving; null for a Sidecar one. */
  cooperative: CooperativeState | null;
  payouts: PayoutView[];
  gas: GasRow[];
  /** When this state was read (unix ms). */
  readAt: number;
  /** A token amount with at most `digits` decimals (default 2), e.g. `12.5 STK`. */
  tokens(amount: bigint, digits?: number): string;
}

/** A token amount with at most `digits` decimals and thousands separators. */
function formatTokens(amount: bigint, token: { symbol: string; decimals: number }, digits = 2): string {
  const [whole, fraction = ""] = formatUnits(amount, token.decimals).split(".");
  const trimmed = fraction.slice(0, digits).replace(/0+$/, "");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${grouped}${trimmed ? `.${trimmed}` : ""}${token.symbol ? ` ${token.symbol}` : ""}`;
}

/** What `client.coordinator.getEpochStatus` answers. */
type EpochStatusView = Awaited<ReturnType<BlockageClient["coordinator"]["getEpochStatus"]>>;

/** How much the page shows. */
const SHOWN_SLOTS = 14;
const SHOWN_BLOCKS = 24;
/** Of which proven ones, when the pending chain is long. */
const PROVEN_BLOCKS_SHOWN = 4;
const SHOWN_EPOCHS = 6;
/** Blocks whose transactions are scanned for gas per refresh (the rest follow in later refreshes). */
const GAS_BLOCKS_PER_REFRESH = 400;
const LOG_RANGE = 5000;

const lower = (s: string) => s.toLowerCase();
const ZERO_PID = `0x${"0".repeat(64)}`;

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

/** Reads the chain for the page; one instance per page, refreshed whenever the chain's head moves. */
export class ChainReader {
  readonly client: BlockageClient;
  private readonly provider: JsonRpcProvider;
  private readonly fromBlock: number;
  private params: ChainState["params"] | null = null;
  private mechanism: Mechanism = "sidecar";
  /** A Cooperative rollup's reader; null for a Sidecar one. */
  private cooperative: CooperativeReader | null = null;
  private token: ChainState["token"] = { symbol: "", decimals: 18 };
  private scannedTo: number;
  private gasScannedTo: number;
  private readonly proposals = new Map<
    string,
    { pid: string; raceTime: bigint; blockNumber: bigint; replacedPid: string; txHash: string; order: number }[]
  >();
  private readonly blockOf = new Map<string, { slot: bigint; pid: string }>();
  private readonly seeds = new Map<string, string>();
  private readonly claims = new Map<string, EpochView["claim"]>();
  private readonly proofs = new Map<string, EpochView["proven"]>();
  private readonly slashes = new Map<string, EpochView["slash"]>();
  private readonly payouts: PayoutView[] = [];
  private readonly claimedPayouts = new Set<string>();
  private readonly weights = new Map<string, EpochWeights>();
  private readonly finalBlocks = new Map<string, BlockView>();
  private readonly stages = new Map<string, { key: string; at: number; view: BlockView }>();
  private readonly epochStatuses = new Map<string, { key: string; status: EpochStatusView }>();
  /** Coordinator events read so far (claims, proofs, slashes): an epoch's status is read again when it grows. */
  private coordinatorEvents = 0;
  private readonly gas = new Map<string, number[]>();
  private readonly protocol = new Map<string, Interface>();
  private order = 0;

  constructor(config: DashboardConfig, rpcUrl: string) {
    this.provider = new JsonRpcProvider(rpcUrl, Network.from(BigInt(config.chainId)), {
      staticNetwork: true,
      batchMaxCount: 50,
      cacheTimeout: -1,
    });
    this.client = createBlockageClient({
      runner: this.provider,
      deployment: config.deployment as BlockageDeployment,
    });
    this.fromBlock = config.fromBlock;
    this.scannedTo = config.fromBlock - 1;
    this.gasScannedTo = config.fromBlock - 1;
  }

  /** Stops the provider (no more requests). */
  destroy(): void {
    this.provider.destroy();
  }

  private async init(): Promise<void> {
    const { beacon, stakeToken, rollup, registry, lottery } = this.client.contracts;
    const [genesisTime, slotDuration, epochSlots, symbol, decimals, connected] = await Promise.all([
      beacon.genesisTime(),
      beacon.slotDuration(),
      beacon.epochSlots(),
      stakeToken.symbol().catch(() => ""),
      stakeToken.decimals().catch(() => 18n),
      rollup.getAddress().then((address) => connectRollup(address, this.provider)),
    ]);
    this.token = { symbol, decimals: Number(decimals) };
    this.mechanism = connected.mechanism;
    if (connected.mechanism === "cooperative") {
      // The coordinator the rollup names: a deployment given as explicit addresses may call it `coordinator`.
      const client = createBlockageClient({
        runner: this.provider,
        deployment: { ...this.client.addresses, cooperativeCoordinator: connected.addresses.CooperativeCoordinator },
      });
      this.cooperative = new CooperativeReader(client, { epochSlots, fromBlock: this.fromBlock });
    }
    const coordinator =
      connected.mechanism === "open-race"
        ? connected.openRaceCoordinator
        : (this.cooperative?.coordinator ?? this.client.contracts.coordinator);
    const contracts = [rollup, coordinator, registry, beacon, stakeToken, lottery, this.payoutDistributor()];
    for (const c of contracts) if (c !== null) this.protocol.set(lower(await c.getAddress()), c.interface);
    // Last: a refresh reads the chain only once everything above is set (a failed init is tried again whole).
    this.params = { genesisTime, slotDuration, epochSlots };
  }

  /** The payout distributor, when the deployment has one. */
  private payoutDistributor() {
    return this.client.addresses.payoutDistributor === undefined ? null : this.client.contracts.payoutDistributor;
  }

  /** Reads new logs up to `head` into the caches. */
  private async readLogs(head: number): Promise<void> {
    const { rollup, registry } = this.client.contracts;
    // A Sidecar rollup's coordinator: claims, proofs and slashes (a Cooperative one's events are its reader's).
    const coordinator = this.mechanism === "sidecar" ? this.client.contracts.coordinator : null;
    const payoutDistributor = this.payoutDistributor();
    for (let from = this.scannedTo + 1; from <= head; from += LOG_RANGE) {
      const to = Math.min(head, from + LOG_RANGE - 1);
      const [proposed, starts, claimed, proven, slashed, published, paid] = await Promise.all([
        rollup.queryFilter(rollup.filters.BlockProposed(), from, to),
        registry.queryFilter(registry.filters.EpochStart(), from, to),
        coordinator ? coordinator.queryFilter(coordinator.filters.ProofRightClaimed(), from, to) : [],
        coordinator ? coordinator.queryFilter(coordinator.filters.EpochProven(), from, to) : [],
        coordinator ? coordinator.queryFilter(coordinator.filters.BondSlashed(), from, to) : [],
        payoutDistributor ? payoutDistributor.queryFilter(payoutDistributor.filters.PayoutPublished(), from, to) : [],
        payoutDistributor ? payoutDistributor.queryFilter(payoutDistributor.filters.PayoutClaimed(), from, to) : [],
        this.cooperative?.readLogs(from, to),
      ]);
      const byPosition = (a: Log, b: Log) => a.blockNumber - b.blockNumber || a.index - b.index;
      for (const e of [...proposed].sort(byPosition)) {
        const slot = e.args.slot.toString();
        const list = this.proposals.get(slot) ?? [];
        list.push({
          pid: lower(e.args.pid),
          raceTime: e.args.raceTime,
          blockNumber: e.args.blockNumber,
          replacedPid: lower(e.args.replacedPid),
          txHash: e.transactionHash,
          order: this.order++,
        });
        this.proposals.set(slot, list);
        this.blockOf.set(e.args.blockNumber.toString(), { slot: e.args.slot, pid: lower(e.args.pid) });
        this.cooperative?.observeProposal({
          blockNumber: e.args.blockNumber,
          slot: e.args.slot,
          pid: lower(e.args.pid),
          headerHash: lower(e.args.headerHash),
        });
      }
      for (const e of starts) this.seeds.set(e.args.epoch.toString(), e.args.seed);
      this.coordinatorEvents += claimed.length + proven.length + slashed.length;
      for (const e of claimed) {
        this.claims.set(e.args.epoch.toString(), {
          prover: e.args.prover,
          proposer: e.args.proposer,
          designated: e.args.designated,
          basisPointFee: e.args.basisPointFee,
          bond: e.args.bond,
          tx: e.transactionHash,
        });
      }
      for (const e of proven) {
        this.proofs.set(e.args.epoch.toString(), {
          prover: e.args.prover,
          beneficiary: e.args.beneficiary,
          proverFee: e.args.proverFee,
          rewards: e.args.rewards,
          tx: e.transactionHash,
        });
      }
      for (const e of slashed) {
        this.slashes.set(e.args.epoch.toString(), {
          prover: e.args.prover,
          rescuer: e.args.rescuer,
          rescued: e.args.rescued,
          burned: e.args.burned,
          tx: e.transactionHash,
        });
      }
      for (const e of paid)
        this.claimedPayouts.add(`${lower(e.args.operator)}/${e.args.epoch}/${lower(e.args.worker)}`);
      for (const e of published) {
        this.payouts.push({
          epoch: e.args.epoch,
          operator: e.args.operator,
          total: e.args.total,
          payees: e.args.payees.map((p) => ({ worker: p.worker, amount: p.amount, claimed: false })),
          tx: e.transactionHash,
        });
      }
      this.scannedTo = to;
    }
    for (const p of this.payouts) {
      for (const payee of p.payees) {
        payee.claimed = this.claimedPayouts.has(`${lower(p.operator)}/${p.epoch}/${lower(payee.worker)}`);
      }
    }
  }

  /** The sequencer lottery's weights of an epoch (fixed once the epoch's inputs are: read once). */
  private async epochWeights(epoch: bigint): Promise<EpochWeights | null> {
    const cached = this.weights.get(epoch.toString());
    if (cached !== undefined) return cached;
    const w = await this.client.lottery
      .getActiveSetWeight({ epoch, role: "sequencer", fromBlock: this.fromBlock })
      .catch(() => null);
    if (w === null) return null;
    const nodes = new Map<string, { weight: bigint; share: number }>();
    for (const n of w.nodes) {
      const share = w.totalWeight === 0n ? 0 : Number((n.weight * 1_000_000n) / w.totalWeight) / 1_000_000;
      nodes.set(lower(n.pid), { weight: n.weight, share });
    }
    const weights = { epoch, totalWeight: w.totalWeight, nodes };
    this.weights.set(epoch.toString(), weights);
    return weights;
  }

  /** Gas of the protocol's transactions in blocks not scanned yet (bounded per refresh). */
  private async scanGas(head: number): Promise<void> {
    const last = Math.min(head, this.gasScannedTo + GAS_BLOCKS_PER_REFRESH);
    const numbers: number[] = [];
    for (let n = this.gasScannedTo + 1; n <= last; n++) numbers.push(n);
    const blocks = await inBatches(numbers, 50, (n) => this.provider.getBlock(n, true));
    const calls: { hash: string; name: string }[] = [];
    for (const block of blocks) {
      for (const tx of block?.prefetchedTransactions ?? []) {
        const iface = tx.to ? this.protocol.get(lower(tx.to)) : undefined;
        const parsed = iface?.parseTransaction({ data: tx.data });
        if (parsed) calls.push({ hash: tx.hash, name: parsed.name });
      }
    }
    const receipts = await inBatches(calls, 50, (c) => this.provider.getTransactionReceipt(c.hash));
    receipts.forEach((r, i) => {
      if (r?.status === 1) {
        const list = this.gas.get(calls[i]!.name) ?? [];
        list.push(Number(r.gasUsed));
        this.gas.set(calls[i]!.name, list);
      }
    });
    this.gasScannedTo = last;
  }

  /**
   * Reads what changed up to the chain's `head` (the feed's) and returns the whole state.
   *
   * @param headBlock - The latest block number known to the feed.
   */
  async refresh(headBlock: number): Promise<ChainState> {
    if (this.params === null) await this.init();
    const { genesisTime, slotDuration, epochSlots } = this.params!;
    const { rollup } = this.client.contracts;
    const latest = await this.provider.getBlock(Math.max(headBlock, 0));
    const head = latest?.number ?? headBlock;
    const timestamp = latest?.timestamp ?? 0;
    await this.readLogs(head);
    const slotNow = BigInt(timestamp) >= genesisTime ? (BigInt(timestamp) - genesisTime) / slotDuration : 0n;
    const epochNow = slotNow / epochSlots;

    // Weights of every epoch with a proposal, and the current one's (the nodes' chances now).
    const epochsWithBlocks = [...new Set([...this.proposals.keys()].map((s) => BigInt(s) / epochSlots))];
    for (const e of [...epochsWithBlocks, epochNow]) await this.epochWeights(e);

    // Slots: the most recent ones, with or without entries.
    const slots: SlotLottery[] = [];
    for (let s = slotNow; s >= 0n && slots.length < SHOWN_SLOTS; s--) {
      const list = this.proposals.get(s.toString()) ?? [];
      const weights = this.weights.get((s / epochSlots).toString());
      const entries = [...list]
        .sort((a, b) => a.order - b.order)
        .map((p) => {
          const own = weights?.nodes.get(p.pid)?.weight;
          let pWin: number | null = null;
          if (own !== undefined && weights !== undefined && weights.totalWeight >= own) {
            try {
              pWin = winProbability(p.raceTime, own, weights.totalWeight);
            } catch {
              pWin = null;
            }
          }
          return {
            pid: p.pid,
            raceTime: p.raceTime,
            blockNumber: p.blockNumber,
            winProbability: pWin,
            replacedPid: p.replacedPid === ZERO_PID ? null : p.replacedPid,
            txHash: p.txHash,
          };
        });
      slots.push({ slot: s, epoch: s / epochSlots, entries, winner: entries.at(-1)?.pid ?? null });
    }

    // Wins against the expected share, slot by slot over the run.
    const wins: WinsSeries = { slots: [], wins: new Map(), expected: new Map() };
    const won = new Map<string, number>();
    const expected = new Map<string, number>();
    const slotNumbers = [...this.proposals.keys()].map(BigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const s of slotNumbers) {
      const list = this.proposals.get(s.toString())!;
      const winner = [...list].sort((a, b) => a.order - b.order).at(-1)!.pid;
      won.set(winner, (won.get(winner) ?? 0) + 1);
      const weights = this.weights.get((s / epochSlots).toString());
      for (const [pid, { share }] of weights?.nodes ?? []) expected.set(pid, (expected.get(pid) ?? 0) + share);
      wins.slots.push(Number(s));
      for (const pid of new Set([...won.keys(), ...expected.keys()])) {
        if (!wins.wins.has(pid)) {
          wins.wins.set(pid, new Array(wins.slots.length - 1).fill(0));
          wins.expected.set(pid, new Array(wins.slots.length - 1).fill(0));
        }
      }
      for (const pid of wins.wins.keys()) {
        wins.wins.get(pid)!.push(won.get(pid) ?? 0);
        wins.expected.get(pid)!.push(expected.get(pid) ?? 0);
      }
    }

    // Epochs (Sidecar): the most recent ones with their claims, deadlines and outcomes.
    const epochs: EpochView[] = [];
    for (let e = epochNow; this.mechanism === "sidecar" && e >= 0n && epochs.length < SHOWN_EPOCHS; e--) {
      const key = e.toString();
      // An epoch's status moves with the slot and with the coordinator's events: read again only then.
      const statusKey = `${slotNow}/${this.coordinatorEvents}`;
      const cachedStatus = this.epochStatuses.get(key);
      const s =
        cachedStatus !== undefined && cachedStatus.key === statusKey
          ? cachedStatus.status
          : await this.client.coordinator.getEpochStatus({ epoch: e });
      this.epochStatuses.set(key, { key: statusKey, status: s });
      const claim = this.claims.get(key) ?? null;
      const proven = this.proofs.get(key) ?? null;
      const view: EpochView = {
        epoch: e,
        phase: s.phase,
        claimedBy: s.claimedBy,
        countersignedBy: s.countersignedBy,
        bond: s.bond,
        basisPointFee: s.basisPointFee,
        designatedProver: s.designatedProver,
        windows: s.windows,
        awaitingProof: s.awaitingProof,
        seed: this.seeds.get(key) ?? null,
        claim,
        proven,
        slash: this.slashes.get(key) ?? null,
      };
      epochs.push(view);
    }

    // The pending chain: the last proven blocks and the latest pending ones, each with its confirmation stage. A
    // block's stage is read again only when what decides it may have moved (the proven tip, its epoch's phase, the
    // end of its slot) or every 10 s; a proven and final block stays at 7.
    const tips = await rollup.tips();
    // Cooperative proving: the most recent epochs with their blocks' kept proofs, windows and settlements.
    const cooperative =
      this.cooperative === null
        ? null
        : await this.cooperative.refresh({ slot: slotNow, epoch: epochNow, tips, shown: SHOWN_EPOCHS });
    const numbers: bigint[] = [];
    const firstPending = tips.pendingBlock - BigInt(SHOWN_BLOCKS - PROVEN_BLOCKS_SHOWN) + 1n;
    for (let n = tips.provenBlock - BigInt(PROVEN_BLOCKS_SHOWN) + 1n; n <= tips.provenBlock; n++) {
      if (n >= 1n && n < firstPending) numbers.push(n);
    }
    for (let n = firstPending > 1n ? firstPending : 1n; n <= tips.pendingBlock; n++) numbers.push(n);
    const phaseOf = new Map<string, string>([
      ...epochs.map((e) => [e.epoch.toString(), e.phase] as const),
      ...(cooperative?.epochs ?? []).map((e) => [e.epoch.toString(), e.phase] as const),
    ]);
    // A Cooperative block's stage also moves as its chunks get kept proofs (4: every chunk holds one).
    const provenChunksOf = new Map(
      (cooperative?.epochs ?? []).flatMap((e) => e.blocks.map((b) => [b.number.toString(), b.provenChunks] as const)),
    );
    const blocks = await inBatches(numbers, 6, async (n): Promise<BlockView> => {
      const final = this.finalBlocks.get(n.toString());
      if (final !== undefined) return final;
      const known = this.blockOf.get(n.toString());
      const epoch = known ? known.slot / epochSlots : null;
      const key = [
        tips.provenBlock,
        known?.pid,
        epoch === null ? "?" : phaseOf.get(epoch.toString()),
        known ? slotNow > known.slot : "?",
        provenChunksOf.get(n.toString()) ?? "-",
      ].join("/");
      const cached = this.stages.get(n.toString());
      if (cached !== undefined && cached.key === key && Date.now() - cached.at < 10_000) return cached.view;
      const c = await this.client.rollup
        .getConfirmation({ blockNumber: n, fromBlock: this.fromBlock })
        .catch((error: Error) => ({ stage: 0, name: "unknown", detail: error.message, epoch: null }));
      const view: BlockView = {
        number: n,
        slot: known?.slot ?? null,
        epoch: c.epoch ?? epoch,
        pid: known?.pid ?? null,
        stage: c.stage,
        stageName: c.name,
        detail: c.detail,
      };
      if (c.stage === 7) this.finalBlocks.set(n.toString(), view);
      else this.stages.set(n.toString(), { key, at: Date.now(), view });
      return view;
    });

    await this.scanGas(head);
    const gas: GasRow[] = [...this.gas.entries()]
      .map(([operation, list]) => ({
        operation,
        count: list.length,
        mean: Math.round(list.reduce((a, b) => a + b, 0) / list.length),
        min: Math.min(...list),
        max: Math.max(...list),
      }))
      .sort((a, b) => a.operation.localeCompare(b.operation));

    return {
      mechanism: this.mechanism,
      params: this.params!,
      token: this.token,
      head: { blockNumber: head, timestamp, slot: slotNow, epoch: epochNow },
      tips: { provenBlock: tips.provenBlock, pendingBlock: tips.pendingBlock },
      slots,
      weights: this.weights,
      wins,
      blocks,
      epochs,
      cooperative,
      payouts: [...this.payouts].sort((a, b) => (a.epoch < b.epoch ? 1 : a.epoch > b.epoch ? -1 : 0)),
      gas,
      readAt: Date.now(),
      tokens: (amount, digits) => formatTokens(amount, this.token, digits),
    };
  }
}
