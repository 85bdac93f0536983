// blockage seed <epoch> [--slot] [--role] [--beacon]
import { isAddress } from "ethers";
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

/** The seed command. */
export const SEED_COMMANDS: Command[] = [seed_];
