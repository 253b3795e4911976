import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { singleMutationRule } from './single-mutation.rule';

const schema = buildSchema(readFileSync(join(__dirname, '../../../schema.gql'), 'utf8'));
const CHECKPOINT = 'publishCheckpoint { size }';
const errors = (query: string) => validate(schema, parse(query), [singleMutationRule]).map((e) => e.message);

describe('singleMutationRule', () => {
  it('accepts one mutation, with __typename beside it', () => {
    expect(errors(`mutation { ${CHECKPOINT} __typename }`)).toEqual([]);
  });

  it('refuses two mutations, aliased or through fragments', () => {
    const refusal = [
      'an operation may run one mutation, found 2: send each in its own request to learn what each did',
    ];
    expect(errors(`mutation { a: ${CHECKPOINT} b: ${CHECKPOINT} }`)).toEqual(refusal);
    expect(errors(`mutation { a: ${CHECKPOINT} ... on Mutation { b: ${CHECKPOINT} } }`)).toEqual(refusal);
    expect(
      errors(`mutation { a: ${CHECKPOINT} ...more } fragment more on Mutation { b: ${CHECKPOINT} }`),
    ).toEqual(refusal);
  });

  it('accepts a document of several operations of one mutation each (a request runs one)', () => {
    expect(errors(`mutation A { ${CHECKPOINT} } mutation B { ${CHECKPOINT} }`)).toEqual([]);
  });

  it('leaves queries alone', () => {
    expect(errors('{ a: now b: now }')).toEqual([]);
  });
});
