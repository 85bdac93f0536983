// The node's Prometheus metrics (`GET /metrics`) through prom-client: its slot, what it proposed and claimed, its
// circuit breaker, its mempool and gossip peers, and its JSON-RPC calls.
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import type { NodeStore } from "./store";

export class NodeMetrics {
  readonly registry = new Registry();
  readonly events: Counter<"event">;
  readonly rpcCalls: Counter<"method">;

  constructor(
    store: NodeStore,
    sample: () => { slot: bigint; handledSlot: bigint; mempool: number; peers: number; busy: number },
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "blockage_node_" });
    for (const [name, help, field] of [
      ["blockage_node_slot", "The current slot as the chain's latest block says.", "slot"],
      ["blockage_node_handled_slot", "The last slot whose duties the node finished.", "handledSlot"],
      ["blockage_node_mempool_transactions", "Transactions waiting in the local mempool.", "mempool"],
      ["blockage_node_gossip_peers", "Peers on the quote gossip topics.", "peers"],
      ["blockage_node_busy_actions", "Actions started by a gossip message still running.", "busy"],
    ] as const) {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(Number(sample()[field]));
        },
      });
    }
    new Gauge({
      name: "blockage_node_claims",
      help: "Epochs this node claimed or raced for, by status.",
      labelNames: ["status"] as const,
      registers,
      collect() {
        this.reset();
        for (const { value } of store.claims.getRange()) this.inc({ status: value.status });
      },
    });
    new Gauge({
      name: "blockage_node_circuit_breaker_open",
      help: "1 while the circuit breaker is open (a bond was slashed and the operator has not reset it).",
      registers,
      collect() {
        this.set(store.breaker().open ? 1 : 0);
      },
    });
    this.events = new Counter({
      name: "blockage_node_events_total",
      help: "Protocol events of this node by name (proposed, claimed, proven, …).",
      labelNames: ["event"] as const,
      registers,
    });
    this.rpcCalls = new Counter({
      name: "blockage_node_rpc_calls_total",
      help: "JSON-RPC calls by method.",
      labelNames: ["method"] as const,
      registers,
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
