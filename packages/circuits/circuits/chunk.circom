pragma circom 2.1.0;

// One chunk of a blockage L2 block: a fixed number of transactions, each a BN254 field element.
//
//   newState      = fold(prevState, txs)   where fold(s, [t0..tn-1]) = P(...P(P(s, t0), t1)..., tn-1)
//   txsCommitment = fold(0, txs)
//
// with P = circomlib's Poseidon over two inputs (t = 3). The public inputs, in the order the on-chain verifier takes
// them, are [prevState, newState, txsCommitment, prover]. The transactions are private; the chunk proof attests that
// the claimed new state and commitment are the fold of the same transactions.
//
// `prover` is the address (a field element below 2^160, which the on-chain verifier checks) that every payout for
// this proof goes to. It takes no part in the fold, so it is bound by a constraint of its own (its square): a public
// input that appears in no constraint could be dropped by the compiler, and the proof would then verify for any
// prover, so a proof copied from the mempool could be resubmitted under the copier's address.

include "poseidon.circom";

template PoseidonFold(n) {
    signal input initial;
    signal input values[n];
    signal output out;

    component hash[n];
    signal acc[n + 1];
    acc[0] <== initial;
    for (var i = 0; i < n; i++) {
        hash[i] = Poseidon(2);
        hash[i].inputs[0] <== acc[i];
        hash[i].inputs[1] <== values[i];
        acc[i + 1] <== hash[i].out;
    }
    out <== acc[n];
}

template Chunk(n) {
    signal input prevState;
    signal input newState;
    signal input txsCommitment;
    signal input prover;
    signal input txs[n];

    // Binds `prover` to the proof (see the header).
    signal proverSquare;
    proverSquare <== prover * prover;

    component state = PoseidonFold(n);
    state.initial <== prevState;
    state.values <== txs;
    newState === state.out;

    component commitment = PoseidonFold(n);
    commitment.initial <== 0;
    commitment.values <== txs;
    txsCommitment === commitment.out;
}

component main {public [prevState, newState, txsCommitment, prover]} = Chunk(16);
