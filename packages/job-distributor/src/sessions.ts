// Worker sessions: a worker proves control of its key once (an EIP-712 WorkerRegistration bound to this JD's chain
// and address, with a nonce and an expiry) and gets a session id. Nonces are kept (in the store) until their
// registration expires, so a registration cannot be replayed, not even across a JD restart.
import { randomBytes } from "node:crypto";
import { recoverWorkerRegistration, type WorkerRegistration } from "@blockage/client";
import { jobError } from "./errors";
import { addressField, hexField, objectField, stringField, uintField } from "./params";
import type { JobStore } from "./store";

/** The longest a registration may be valid for (seconds from now). */
export const MAX_REGISTRATION_TTL_S = 3600;

/** A registered worker's session. */
export interface Session {
  sessionId: string;
  worker: string;
  createdAt: number;
  lastSeen: number;
}

/** Sessions of registered workers. */
export class Sessions {
  private readonly byId = new Map<string, Session>();

  constructor(
    private readonly store: JobStore,
    private readonly jd: string,
    private readonly chainId: bigint,
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Registers a worker from `register_worker`'s params: checks the signed registration and opens a session.
   *
   * @throws -32602 for malformed params; InvalidSignature for a bad, foreign, expired or replayed registration.
   */
  async register(params: Record<string, unknown>): Promise<Session> {
    const r = objectField(params, "registration");
    const registration: WorkerRegistration = {
      jd: addressField(r, "jd"),
      worker: addressField(r, "worker"),
      nonce: hexField(r, "nonce", 32),
      expiresAt: uintField(r, "expiresAt"),
    };
    const signature = stringField(params, "signature", 200);
    if (!/^0x[0-9a-fA-F]{130}$/.test(signature))
      throw jobError("InvalidSignature", "signature must be 65 bytes of 0x-hex");
    if (registration.jd !== this.jd) {
      throw jobError("InvalidSignature", `the registration is for JD ${registration.jd}, this JD is ${this.jd}`);
    }
    const nowS = BigInt(Math.floor(this.now() / 1000));
    if (registration.expiresAt <= nowS) throw jobError("InvalidSignature", "the registration has expired");
    if (registration.expiresAt > nowS + BigInt(MAX_REGISTRATION_TTL_S)) {
      throw jobError("InvalidSignature", `a registration may be valid for at most ${MAX_REGISTRATION_TTL_S} s`);
    }
    let signer: string;
    try {
      signer = recoverWorkerRegistration(this.chainId, registration, signature);
    } catch {
      throw jobError("InvalidSignature", "the signature does not recover");
    }
    if (signer !== registration.worker) {
      throw jobError(
        "InvalidSignature",
        `the registration is signed by ${signer}, not by the worker ${registration.worker}`,
      );
    }
    const nonce = registration.nonce;
    // Claimed in one transaction: two registrations racing with one nonce cannot both pass.
    let fresh = false;
    await this.store.commit(() => {
      fresh = this.store.nonces.get(nonce) === undefined;
      if (fresh) this.store.nonces.put(nonce, Number(registration.expiresAt));
    });
    if (!fresh) throw jobError("InvalidSignature", "this registration was used before (replayed nonce)");
    const now = this.now();
    const session: Session = {
      sessionId: `0x${randomBytes(32).toString("hex")}`,
      worker: registration.worker,
      createdAt: now,
      lastSeen: now,
    };
    this.byId.set(session.sessionId, session);
    return session;
  }

  /** The session of an id, touched; NotRegistered if there is none (unknown, expired, or the JD restarted). */
  get(sessionId: unknown): Session {
    const session = typeof sessionId === "string" ? this.byId.get(sessionId) : undefined;
    if (session === undefined) throw jobError("NotRegistered", "no session: call register_worker first");
    session.lastSeen = this.now();
    return session;
  }

  /** Ends a session. */
  end(sessionId: string): void {
    this.byId.delete(sessionId);
  }

  /** Workers with a session. */
  workers(): Set<string> {
    return new Set([...this.byId.values()].map((s) => s.worker));
  }

  /** Drops idle sessions and expired nonces. */
  async sweep(): Promise<void> {
    const now = this.now();
    for (const [id, s] of this.byId) if (now - s.lastSeen > this.idleMs) this.byId.delete(id);
    const nowS = Math.floor(now / 1000);
    const stale = [...this.store.nonces.getRange()].filter((e) => e.value < nowS).map((e) => e.key);
    if (stale.length > 0) await this.store.commit(() => stale.forEach((k) => this.store.nonces.remove(k)));
  }
}
