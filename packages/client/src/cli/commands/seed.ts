// blockage seed <epoch> [--slot] [--role] [--beacon]
import { isAddress } from "ethers";
import { pokeBeacon } from "../../beacon/poke";
import { getSeed, SEED_ROLES, type SeedRoleName } from "../../beacon/seed";
import { SeedBeacon__factory, type ISeedBeacon } from "../../typechain";
import type { Command } from "../command";
import { connect, connectChain } from "../context";
import { table } from "../output";
import { UsageError } from "../usage";

const seed_: Command = {
  path: "seed",
  options: { slot: { type: "string" }, role: { type: "string" }, beacon: { type: "string" } },
  positionals: { min: 1, max: 1, names: "<epoch>" },
  async run(input) {
    const [epochText] = input.positionals;
    if (!/^\d+$/.test(epochText)) throw new UsageError(`the epoch must be a non-negative integer, got ${epochText}`);
    const slotText = input.values.slot as string | undefined;
    if (slotText !== undefined && !/^\d+$/.test(slotText)) {
      throw new UsageError(`--slot must be a non-negative integer, got ${slotText}`);
    }
    const roleText = ((input.values.role as string | undefined) ?? "epoch").toLowerCase();
    if (!Object.hasOwn(SEED_ROLES, roleText)) {
      throw new UsageError(`--role must be sequencer, prover or epoch, got ${roleText}`);
    }
    const role = roleText as SeedRoleName;
    const beaconAddress = input.values.beacon as string | undefined;
    if (beaconAddress !== undefined && !isAddress(beaconAddress)) {
      throw new UsageError(`--beacon is not an address: ${beaconAddress}`);
    }
    // With --beacon no registry is needed.
    let beacon: ISeedBeacon;
    let c;
    if (beaconAddress === undefined) {
      const connection = await connect(input.global, input.io, false);
      [c, beacon] = [connection, connection.beacon];
    } else {
      c = await connectChain(input.global, input.io, false);
      beacon = SeedBeacon__factory.connect(beaconAddress, c.provider);
    }
    try {
      const result = await getSeed(beacon, {
        epoch: BigInt(epochText),
        slot: slotText === undefined ? undefined : BigInt(slotText),
        role,
      });
      input.print(
        table(`seed of epoch ${result.epoch}, slot ${result.slot}, role ${result.roleName}`, [
          ["seed", result.seed],
          ["alpha", result.alpha === null ? undefined : `${result.alpha} (σ ‖ "${role.toUpperCase()}", the VRF input)`],
        ]),
        result,
      );
    } finally {
      c.provider.destroy();
    }
  },
};

const poke_: Command = {
  path: "poke",
  options: {},
  positionals: { min: 0, max: 0, names: "" },
  async run(input) {
    const c = await connect(input.global, input.io, true);
    try {
      input.progress(`poking the seed beacon ${c.addresses.SeedBeacon}…`);
      const result = await pokeBeacon(c.beacon);
      const fixed = result.fixedEpochs.map(([from, to]) => (from === to ? `${from}` : `${from}–${to}`)).join(", ");
      input.print(
        table(result.stored ? "stored this block's randomness" : "this block already had a snapshot", [
          ["snapshots", result.snapshotCount.toString()],
          ["seeds fixed", fixed === "" ? undefined : `epochs ${fixed}`],
          ["transaction", result.receipt.hash],
        ]),
        {
          beacon: c.addresses.SeedBeacon,
          stored: result.stored,
          fixedEpochs: result.fixedEpochs,
          snapshotCount: result.snapshotCount,
          transactionHash: result.receipt.hash,
        },
      );
    } finally {
      c.provider.destroy();
    }
  },
};

/** The seed and poke commands. */
export const SEED_COMMANDS: Command[] = [seed_, poke_];
