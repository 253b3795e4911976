import { canonicalJson } from '../common/canonical-json';
import { sha256Hex } from '../common/hash';
import { CommandOptions } from '../conventions/convention.service';
import { MutationInput } from './mutation-input';

/** The idempotency key of a mutation input, with the fingerprint of the rest of the input. */
export function commandOptions(input: MutationInput): CommandOptions {
  const { idempotencyKey, ...rest } = input;
  if (idempotencyKey === null || idempotencyKey === undefined) return {};
  return { idempotency: { key: idempotencyKey, fingerprint: sha256Hex(canonicalJson(rest)) } };
}
