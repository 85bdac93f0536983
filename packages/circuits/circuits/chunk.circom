pragma circom 2.1.0;

// One chunk of a blockage L2 block: a fixed number of transactions, each a BN254 field element.
//
//   newState      = fold(prevState, txs)   where fold(s, [t0..tn-1]) = P(...P(P(s, t0), t1)..., tn-1)
//   txsCommitment = fold(0, txs)
//
// with P = circomlib's Poseidon over two inputs (t = 3). All three values are public inputs, declared in the
// order the on-chain verifier takes them: [prevState, newState, txsCommitment]. The transactions are private;
// the chunk proof attests that the claimed new state and commitment are the fold of the same transactions.

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
    signal input txs[n];

    component state = PoseidonFold(n);
    state.initial <== prevState;
    state.values <== txs;
    newState === state.out;

    component commitment = PoseidonFold(n);
    commitment.initial <== 0;
    commitment.values <== txs;
    txsCommitment === commitment.out;
}

component main {public [prevState, newState, txsCommitment]} = Chunk(16);
