// One chunk-proof verifier thread of the JD's pool: verifications run here, one at a time on one core, so the JD's
// event loop keeps answering workers while proofs are checked.
import { parentPort } from "node:worker_threads";
import { useSingleThreadedProver, verifyChunk, type Groth16Proof } from "@blockage/circuits";

interface VerifyRequest {
  id: number;
  proof: Groth16Proof;
  publicSignals: string[];
}

const ready = useSingleThreadedProver();

parentPort!.on("message", async (request: VerifyRequest) => {
  try {
    await ready;
    const valid = await verifyChunk(request.proof, request.publicSignals);
    parentPort!.postMessage({ id: request.id, valid });
  } catch (error) {
    // A malformed proof is an invalid one; the pool reports it as such.
    parentPort!.postMessage({ id: request.id, valid: false, error: (error as Error).message ?? String(error) });
  }
});
