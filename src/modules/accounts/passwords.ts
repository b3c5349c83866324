import { hash, verify } from '@node-rs/argon2';
import { Type } from 'typebox';

/** Argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane). */
const ARGON2ID = 2; // Algorithm.Argon2id: a const enum, which isolated modules cannot import
const options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const PasswordSchema = Type.String({
  minLength: 8,
  maxLength: 128,
  description: '8 to 128 characters.',
});

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// Verifying against this when the account does not exist takes as long as a real check, so
// response times do not reveal which e-mail addresses have accounts.
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(
  passwordHash: string | undefined,
  password: string,
): Promise<boolean> {
  if (passwordHash === undefined) {
    decoyHash ??= hash('decoy password for unknown accounts', options);
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
