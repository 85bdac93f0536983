// Randomized differential test: ≥ 1,200 random operations by 50 actors against the real registry, checked step by
// step against an independent TypeScript model of the same rules (integer math included). After every step:
//   registry token balance == Σ owed (model) == totalOwed(), and the active-set root rebuilt off-chain from the
//   model's leaves == the on-chain root. Every 100 steps every node and delegation is compared field by field.
// Set BLOCKAGE_RANDOM_SEED to replay a run; the seed is printed when a step fails.
import { expect } from "chai";
import { ethers, network } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { Wallet } from "ethers";
import {
  BOTH,
  E18,
  EPOCH_DURATION,
  MIN_STAKE,
  commKeyOf,
  deployRegistry,
  leafHash,
  pidOf,
  saltOf,
  treeRoot,
  possessionProof,
  vrfKeyOf,
  vrfSecretOf,
} from "./helpers";

const ACTORS = 50;
const STEPS = 1200;
const LAG = 2n;
const ENTRY_DELAY = 1n;
const UNBONDING = 2n;
const ZERO = ethers.ZeroHash;

enum S {
  None,
  Pending,
  Active,
  Unbonding,
  Exited,
}

interface ModelNode {
  pid: string;
  operator: number;
  status: S;
  roles: number;
  leafIndex: number;
  registeredEpoch: bigint;
  activationEpoch: bigint;
  exitEpoch: bigint;
  withdrawableEpoch: bigint;
  selfStake: bigint;
  vrfKey: string;
  commKey: string;
}
interface Pool {
  A: bigint;
  S: bigint;
  UA: bigint;
  US: bigint;
  era: number;
  unbondingEra: number;
}
interface Position {
  shares: bigint;
  ushares: bigint;
  withdrawableEpoch: bigint;
  era: number;
  unbondingEra: number;
}

/** mulberry32: small, seedable, good enough to pick operations. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const floorDiv = (a: bigint, b: bigint) => a / b;
const ceilDiv = (a: bigint, b: bigint) => (a === 0n ? 0n : (a - 1n) / b + 1n);
const toShares = (assets: bigint, A: bigint, Sh: bigint) => (Sh === 0n ? assets : floorDiv(assets * (Sh + 1n), A + 1n));
const sharesFor = (assets: bigint, A: bigint, Sh: bigint) => (Sh === 0n ? assets : ceilDiv(assets * (Sh + 1n), A + 1n));
const toAssets = (shares: bigint, A: bigint, Sh: bigint) => floorDiv(shares * (A + 1n), Sh + 1n);

describe("NodeRegistry randomized operations", function () {
  this.timeout(600_000);

  it(`keeps its books and its root after ${STEPS} random operations by ${ACTORS} actors`, async function () {
    const seed = Number(process.env.BLOCKAGE_RANDOM_SEED ?? 20261121);
    const rand = prng(seed);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const chance = (p: number) => rand() < p;

    const f = await deployRegistry({ entryDelayEpochs: ENTRY_DELAY, unbondingPeriodEpochs: UNBONDING });
    const { registry, token, rollup, admin, genesis } = f;
    const registryAddress = await registry.getAddress();
    expect(await registry.inputLag()).to.equal(LAG);

    // 50 actors with their own keys, ETH and tokens.
    const actors: Wallet[] = [];
    for (let i = 0; i < ACTORS; i++) {
      const wallet = new ethers.Wallet(ethers.keccak256(ethers.toUtf8Bytes(`actor ${i}`)), ethers.provider);
      await network.provider.send("hardhat_setBalance", [wallet.address, ethers.toQuantity(10n ** 22n)]);
      await token.connect(admin).mint(wallet.address, 10n ** 9n * E18);
      await token.connect(wallet).approve(registryAddress, ethers.MaxUint256);
      actors.push(wallet);
    }
    const initialBalance = await token.balanceOf(registryAddress);
    expect(initialBalance).to.equal(0n);

    // ---- the model
    const nodes = new Map<string, ModelNode>();
    const pools = new Map<string, Pool>();
    const positions = new Map<string, Position>();
    let nodeCount = 0;
    let owed = 0n;
    let clock = BigInt(await time.latest());
    const epochAt = (t: bigint) => (t - genesis) / EPOCH_DURATION;
    const pool = (pid: string) => {
      if (!pools.has(pid)) pools.set(pid, { A: 0n, S: 0n, UA: 0n, US: 0n, era: 0, unbondingEra: 0 });
      return pools.get(pid)!;
    };
    /** A position as it counts now: shares from an earlier era of the pool are void. */
    const position = (pid: string, who: number) => {
      const key = `${pid}/${who}`;
      const p = pool(pid);
      if (!positions.has(key)) {
        positions.set(key, {
          shares: 0n,
          ushares: 0n,
          withdrawableEpoch: 0n,
          era: p.era,
          unbondingEra: p.unbondingEra,
        });
      }
      const pos = positions.get(key)!;
      if (pos.era !== p.era) Object.assign(pos, { shares: 0n, era: p.era });
      if (pos.unbondingEra !== p.unbondingEra) {
        Object.assign(pos, { ushares: 0n, withdrawableEpoch: 0n, unbondingEra: p.unbondingEra });
      }
      return pos;
    };
    const leaves = () => {
      const map = new Map<number, string>();
      for (const n of nodes.values()) {
        map.set(
          n.leafIndex,
          n.status === S.Active
            ? leafHash(n.pid, n.selfStake + pool(n.pid).A, n.activationEpoch, n.vrfKey, n.roles)
            : ZERO,
        );
      }
      return map;
    };

    type Outcome = string | null; // expected custom error name, or null for success
    interface Op {
      label: string;
      predict(epoch: bigint): Outcome;
      send(): Promise<unknown>;
      apply(epoch: bigint): void;
    }

    const anyNode = (): ModelNode | undefined => (nodes.size ? pick([...nodes.values()]) : undefined);
    const randomPid = (): string => {
      const n = anyNode();
      return n && chance(0.95) ? n.pid : ethers.hexlify(ethers.randomBytes(32));
    };
    const BAD_KEY = "0x02" + "ff".repeat(32);
    /** A key for test node i (sometimes uncompressed, sometimes invalid) and whether its proof will be wrong. */
    const maybeBadKey = (i: number) => ({
      index: i,
      key: chance(0.05) ? BAD_KEY : vrfKeyOf(i, chance(0.7)),
      badProof: chance(0.03),
    });
    const proofFor = (pid: string, k: { index: number; key: string; badProof: boolean }) =>
      k.key === BAD_KEY
        ? Promise.resolve("0x")
        : possessionProof(registry, pid, k.key, vrfSecretOf(k.badProof ? k.index + 1 : k.index));

    function makeOp(): Op {
      const r = rand();
      if (r < 0.16) {
        const who = Math.floor(rand() * ACTORS);
        const salt = saltOf(Math.floor(rand() * 2));
        const pid = pidOf(actors[who].address, salt);
        const stake = chance(0.08) ? MIN_STAKE - 1n : MIN_STAKE + BigInt(Math.floor(rand() * 3000)) * E18;
        const roles = chance(0.04) ? 0 : 1 + Math.floor(rand() * 3);
        const k = maybeBadKey(who * 2 + Number(salt.slice(-1)));
        const vrfKey = k.key;
        const commKey = chance(0.03) ? ZERO : commKeyOf(who);
        return {
          label: `register(${who})`,
          predict() {
            if (roles === 0 || roles > 3) return "NodeRegistry__InvalidRoles";
            if (stake < MIN_STAKE) return "NodeRegistry__StakeBelowMinimum";
            const n = nodes.get(pid);
            if (n && n.status !== S.Exited) return "NodeRegistry__AlreadyRegistered";
            if (vrfKey === BAD_KEY) return "NodeRegistry__InvalidVrfKey";
            if (k.badProof) return "NodeRegistry__InvalidVrfKeyProof";
            if (commKey === ZERO) return "NodeRegistry__InvalidCommKey";
            return null;
          },
          send: async () =>
            registry.connect(actors[who]).register(salt, stake, vrfKey, await proofFor(pid, k), commKey, roles),
          apply(epoch) {
            let n = nodes.get(pid);
            if (!n) {
              n = { pid, operator: who, leafIndex: nodeCount++ } as ModelNode;
              nodes.set(pid, n);
            }
            Object.assign(n, {
              status: S.Pending,
              roles,
              registeredEpoch: epoch,
              activationEpoch: 0n,
              exitEpoch: 0n,
              withdrawableEpoch: 0n,
              selfStake: stake,
              vrfKey: ethers.SigningKey.computePublicKey(vrfKey, true),
              commKey,
            });
            owed += stake;
          },
        };
      }
      // Operator actions on an existing (or occasionally unknown) node, sometimes by the wrong caller.
      const operatorAction = (kind: "activate" | "unbond" | "withdraw" | "increaseStake" | "rotateKeys"): Op => {
        const pid = randomPid();
        const n = nodes.get(pid);
        const caller = n && chance(0.93) ? n.operator : Math.floor(rand() * ACTORS);
        const amount = chance(0.05) ? 0n : BigInt(1 + Math.floor(rand() * 500)) * E18;
        const newKey = maybeBadKey(1000 + Math.floor(rand() * 1000));
        const common = (): Outcome => {
          if (!n || n.status === S.None) return "NodeRegistry__UnknownNode";
          if (n.operator !== caller) return "NodeRegistry__NotOperator";
          return null;
        };
        const live = () => n!.status === S.Pending || n!.status === S.Active;
        return {
          label: `${kind}(${pid.slice(0, 8)} by ${caller})`,
          predict(epoch) {
            const c = common();
            if (c) return c;
            switch (kind) {
              case "activate":
                if (n!.status !== S.Pending) return "NodeRegistry__WrongStatus";
                if (epoch < n!.registeredEpoch + ENTRY_DELAY) return "NodeRegistry__ActivationTooEarly";
                return n!.selfStake < MIN_STAKE ? "NodeRegistry__StakeBelowMinimum" : null;
              case "unbond":
                return n!.status !== S.Active ? "NodeRegistry__WrongStatus" : null;
              case "withdraw":
                if (n!.status !== S.Unbonding) return "NodeRegistry__WrongStatus";
                return epoch < n!.withdrawableEpoch ? "NodeRegistry__WithdrawalTooEarly" : null;
              case "increaseStake":
                if (!live()) return "NodeRegistry__NotPendingOrActive";
                return amount === 0n ? "NodeRegistry__ZeroAmount" : null;
              case "rotateKeys":
                if (!live()) return "NodeRegistry__NotPendingOrActive";
                if (newKey.key === BAD_KEY) return "NodeRegistry__InvalidVrfKey";
                return newKey.badProof ? "NodeRegistry__InvalidVrfKeyProof" : null;
            }
          },
          async send() {
            const r = registry.connect(actors[caller]);
            switch (kind) {
              case "activate":
                return r.activate(pid);
              case "unbond":
                return r.unbond(pid);
              case "withdraw":
                return r.withdraw(pid);
              case "increaseStake":
                return r.increaseStake(pid, amount);
              case "rotateKeys":
                return r.rotateKeys(pid, newKey.key, await proofFor(pid, newKey), commKeyOf(7));
            }
          },
          apply(epoch) {
            const node = n!;
            switch (kind) {
              case "activate":
                node.status = S.Active;
                node.activationEpoch = epoch + LAG;
                break;
              case "unbond":
                node.status = S.Unbonding;
                node.exitEpoch = epoch + LAG;
                node.withdrawableEpoch = epoch + LAG + UNBONDING;
                break;
              case "withdraw":
                owed -= node.selfStake;
                node.selfStake = 0n;
                node.status = S.Exited;
                break;
              case "increaseStake":
                node.selfStake += amount;
                owed += amount;
                break;
              case "rotateKeys":
                node.vrfKey = ethers.SigningKey.computePublicKey(newKey.key, true);
                node.commKey = commKeyOf(7);
                break;
            }
          },
        };
      };
      if (r < 0.24) return operatorAction("activate");
      if (r < 0.3) return operatorAction("unbond");
      if (r < 0.36) return operatorAction("withdraw");
      if (r < 0.41) return operatorAction("increaseStake");
      if (r < 0.44) return operatorAction("rotateKeys");
      if (r < 0.58) {
        const who = Math.floor(rand() * ACTORS);
        const pid = randomPid();
        const amount = chance(0.04)
          ? 0n
          : BigInt(1 + Math.floor(rand() * 2000)) * E18 + BigInt(Math.floor(rand() * 1000));
        return {
          label: `delegate(${who} → ${pid.slice(0, 8)}, ${amount})`,
          predict() {
            const n = nodes.get(pid);
            if (!n) return "NodeRegistry__UnknownNode";
            if (n.status !== S.Pending && n.status !== S.Active) return "NodeRegistry__NotPendingOrActive";
            if (amount === 0n) return "NodeRegistry__ZeroAmount";
            const p = pool(pid);
            return toShares(amount, p.A, p.S) === 0n ? "NodeRegistry__ZeroAmount" : null;
          },
          send: () => registry.connect(actors[who]).delegate(pid, amount),
          apply() {
            const p = pool(pid);
            const shares = toShares(amount, p.A, p.S);
            p.A += amount;
            p.S += shares;
            position(pid, who).shares += shares;
            owed += amount;
          },
        };
      }
      if (r < 0.68) {
        // Undelegate: usually a real delegator, sometimes everything, sometimes too much.
        const held = [...positions.entries()].filter(([, p]) => p.shares > 0n);
        const [key] = held.length && chance(0.9) ? pick(held) : [`${randomPid()}/${Math.floor(rand() * ACTORS)}`];
        const [pid, whoText] = key.split("/");
        const who = Number(whoText);
        const pos = position(pid, who);
        const p = pool(pid);
        const value = toAssets(pos.shares, p.A, p.S);
        const all = chance(0.3);
        const amount = all
          ? ethers.MaxUint256
          : chance(0.1)
            ? value + 1n
            : value > 0n
              ? 1n + ((BigInt(Math.floor(rand() * 1e9)) * (value / 1_000_000_000n + 1n)) % value)
              : 5n;
        return {
          label: `undelegate(${who} from ${pid.slice(0, 8)}, ${all ? "all" : amount})`,
          predict() {
            if (!nodes.has(pid)) return "NodeRegistry__UnknownNode";
            const shares = all ? pos.shares : sharesFor(amount, p.A, p.S);
            const assets = all ? toAssets(pos.shares, p.A, p.S) : amount;
            if (assets === 0n) return "NodeRegistry__ZeroAmount";
            if (shares > pos.shares) return "NodeRegistry__InsufficientDelegation";
            return toShares(assets, p.UA, p.US) === 0n ? "NodeRegistry__ZeroAmount" : null;
          },
          send: () => registry.connect(actors[who]).undelegate(pid, amount),
          apply(epoch) {
            const shares = all ? pos.shares : sharesFor(amount, p.A, p.S);
            const assets = all ? toAssets(pos.shares, p.A, p.S) : amount;
            p.A -= assets;
            p.S -= shares;
            pos.shares -= shares;
            const us = toShares(assets, p.UA, p.US);
            p.UA += assets;
            p.US += us;
            pos.ushares += us;
            pos.withdrawableEpoch = epoch + LAG + UNBONDING;
          },
        };
      }
      if (r < 0.75) {
        const waiting = [...positions.entries()].filter(([, p]) => p.ushares > 0n);
        const [key] = waiting.length && chance(0.9) ? pick(waiting) : [`${randomPid()}/${Math.floor(rand() * ACTORS)}`];
        const [pid, whoText] = key.split("/");
        const who = Number(whoText);
        return {
          label: `withdrawDelegation(${who} from ${pid.slice(0, 8)})`,
          predict(epoch) {
            const pos = position(pid, who);
            if (pos.ushares === 0n) return "NodeRegistry__NothingToWithdraw";
            return epoch < pos.withdrawableEpoch ? "NodeRegistry__DelegationLocked" : null;
          },
          send: () => registry.connect(actors[who]).withdrawDelegation(pid),
          apply() {
            const pos = position(pid, who);
            const p = pool(pid);
            const amount = toAssets(pos.ushares, p.UA, p.US);
            p.UA -= amount;
            p.US -= pos.ushares;
            pos.ushares = 0n;
            pos.withdrawableEpoch = 0n;
            owed -= amount;
          },
        };
      }
      if (r < 0.82) {
        const pid = randomPid();
        const n = nodes.get(pid);
        const p = pool(pid);
        const total = (n?.selfStake ?? 0n) + p.A + p.UA;
        const amount = chance(0.08)
          ? total + 1n
          : chance(0.03) && total > 0n
            ? total
            : total > 0n
              ? BigInt(Math.floor(rand() * 1e6)) * (total / 3_000_000n) + 1n
              : 1n;
        const reason = ethers.id("random slash");
        return {
          label: `slash(${pid.slice(0, 8)}, ${amount})`,
          predict() {
            if (!n) return "NodeRegistry__UnknownNode";
            return amount > total ? "NodeRegistry__SlashExceedsStake" : null;
          },
          send: () => registry.connect(rollup).slash(pid, amount, reason),
          apply(epoch) {
            const self = n!.selfStake;
            let d = (amount * p.A) / total;
            let u = (amount * p.UA) / total;
            let s = amount - d - u;
            if (s > self) {
              const excess = s - self;
              s = self;
              const fromActive = excess < p.A - d ? excess : p.A - d;
              d += fromActive;
              u += excess - fromActive;
            }
            n!.selfStake -= s;
            p.A -= d;
            p.UA -= u;
            if (p.A === 0n && p.S > 0n) Object.assign(p, { S: 0n, era: p.era + 1 });
            if (p.UA === 0n && p.US > 0n) Object.assign(p, { US: 0n, unbondingEra: p.unbondingEra + 1 });
            owed -= amount;
            if (n!.status === S.Active && n!.selfStake < MIN_STAKE) {
              Object.assign(n!, {
                status: S.Unbonding,
                exitEpoch: epoch + LAG,
                withdrawableEpoch: epoch + LAG + UNBONDING,
              });
            }
          },
        };
      }
      if (r < 0.86) {
        return {
          label: "rollEpoch",
          predict: () => null,
          send: () => registry.rollEpoch(),
          apply() {},
        };
      }
      // Let time pass: a fraction of an epoch up to two epochs.
      const seconds = BigInt(Math.floor(rand() * 2 * Number(EPOCH_DURATION)));
      return {
        label: `wait ${seconds}s`,
        predict: () => null,
        send: async () => {
          clock += seconds;
        },
        apply() {},
      };
    }

    const rollupBalance0 = await token.balanceOf(rollup.address);
    let slashedTotal = 0n;
    let succeeded = 0;
    let reverted = 0;
    for (let step = 0; step < STEPS; step++) {
      const op = makeOp();
      clock += 1n;
      const epoch = epochAt(clock);
      const expected = op.predict(epoch);
      const context = `step ${step} (${op.label}, seed ${seed})`;
      const isWait = op.label.startsWith("wait");
      if (!isWait) await time.setNextBlockTimestamp(clock);
      if (expected === null) {
        const owedBefore = owed;
        try {
          await op.send();
        } catch (error) {
          throw new Error(`${context}: expected success, got ${(error as Error).message}`, { cause: error });
        }
        op.apply(epoch);
        if (op.label.startsWith("slash")) slashedTotal += owedBefore - owed;
        if (!isWait) succeeded++;
      } else {
        let name = "(no revert)";
        try {
          await op.send();
        } catch (error) {
          const data = (error as { data?: string }).data;
          name = (data && registry.interface.parseError(data)?.name) || (error as Error).message;
        }
        expect(name, context).to.equal(expected);
        reverted++;
      }
      // Invariants after every step.
      const balance = await token.balanceOf(registryAddress);
      expect(balance, `${context}: token balance vs model`).to.equal(owed);
      expect(await registry.totalOwed(), `${context}: totalOwed`).to.equal(owed);
      expect(await registry.activeSetRoot(), `${context}: root`).to.equal(treeRoot(leaves()));
      if (step % 100 === 99) {
        for (const n of nodes.values()) {
          const info = await registry.node(n.pid);
          expect(
            [
              info.status,
              info.selfStake,
              info.delegatedStake,
              info.unbondingDelegatedStake,
              info.vrfKey,
              info.leafIndex,
            ],
            `${context}: node ${n.pid}`,
          ).to.deep.equal([
            BigInt(n.status),
            n.selfStake,
            pool(n.pid).A,
            pool(n.pid).UA,
            n.vrfKey,
            BigInt(n.leafIndex),
          ]);
        }
        for (const key of positions.keys()) {
          const [pid, who] = key.split("/");
          const pos = position(pid, Number(who));
          const onChain = await registry.delegation(pid, actors[Number(who)].address);
          expect([onChain.shares, onChain.withdrawableEpoch], `${context}: position ${key}`).to.deep.equal([
            pos.shares,
            pos.withdrawableEpoch,
          ]);
        }
      }
    }
    expect(await token.balanceOf(rollup.address)).to.equal(rollupBalance0 + slashedTotal);
    // The run must have exercised the interesting paths, not just rejections.
    expect(succeeded, "successful operations").to.be.greaterThan(STEPS / 3);
    expect(reverted, "rejected operations").to.be.greaterThan(50);
    expect([...nodes.values()].filter((n) => n.status === S.Active).length).to.be.greaterThan(5);
    expect(BOTH).to.equal(3);
  });
});
