/**
 * The main job (until the devnet lands): a local chain on 127.0.0.1, EcVrfVerifier deployed, and a round of VRF
 * lottery draws — proofs made off-chain with @blockage/vrf, checked off-chain and on-chain, answers compared.
 *   npm start            human-readable timeline
 *   npm start -- --json  one JSON summary on stdout
 * The chain is thrown away when the demo ends, so nothing is recorded in deployments/ (see deploy/ignition/
 * for real deployments).
 */
import { JsonRpcProvider } from "ethers";
import { reportFailure } from "./failure";
import { LocalChainError, startLocalChain } from "./local-chain";

const SUITE = "ECVRF-SECP256K1-SHA256-TAI" as const;
const NODES = 4;
const SLOTS = 3;
const json = process.argv.includes("--json");
const log = (line: string) => {
  if (!json) console.log(line);
};
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

interface Draw {
  slot: number;
  node: number;
  beta: string;
  onChainValid: boolean;
  /** `null` when the node could not estimate the gas (the verdict still counts). */
  gas: string | null;
}

async function main(): Promise<void> {
  // Loaded here rather than imported at the top so that an unbuilt checkout fails with a hint, not a stack trace.
  const { publicKey, prove, verify } = await import("@blockage/vrf");
  const { connectVrfVerifier, deployVrfVerifier, verifyOnChain } = await import("@blockage/client");

  const started = Date.now();
  log("▶ starting a local Hardhat chain on 127.0.0.1 …");
  const chain = await startLocalChain();
  const provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true });
  try {
    const deployer = await provider.getSigner(0);
    const { chainId } = await provider.getNetwork();
    log(`  chain ${chainId} at ${chain.url}`);

    const { address } = await deployVrfVerifier({ deployer });
    log(`▶ EcVrfVerifier deployed at ${address} (demo chain, not recorded)`);
    const verifier = connectVrfVerifier(address, provider);

    const keys = Array.from({ length: NODES }, (_, i) => {
      const sk = new Uint8Array(32);
      crypto.getRandomValues(sk);
      return { node: i, sk, pk: publicKey(SUITE, sk) };
    });
    keys.forEach((k) => log(`  node ${k.node}: vrf key ${hex(k.pk).slice(0, 18)}…`));

    const draws: Draw[] = [];
    for (let slot = 0; slot < SLOTS; slot++) {
      const alpha = new TextEncoder().encode(`blockage demo seed slot ${slot}SEQUENCER`);
      log(`▶ slot ${slot}: every node proves VRF(sk, seed ‖ "SEQUENCER")`);
      for (const k of keys) {
        const pi = prove(SUITE, k.sk, alpha);
        const beta = verify(SUITE, k.pk, pi, alpha);
        const onChain = await verifyOnChain(verifier, { pk: k.pk, pi, alpha });
        if (!beta || !onChain.valid || !onChain.beta || hex(onChain.beta) !== hex(beta)) {
          throw new Error(`node ${k.node} slot ${slot}: off-chain and on-chain answers differ`);
        }
        const gas = onChain.gas === null ? null : onChain.gas.toString();
        draws.push({ slot, node: k.node, beta: hex(beta), onChainValid: onChain.valid, gas });
        log(`  node ${k.node}: beta ${hex(beta).slice(0, 16)}… valid on-chain (${gas ?? "unknown"} gas)`);
      }
      const winner = draws.filter((d) => d.slot === slot).sort((a, b) => (a.beta < b.beta ? -1 : 1))[0];
      log(`  lowest beta this slot: node ${winner.node}`);
    }

    const k = keys[0];
    const alpha = new TextEncoder().encode("tamper check");
    const pi = prove(SUITE, k.sk, alpha);
    pi[40] ^= 1;
    const tampered = await verifyOnChain(verifier, { pk: k.pk, pi, alpha });
    if (tampered.valid || verify(SUITE, k.pk, pi, alpha) !== null) throw new Error("a tampered proof was accepted");
    log("▶ a proof with one flipped bit is rejected off-chain and on-chain");

    const gas = draws.flatMap((d) => (d.gas === null ? [] : [Number(d.gas)]));
    const summary = {
      chainId: chainId.toString(),
      verifier: address,
      draws: draws.length,
      allAgree: true,
      tamperedRejected: true,
      // null when the node could not estimate any of the calls.
      verifyGas:
        gas.length === 0
          ? null
          : {
              min: Math.min(...gas),
              max: Math.max(...gas),
              avg: Math.round(gas.reduce((a, b) => a + b) / gas.length),
            },
      seconds: (Date.now() - started) / 1000,
    };
    if (json) console.log(JSON.stringify({ ...summary, results: draws }, null, 2));
    else {
      log(`✔ ${summary.draws} draws verified off-chain and on-chain; answers identical`);
      const g = summary.verifyGas;
      log(g ? `  on-chain verify gas: min ${g.min}, avg ${g.avg}, max ${g.max}` : "  on-chain verify gas: unknown");
      log(`  done in ${summary.seconds.toFixed(1)} s`);
    }
  } finally {
    provider.destroy();
    await chain.stop();
  }
}

function hintFor(error: unknown): string {
  if (error instanceof LocalChainError) {
    return error.addressInUse
      ? "hint: another process keeps taking the node's port; retry, or stop it"
      : "hint: run `npx hardhat node` to see the node's full output";
  }
  return "hint: run `npm run build` first (stale contracts or packages), then retry";
}

main().catch((error: unknown) => reportFailure("blockage start", error, hintFor));
