// The main job's conductor: starts the nodes and workers as real processes, moves the chain's clock one slot at a
// time (each slot lasts until every live node has done its duties in it, and at least --slot-ms), plays the proving
// marketplaces that bid through the nodes' JSON-RPC (seed 003's submitEpochProofBid), silences one claimant for the
// backup scenario, and turns the nodes' logs into the timeline.
import path from "node:path";
import { formatEther } from "ethers";
import { startProcess, type Proc } from "../processes";
import type { Mechanism, Stage, StagedNode } from "./setup";
import { freePort } from "../local-chain";
import { SHOWN_EVENTS, type Timeline } from "./timeline";
import { seededInt } from "./setup";

/** The `blockage` CLI: the nodes run as `blockage node start …`. */
export const NODE_BIN = path.resolve(__dirname, "..", "..", "packages", "cli", "bin", "blockage.js");
export const WORKER_BIN = path.resolve(__dirname, "..", "..", "packages", "prover-worker", "bin", "blockage-worker.js");

export interface RunningNode {
  staged: StagedNode;
  proc: Proc;
  url: string;
  jdPort: number | null;
  alive: boolean;
  /** Bytes of its output already read into the timeline. */
  read: number;
  events: NodeEvent[];
}

export interface NodeEvent {
  node: string;
  event: string;
  level: string;
  message: string;
  fields: Record<string, unknown>;
  slot: bigint | null;
}

export interface ConductOptions {
  epochs: number;
  happyPath: boolean;
  mechanism: Mechanism;
  seed: string;
  slotMs: number;
  timeline: Timeline;
  nodeArgs: (n: StagedNode) => string[];
}

export interface RunResult {
  firstEpoch: bigint;
  lastEpoch: bigint;
  silenced: { node: string; epoch: bigint } | null;
  /**
   * The open race's stall: the provers' workers stopped at `fromSlot` and were started again when the fallback's first
   * turn began (`turnSlot`), its prover `turnProver` (place `turnPosition` of epoch `epoch`'s turn order).
   */
  stall: {
    fromSlot: bigint;
    turnSlot: bigint | null;
    epoch: bigint | null;
    turnProver: string | null;
    /** Which of the epoch's turns (0: the first) the conductor found running when it saw the stall's first turn. */
    turnPosition: number | null;
  } | null;
  events: NodeEvent[];
  startBlock: number;
  endBlock: number;
  slots: number;
  failure: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One JSON-RPC call to a node. */
export async function nodeCall(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
  if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code });
  return body.result;
}

export class Conductor {
  readonly nodes: RunningNode[] = [];
  readonly workers: Proc[] = [];
  /** Workers stopped during the run (the open race's stall), kept for their logs. */
  private readonly stoppedWorkers: Proc[] = [];
  private slot = 0n;

  constructor(
    private readonly stage: Stage,
    private readonly options: ConductOptions,
  ) {}

  private get timeline(): Timeline {
    return this.options.timeline;
  }

  /** Starts every node (the first one alone, then the others at once with it as their gossip bootstrap) and the workers. */
  async startNodes(): Promise<void> {
    const [first, ...rest] = this.stage.nodes;
    const status = (await this.startNode(first!, [])) as { gossip?: { multiaddrs?: string[] } | null };
    const bootstrap = status.gossip?.multiaddrs?.slice(0, 1) ?? [];
    await Promise.all(rest.map((staged) => this.startNode(staged, bootstrap)));
    this.nodes.sort((a, b) => a.staged.index - b.staged.index);
    this.startWorkers();
  }

  /** Starts every prover's workers (`blockage-worker start` on its node's job distributor). */
  private startWorkers(): void {
    for (const w of this.stage.workers) {
      const node = this.nodes.find((n) => n.staged.index === w.node)!;
      this.workers.push(
        startProcess(
          w.name,
          WORKER_BIN,
          ["start", "--jd", `ws://127.0.0.1:${node.jdPort}`, "--key-file", w.keyFile, "--json"],
          this.stage.runDir,
        ),
      );
    }
  }

  /** Starts one node process and waits until its JSON-RPC answers; returns its status. */
  private async startNode(staged: StagedNode, bootstrap: string[]): Promise<unknown> {
    const port = await freePort();
    const jdPort = staged.proves ? await freePort() : null;
    const args = [
      "node",
      "start",
      "--rpc",
      this.stage.chain.url,
      "--key-file",
      staged.operatorKeyFile,
      "--node-keys",
      staged.keysFile,
      "--port",
      String(port),
      "--data-dir",
      path.join(this.stage.runDir, "data", staged.name),
      "--json",
      ...(staged.proves
        ? [...(staged.proverKeyFile ? ["--prover-key-file", staged.proverKeyFile] : []), "--jd-port", String(jdPort)]
        : ["--no-prover"]),
      ...bootstrap.flatMap((b) => ["--bootstrap", b]),
      ...this.options.nodeArgs(staged),
    ];
    const proc = startProcess(staged.name, NODE_BIN, args, this.stage.runDir);
    const node: RunningNode = {
      staged,
      proc,
      url: `http://127.0.0.1:${port}`,
      jdPort,
      alive: true,
      read: 0,
      events: [],
    };
    this.nodes.push(node);
    return this.waitForNode(node);
  }

  private async waitForNode(node: RunningNode): Promise<unknown> {
    const until = Date.now() + 60_000;
    for (;;) {
      if (node.proc.child.exitCode !== null || node.proc.child.signalCode !== null) {
        throw new Error(`${node.staged.name} exited: ${node.proc.output.trim().split("\n").slice(-2).join(" ")}`);
      }
      try {
        return await nodeCall(node.url, "blockage_nodeStatus");
      } catch {
        if (Date.now() > until) throw new Error(`${node.staged.name} did not answer on ${node.url} within 60 s`);
        await sleep(200);
      }
    }
  }

  /** Reads the nodes' new log lines into events and the timeline. */
  drainLogs(): NodeEvent[] {
    const fresh: NodeEvent[] = [];
    for (const node of this.nodes) {
      const text = node.proc.output;
      const end = text.lastIndexOf("\n") + 1;
      if (end <= node.read) continue;
      const lines = text.slice(node.read, end).split("\n");
      node.read = end;
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line);
        } catch {
          continue;
        }
        const { time, level, event, message, ...fields } = entry;
        void time;
        const slot = typeof fields.slot === "string" || typeof fields.slot === "number" ? BigInt(fields.slot) : null;
        const e: NodeEvent = {
          node: node.staged.name,
          event: String(event),
          level: String(level),
          message: String(message),
          fields,
          slot,
        };
        node.events.push(e);
        fresh.push(e);
        const colour = SHOWN_EVENTS[e.event];
        if (colour !== undefined || e.level === "error" || e.level === "warn") {
          this.timeline.line(this.slot, e.node, e.message, colour ?? (e.level === "error" ? "red" : "yellow"));
        }
      }
    }
    return fresh;
  }

  /** Moves the chain's clock to the start of `slot` (never backwards) and mines a block there. */
  private async enterSlot(slot: bigint): Promise<void> {
    const { provider, beacon } = this.stage;
    const start = Number((await beacon.genesisTime()) + slot * (await beacon.slotDuration()));
    const latest = (await provider.getBlock("latest"))!.timestamp;
    if (latest < start) await provider.send("evm_setNextBlockTimestamp", [start]);
    await provider.send("evm_mine", []);
    this.slot = slot;
  }

  /** Waits until every live node has finished its duties in the current slot and has nothing in flight. */
  private async barrier(slot: bigint, minMs: number): Promise<void> {
    const started = Date.now();
    let quiet = 0;
    while (Date.now() - started < 60_000) {
      const statuses = await Promise.all(
        this.nodes
          .filter((n) => n.alive)
          .map((n) =>
            nodeCall(n.url, "blockage_nodeStatus").then(
              (s) => s as { handledSlot: string; busy: boolean },
              () => ({ handledSlot: "-1", busy: true }),
            ),
          ),
      );
      const done = statuses.every((s) => BigInt(s.handledSlot) >= slot && !s.busy);
      quiet = done ? quiet + 1 : 0;
      this.drainLogs();
      if (quiet >= 2 && Date.now() - started >= minMs) return;
      await sleep(100);
    }
    this.timeline.line(slot, "conductor", "some node did not finish its slot within 60 s; moving on", "yellow");
  }

  /** The marketplaces behind the prover nodes bid for the epoch whose claim window opens (all but the first node). */
  private async marketplaceBids(epoch: bigint): Promise<void> {
    if (this.options.mechanism !== "sidecar") return; // no quotes: the other mechanisms have no claims
    for (const node of this.nodes.filter((n) => n.alive && n.staged.prover !== null && n.staged.index > 0)) {
      const fee = 1000 + 100 * seededInt(this.options.seed, `fee/${epoch}/${node.staged.index}`, 20);
      try {
        await nodeCall(node.url, "submitEpochProofBid", [Number(epoch), fee]);
      } catch (error) {
        const { code, message } = error as { code?: number; message: string };
        this.timeline.line(
          this.slot,
          node.staged.name,
          `bid for epoch ${epoch} refused (${code}: ${message})`,
          "yellow",
        );
      }
    }
  }

  /** Proving progress of the epochs being proven, from the provers' job distributors. */
  private async progress(): Promise<void> {
    if (!this.timeline.colour) return;
    const parts: string[] = [];
    for (const node of this.nodes.filter((n) => n.alive && n.jdPort !== null)) {
      const status = (await nodeCall(node.url, "blockage_jdStatus").catch(() => null)) as {
        epochs?: { epoch: string; status: string; chunks: number; done: number }[];
      } | null;
      for (const e of status?.epochs ?? []) {
        if (e.status === "proving") parts.push(`${node.staged.name} epoch ${e.epoch}: ${e.done}/${e.chunks} chunks`);
      }
    }
    if (parts.length > 0) this.timeline.progress(`  proving … ${parts.join(" · ")}`);
  }

  /** Runs the epochs. */
  async run(): Promise<RunResult> {
    const { registry, provider } = this.stage;
    const { contractAt } = await import("@blockage/client");
    const coordinator =
      this.options.happyPath || this.options.mechanism !== "sidecar"
        ? null
        : contractAt("ProverCoordinator", this.stage.addresses.ProverCoordinator!, provider);
    const openRace =
      this.options.mechanism === "open-race"
        ? contractAt("OpenRaceCoordinator", this.stage.addresses.OpenRaceCoordinator!, provider)
        : null;
    const epochSlots = await this.stage.beacon.epochSlots();
    const provingWindow =
      this.options.mechanism === "cooperative"
        ? (await contractAt("CooperativeCoordinator", this.stage.addresses.CooperativeCoordinator!, provider).config())
            .provingWindowSlots
        : null;
    const firstEpoch = (await registry.currentEpoch()) + 1n;
    const lastEpoch = firstEpoch + BigInt(this.options.epochs) - 1n;
    const startBlock = await provider.getBlockNumber();
    let silenced: RunResult["silenced"] = null;
    let stall: RunResult["stall"] = null;
    // The open race's stall: the workers stop in the second epoch (or a few slots into a single one).
    const stallSlot =
      openRace !== null && !this.options.happyPath
        ? firstEpoch * epochSlots + (lastEpoch > firstEpoch ? epochSlots : 4n)
        : null;
    let failure: string | null = null;
    const maxSlot = (lastEpoch + 1n) * epochSlots + 48n + epochSlots;
    let slot = firstEpoch * epochSlots;
    let grace = 0;
    this.timeline.heading(
      `epochs ${firstEpoch}–${lastEpoch}: ${this.nodes.length} nodes, ${this.workers.length} workers`,
    );
    for (; slot <= maxSlot; slot++) {
      await this.enterSlot(slot);
      const epoch = slot / epochSlots;
      if (slot % epochSlots === 0n) {
        const events = await registry.queryFilter(registry.filters.EpochStart(epoch), startBlock);
        const seed = events[0]?.args.seed;
        const fee = openRace === null ? null : await openRace.provingBaseFee();
        this.timeline.heading(
          `epoch ${epoch}${seed ? ` (seed ${seed.slice(0, 10)}…)` : ""}${fee === null ? "" : `, proving base fee ${formatEther(fee)} per tx`}`,
        );
      }
      if (slot % epochSlots === 0n && epoch - 1n >= firstEpoch && epoch - 1n <= lastEpoch) {
        await this.marketplaceBids(epoch - 1n);
      }
      await this.barrier(slot, this.options.slotMs);
      await this.progress();
      // Cooperative: the last slot of an epoch's proving window waits for the provers' workers, so that every chunk
      // they took on is proven before the nodes' last chance to submit (a 2-core machine proves a few chunks a second).
      if (provingWindow !== null && slot >= epochSlots) {
        const epoch = (slot + 2n - provingWindow) / epochSlots - 1n;
        if ((epoch + 1n) * epochSlots + provingWindow - 2n === slot) await this.chunksProven(epoch);
      }
      // The backup scenario: the first claimant of an epoch after the first goes silent (kill -9) right after its
      // claim; another prover rescues the epoch in the open race once the proof deadline passes, and the bond is
      // slashed.
      if (coordinator !== null && silenced === null) {
        const target = firstEpoch < lastEpoch ? firstEpoch + 1n : firstEpoch;
        for (let e = target; e <= lastEpoch && e < epoch && silenced === null; e++) {
          const claim = await coordinator.epochClaim(e);
          if (claim.prover === "0x0000000000000000000000000000000000000000") continue;
          const node = this.nodes.find(
            (n) =>
              n.alive &&
              [n.staged.operator.address, n.staged.prover?.address].some(
                (a) => a?.toLowerCase() === claim.prover.toLowerCase(),
              ),
          );
          if (node === undefined) continue;
          await node.proc.kill9();
          node.alive = false;
          silenced = { node: node.staged.name, epoch: e };
          this.timeline.line(slot, node.staged.name, `goes silent (kill -9) holding epoch ${e}'s claim`, "red");
        }
      }
      if (openRace !== null && stallSlot !== null) stall = await this.stallScenario(slot, stallSlot, stall, openRace);
      const dead = this.nodes.find(
        (n) => n.alive && (n.proc.child.exitCode !== null || n.proc.child.signalCode !== null),
      );
      if (dead) {
        failure = `${dead.staged.name} exited: ${dead.proc.output.trim().split("\n").slice(-1)[0] ?? ""}`;
        break;
      }
      // Once everything is proven, two more slots for the payouts and withdrawals that follow the last proof.
      const reserved = openRace === null ? 0n : await openRace.totalReserved();
      if (
        slot > (lastEpoch + 1n) * epochSlots &&
        reserved === 0n &&
        (stall === null || stall.turnSlot !== null) &&
        (await this.settled(lastEpoch, epochSlots))
      ) {
        if (++grace > 2) break;
      }
    }
    this.drainLogs();
    this.timeline.end();
    if (failure === null && slot > maxSlot) failure = `the epochs were not all proven by slot ${maxSlot}`;
    return {
      firstEpoch,
      lastEpoch,
      silenced,
      stall,
      events: this.nodes.flatMap((n) => n.events),
      startBlock,
      endBlock: await provider.getBlockNumber(),
      slots: Number((slot > maxSlot ? maxSlot : slot) - firstEpoch * epochSlots + 1n),
      failure,
    };
  }

  /**
   * The open race's stall, slot by slot: at `stallSlot` the provers' workers stop (nothing more gets proven); when the
   * idle period has passed and the fallback's first turn begins, they start again and the conductor holds the clock in
   * the turn's first slot until the turn prover's job distributor has proven what it took on, so that it updates in its
   * exclusive turn (the next slot).
   */
  private async stallScenario(
    slot: bigint,
    stallSlot: bigint,
    stall: RunResult["stall"],
    openRace: import("@blockage/client").OpenRaceCoordinator,
  ): Promise<RunResult["stall"]> {
    if (stall === null) {
      if (slot < stallSlot) return null;
      await Promise.all(this.workers.map((w) => w.stop(5_000)));
      this.timeline.line(slot, "conductor", "the provers' workers stop: nothing more is proven (a stall)", "red");
      return { fromSlot: slot, turnSlot: null, epoch: null, turnProver: null, turnPosition: null };
    }
    if (stall.turnSlot !== null) return stall;
    // The turn prover and the stalled epoch read at one block: an update landing between two reads would otherwise
    // pair this turn's prover with the next epoch's turn order.
    const blockTag = await this.stage.provider.getBlockNumber();
    const right = await openRace.proofRight({ blockTag });
    if (/^0x0+$/.test(right.turnProver)) return stall;
    const tips = await openRace.rollup().then(async (r) => {
      const { contractAt } = await import("@blockage/client");
      return contractAt("Rollup", r, this.stage.provider).tips({ blockTag });
    });
    const epoch = tips.oldestUnprovenSlot / (await this.stage.beacon.epochSlots());
    // The turns may have begun before the workers stopped (the idle period counts from the last update): the turn
    // running now is not always the first.
    const { idlePeriod, turnPeriod } = await openRace.config({ blockTag });
    const turnPosition = Number((right.turnEndsAt - right.stallStart - idlePeriod) / turnPeriod - 1n);
    const node = this.nodes.find((n) => n.staged.operator.address.toLowerCase() === right.turnProver.toLowerCase());
    this.timeline.line(
      slot,
      "conductor",
      `the idle period has passed: ${node?.staged.name ?? right.turnProver}'s turn (place ${turnPosition + 1} of epoch ${epoch}'s turn order); the workers start again`,
      "yellow",
    );
    this.stoppedWorkers.push(...this.workers.splice(0));
    this.startWorkers();
    if (node !== undefined) await this.jdIdle(node);
    return { ...stall, turnSlot: slot, epoch, turnProver: right.turnProver, turnPosition };
  }

  /** Waits (at most 90 s) until `node`'s job distributor has no chunk job open. */
  private async jdIdle(node: RunningNode): Promise<void> {
    const until = Date.now() + 90_000;
    while (Date.now() < until) {
      const status = (await nodeCall(node.url, "blockage_jdStatus").catch(() => null)) as {
        epochs?: { status: string; chunks: number; done: number; failed: number }[];
      } | null;
      const open = (status?.epochs ?? [])
        .filter((e) => e.status === "proving")
        .reduce((n, e) => n + e.chunks - e.done - e.failed, 0);
      if (status !== null && open === 0) return;
      await this.progress();
      this.drainLogs();
      await sleep(250);
    }
    this.timeline.line(this.slot, "conductor", `${node.staged.name}: chunk jobs still open after 90 s`, "yellow");
  }

  /** Waits (at most 90 s) until every prover's job distributor has no chunk job of `epoch` left open. */
  private async chunksProven(epoch: bigint): Promise<void> {
    const until = Date.now() + 90_000;
    while (Date.now() < until) {
      let open = 0;
      for (const node of this.nodes.filter((n) => n.alive && n.jdPort !== null)) {
        const status = (await nodeCall(node.url, "blockage_jdStatus").catch(() => null)) as {
          epochs?: { epoch: string; status: string; chunks: number; done: number; failed: number }[];
        } | null;
        for (const e of status?.epochs ?? []) {
          if (e.epoch === String(epoch) && e.status === "proving") open += e.chunks - e.done - e.failed;
        }
      }
      if (open === 0) return;
      await this.progress();
      this.drainLogs();
      await sleep(250);
    }
    this.timeline.line(
      this.slot,
      "conductor",
      `epoch ${epoch}: chunk proofs still open after 90 s; moving on`,
      "yellow",
    );
  }

  /** Whether every block of the run's epochs is proven. */
  private async settled(last: bigint, epochSlots: bigint): Promise<boolean> {
    const { contractAt } = await import("@blockage/client");
    const t = await contractAt("Rollup", this.stage.addresses.Rollup!, this.stage.provider).tips();
    return t.pendingBlock === t.provenBlock || t.oldestUnprovenSlot / epochSlots > last;
  }

  /** Every process the conductor started. */
  processes(): Proc[] {
    return [...this.nodes.map((n) => n.proc), ...this.stoppedWorkers, ...this.workers];
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers, ...this.nodes.map((n) => n.proc)].map((p) => p.stop(5_000)));
  }
}
