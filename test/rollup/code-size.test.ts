import { expect } from "chai";
import { artifacts } from "hardhat";
import { underCoverage } from "../coverage";

// EIP-170: a contract's runtime code is at most 24,576 bytes. The rollup and its coordinator are near it (see the
// optimizer overrides in hardhat.config.ts); this keeps a change from pushing either over unnoticed.
const EIP170_LIMIT = 24_576;

describe("rollup contracts' code size", function () {
  for (const name of ["Rollup", "ProverCoordinator", "CooperativeCoordinator", "OpenRaceCoordinator"]) {
    it(`${name} fits EIP-170`, async function () {
      // Under coverage the artifacts hold solidity-coverage's instrumented code, far bigger than what ships (its
      // network allows unlimited code size): the check would mean nothing there. `npm test` runs it.
      if (underCoverage()) this.skip();
      const { deployedBytecode } = await artifacts.readArtifact(name);
      expect((deployedBytecode.length - 2) / 2).to.be.at.most(EIP170_LIMIT);
    });
  }
});
