// PayoutDistributor: publishing funded Merkle distributions (one per operator and epoch), claims by or for workers
// (one each, with proofs built by OpenZeppelin's StandardMerkleTree), batches across epochs and operators, a root that
// lists more than was funded, hostile tokens (fee-on-transfer, re-entrant), EIP-712 chunk receipts checked against
// ethers, and the token-balance invariant after randomized operation sequences.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import fc from "fast-check";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type {
  FeeToken__factory,
  PayoutDistributor,
  PayoutDistributor__factory,
  ReentrantToken,
  ReentrantToken__factory,
  StakeToken__factory,
} from "../../packages/client/src/typechain";
import { E18, factory } from "../registry/helpers";
import { underCoverage } from "../coverage";

interface Payee {
  worker: string;
  amount: bigint;
}

/** The distribution's tree as the SDK builds it: StandardMerkleTree of ["address","uint256"]. */
function treeOf(payees: readonly Payee[]) {
  const tree = StandardMerkleTree.of(
    payees.map((p) => [p.worker, p.amount]),
    ["address", "uint256"],
  );
  return { root: tree.root, proof: (p: Payee) => tree.getProof([p.worker, p.amount]) };
}

const sum = (payees: readonly Payee[]) => payees.reduce((total, p) => total + p.amount, 0n);

const CHUNK_RECEIPT_TYPES = {
  ChunkReceipt: [
    { name: "epoch", type: "uint256" },
    { name: "chunkId", type: "uint256" },
    { name: "worker", type: "address" },
    { name: "amount", type: "uint256" },
  ],
};

type TokenKind = "stake" | "fee" | "reentrant";

async function deployToken(kind: TokenKind, admin: HardhatEthersSigner) {
  if (kind === "stake") return (await factory<StakeToken__factory>("StakeToken")).deploy(admin.address, E18, 3600n);
  if (kind === "fee") return (await factory<FeeToken__factory>("FeeToken")).deploy();
  return (await factory<ReentrantToken__factory>("ReentrantToken")).deploy();
}

/** A token of `kind`, a distributor over it, three operators funded and approving it, six workers and a relayer. */
async function deploy(kind: TokenKind) {
  const signers = await ethers.getSigners();
  const admin = signers[0];
  const operators = signers.slice(1, 4);
  const workers = signers.slice(4, 10);
  const relayer = signers[10];
  const token = await deployToken(kind, admin);
  const distributor = (await (
    await factory<PayoutDistributor__factory>("PayoutDistributor")
  ).deploy(await token.getAddress())) as unknown as PayoutDistributor;
  for (const operator of operators) {
    await token.mint(operator.address, 1_000_000n * E18);
    await token.connect(operator).approve(await distributor.getAddress(), ethers.MaxUint256);
  }
  return { admin, operators, workers, relayer, token, distributor };
}

const payoutFixture = () => deploy("stake");
const feeFixture = () => deploy("fee");
const reentrantFixture = async () => {
  const f = await deploy("reentrant");
  return { ...f, token: f.token as unknown as ReentrantToken };
};

type Fixture = Awaited<ReturnType<typeof payoutFixture>>;

/** Workers 0..2 earn 10, 20 and 30 tokens. */
function payeesOf(f: Fixture, scale = 1n): Payee[] {
  return f.workers.slice(0, 3).map((w, i) => ({ worker: w.address, amount: BigInt(i + 1) * 10n * E18 * scale }));
}

/** `operator` publishes `payees` for `epoch` under the root of `leaves` (default: the payees themselves). */
async function publish(f: Fixture, operator: HardhatEthersSigner, epoch: bigint, payees: Payee[], leaves = payees) {
  const tree = treeOf(leaves);
  await (await f.distributor.connect(operator).publish(epoch, tree.root, payees)).wait();
  return tree;
}

/** `f` with operator 0's distribution of `payeesOf(f)` published for epoch 7. */
async function publishedFixture() {
  const f = await loadFixture(payoutFixture);
  const payees = payeesOf(f);
  const tree = await publish(f, f.operators[0], 7n, payees);
  return { ...f, payees, tree };
}

async function balanceOf(f: Fixture, account: string): Promise<bigint> {
  return f.token.balanceOf(account);
}

describe("PayoutDistributor", function () {
  describe("deployment", function () {
    it("pays in its token, under the EIP-712 domain `blockage PayoutDistributor` version 1", async function () {
      const f = await loadFixture(payoutFixture);
      expect(await f.distributor.token()).to.equal(await f.token.getAddress());
      const domain = await f.distributor.eip712Domain();
      expect(domain.name).to.equal("blockage PayoutDistributor");
      expect(domain.version).to.equal("1");
      expect(domain.verifyingContract).to.equal(await f.distributor.getAddress());
    });

    it("refuses a token that is not a contract (PayoutDistributor__InvalidToken)", async function () {
      const f = await loadFixture(payoutFixture);
      const deployer = await factory<PayoutDistributor__factory>("PayoutDistributor");
      await expect(deployer.deploy(f.relayer.address))
        .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__InvalidToken")
        .withArgs(f.relayer.address);
    });
  });

  describe("publish", function () {
    it("stores the root and total, pulls the total from the operator and logs every payee", async function () {
      const f = await loadFixture(payoutFixture);
      const operator = f.operators[0];
      const payees = payeesOf(f);
      const { root } = treeOf(payees);
      const before = await balanceOf(f, operator.address);
      const tx = f.distributor.connect(operator).publish(7n, root, payees);
      await expect(tx)
        .to.emit(f.distributor, "PayoutPublished")
        .withArgs(
          operator.address,
          7n,
          root,
          60n * E18,
          payees.map((p) => [p.worker, p.amount]),
        );
      expect(await balanceOf(f, operator.address)).to.equal(before - 60n * E18);
      expect(await balanceOf(f, await f.distributor.getAddress())).to.equal(60n * E18);
      expect(await f.distributor.distribution(operator.address, 7n)).to.deep.equal([root, 60n * E18, 0n]);
      expect(await f.distributor.distribution(operator.address, 8n)).to.deep.equal([ethers.ZeroHash, 0n, 0n]);
    });

    it("refuses a second distribution for the same operator and epoch (PayoutDistributor__AlreadyPublished)", async function () {
      const f = await loadFixture(publishedFixture);
      const operator = f.operators[0];
      const other = treeOf(payeesOf(f, 2n));
      await expect(f.distributor.connect(operator).publish(7n, other.root, payeesOf(f, 2n)))
        .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__AlreadyPublished")
        .withArgs(operator.address, 7n);
      // The next epoch, and another operator's epoch 7, are their own distributions.
      await expect(f.distributor.connect(operator).publish(8n, other.root, payeesOf(f, 2n))).to.emit(
        f.distributor,
        "PayoutPublished",
      );
      await expect(f.distributor.connect(f.operators[1]).publish(7n, other.root, payeesOf(f, 2n))).to.emit(
        f.distributor,
        "PayoutPublished",
      );
    });

    it("refuses a zero root (PayoutDistributor__EmptyRoot) and no payees (PayoutDistributor__NoPayees)", async function () {
      const f = await loadFixture(payoutFixture);
      const d = f.distributor.connect(f.operators[0]);
      await expect(d.publish(1n, ethers.ZeroHash, payeesOf(f)))
        .to.be.revertedWithCustomError(d, "PayoutDistributor__EmptyRoot")
        .withArgs();
      await expect(d.publish(1n, treeOf(payeesOf(f)).root, []))
        .to.be.revertedWithCustomError(d, "PayoutDistributor__NoPayees")
        .withArgs();
    });

    it("refuses a zero worker or a zero amount, naming the payee (PayoutDistributor__InvalidPayee)", async function () {
      const f = await loadFixture(payoutFixture);
      const d = f.distributor.connect(f.operators[0]);
      const payees = payeesOf(f);
      const root = treeOf(payees).root;
      const zeroWorker = payees.map((p, i) => (i === 1 ? { ...p, worker: ethers.ZeroAddress } : p));
      await expect(d.publish(1n, root, zeroWorker))
        .to.be.revertedWithCustomError(d, "PayoutDistributor__InvalidPayee")
        .withArgs(1n);
      const zeroAmount = payees.map((p, i) => (i === 2 ? { ...p, amount: 0n } : p));
      await expect(d.publish(1n, root, zeroAmount))
        .to.be.revertedWithCustomError(d, "PayoutDistributor__InvalidPayee")
        .withArgs(2n);
    });

    it("refuses a total that does not fit 128 bits (SafeCastOverflowedUintDowncast)", async function () {
      const f = await loadFixture(reentrantFixture);
      const operator = f.operators[0];
      const half = 2n ** 127n;
      await f.token.mint(operator.address, 2n * half);
      const payees = [
        { worker: f.workers[0].address, amount: half },
        { worker: f.workers[1].address, amount: half },
      ];
      await expect(f.distributor.connect(operator).publish(1n, treeOf(payees).root, payees))
        .to.be.revertedWithCustomError(f.distributor, "SafeCastOverflowedUintDowncast")
        .withArgs(128, 2n * half);
    });

    it("refuses an operator that has not approved enough (ERC20InsufficientAllowance); nothing is stored", async function () {
      const f = await loadFixture(payoutFixture);
      const operator = f.operators[0];
      const spender = await f.distributor.getAddress();
      await f.token.connect(operator).approve(spender, 59n * E18);
      const payees = payeesOf(f);
      await expect(f.distributor.connect(operator).publish(1n, treeOf(payees).root, payees))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance")
        .withArgs(spender, 59n * E18, 60n * E18);
      expect(await f.distributor.distribution(operator.address, 1n)).to.deep.equal([ethers.ZeroHash, 0n, 0n]);
    });

    it("refuses a fee-on-transfer token (PayoutDistributor__TransferShort)", async function () {
      const f = await loadFixture(feeFixture);
      const payees = payeesOf(f as unknown as Fixture);
      await expect(f.distributor.connect(f.operators[0]).publish(1n, treeOf(payees).root, payees))
        .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__TransferShort")
        .withArgs(60n * E18, (60n * E18 * 99n) / 100n);
    });
  });

  describe("claim", function () {
    it("pays the worker its amount, once, and records it (PayoutClaimed)", async function () {
      const f = await loadFixture(publishedFixture);
      const operator = f.operators[0].address;
      const [payee] = f.payees;
      const worker = f.workers[0];
      const before = await balanceOf(f, worker.address);
      expect(await f.distributor.isClaimed(operator, 7n, worker.address)).to.equal(false);
      await expect(f.distributor.connect(worker).claim(operator, 7n, payee.worker, payee.amount, f.tree.proof(payee)))
        .to.emit(f.distributor, "PayoutClaimed")
        .withArgs(operator, 7n, worker.address, payee.amount);
      expect(await balanceOf(f, worker.address)).to.equal(before + payee.amount);
      expect(await f.distributor.isClaimed(operator, 7n, worker.address)).to.equal(true);
      expect(await f.distributor.distribution(operator, 7n)).to.deep.equal([f.tree.root, 60n * E18, payee.amount]);
      expect(await balanceOf(f, await f.distributor.getAddress())).to.equal(60n * E18 - payee.amount);
    });

    it("relayed by a third party: the worker is paid, the relayer gets nothing", async function () {
      const f = await loadFixture(publishedFixture);
      const payee = f.payees[1];
      const [workerBefore, relayerBefore] = await Promise.all([
        balanceOf(f, payee.worker),
        balanceOf(f, f.relayer.address),
      ]);
      await expect(
        f.distributor
          .connect(f.relayer)
          .claim(f.operators[0].address, 7n, payee.worker, payee.amount, f.tree.proof(payee)),
      )
        .to.emit(f.distributor, "PayoutClaimed")
        .withArgs(f.operators[0].address, 7n, payee.worker, payee.amount);
      expect(await balanceOf(f, payee.worker)).to.equal(workerBefore + payee.amount);
      expect(await balanceOf(f, f.relayer.address)).to.equal(relayerBefore);
    });

    it("refuses a second claim (PayoutDistributor__AlreadyClaimed)", async function () {
      const f = await loadFixture(publishedFixture);
      const operator = f.operators[0].address;
      const payee = f.payees[2];
      const args = [operator, 7n, payee.worker, payee.amount, f.tree.proof(payee)] as const;
      await (await f.distributor.claim(...args)).wait();
      await expect(f.distributor.connect(f.relayer).claim(...args))
        .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__AlreadyClaimed")
        .withArgs(operator, 7n, payee.worker);
    });

    it("refuses an unpublished distribution (PayoutDistributor__NotPublished)", async function () {
      const f = await loadFixture(publishedFixture);
      const payee = f.payees[0];
      const proof = f.tree.proof(payee);
      await expect(f.distributor.claim(f.operators[0].address, 8n, payee.worker, payee.amount, proof))
        .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__NotPublished")
        .withArgs(f.operators[0].address, 8n);
      await expect(f.distributor.claim(f.operators[1].address, 7n, payee.worker, payee.amount, proof))
        .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__NotPublished")
        .withArgs(f.operators[1].address, 7n);
    });

    it("refuses a wrong amount, a wrong proof and another worker's leaf (PayoutDistributor__InvalidProof)", async function () {
      const f = await loadFixture(publishedFixture);
      const operator = f.operators[0].address;
      const [a, b] = f.payees;
      const refused = (worker: string, amount: bigint, proof: string[]) =>
        expect(f.distributor.claim(operator, 7n, worker, amount, proof))
          .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__InvalidProof")
          .withArgs(operator, 7n, worker, amount);
      await refused(a.worker, a.amount + 1n, f.tree.proof(a)); // wrong amount
      await refused(a.worker, a.amount, f.tree.proof(b)); // someone else's proof
      await refused(a.worker, a.amount, []); // no proof
      await refused(b.worker, a.amount, f.tree.proof(a)); // a's leaf claimed for b
      await refused(f.workers[5].address, a.amount, f.tree.proof(a)); // not a payee at all
      expect(await balanceOf(f, await f.distributor.getAddress())).to.equal(60n * E18);
    });

    it("refuses a proof from another distribution (PayoutDistributor__InvalidProof)", async function () {
      const f = await loadFixture(publishedFixture);
      // Operator 1's epoch-7 tree holds the same leaf for worker 0 next to different ones.
      const payees = [f.payees[0], { worker: f.workers[4].address, amount: 5n * E18 }];
      const other = await publish(f, f.operators[1], 7n, payees);
      const [a] = f.payees;
      await expect(f.distributor.claim(f.operators[0].address, 7n, a.worker, a.amount, other.proof(a)))
        .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__InvalidProof")
        .withArgs(f.operators[0].address, 7n, a.worker, a.amount);
      // Operator 0's epoch 8 distribution is another tree again.
      const next = await publish(f, f.operators[0], 8n, payeesOf(f, 3n));
      await expect(f.distributor.claim(f.operators[0].address, 7n, a.worker, a.amount, next.proof(payeesOf(f, 3n)[0])))
        .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__InvalidProof")
        .withArgs(f.operators[0].address, 7n, a.worker, a.amount);
    });

    it("caps a root that lists more than was funded at the funded total (PayoutDistributor__ExceedsFunding)", async function () {
      const f = await loadFixture(payoutFixture);
      const operator = f.operators[0];
      const honest = await publish(f, f.operators[1], 7n, payeesOf(f));
      // Funded 60 (the logged payees) under a root that promises 120.
      const listed = payeesOf(f, 2n);
      const inflated = await publish(f, operator, 7n, payeesOf(f), listed);
      const [a, b, c] = listed;
      await (await f.distributor.claim(operator.address, 7n, c.worker, c.amount, inflated.proof(c))).wait(); // 60
      await expect(f.distributor.claim(operator.address, 7n, a.worker, a.amount, inflated.proof(a)))
        .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__ExceedsFunding")
        .withArgs(operator.address, 7n, a.amount, 0n);
      expect(await f.distributor.distribution(operator.address, 7n)).to.deep.equal([
        inflated.root,
        60n * E18,
        60n * E18,
      ]);
      // The honest distribution next to it pays in full.
      for (const p of payeesOf(f)) {
        await (await f.distributor.claim(f.operators[1].address, 7n, p.worker, p.amount, honest.proof(p))).wait();
      }
      expect(await balanceOf(f, await f.distributor.getAddress())).to.equal(0n);
      // Funded 50 under the same inflated root: after a 20 claim, a 40 claim is refused with the 30 that remain.
      const again = await publish(f, operator, 8n, [{ worker: a.worker, amount: 50n * E18 }], listed);
      await (await f.distributor.claim(operator.address, 8n, a.worker, a.amount, again.proof(a))).wait(); // 20
      await expect(f.distributor.claim(operator.address, 8n, b.worker, b.amount, again.proof(b)))
        .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__ExceedsFunding")
        .withArgs(operator.address, 8n, b.amount, 30n * E18);
    });

    it("keeps two operators' distributions of the same epoch apart", async function () {
      const f = await loadFixture(payoutFixture);
      const [op0, op1] = f.operators;
      const p0 = payeesOf(f);
      const p1 = payeesOf(f, 5n);
      const t0 = await publish(f, op0, 7n, p0);
      const t1 = await publish(f, op1, 7n, p1);
      expect(t0.root).to.not.equal(t1.root);
      const w = p0[0].worker;
      await (await f.distributor.claim(op0.address, 7n, w, p0[0].amount, t0.proof(p0[0]))).wait();
      expect(await f.distributor.isClaimed(op0.address, 7n, w)).to.equal(true);
      expect(await f.distributor.isClaimed(op1.address, 7n, w)).to.equal(false);
      await expect(f.distributor.claim(op1.address, 7n, w, p1[0].amount, t1.proof(p1[0])))
        .to.emit(f.distributor, "PayoutClaimed")
        .withArgs(op1.address, 7n, w, p1[0].amount);
      expect(await f.distributor.distribution(op0.address, 7n)).to.deep.equal([t0.root, sum(p0), p0[0].amount]);
      expect(await f.distributor.distribution(op1.address, 7n)).to.deep.equal([t1.root, sum(p1), p1[0].amount]);
    });
  });

  describe("claimMany", function () {
    /** Operator 0 epochs 7 and 8, operator 1 epoch 7: worker 0 is in all three. */
    async function threeDistributionsFixture() {
      const f = await loadFixture(payoutFixture);
      const [op0, op1] = f.operators;
      const plans = [
        { operator: op0, epoch: 7n, payees: payeesOf(f) },
        { operator: op0, epoch: 8n, payees: payeesOf(f, 2n) },
        { operator: op1, epoch: 7n, payees: payeesOf(f, 3n) },
      ];
      const trees: ReturnType<typeof treeOf>[] = [];
      for (const plan of plans) trees.push(await publish(f, plan.operator, plan.epoch, plan.payees));
      const claimOf = (k: number, index: number) => {
        const p = plans[k].payees[index];
        return {
          operator: plans[k].operator.address,
          epoch: plans[k].epoch,
          worker: p.worker,
          amount: p.amount,
          proof: trees[k].proof(p),
        };
      };
      return { ...f, plans, trees, claimOf };
    }

    it("claims one worker's shares across epochs and operators in one transfer", async function () {
      const f = await loadFixture(threeDistributionsFixture);
      const claims = [f.claimOf(0, 0), f.claimOf(1, 0), f.claimOf(2, 0)];
      const worker = claims[0].worker;
      const before = await balanceOf(f, worker);
      const tx = f.distributor.connect(f.relayer).claimMany(claims);
      for (const c of claims) {
        await expect(tx).to.emit(f.distributor, "PayoutClaimed").withArgs(c.operator, c.epoch, worker, c.amount);
      }
      const receipt = (await (await tx).wait())!;
      const transfers = receipt.logs.filter((l) => f.token.interface.parseLog(l)?.name === "Transfer");
      expect(transfers).to.have.length(1);
      expect(await balanceOf(f, worker)).to.equal(before + 60n * E18);
      for (const c of claims) expect(await f.distributor.isClaimed(c.operator, c.epoch, worker)).to.equal(true);
    });

    it("pays several workers, one transfer per run of the same worker", async function () {
      const f = await loadFixture(threeDistributionsFixture);
      const claims = [f.claimOf(0, 1), f.claimOf(1, 1), f.claimOf(2, 2), f.claimOf(0, 2), f.claimOf(1, 0)];
      const workers = [...new Set(claims.map((c) => c.worker))];
      const before = await Promise.all(workers.map((w) => balanceOf(f, w)));
      const receipt = (await (await f.distributor.claimMany(claims)).wait())!;
      const transfers = receipt.logs.filter((l) => f.token.interface.parseLog(l)?.name === "Transfer");
      expect(transfers).to.have.length(3);
      for (const [i, w] of workers.entries()) {
        const owed = claims.filter((c) => c.worker === w).reduce((t, c) => t + c.amount, 0n);
        expect(await balanceOf(f, w)).to.equal(before[i] + owed);
      }
    });

    it("is all or nothing: one bad claim refuses the batch with its own error", async function () {
      const f = await loadFixture(threeDistributionsFixture);
      const bad = { ...f.claimOf(1, 1), amount: 1n };
      await expect(f.distributor.claimMany([f.claimOf(0, 0), bad]))
        .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__InvalidProof")
        .withArgs(bad.operator, bad.epoch, bad.worker, 1n);
      expect(await f.distributor.isClaimed(f.claimOf(0, 0).operator, 7n, f.claimOf(0, 0).worker)).to.equal(false);
      const twice = f.claimOf(2, 1);
      await expect(f.distributor.claimMany([twice, twice]))
        .to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__AlreadyClaimed")
        .withArgs(twice.operator, twice.epoch, twice.worker);
    });

    it("does nothing for an empty batch", async function () {
      const f = await loadFixture(threeDistributionsFixture);
      const receipt = (await (await f.distributor.claimMany([])).wait())!;
      expect(receipt.logs).to.have.length(0);
    });
  });

  describe("re-entrancy through the token", function () {
    it("refuses a claim, a batch or a publish re-entered from the token's transfer (ReentrancyGuardReentrantCall)", async function () {
      const f = await loadFixture(reentrantFixture);
      const [op0, op1] = f.operators;
      const payees = payeesOf(f as unknown as Fixture);
      const tree = await publish(f as unknown as Fixture, op0, 7n, payees);
      const claimArgs = (p: Payee) => [op0.address, 7n, p.worker, p.amount, tree.proof(p)] as const;
      const asClaim = (p: Payee) => ({ operator: op0.address, epoch: 7n, ...p, proof: tree.proof(p) });
      const target = await f.distributor.getAddress();
      // Each outer call moves tokens; the token then calls back each entry point that moves tokens.
      const inner = [
        f.distributor.interface.encodeFunctionData("claim", [...claimArgs(payees[1])]),
        f.distributor.interface.encodeFunctionData("claimMany", [[asClaim(payees[1])]]),
        f.distributor.interface.encodeFunctionData("publish", [8n, tree.root, payees]),
      ];
      for (const send of [
        () => f.distributor.claim(...claimArgs(payees[0])),
        () => f.distributor.claimMany([asClaim(payees[0])]),
        () => f.distributor.connect(op1).publish(7n, tree.root, payees),
      ]) {
        for (const reenter of inner) {
          await f.token.arm(target, reenter);
          await expect(send()).to.be.revertedWithCustomError(f.distributor, "ReentrancyGuardReentrantCall");
        }
      }
      // Unarmed, the same calls go through: the guard refused, not the calls.
      await f.token.arm(ethers.ZeroAddress, "0x");
      await expect(f.distributor.claim(...claimArgs(payees[0]))).to.emit(f.distributor, "PayoutClaimed");
      await expect(f.distributor.claimMany([asClaim(payees[1])])).to.emit(f.distributor, "PayoutClaimed");
      await expect(f.distributor.connect(op1).publish(7n, tree.root, payees)).to.emit(f.distributor, "PayoutPublished");
    });
  });

  describe("chunk receipts (EIP-712)", function () {
    const receipt = (worker: string) => ({ epoch: 12n, chunkId: 3n, worker, amount: 7n * E18 });

    async function domainOf(d: PayoutDistributor) {
      const { chainId } = await ethers.provider.getNetwork();
      return { name: "blockage PayoutDistributor", version: "1", chainId, verifyingContract: await d.getAddress() };
    }

    it("receiptDigest equals ethers' TypedDataEncoder hash of ChunkReceipt", async function () {
      const f = await loadFixture(payoutFixture);
      const domain = await domainOf(f.distributor);
      for (const r of [receipt(f.workers[0].address), { ...receipt(f.workers[1].address), chunkId: 2n ** 200n }]) {
        expect(await f.distributor.receiptDigest(r)).to.equal(
          ethers.TypedDataEncoder.hash(domain, CHUNK_RECEIPT_TYPES, r),
        );
      }
    });

    it("receiptSigner recovers the signer of signTypedData, and no one else for another receipt or domain", async function () {
      const f = await loadFixture(payoutFixture);
      const jd = f.operators[0];
      const r = receipt(f.workers[0].address);
      const domain = await domainOf(f.distributor);
      const signature = await jd.signTypedData(domain, CHUNK_RECEIPT_TYPES, r);
      expect(await f.distributor.receiptSigner(r, signature)).to.equal(jd.address);
      expect(await f.distributor.receiptSigner({ ...r, amount: r.amount + 1n }, signature)).to.not.equal(jd.address);
      const elsewhere = await jd.signTypedData({ ...domain, chainId: 1n }, CHUNK_RECEIPT_TYPES, r);
      expect(await f.distributor.receiptSigner(r, elsewhere)).to.not.equal(jd.address);
      await expect(f.distributor.receiptSigner(r, "0x1234"))
        .to.be.revertedWithCustomError(f.distributor, "ECDSAInvalidSignatureLength")
        .withArgs(2n);
    });
  });

  describe("randomized operations", function () {
    it("keeps the token balance equal to Σ (total − claimed) and matches a model of every claim", async function () {
      const f0 = await loadFixture(payoutFixture);
      const operatorCount = f0.operators.length;
      const workerCount = f0.workers.length;
      const leafArb = fc.record({
        worker: fc.integer({ min: 0, max: workerCount - 1 }),
        amount: fc.bigInt({ min: 1n, max: 1_000n * E18 }),
      });
      const op = fc.oneof(
        fc.record({
          kind: fc.constant("publish" as const),
          operator: fc.nat(operatorCount - 1),
          epoch: fc.nat(3),
          leaves: fc.uniqueArray(leafArb, { minLength: 1, maxLength: 5, selector: (l) => l.worker }),
          // Some operators publish a root over amounts larger than they fund.
          inflate: fc.oneof({ arbitrary: fc.constant(1n), weight: 3 }, { arbitrary: fc.bigInt(2n, 3n), weight: 1 }),
        }),
        fc.record({ kind: fc.constant("claim" as const), pick: fc.nat(), leaf: fc.nat(), relayed: fc.boolean() }),
        fc.record({
          kind: fc.constant("claimMany" as const),
          picks: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }),
        }),
      );
      interface Model {
        operator: string;
        epoch: bigint;
        leaves: Payee[];
        proof: (p: Payee) => string[];
        total: bigint;
        claimed: bigint;
        done: Set<string>;
      }
      const outcomes = new Map<string, number>();
      const outcome = await fc.check(
        fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 24 }), async (plan) => {
          const f = await loadFixture(payoutFixture);
          const address = await f.distributor.getAddress();
          const models = new Map<string, Model>();
          const keyOf = (operator: string, epoch: bigint) => `${operator}/${epoch}`;
          const expectInvariant = async () => {
            let owed = 0n;
            for (const m of models.values()) {
              const [, total, claimed] = await f.distributor.distribution(m.operator, m.epoch);
              expect([total, claimed]).to.deep.equal([m.total, m.claimed]);
              owed += total - claimed;
            }
            expect(await balanceOf(f, address)).to.equal(owed);
          };
          /** What the contract must do with a claim of leaf `index` of `m` (model step), and the claim. */
          const claimOf = (m: Model, index: number) => {
            const leaf = m.leaves[index % m.leaves.length];
            const claim = { operator: m.operator, epoch: m.epoch, ...leaf, proof: m.proof(leaf) };
            return { claim, leaf };
          };
          for (const step of plan) {
            if (step.kind === "publish") {
              const operator = f.operators[step.operator];
              const funded = step.leaves.map((l) => ({ worker: f.workers[l.worker].address, amount: l.amount }));
              const listed = funded.map((p) => ({ ...p, amount: p.amount * step.inflate }));
              const key = keyOf(operator.address, BigInt(step.epoch));
              const tree = treeOf(listed);
              const tx = f.distributor.connect(operator).publish(step.epoch, tree.root, funded);
              if (models.has(key)) {
                await expect(tx).to.be.revertedWithCustomError(f.distributor, "PayoutDistributor__AlreadyPublished");
              } else {
                await (await tx).wait();
                models.set(key, {
                  operator: operator.address,
                  epoch: BigInt(step.epoch),
                  leaves: listed,
                  proof: tree.proof,
                  total: sum(funded),
                  claimed: 0n,
                  done: new Set(),
                });
              }
            } else {
              const all = [...models.values()];
              if (all.length === 0) continue;
              const picks = step.kind === "claim" ? [[step.pick, step.leaf] as const] : step.picks;
              if (picks.length === 0) continue;
              // Apply the batch to a copy of the model: it succeeds as a whole or changes nothing.
              const claimed = new Map([...models].map(([k, m]) => [k, m.claimed]));
              const done = new Set<string>();
              let error: string | undefined;
              const claims = picks.map(([pick, index]) => {
                const m = all[pick % all.length];
                const { claim, leaf } = claimOf(m, index);
                const key = keyOf(m.operator, m.epoch);
                const id = `${key}/${leaf.worker}`;
                if (error === undefined) {
                  const remaining = m.total - claimed.get(key)!;
                  if (m.done.has(leaf.worker) || done.has(id)) error = "PayoutDistributor__AlreadyClaimed";
                  else if (leaf.amount > remaining) error = "PayoutDistributor__ExceedsFunding";
                  else {
                    claimed.set(key, claimed.get(key)! + leaf.amount);
                    done.add(id);
                  }
                }
                return claim;
              });
              const sender = step.kind === "claim" && step.relayed ? f.relayer : f.admin;
              const c = claims[0];
              const tx =
                step.kind === "claim"
                  ? f.distributor.connect(sender).claim(c.operator, c.epoch, c.worker, c.amount, c.proof)
                  : f.distributor.connect(sender).claimMany(claims);
              outcomes.set(error ?? "paid", (outcomes.get(error ?? "paid") ?? 0) + 1);
              if (error !== undefined) {
                await expect(tx).to.be.revertedWithCustomError(f.distributor, error);
              } else {
                await (await tx).wait();
                for (const [key, value] of claimed) models.get(key)!.claimed = value;
                for (const id of done) {
                  const worker = id.slice(id.lastIndexOf("/") + 1);
                  models.get(id.slice(0, id.lastIndexOf("/")))!.done.add(worker);
                  expect(await f.distributor.isClaimed(...(id.split("/") as [string, string, string]))).to.equal(true);
                }
              }
            }
            await expectInvariant();
          }
        }),
        { numRuns: underCoverage() ? 3 : 15, endOnFailure: true, seed: 20260515 },
      );
      if (outcome.failed) throw outcome.errorInstance;
      // The runs reached every outcome: paid, claimed twice, and past the funding of an inflated root.
      for (const kind of ["paid", "PayoutDistributor__AlreadyClaimed", "PayoutDistributor__ExceedsFunding"]) {
        expect(outcomes.get(kind) ?? 0, kind).to.be.greaterThan(0);
      }
    });
  });
});
