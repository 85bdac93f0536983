// The payout actions against a real PayoutDistributor on a local Hardhat node: deployment, an operator funding its
// stake tokens from the faucet and publishing shares of an epoch, a worker claiming everything it is owed across
// operators and epochs in one transaction (a distribution whose root its payees do not give is skipped and reported),
// a relayed claim, nothing left to claim afterwards, chunk receipts checked by the contract, and decoded reverts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcProvider, parseEther, type JsonRpcSigner } from "ethers";
import { startLocalChain, type LocalChain } from "../../../../deploy/local-chain";
import { reverts } from "../../test/reverts";
import { faucet } from "../registry/faucet";
import { StakeToken__factory, type PayoutDistributor, type StakeToken } from "../typechain";
import { claimPayouts, getPublishedPayouts } from "./claim";
import { connectPayoutDistributor } from "./connect";
import { deployPayoutDistributor } from "./deploy";
import { publishPayout } from "./publish";
import { shareEpochPayout } from "./shares";
import { payoutTree } from "./tree";
import { hashChunkReceipt, payoutDomain, recoverChunkReceipt, signChunkReceipt } from "./typed-data";

describe("payout actions against a real node", () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;
  let signers: JsonRpcSigner[];
  let token: StakeToken;
  let distributor: PayoutDistributor;
  let deploymentBlock: number;
  let operators: JsonRpcSigner[];
  let workers: JsonRpcSigner[];
  let relayer: JsonRpcSigner;

  const balance = (account: { address: string }) => token.balanceOf(account.address);

  beforeAll(async () => {
    chain = await startLocalChain();
    provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    signers = await Promise.all([0, 1, 2, 3, 4, 5, 6].map((i) => provider.getSigner(i)));
    operators = signers.slice(1, 3);
    workers = signers.slice(3, 6);
    relayer = signers[6];
    token = await new StakeToken__factory(signers[0]).deploy(signers[0].address, parseEther("1000"), 3600n);
    await token.waitForDeployment();
    for (const operator of operators) await faucet(token.connect(operator));
    const deployed = await deployPayoutDistributor(signers[0], { token: await token.getAddress() });
    distributor = deployed.distributor;
    deploymentBlock = deployed.deploymentBlock;
  }, 120_000);

  afterAll(async () => {
    provider?.destroy();
    await chain?.stop();
  });

  it("deploys over the token and connects", async () => {
    const address = await distributor.getAddress();
    const connected = await connectPayoutDistributor(address, provider);
    expect(connected.addresses).toEqual({ PayoutDistributor: address, token: await token.getAddress() });
    await expect(connectPayoutDistributor(signers[0].address, provider)).rejects.toThrow(/no PayoutDistributor/);
    await reverts(
      deployPayoutDistributor(signers[0], { token: signers[1].address }),
      "PayoutDistributor__InvalidToken",
    );
  });

  it("publishes shares, and each worker claims everything it is owed once", async () => {
    const [op0, op1] = operators;
    const [w0, w1, w2] = workers;
    const chunk = (chunkId: bigint, worker: JsonRpcSigner) => ({ chunkId, worker: worker.address });
    // Operator 0, epoch 4: 100 tokens earned, a 10% cut, chunks by w0, w1, w0.
    const shares = shareEpochPayout({
      earned: parseEther("100"),
      operatorCutBps: 1_000,
      chunks: [chunk(0n, w0), chunk(1n, w1), chunk(2n, w0)],
    });
    const before = await balance(op0);
    const published = await publishPayout(distributor.connect(op0), { epoch: 4n, payees: shares.payees });
    expect(published.approveReceipt).not.toBeNull();
    expect(published.total).toBe(parseEther("90"));
    expect(published.root).toBe(payoutTree(shares.payees).root);
    expect(await balance(op0)).toBe(before - parseEther("90"));
    expect(await distributor.distribution(op0.address, 4n)).toEqual([published.root, parseEther("90"), 0n]);
    await reverts(
      publishPayout(distributor.connect(op0), { epoch: 4n, payees: shares.payees }),
      "PayoutDistributor__AlreadyPublished",
    );
    // Operator 0, epoch 5 and operator 1, epoch 4 also pay w0.
    await publishPayout(distributor.connect(op0), { epoch: 5n, payees: [{ worker: w0.address, amount: 7n }] });
    await publishPayout(distributor.connect(op1), {
      epoch: 4n,
      payees: [
        { worker: w2.address, amount: 11n },
        { worker: w0.address, amount: 13n },
      ],
    });
    // Operator 1, epoch 6 publishes a root its logged payees do not give: w0 must not claim from it with this SDK.
    const bogus = payoutTree([{ worker: w0.address, amount: 1_000n }]).root;
    await (await token.connect(op1).approve(await distributor.getAddress(), 5n)).wait();
    await (await distributor.connect(op1).publish(6n, bogus, [{ worker: w0.address, amount: 5n }])).wait();

    const logged = await getPublishedPayouts(distributor, { fromBlock: deploymentBlock, worker: w0.address });
    expect(logged.map((p) => [p.operator, p.epoch])).toEqual([
      [op0.address, 4n],
      [op0.address, 5n],
      [op1.address, 4n],
      [op1.address, 6n],
    ]);
    expect(await getPublishedPayouts(distributor, { operator: op1.address, worker: w1.address })).toEqual([]);
    expect((await getPublishedPayouts(distributor, { operator: op1.address })).map((p) => p.epoch)).toEqual([4n, 6n]);

    const w0Before = await balance(w0);
    const claimed = await claimPayouts(distributor.connect(w0), { fromBlock: deploymentBlock });
    expect(claimed.worker).toBe(w0.address);
    expect(claimed.claimed).toEqual([
      { operator: op0.address, epoch: 4n, amount: parseEther("60") },
      { operator: op0.address, epoch: 5n, amount: 7n },
      { operator: op1.address, epoch: 4n, amount: 13n },
    ]);
    expect(claimed.total).toBe(parseEther("60") + 20n);
    expect(claimed.receipt).not.toBeNull();
    expect(claimed.mismatched).toHaveLength(1);
    expect(claimed.mismatched[0]).toMatchObject({ operator: op1.address, epoch: 6n, publishedRoot: bogus });
    expect(await balance(w0)).toBe(w0Before + claimed.total);

    // A relayer claims for w1: w1 is paid, the relayer's tokens do not move.
    const [w1Before, relayerBefore] = [await balance(w1), await balance(relayer)];
    const relayed = await claimPayouts(distributor.connect(relayer), { worker: w1.address });
    expect(relayed.claimed).toEqual([{ operator: op0.address, epoch: 4n, amount: parseEther("30") }]);
    expect(await balance(w1)).toBe(w1Before + parseEther("30"));
    expect(await balance(relayer)).toBe(relayerBefore);

    // Nothing left: no transaction.
    const again = await claimPayouts(distributor.connect(w0), { fromBlock: deploymentBlock });
    expect(again).toMatchObject({ claimed: [], total: 0n, receipt: null });
    expect(again.mismatched).toHaveLength(1);
    const w2Claim = await claimPayouts(distributor.connect(w2));
    expect(w2Claim.total).toBe(11n);
    // The distributor holds what nobody has claimed: the bogus distribution's 5.
    expect(await token.balanceOf(await distributor.getAddress())).toBe(5n);
  });

  it("signs chunk receipts the contract checks", async () => {
    const { chainId } = await provider.getNetwork();
    const domain = payoutDomain(chainId, await distributor.getAddress());
    const jd = operators[0];
    const receipt = { epoch: 4n, chunkId: 2n, worker: workers[0].address, amount: parseEther("30") };
    const signed = await signChunkReceipt(jd, { domain, receipt });
    expect(await distributor.receiptDigest(receipt)).toBe(hashChunkReceipt(domain, receipt));
    expect(signed.digest).toBe(hashChunkReceipt(domain, receipt));
    expect(await distributor.receiptSigner(receipt, signed.signature)).toBe(jd.address);
    expect(recoverChunkReceipt(domain, receipt, signed.signature)).toBe(jd.address);
  });
});
