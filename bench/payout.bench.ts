/**
 * `npm run bench` (sixth part): CrowdProve payouts. Writes bench/payout.json as
 * `{ "publishGas": { "1", "8", "32" }, "claimGas", "claimManyGasPer" }` (other tooling reads these keys).
 *
 * Every figure is a receipt's `gasUsed` (a whole transaction: 21k base and calldata included) on the in-process
 * Hardhat network, over a `StakeToken`, in the steady state of a distributor in use: it already holds tokens, the
 * operator approved it once for good (an unlimited allowance is not written down), and the workers already hold
 * tokens from earlier payouts, so no transfer creates a balance. Trees are built with the SDK's `payoutTree`.
 *
 * - publishGas: `PayoutDistributor.publish` of a new distribution by the number of payees (the payees are calldata,
 *   checked in a loop and logged for anyone to rebuild the tree): the mean of 4 epochs for each size.
 * - claimGas: mean of `claim` by each of the 32 workers of a 32-payee distribution (5-hash proofs), each sent by
 *   the worker itself.
 * - claimManyGasPer: one worker claims its leaf in 8 distributions (8 epochs of 32 payees) with one `claimMany`
 *   (one transfer): the transaction's gas divided by 8, the mean of 4 workers.
 */
import fs from "node:fs";
import path from "node:path";
import { ethers } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { payoutTree, type PayoutDistributor, type PayoutTree, type StakeToken } from "@blockage/client";

const E18 = 10n ** 18n;
const SIZES = [1, 8, 32] as const;
const WORKERS = 32;
const BATCH = 8;

const mean = (xs: bigint[]) => Math.round(Number(xs.reduce((a, b) => a + b, 0n)) / xs.length);

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  return (await (await tx).wait())!.gasUsed;
}

async function main(): Promise<void> {
  const [deployer, operator, ...rest] = await ethers.getSigners();
  const token = (await (
    await ethers.getContractFactory("StakeToken")
  ).deploy(deployer.address, E18, 3600n)) as unknown as StakeToken;
  const distributor = (await (
    await ethers.getContractFactory("PayoutDistributor")
  ).deploy(await token.getAddress())) as unknown as PayoutDistributor;
  const workers = Array.from({ length: WORKERS }, () => ethers.Wallet.createRandom().connect(ethers.provider));
  const senders = rest.slice(0, 4);
  await token.mint(operator.address, 10n ** 12n * E18);
  await token.connect(operator).approve(await distributor.getAddress(), ethers.MaxUint256);
  for (const w of [...workers, ...senders]) await token.mint(w.address, E18);
  for (const w of workers) await deployer.sendTransaction({ to: w.address, value: E18 });
  const d = distributor.connect(operator);
  let epoch = 0n;
  const publish = async (tree: PayoutTree) => {
    epoch += 1n;
    return { epoch, gas: await gasOf(d.publish(epoch, tree.root, tree.payees)) };
  };
  const treeOf = (count: number, salt: bigint) =>
    payoutTree(workers.slice(0, count).map((w, i) => ({ worker: w.address, amount: E18 + BigInt(i) + salt })));

  // Warm-up: the distributor holds tokens before anything is measured.
  await publish(treeOf(1, 0n));

  const publishGas: Record<string, number> = {};
  for (const size of SIZES) {
    const gas: bigint[] = [];
    for (let k = 0n; k < 4n; k++) gas.push((await publish(treeOf(size, k))).gas);
    publishGas[String(size)] = mean(gas);
  }

  const full = treeOf(WORKERS, 100n);
  const { epoch: fullEpoch } = await publish(full);
  const claims: bigint[] = [];
  for (const w of workers) {
    const { amount, proof } = full.proofOf(w.address);
    claims.push(await gasOf(distributor.connect(w).claim(operator.address, fullEpoch, w.address, amount, proof)));
  }

  const batch: { epoch: bigint; tree: PayoutTree }[] = [];
  for (let k = 0n; k < BigInt(BATCH); k++) {
    const tree = treeOf(WORKERS, 200n + k);
    batch.push({ epoch: (await publish(tree)).epoch, tree });
  }
  const perClaim: number[] = [];
  for (const w of workers.slice(0, 4)) {
    const entries = batch.map(({ epoch: e, tree }) => ({
      operator: operator.address,
      epoch: e,
      worker: w.address,
      ...tree.proofOf(w.address),
    }));
    perClaim.push(Number(await gasOf(distributor.connect(w).claimMany(entries))) / BATCH);
  }

  const figures = {
    publishGas,
    claimGas: mean(claims),
    claimManyGasPer: Math.round(perClaim.reduce((a, b) => a + b, 0) / perClaim.length),
  };
  const dir = path.join(__dirname);
  fs.writeFileSync(path.join(dir, "payout.json"), JSON.stringify(figures, null, 2) + "\n");
  console.log(JSON.stringify(figures, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
