// One verifier thread of the JD's pool: a result's signature is recovered and its chunk proof verified here, one at a
// time on one core, so the JD's event loop keeps answering workers while results are checked.
import { parentPort } from "node:worker_threads";
import { useSingleThreadedProver, verifyChunk, type Groth16Proof } from "@blockage/circuits";
import { chunkProofHash, recoverChunkResult } from "@blockage/client";

/** A result to check: who signed it (over its proof's hash), and whether its proof verifies. */
interface CheckRequest {
  id: number;
  proof: Groth16Proof;
  publicSignals: [string, string, string, string];
  /** The signed result without its proof hash, which is computed here; absent: only the proof is verified. */
  signed?: { chainId: string; jd: string; worker: string; jobId: string; chunkId: string; signature: string };
}

const ready = useSingleThreadedProver();

async function check(request: CheckRequest): Promise<{ signer: string | null; valid: boolean }> {
  let signer: string | null = null;
  if (request.signed !== undefined) {
    const { chainId, signature, ...result } = request.signed;
    try {
      const proofHash = chunkProofHash({ proof: request.proof, publicSignals: request.publicSignals });
      signer = recoverChunkResult(
        BigInt(chainId),
        { ...result, chunkId: BigInt(result.chunkId), proofHash },
        signature,
      );
    } catch {
      return { signer: null, valid: false };
    }
    // A result its worker did not sign is refused before its proof costs a verification.
    if (signer !== result.worker) return { signer, valid: false };
  }
  await ready;
  return { signer, valid: await verifyChunk(request.proof, request.publicSignals) };
}

parentPort!.on("message", async (request: CheckRequest) => {
  try {
    parentPort!.postMessage({ id: request.id, ...(await check(request)) });
  } catch (error) {
    // A malformed proof is an invalid one.
    parentPort!.postMessage({ id: request.id, signer: null, valid: false, error: (error as Error).message });
  }
});
