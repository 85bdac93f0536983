// blockage seed <epoch> [--slot] [--role] [--beacon]
import { isAddress } from "ethers";
import { getSeed, type ISeedBeacon, pokeBeacon, SEED_ROLES, type SeedRoleName } from "@blockage/client";
import { MAX_EPOCH, parseInteger, parseOptionalInteger } from "../arguments";
import type { Command } from "../command";
import { connect, connectBeacon, connectChain, withConnection } from "../context";
import { table } from "../output";
import { UsageError } from "../errors";

const seed_: Command = {
  path: "seed",
  options: { slot: { type: "string" }, role: { type: "string" }, beacon: { type: "string" } },
  positionals: { min: 1, max: 1, names: "<epoch>" },
  async run(input) {
    const epoch = parseInteger(input.positionals[0], "the epoch", MAX_EPOCH);
    const slot = parseOptionalInteger(input.values.slot as string | undefined, "--slot", MAX_EPOCH);
    const roleText = ((input.values.role as string | undefined) ?? "epoch").toLowerCase();
    if (!Object.hasOwn(SEED_ROLES, roleText)) {
      throw new UsageError(`--role must be sequencer, prover or epoch, got ${roleText}`);
    }
    const role = roleText as SeedRoleName;
    const beaconAddress = input.values.beacon as string | undefined;
    if (beaconAddress !== undefined && !isAddress(beaconAddress)) {
      throw new UsageError(`--beacon is not an address: ${beaconAddress}`);
    }
    const show = async (beacon: ISeedBeacon) => {
      const result = await getSeed(beacon, { epoch, slot, role });
      input.print(
        table(`seed of epoch ${result.epoch}, slot ${result.slot}, role ${result.roleName}`, [
          ["seed", result.seed],
          ["alpha", result.alpha === null ? undefined : `${result.alpha} (σ ‖ "${role.toUpperCase()}", the VRF input)`],
          ["fallback", result.isFallback ? "yes: nothing was poked in the epoch's seed window" : undefined],
        ]),
        result,
      );
    };
    if (beaconAddress === undefined) {
      await withConnection(connect(input.global, input.io, false), (c) => show(c.beacon));
    } else {
      // With --beacon no registry is needed.
      const address = beaconAddress;
      await withConnection(connectChain(input.global, input.io, false), async (c) =>
        show(await connectBeacon(c, address)),
      );
    }
  },
};

const poke_: Command = {
  path: "poke",
  options: {},
  positionals: { min: 0, max: 0, names: "" },
  async run(input) {
    await withConnection(connect(input.global, input.io, true), async (c) => {
      input.progress(`poking the seed beacon ${c.addresses.SeedBeacon}…`);
      const result = await pokeBeacon(c.beacon);
      const runs = (epochs: Array<[bigint, bigint]>) =>
        epochs.map(([from, to]) => (from === to ? `${from}` : `${from}–${to}`)).join(", ");
      const fixed = runs(result.fixedEpochs);
      const fallback = runs(result.fallbackEpochs);
      input.print(
        table(result.stored ? "stored this block's randomness" : "this block already had a snapshot", [
          ["snapshots", result.snapshotCount.toString()],
          ["seeds fixed", fixed === "" ? undefined : `epochs ${fixed}`],
          ["fallback seeds", fallback === "" ? undefined : `epochs ${fallback} (nothing poked in their windows)`],
          ["transaction", result.receipt.hash],
        ]),
        {
          beacon: c.addresses.SeedBeacon,
          stored: result.stored,
          fixedEpochs: result.fixedEpochs,
          fallbackEpochs: result.fallbackEpochs,
          snapshotCount: result.snapshotCount,
          transactionHash: result.receipt.hash,
        },
      );
    });
  },
};

/** The seed and poke commands. */
export const SEED_COMMANDS: Command[] = [seed_, poke_];
