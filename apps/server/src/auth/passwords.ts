import argon2 from "argon2";

// OWASP's argon2id baseline is m=19 MiB, t=2; we use the library's stronger defaults (64 MiB, t=3, p=4).
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real check, so response time does not reveal whether an e-mail exists. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("moked-timing-equaliser");
  await verifyPassword(await dummyHash, password);
}
