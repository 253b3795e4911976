import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, DocumentNode, parse } from 'graphql';
import { Actor } from '../../machines/actor';
import { OperationPrices, operationRefusal } from './operation-gate';
import { queryCost } from './query-cost';
import { DEFAULT_QUERY_LIMITS } from './query-limits';

const schema = buildSchema(readFileSync(join(__dirname, '../../../schema.gql'), 'utf8'));
const limits = { ...DEFAULT_QUERY_LIMITS, maxCost: 1_000 };
const actor: Actor = { userId: 'token-1', name: 'Gate test', role: 'admin', partyId: null };

/** A gate with its own prices, and how many times it priced a document. */
function gate() {
  let pricings = 0;
  const prices = new OperationPrices((...args) => {
    pricings += 1;
    return queryCost(...args);
  });
  const refusal = (document: DocumentNode, variables: Record<string, unknown>) =>
    operationRefusal({ schema, document, variables, operationName: undefined, actor }, limits, prices);
  return { refusal, pricings: () => pricings };
}

describe('operationRefusal', () => {
  it('prices a document once when no variable can change its price', () => {
    const { refusal, pricings } = gate();
    const document = parse('query($id: ID!) { convention(id: $id) { id allowedActions } }');
    for (const id of ['a', 'b', 'c']) expect(refusal(document, { id })).toBeNull();
    expect(pricings()).toBe(1);
  });

  it('prices a document again for each request when its page size is a variable', () => {
    const { refusal, pricings } = gate();
    const document = parse(
      'query($n: Int) { conventions(first: $n) { edges { node { id allowedActions } } } }',
    );
    expect(refusal(document, { n: 10 })).toBeNull();
    expect(refusal(document, { n: 500 })?.message).toMatch(/query cost 6,501 exceeds the limit of 1,000/);
    expect(refusal(document, { n: 10 })).toBeNull();
    expect(pricings()).toBe(3);
  });

  it('keeps no price for a document its variables could not price, and refuses it each time', () => {
    const { refusal, pricings } = gate();
    const document = parse('query($id: ID!) { convention(id: $id) { id } }');
    for (let i = 0; i < 2; i++) expect(refusal(document, {})?.code).toBe('BAD_USER_INPUT');
    expect(refusal(document, { id: 'a' })).toBeNull();
    expect(refusal(document, { id: 'b' })).toBeNull();
    expect(pricings()).toBe(3);
  });
});
