import { join } from 'node:path';
import { CommitmentView } from '../machines/convention.view';
import { loadDefinitions } from '../workflows/load-definitions';
import { toCommitment } from './mapping';

/** Issue 14: one id a client follows across a commitment's amendments (`key`, `key.v2`, …). */
const halde = loadDefinitions(join(__dirname, '../../workflows'))
  .map((l) => l.definition)
  .find((d) => d.id === 'halde-amf-2010')!;

function version(key: string, supersedes: string | null): CommitmentView {
  return {
    id: key,
    status: 'IN_EFFECT',
    suspended: false,
    article: 'Article 4',
    title: 'Outils',
    text: 'Outils de bonnes pratiques',
    committee: null,
    supersedes,
    supersededBy: null,
    amendmentId: supersedes ? 'A1' : null,
    owners: ['halde'],
    shape: 'standing',
    startedOn: '2010-06-24',
    dueOn: null,
    confirmations: [],
    fulfilledAt: null,
    endedAt: null,
    survivesUntil: null,
    occurrences: [],
  };
}

describe('Commitment.lineageId', () => {
  it('is the same for every version: the id of the first one', () => {
    const ids = [
      version('good-practice-tools', null),
      version('good-practice-tools.v2', 'good-practice-tools'),
      version('good-practice-tools.v13', 'good-practice-tools.v12'),
    ].map((v) => toCommitment(halde, 'conv-1', v, '2011-01-01T00:00:00Z'));

    expect(ids.map((c) => [c.id, c.lineageId])).toEqual([
      ['conv-1:good-practice-tools', 'conv-1:good-practice-tools'],
      ['conv-1:good-practice-tools.v2', 'conv-1:good-practice-tools'],
      ['conv-1:good-practice-tools.v13', 'conv-1:good-practice-tools'],
    ]);
  });
});
