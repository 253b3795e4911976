import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { priceDependsOnVariables, queryCost } from './query-cost';

const schema = buildSchema(readFileSync(join(__dirname, '../../../schema.gql'), 'utf8'));
const cost = (query: string, variables: Record<string, unknown> = {}) =>
  queryCost(schema, parse(query), variables, undefined);

describe('queryCost', () => {
  it('counts one unit per field', () => {
    expect(cost('{ now me { id name } }')).toBe(4);
  });

  it('multiplies what is under a page by its `first`, or by the default page of 20', () => {
    expect(cost('{ conventions(first: 10) { totalCount } }')).toBe(11);
    expect(cost('query($n: Int) { conventions(first: $n) { totalCount } }', { n: 100 })).toBe(101);
    expect(cost('{ conventions { totalCount } }')).toBe(21);
  });

  it('does not count the edges of a page twice', () => {
    // 1 + 10 × (edges 1 + node 1 + id 1)
    expect(cost('{ conventions(first: 10) { edges { node { id } } } }')).toBe(31);
    expect(cost('{ calendarFeeds(first: 10) { edges { node { id } } } }')).toBe(31);
    expect(cost('{ calendarFeeds { edges { node { id } } } }')).toBe(61);
  });

  it('weighs allowedActions as the guards it runs', () => {
    expect(cost('{ convention(id: "c") { allowedActions } }')).toBe(11);
  });

  it('multiplies the Convention.commitments ⇄ Commitment.convention cycle by 15 at each turn', () => {
    const once = cost('{ convention(id: "c") { commitments { id } } }');
    const twice = cost('{ convention(id: "c") { commitments { convention { commitments { id } } } } }');
    expect(once).toBe(1 + 1 + 15);
    expect(twice).toBe(1 + 1 + 15 * (1 + 1 + 15));
  });

  it('weighs the audit queries by the replay they run', () => {
    expect(cost('{ verifyHistory(conventionId: "c") { valid } }')).toBe(2_001);
    expect(cost('{ conventionAt(id: "c", at: "2011-01-01") { version } }')).toBe(1_001);
  });

  it("prices the README's heaviest example and the full introspection query under the default limit", () => {
    const readme = `query { conventions(filter: { partyId: "amf" }, first: 20) { totalCount edges { node { id status
      noticeDeadline term { number startsOn endsOn } allowedActions commitments { key status dueOn allowedActions } } } } }`;
    expect(cost(readme)).toBe(4_321);
    expect(cost(getIntrospectionQuery())).toBe(7_271);
  });
});

describe('priceDependsOnVariables', () => {
  const depends = (query: string) => priceDependsOnVariables(parse(query));

  it('is false when variables only name things: ids, filters, a mutation input', () => {
    expect(depends('{ me { id } }')).toBe(false);
    expect(depends('query($id: ID!) { convention(id: $id) { id allowedActions } }')).toBe(false);
    expect(depends('query($p: ID!) { commitments(filter: { partyId: $p }, first: 50) { totalCount } }')).toBe(
      false,
    );
    expect(
      depends(
        'mutation($id: ID!) { markCommitmentDone(input: { commitmentId: $id }) { commitment { id } } }',
      ),
    ).toBe(false);
  });

  it('is true when a variable sets a page size, or a directive, anywhere in the document', () => {
    expect(depends('query($n: Int) { conventions(first: $n) { totalCount } }')).toBe(true);
    expect(depends('query($x: Boolean!) { me { id name @include(if: $x) } }')).toBe(true);
    expect(
      depends('query($n: Int) { ...F } fragment F on Query { commitments(first: $n) { totalCount } }'),
    ).toBe(true);
    expect(depends('query($x: Boolean!) { ... @skip(if: $x) { me { id } } }')).toBe(true);
  });
});
