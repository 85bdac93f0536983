import { describe, expect, it } from "vitest";
import { deploymentMechanism } from "./mechanism";

const at = (address: string) => ({ address, transactionHash: "0x01" });

describe("deploymentMechanism", () => {
  it("reads a deployment record's coordinator", () => {
    expect(deploymentMechanism({ Rollup: at("0x01"), CooperativeCoordinator: at("0x02") })).toBe("cooperative");
    expect(deploymentMechanism({ Rollup: at("0x01"), ProverCoordinator: at("0x02") })).toBe("sidecar");
    expect(deploymentMechanism({ Rollup: at("0x01"), OpenRaceCoordinator: at("0x02") })).toBe("open-race");
  });

  it("reads explicit addresses: Cooperative only when they name a cooperativeCoordinator", () => {
    const addresses = {
      registry: "0x01",
      beacon: "0x02",
      lottery: "0x03",
      rollup: "0x03",
      coordinator: "0x04",
      stakeToken: "0x05",
    };
    expect(deploymentMechanism(addresses)).toBe("sidecar");
    expect(deploymentMechanism({ ...addresses, cooperativeCoordinator: "0x04" })).toBe("cooperative");
    expect(deploymentMechanism({ ...addresses, openRaceCoordinator: "0x04" })).toBe("open-race");
  });
});
