/**
 * A local CrowdProve devnet to run a job distributor and workers against by hand (README, "Community proving"):
 *   npm run devnet
 * Starts `hardhat node` on 127.0.0.1:8545, deploys the protocol (registry, proof verifier, rollup, PayoutDistributor),
 * records it in deployments/31337.json, writes key files for a JD and two workers (Hardhat's well-known accounts 7,
 * 8 and 9: never use them anywhere else) under .blockage-devnet/, then, epoch after epoch, has a sequencer propose
 * blocks and leaves the epoch to the open proof race — each one waits until the previous one is proven. Ctrl-C stops
 * the chain. `BLOCKAGE_DEVNET_PORT` picks another port; `BLOCKAGE_DEVNET_BLOCKS` (2) and `BLOCKAGE_DEVNET_TXS` (32, a
 * multiple of 16) size each epoch.
 */
import fs from "node:fs";
import path from "node:path";
import { recordDeployment } from "./deployments";
import { reportFailure } from "./failure";
import { hardhatKey, startLocalRollup, type TestChain } from "./local-rollup";

const ROOT = path.resolve(__dirname, "..");
const KEYS = path.join(ROOT, ".blockage-devnet");

function integerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

function writeKey(name: string, key: string): string {
  fs.mkdirSync(KEYS, { recursive: true, mode: 0o700 });
  const file = path.join(KEYS, name);
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return path.relative(process.cwd(), file);
}

async function main(): Promise<void> {
  const port = integerFromEnv("BLOCKAGE_DEVNET_PORT", 8545);
  const blocks = integerFromEnv("BLOCKAGE_DEVNET_BLOCKS", 2);
  const txs = integerFromEnv("BLOCKAGE_DEVNET_TXS", 32);
  console.log(`▶ starting a local chain on 127.0.0.1:${port} and deploying the protocol …`);
  const t: TestChain = await startLocalRollup({ port });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\n▶ stopping the chain");
    await t.stop();
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  try {
    const { getEpochStatus } = await import("@blockage/client");
    const { deployPayoutDistributor } = await import("@blockage/client/deploy");
    const payout = await deployPayoutDistributor(t.signers[0], { token: await t.registry.stakeToken() });
    const deployments = { ...t.deployments, ...payout.deployments };
    let file = "";
    for (const [name, d] of Object.entries(deployments))
      file = recordDeployment(31337n, name, d.address, d.transactionHash);
    const jd = writeKey("jd.key", hardhatKey(7));
    const workers = [writeKey("worker-1.key", hardhatKey(8)), writeKey("worker-2.key", hardhatKey(9))];
    console.log(`  chain ${t.chain.url}; contracts recorded in ${path.relative(process.cwd(), file)}`);
    console.log(`  keys in ${path.relative(process.cwd(), KEYS)}/ (Hardhat's public test accounts: devnet only)\n`);
    console.log("In three more terminals:");
    console.log(`  npx blockage-jd start --rpc ${t.chain.url} --key-file ${jd} --epoch auto --port 8600`);
    workers.forEach((w) => console.log(`  npx blockage-worker start --jd ws://127.0.0.1:8600 --key-file ${w}`));
    console.log(`and once an epoch is paid: npx blockage-worker claim --rpc ${t.chain.url} --key-file ${workers[0]}\n`);
    while (!stopping) {
      const epoch = await t.epochInOpenRace(blocks, txs);
      console.log(
        `▶ epoch ${epoch}: ${blocks} blocks of ${txs} transactions (${(blocks * txs) / 16} chunks); its proof race is open`,
      );
      while (!stopping && (await getEpochStatus(t.coordinator, { epoch })).awaitingProof) {
        await new Promise((r) => setTimeout(r, 1000));
      }
      if (!stopping) console.log(`  epoch ${epoch} proven`);
    }
  } catch (error) {
    if (stopping) return;
    await stop();
    throw error;
  }
}

main().catch((error) =>
  reportFailure("devnet", error, (_, reason) =>
    /EADDRINUSE|in use/i.test(reason)
      ? "another process holds the port: set BLOCKAGE_DEVNET_PORT"
      : "see the message above",
  ),
);
