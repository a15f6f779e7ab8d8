import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";

export interface SigningKey {
  privateKey: KeyObject;
  kid: string;
  /** What the JWKS publishes; `kty` and `kid` are always set. */
  publicJwk: JWK & { kty: string; kid: string };
}

async function fromPem(pem: string): Promise<SigningKey> {
  const privateKey = createPrivateKey(pem);
  const publicJwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(publicJwk);
  return { privateKey, kid, publicJwk: { ...publicJwk, kty: "RSA", kid, alg: "RS256", use: "sig" } };
}

/**
 * The RS256 key that signs access tokens. In production it comes from a secret (JWT_PRIVATE_KEY);
 * locally it is generated once and kept beside the embedded database, so tokens survive a restart.
 */
export async function loadSigningKey(opts: {
  pem?: string | undefined;
  keyFile: string;
}): Promise<{ key: SigningKey; generated: boolean }> {
  if (opts.pem) return { key: await fromPem(opts.pem), generated: false };
  try {
    return { key: await fromPem(await readFile(opts.keyFile, "utf8")), generated: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  await mkdir(dirname(opts.keyFile), { recursive: true });
  await writeFile(opts.keyFile, pem, { mode: 0o600, flag: "wx" }).catch(async (err: NodeJS.ErrnoException) => {
    // Another process created it first: use theirs so both sign with the same key.
    if (err.code !== "EEXIST") throw err;
  });
  return { key: await fromPem(await readFile(opts.keyFile, "utf8")), generated: true };
}
