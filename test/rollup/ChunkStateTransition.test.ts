// ChunkStateTransition: the on-chain fold the rollup re-executes as evidence against an invalid block. It agrees
// with the circuit's fold (`computeBlock` of @blockage/circuits) and refuses inputs the circuit could not take.
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { FIELD_MODULUS, computeBlock } from "@blockage/circuits";
import { GENESIS_STATE, rollupFixture, txsOf } from "./fixtures";

async function transitionFixture() {
  return (await rollupFixture()).stateTransition;
}

describe("ChunkStateTransition", function () {
  it("folds whole chunks as the circuit does", async function () {
    const st = await loadFixture(transitionFixture);
    for (const count of [16, 32]) {
      const txs = txsOf(count, count);
      const block = computeBlock({ prevState: GENESIS_STATE, txs });
      const [newState, txsCommitment] = await st.execute(GENESIS_STATE, txs);
      expect([newState, txsCommitment]).to.deep.equal([block.newState, block.txsCommitment]);
    }
  });

  it("refuses an empty list and a partial chunk (StateTransition__BadTxCount)", async function () {
    const st = await loadFixture(transitionFixture);
    for (const count of [0, 15, 17]) {
      await expect(st.execute(GENESIS_STATE, txsOf(1, count)))
        .to.be.revertedWithCustomError(st, "StateTransition__BadTxCount")
        .withArgs(count);
    }
  });

  it("refuses a previous state or a transaction outside the field (StateTransition__NotInField)", async function () {
    const st = await loadFixture(transitionFixture);
    await expect(st.execute(FIELD_MODULUS, txsOf(1)))
      .to.be.revertedWithCustomError(st, "StateTransition__NotInField")
      .withArgs(FIELD_MODULUS);
    const txs = txsOf(1, 32);
    txs[20] = FIELD_MODULUS + 5n;
    await expect(st.execute(GENESIS_STATE, txs))
      .to.be.revertedWithCustomError(st, "StateTransition__NotInField")
      .withArgs(FIELD_MODULUS + 5n);
    // The largest field element is a transaction like any other.
    txs[20] = FIELD_MODULUS - 1n;
    const block = computeBlock({ prevState: GENESIS_STATE, txs });
    expect((await st.execute(GENESIS_STATE, txs))[0]).to.equal(block.newState);
  });
});
