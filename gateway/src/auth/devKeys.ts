// The development signing key pair: ES256, two PEM files under `.data/dev-keys/` (or DEV_KEYS_DIR),
// made on first use by whichever comes first — the gateway or `npm run token`. Never used in production.
//
// The private key is the one source of truth: it is published with a no-clobber link, so when two
// processes start together exactly one key wins and both read it. The public key is always derived
// from it, so the pair can never disagree; `public.pem` is written for other tools to point at.
import { generateKeyPairSync, createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const devKeyAlgorithm = 'ES256';
export const privateKeyFile = 'private.pem';
export const publicKeyFile = 'public.pem';

/** The development private key (creating the pair if missing), for signing local tokens. */
export async function loadDevPrivateKey(dir: string): Promise<KeyObject> {
  const pem = await readOrCreatePrivatePem(dir);
  const privateKey = createPrivateKey(pem);
  await writePublicPem(dir, createPublicKey(privateKey));
  return privateKey;
}

/** The development public key (creating the pair if missing), for verifying local tokens. */
export async function loadDevPublicKey(dir: string): Promise<KeyObject> {
  return createPublicKey(await loadDevPrivateKey(dir));
}

async function readOrCreatePrivatePem(dir: string): Promise<string> {
  const file = path.join(dir, privateKeyFile);
  const existing = await readIfExists(file);
  if (existing !== undefined) return existing;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temp, pem, { mode: 0o600 });
  try {
    // link() fails if the file exists: the first process to publish its key wins, nobody clobbers.
    await link(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Filesystems without hard links: publish by rename, unless another process got there first.
    if (code !== 'EEXIST' && (await readIfExists(file)) === undefined) await rename(temp, file).catch(() => undefined);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  const published = await readIfExists(file);
  if (published === undefined) throw new Error(`Could not create the development key ${file}`);
  return published;
}

async function writePublicPem(dir: string, publicKey: KeyObject): Promise<void> {
  const file = path.join(dir, publicKeyFile);
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  if ((await readIfExists(file)) === pem) return;
  // Same private key, same content: racing writers replace it with identical bytes, atomically.
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temp, pem, { mode: 0o644 });
  await rename(temp, file);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
