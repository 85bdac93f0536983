// A local chain with a fresh seed beacon, shared by the beacon actions' integration tests.
import { afterAll, beforeAll } from "vitest";
import { JsonRpcProvider } from "ethers";
import { startLocalChain, type LocalChain } from "../../../deploy/local-chain";
import { SeedBeacon__factory, type SeedBeacon } from "../src/typechain";

/** The chain's provider and the beacon deployed on it, set once the suite's `beforeAll` has run. */
export interface LocalBeacon {
  provider: JsonRpcProvider;
  /** Connected to the chain's first account. */
  beacon: SeedBeacon;
}

/**
 * For the enclosing suite: starts a local chain and deploys a `SeedBeacon` (genesis now, 12 s slots, 32 slots per
 * epoch, an 8-block lookback and a 16-block window of 12 s L1 blocks: the registry's defaults) before its tests, and
 * stops the chain after them.
 *
 * @returns The provider and beacon, filled in by `beforeAll`.
 */
export function useLocalBeacon(): LocalBeacon {
  const local = {} as LocalBeacon;
  let chain: LocalChain | undefined;
  beforeAll(async () => {
    chain = await startLocalChain();
    // No request cache: ethers reuses an identical request's answer for 250 ms, which time travel makes stale.
    local.provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const deployer = await local.provider.getSigner(0);
    local.beacon = await (await new SeedBeacon__factory(deployer).deploy(0, 12, 32, 8, 16, 12)).waitForDeployment();
  });
  afterAll(async () => {
    local.provider?.destroy();
    await chain?.stop();
  });
  return local;
}
