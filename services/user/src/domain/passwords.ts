import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import pLimit from "p-limit";

// scrypt from node:crypto: memory-hard, no native addon, at OWASP's minimum (N=2^17, r=8, p=1):
// 128 MiB per hash. Hashes made with weaker parameters are redone at the next successful login.
const PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// scrypt needs 128·N·r bytes; node refuses anything above maxmem.
const maxmem = 128 * PARAMS.N * PARAMS.r + 32 * 1024 * 1024;

// scrypt runs on libuv's threadpool (4 threads), which the whole process shares: WebCrypto signing
// (jose), zlib and fs wait behind it. A burst of sign-ups hashing at once held every thread for seconds,
// so token signing inside a transaction kept pool connections until other requests timed out (503).
// Two at a time leaves threads free and bounds the memory (128 MiB each).
const hashing = pLimit(2);

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return hashing(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...opts, maxmem }, (err, key) =>
          err ? reject(err) : resolve(key),
        ),
      ),
  );
}

/** `scrypt$N$r$p$salt$hash`: the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** True when `stored` was made with other parameters than today's: login then rehashes it. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split("$");
  return scheme !== "scrypt" || Number(n) !== PARAMS.N || Number(r) !== PARAMS.r || Number(p) !== PARAMS.p;
}

/** A hash of a random password: verifying against it costs what a real check costs, so a login for an
 *  unknown email takes as long as one with a wrong password and does not reveal which emails exist. */
export const DUMMY_HASH = await hashPassword(randomBytes(16).toString("hex"));
