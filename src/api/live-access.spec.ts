import { ReadableConvention } from '../conventions/read-access';
import { Actor } from '../machines/actor';
import { commitmentsFor } from './live-access';

const person = (role: Actor['role'], partyId: string | null = null): Actor => ({
  userId: `${role}-${partyId ?? 'none'}`,
  name: role,
  role,
  partyId,
});

const HALDE_AMF: ReadableConvention = { partyIds: ['halde', 'amf'], visibility: 'parties' };
const COMMITMENTS = [
  { id: 'c:halde-only', owners: ['halde'] },
  { id: 'c:joint', owners: ['halde', 'amf'] },
  { id: 'c:amf-only', owners: ['amf'] },
];

describe('commitmentsFor', () => {
  it("keeps the party's commitments, sole and joint", () => {
    const ids = (partyId: string) =>
      commitmentsFor(person('auditor'), partyId, HALDE_AMF, COMMITMENTS).map((c) => c.id);
    expect(ids('halde')).toEqual(['c:halde-only', 'c:joint']);
    expect(ids('amf')).toEqual(['c:joint', 'c:amf-only']);
    expect(ids('cnml')).toEqual([]);
  });

  it("gives a representative another party's commitments only in a convention it may read", () => {
    const halde = person('representative', 'halde');
    expect(commitmentsFor(halde, 'amf', HALDE_AMF, COMMITMENTS).map((c) => c.id)).toEqual([
      'c:joint',
      'c:amf-only',
    ]);
    const charte = [{ id: 'd:cnml-brochure', owners: ['cnml'] }];
    const charteConvention: ReadableConvention = {
      partyIds: ['charte-diversite', 'cnml'],
      visibility: 'parties',
    };
    expect(commitmentsFor(halde, 'cnml', charteConvention, charte)).toEqual([]);
    expect(commitmentsFor(person('auditor'), 'cnml', charteConvention, charte)).toEqual(charte);
    expect(commitmentsFor(halde, 'cnml', { ...charteConvention, visibility: 'public' }, charte)).toEqual(
      charte,
    );
  });
});
