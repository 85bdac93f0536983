/**
 * The main job (until the devnet lands): a local chain on 127.0.0.1, EcVrfVerifier deployed, and a round of VRF
 * lottery draws — proofs made off-chain with @blockage/vrf, checked off-chain and on-chain, answers compared.
 *   npm start            human-readable timeline
 *   npm start -- --json  one JSON summary on stdout
 */
import { JsonRpcProvider } from "ethers";
import { publicKey, prove, verify } from "@blockage/vrf";
import { connectVrfVerifier, deployVrfVerifier, verifyOnChain } from "@blockage/client";
import { startLocalChain } from "./local-chain";
import { recordDeployment } from "./deployments";

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
  gas: string;
}

async function main(): Promise<void> {
  const started = Date.now();
  log("▶ starting a local Hardhat chain on 127.0.0.1 …");
  const chain = await startLocalChain();
  try {
    const provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true });
    const deployer = await provider.getSigner(0);
    const { chainId } = await provider.getNetwork();
    log(`  chain ${chainId} at ${chain.url}`);

    const { address, transactionHash } = await deployVrfVerifier({ deployer });
    const file = recordDeployment(chainId, "EcVrfVerifier", address, transactionHash);
    log(`▶ EcVrfVerifier deployed at ${address} (recorded in ${file})`);
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
        if (!beta || !onChain.valid || hex(onChain.beta!) !== hex(beta)) {
          throw new Error(`node ${k.node} slot ${slot}: off-chain and on-chain answers differ`);
        }
        draws.push({ slot, node: k.node, beta: hex(beta), onChainValid: onChain.valid, gas: onChain.gas.toString() });
        log(`  node ${k.node}: beta ${hex(beta).slice(0, 16)}… valid on-chain (${onChain.gas} gas)`);
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

    const gas = draws.map((d) => Number(d.gas));
    const summary = {
      chainId: chainId.toString(),
      verifier: address,
      draws: draws.length,
      allAgree: true,
      tamperedRejected: true,
      verifyGas: {
        min: Math.min(...gas),
        max: Math.max(...gas),
        avg: Math.round(gas.reduce((a, b) => a + b) / gas.length),
      },
      seconds: (Date.now() - started) / 1000,
    };
    if (json) console.log(JSON.stringify({ ...summary, results: draws }, null, 2));
    else {
      log(`✔ ${summary.draws} draws verified off-chain and on-chain; answers identical`);
      log(
        `  on-chain verify gas: min ${summary.verifyGas.min}, avg ${summary.verifyGas.avg}, max ${summary.verifyGas.max}`,
      );
      log(`  done in ${summary.seconds.toFixed(1)} s`);
    }
  } finally {
    await chain.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`blockage start failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  process.exitCode = 1;
});
