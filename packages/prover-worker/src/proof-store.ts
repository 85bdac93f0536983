// Finished proofs on disk until the job distributor has answered for them: a proof is written (atomically: a
// temporary file, fsync, rename) before it is submitted and deleted only once the JD accepts it or says it never
// will, so neither a lost connection, a JD restart nor a worker restart wastes proving work.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Groth16Proof } from "@blockage/circuits";

/** A finished chunk proof waiting for the job distributor's answer. */
export interface KeptProof {
  /** The JD the job came from (its address) and its chain: the proof is only ever submitted there. */
  jd: string;
  chainId: string;
  jobId: string;
  chunkId: number;
  epoch: string;
  leaseId: string;
  proof: Groth16Proof;
  /** `[prevState, newState, txsCommitment, prover]`, decimal strings. */
  publicSignals: [string, string, string, string];
  provingMs: number;
  /** Unix ms. */
  provenAt: number;
}

const SUFFIX = ".proof.json";

/**
 * The default data directory of a worker: `~/.blockage/worker/<address>/`.
 *
 * @param address - The worker's address.
 * @returns The directory.
 */
export function defaultDataDir(address: string): string {
  return path.join(os.homedir(), ".blockage", "worker", address);
}

/** The kept proofs of one worker, one file each. */
export class ProofStore {
  /**
   * @param dir - The directory (created 0700 on first use).
   */
  constructor(readonly dir: string) {}

  /**
   * Creates the directory (mode 0700) if it does not exist yet.
   */
  async open(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  /**
   * Writes a proof: after this resolves, the proof survives a crash.
   *
   * @param kept - The proof and its job.
   */
  async save(kept: KeptProof): Promise<void> {
    const file = this.fileOf(kept.jobId);
    const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    const handle = await fs.open(temporary, "wx", 0o600);
    try {
      await handle.writeFile(JSON.stringify(kept));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, file);
  }

  /**
   * Every kept proof, oldest first. A file that does not parse is skipped (and reported by `onBadFile`).
   *
   * @param onBadFile - Called with the path of each unreadable file.
   * @returns The proofs.
   */
  async list(onBadFile: (file: string) => void = () => undefined): Promise<KeptProof[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const kept: KeptProof[] = [];
    for (const name of names.filter((n) => n.endsWith(SUFFIX))) {
      const file = path.join(this.dir, name);
      try {
        const proof = JSON.parse(await fs.readFile(file, "utf8")) as KeptProof;
        if (typeof proof.jobId !== "string" || !Array.isArray(proof.publicSignals)) throw new Error("not a proof");
        kept.push(proof);
      } catch {
        onBadFile(file);
      }
    }
    return kept.sort((a, b) => a.provenAt - b.provenAt);
  }

  /**
   * Deletes a kept proof (nothing happens if there is none).
   *
   * @param jobId - Its job.
   */
  async remove(jobId: string): Promise<void> {
    await fs.rm(this.fileOf(jobId), { force: true });
  }

  /**
   * Where a job's proof is kept. Job ids are the JD's strings (`"7:3"`): percent-encoded, so any id is one safe file
   * name on every platform.
   *
   * @param jobId - The job.
   * @returns The file's path.
   */
  fileOf(jobId: string): string {
    const safe = encodeURIComponent(jobId).replace(/[!'()*.~]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
    return path.join(this.dir, `${safe}${SUFFIX}`);
  }
}
