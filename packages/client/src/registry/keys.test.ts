import { describe, expect, it } from "vitest";
import { prove, publicKey, verify } from "@blockage/vrf";
import { getBytes } from "ethers";
import { InvalidParameterError } from "../errors";
import { commPublicKey, generateNodeKeys, NODE_VRF_SUITE, vrfPublicKey } from "./keys";
import { registryDomain, signVrfKeyPossession } from "./typed-data";

describe("generateNodeKeys", () => {
  it("gives a VRF key pair of the on-chain suite and an Ed25519 communication key pair", async () => {
    const keys = await generateNodeKeys();
    expect(keys.vrfSecretKey).toMatch(/^0x[0-9a-f]{64}$/);
    expect(keys.vrfKey).toMatch(/^0x0[23][0-9a-f]{64}$/);
    expect(keys.commSecretKey).toMatch(/^0x[0-9a-f]{64}$/);
    expect(keys.commKey).toMatch(/^0x[0-9a-f]{64}$/);
    expect(getBytes(keys.vrfKey)).toEqual(publicKey(NODE_VRF_SUITE, getBytes(keys.vrfSecretKey)));
    expect(commPublicKey(keys.commSecretKey)).toBe(keys.commKey);
    // The VRF pair proves and verifies.
    const alpha = new TextEncoder().encode("alpha");
    const pi = prove(NODE_VRF_SUITE, getBytes(keys.vrfSecretKey), alpha);
    expect(verify(NODE_VRF_SUITE, getBytes(keys.vrfKey), pi, alpha)).not.toBeNull();
  });

  it("never repeats a key", async () => {
    const [a, b] = await Promise.all([generateNodeKeys(), generateNodeKeys()]);
    expect(a.vrfSecretKey).not.toBe(b.vrfSecretKey);
    expect(a.commSecretKey).not.toBe(b.commSecretKey);
  });
});

describe("commPublicKey", () => {
  // RFC 8032 §7.1: the SECRET KEY and PUBLIC KEY of TEST 1, TEST 2, TEST 3, TEST 1024 and TEST SHA(abc).
  const RFC8032_KEY_PAIRS = [
    [
      "0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
      "0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    ],
    [
      "0x4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
      "0x3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    ],
    [
      "0xc5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
      "0xfc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
    ],
    [
      "0xf5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
      "0x278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
    ],
    [
      "0x833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
      "0xec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
    ],
  ] as const;

  it.each(RFC8032_KEY_PAIRS)("matches RFC 8032 §7.1: %s", (secretKey, publicKey) => {
    expect(commPublicKey(secretKey)).toBe(publicKey);
    expect(commPublicKey(getBytes(secretKey))).toBe(publicKey);
  });

  it("refuses a secret that is not 32 bytes", () => {
    expect(() => commPublicKey("0x1234")).toThrow(InvalidParameterError);
    expect(() => commPublicKey(`0x${"11".repeat(33)}`)).toThrow(InvalidParameterError);
  });
});

describe("vrfPublicKey", () => {
  it("refuses an out-of-range scalar", () => {
    expect(() => vrfPublicKey(`0x${"00".repeat(32)}`)).toThrow(InvalidParameterError);
    expect(() => vrfPublicKey(`0x${"ff".repeat(32)}`)).toThrow(/not a valid secp256k1 scalar/);
  });
});

describe("secret keys never appear in errors", () => {
  const body = "ddecf3a7" + "5c".repeat(28);
  const bad = [
    body, // no 0x
    `0x${"zz".repeat(32)}`, // not hex
    `0x${body.slice(0, 62)}`, // 31 bytes
    `0x${"00".repeat(32)}`, // zero scalar
    `0x${"ff".repeat(32)}`, // ≥ n
  ];
  /** Every message in the error and its cause chain. */
  const messages = (error: unknown): string => {
    const parts: string[] = [];
    for (let e = error as { message?: string; shortMessage?: string; cause?: unknown } | undefined; e;) {
      parts.push(String(e.message), String(e.shortMessage));
      e = e.cause as typeof e;
    }
    return parts.join("\n").toLowerCase();
  };
  const leaks = (secret: string, text: string) =>
    text.includes(secret.replace(/^0x/, "").toLowerCase()) || text.includes(body.slice(0, 16));

  it("vrfPublicKey, commPublicKey and signVrfKeyPossession refuse a bad secret without repeating it", async () => {
    const domain = registryDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
    const { vrfKey } = await generateNodeKeys();
    for (const secret of bad) {
      const failures: unknown[] = [];
      try {
        vrfPublicKey(secret);
      } catch (error) {
        failures.push(error);
      }
      try {
        signVrfKeyPossession(secret, domain, { pid: `0x${"11".repeat(32)}`, vrfKey });
      } catch (error) {
        failures.push(error);
      }
      if (!secret.startsWith("0x00") && !secret.startsWith("0xff")) {
        try {
          commPublicKey(secret);
        } catch (error) {
          failures.push(error);
        }
      }
      expect(failures.length).toBeGreaterThanOrEqual(2);
      for (const error of failures) {
        expect(error).toBeInstanceOf(InvalidParameterError);
        expect(leaks(secret, messages(error)), messages(error)).toBe(false);
      }
    }
  });
});
