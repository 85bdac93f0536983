// The provers: stake and age (their lottery weight), speed, cost per chunk, reliability and strategy. The same
// population (same seed) is played by every mechanism.
import { LOTTERY_DEFAULTS, lotteryWeight } from "@blockage/client/lottery";
import { STRATEGIES, type SimulationConfig, type Strategy } from "./config";
import { createRandom } from "./random";

const WAD = 10n ** 18n;

/** One prover node. */
export interface Prover {
  /** Index in the population. */
  id: number;
  /** Its operator's address (a label: the simulation signs nothing). */
  address: string;
  /** Stake in wei. */
  stake: bigint;
  /** Age in epochs at the start of the run. */
  initialAge: number;
  /** Chunks proven per slot (12 s) on average. */
  speed: number;
  /** Cost of proving one chunk, in tokens. */
  costPerChunk: number;
  /** Chance of being online in an epoch. */
  reliability: number;
  /** What it does. */
  strategy: Strategy;
}

/** The population and its lottery weights. */
export interface Population {
  provers: readonly Prover[];
  /**
   * Every prover's weight at the epoch as a float (`s · (1 + γ·min(a, A_max))^β` with α = 1), for the cheap filters
   * that pick who enters a lottery (never for ranking). The array is reused: read it before the next call.
   */
  floatWeights(epoch: number): Float64Array;
  /** The exact weight (`lotteryWeight`, the contract's to the bit) at the epoch, memoized. */
  weight(prover: number, epoch: number): bigint;
}

/**
 * Draws the population: stake log-normal around 1,000 tokens (at least 100), 70% of the provers past the age cap at
 * the start and the rest uniformly younger, speed log-normal around 3 chunks per slot, cost log-normal around 0.3
 * token per chunk, reliability uniform in [0.85, 1], strategies by `strategyMix` (assigned in shuffled order).
 *
 * @param config - The seed, the size and the strategy mix.
 * @returns The population.
 */
export function drawPopulation(config: Pick<SimulationConfig, "seed" | "provers" | "strategyMix">): Population {
  const random = createRandom(config.seed, "population");
  const n = config.provers;
  const ageCap = Number(LOTTERY_DEFAULTS.ageCap);
  const strategies: Strategy[] = [];
  for (const strategy of STRATEGIES) {
    if (strategy === "honest") continue;
    const count = Math.round(config.strategyMix[strategy] * n);
    for (let i = 0; i < count && strategies.length < n; i++) strategies.push(strategy);
  }
  while (strategies.length < n) strategies.push("honest");
  // Fisher–Yates, so that the strategies are spread over speeds and stakes.
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [strategies[i], strategies[j]] = [strategies[j], strategies[i]];
  }
  const provers: Prover[] = [];
  for (let id = 0; id < n; id++) {
    const stakeTokens = Math.max(100, Math.round(1000 * Math.exp(random.normal())));
    provers.push({
      id,
      address: `0x${(id + 1).toString(16).padStart(40, "0")}`,
      stake: BigInt(stakeTokens) * WAD,
      initialAge: random.uniform() < 0.7 ? ageCap : Math.floor(random.uniform() * ageCap),
      speed: 3 * Math.exp(0.6 * random.normal()),
      costPerChunk: 0.3 * Math.exp(0.5 * random.normal()),
      reliability: 0.85 + 0.15 * random.uniform(),
      strategy: strategies[id],
    });
  }
  const beta = Number(LOTTERY_DEFAULTS.beta) / 1e18;
  const gamma = Number(LOTTERY_DEFAULTS.gamma) / 1e18;
  const stakeTokens = provers.map((p) => Number(p.stake / WAD));
  const exact = new Map<number, bigint>();
  const ageAt = (prover: number, epoch: number) => Math.min(provers[prover].initialAge + epoch, ageCap);
  const floats = new Float64Array(n);
  let floatsEpoch = -1;
  const youngest = provers.reduce((min, p) => Math.min(min, p.initialAge), ageCap);
  return {
    provers,
    floatWeights: (epoch) => {
      // Once every prover is past the age cap the weights no longer change.
      const key = Math.min(epoch, ageCap - youngest);
      if (key !== floatsEpoch) {
        for (let i = 0; i < n; i++) floats[i] = stakeTokens[i] * Math.pow(1 + gamma * ageAt(i, key), beta);
        floatsEpoch = key;
      }
      return floats;
    },
    weight: (prover, epoch) => {
      const age = ageAt(prover, epoch);
      const key = prover * (ageCap + 1) + age;
      let w = exact.get(key);
      if (w === undefined) {
        w = lotteryWeight(provers[prover].stake, BigInt(age));
        exact.set(key, w);
      }
      return w;
    },
  };
}
