// One verifier thread of the JD's pool: results come in batches (one result when the pool is not busy); each result's
// signature is recovered first, then the proofs of the results their workers did sign are verified together
// (`verifyChunkBatch`: one batched pairing, bisected when it fails, so every result gets its own verdict), on one
// core, so the JD's event loop keeps answering workers while results are checked.
import { parentPort } from "node:worker_threads";
import { useSingleThreadedProver, verifyChunkBatch, type Groth16Proof } from "@blockage/circuits";
import { chunkProofHash, recoverChunkResult } from "@blockage/client";

/** A result to check: who signed it (over its proof's hash), and whether its proof verifies. */
interface CheckRequest {
  id: number;
  proof: Groth16Proof;
  publicSignals: [string, string, string, string];
  /** The signed result without its proof hash, which is computed here; absent: only the proof is verified. */
  signed?: { chainId: string; jd: string; worker: string; jobId: string; chunkId: string; signature: string };
}

interface Verdict {
  id: number;
  signer: string | null;
  valid: boolean;
}

const ready = useSingleThreadedProver();

/** Who signed the request's result; `verify`: whether its proof is still to be verified (signed by its worker). */
function recover(request: CheckRequest): { signer: string | null; verify: boolean } {
  if (request.signed === undefined) return { signer: null, verify: true };
  const { chainId, signature, ...result } = request.signed;
  try {
    const proofHash = chunkProofHash({ proof: request.proof, publicSignals: request.publicSignals });
    const signer = recoverChunkResult(
      BigInt(chainId),
      { ...result, chunkId: BigInt(result.chunkId), proofHash },
      signature,
    );
    // A result its worker did not sign is refused before its proof costs a verification.
    return { signer, verify: signer === result.worker };
  } catch {
    return { signer: null, verify: false };
  }
}

async function check(requests: CheckRequest[]): Promise<Verdict[]> {
  const recovered = requests.map(recover);
  const toVerify = requests.flatMap((_, i) => (recovered[i]!.verify ? [i] : []));
  const valid = requests.map(() => false);
  if (toVerify.length > 0) {
    await ready;
    // A malformed proof is an invalid one (in a batch it is answered false, not thrown).
    const verdicts = await verifyChunkBatch(
      toVerify.map((i) => ({ proof: requests[i]!.proof, publicSignals: requests[i]!.publicSignals })),
    );
    toVerify.forEach((i, k) => (valid[i] = verdicts[k]!));
  }
  return requests.map((r, i) => ({ id: r.id, signer: recovered[i]!.signer, valid: valid[i]! }));
}

parentPort!.on("message", async (requests: CheckRequest[]) => {
  try {
    parentPort!.postMessage({ verdicts: await check(requests) });
  } catch (error) {
    // Whatever failed (not a proof: verifyChunkBatch answers those), no result of the batch is accepted.
    const message = (error as Error).message;
    parentPort!.postMessage({
      verdicts: requests.map((r) => ({ id: r.id, signer: null, valid: false })),
      error: message,
    });
  }
});
