import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ensurePrivateDirectoryOf, PRIVATE_FILE_MODE } from '../common/private-files';
import { keyIdOf } from './checkpoint';

export interface AuditKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

/**
 * The server's Ed25519 checkpoint-signing key: created on first start in the data directory
 * (readable by the server's user only) and never served; only its public half leaves.
 */
export function loadOrCreateAuditKey(path: string): AuditKey {
  if (!existsSync(path)) {
    ensurePrivateDirectoryOf(path);
    const { privateKey } = generateKeyPairSync('ed25519');
    // Written aside, then linked into place: instances starting together all end up with the
    // first key linked, and none ever reads a half-written file.
    const draft = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(draft, privateKey.export({ format: 'pem', type: 'pkcs8' }), {
      mode: PRIVATE_FILE_MODE,
      flag: 'wx',
    });
    try {
      linkSync(draft, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  const privateKey = createPrivateKey(readFileSync(path));
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}
