import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * A checkpoint commits to the first `size` events of the log: origin, size and Merkle root,
 * in the text form transparency logs use (one field per line, C2SP signed-note style),
 * signed with the server's Ed25519 key. A party keeps it; any later export must contain a
 * log whose prefix of that size has the same root.
 */
export interface Checkpoint {
  origin: string;
  size: number;
  /** Hex Merkle root. */
  root: string;
  issuedAt: string;
  keyId: string;
  /** Base64 Ed25519 signature over `checkpointText`. */
  signature: string;
}

export function checkpointText(checkpoint: Pick<Checkpoint, 'origin' | 'size' | 'root'>): string {
  return `${checkpoint.origin}\n${checkpoint.size}\n${Buffer.from(checkpoint.root, 'hex').toString('base64')}\n`;
}

/** The key id: the first 8 bytes of SHA-256 of the raw public key, hex. */
export function keyIdOf(publicKey: KeyObject): string {
  const raw = publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

export function signCheckpoint(
  body: Pick<Checkpoint, 'origin' | 'size' | 'root' | 'issuedAt'>,
  privateKey: KeyObject,
  publicKey: KeyObject,
): Checkpoint {
  const signature = sign(null, Buffer.from(checkpointText(body)), privateKey).toString('base64');
  return { ...body, keyId: keyIdOf(publicKey), signature };
}

export function verifyCheckpointSignature(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(
      null,
      Buffer.from(checkpointText(checkpoint)),
      publicKey,
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}

/** A checkpoint file as a party keeps it: the signed text, a blank line, then a signature line. */
export function formatCheckpointFile(checkpoint: Checkpoint): string {
  return `${checkpointText(checkpoint)}\n— ${checkpoint.keyId} ${checkpoint.signature} ${checkpoint.issuedAt}\n`;
}

export function parseCheckpointFile(text: string): Checkpoint {
  const lines = text.split('\n');
  const [origin, size, rootBase64, blank, signatureLine] = lines;
  const match = /^— (\S+) (\S+) (\S+)$/.exec(signatureLine ?? '');
  if (!origin || !size || !/^\d+$/.test(size) || !rootBase64 || blank !== '' || !match) {
    throw new Error('not a Conventio checkpoint file (origin, size, root, blank line, signature line)');
  }
  return {
    origin,
    size: Number(size),
    root: Buffer.from(rootBase64, 'base64').toString('hex'),
    keyId: match[1] as string,
    signature: match[2] as string,
    issuedAt: match[3] as string,
  };
}
