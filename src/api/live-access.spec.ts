import { Actor } from '../machines/actor';
import { commitmentsFor, mayFollow } from './live-access';

const person = (role: Actor['role'], partyId: string | null = null): Actor => ({
  userId: `${role}-${partyId ?? 'none'}`,
  name: role,
  role,
  partyId,
});

const HALDE_AMF = ['halde', 'amf'];
const COMMITMENTS = [
  { id: 'c:halde-only', owners: ['halde'] },
  { id: 'c:joint', owners: ['halde', 'amf'] },
  { id: 'c:amf-only', owners: ['amf'] },
];

describe('mayFollow', () => {
  it('lets auditors and admins follow any convention', () => {
    expect(mayFollow(person('auditor'), HALDE_AMF)).toBe(true);
    expect(mayFollow(person('admin'), HALDE_AMF)).toBe(true);
    expect(mayFollow(person('auditor'), [])).toBe(true);
  });

  it('lets a representative follow only the conventions its party is in', () => {
    expect(mayFollow(person('representative', 'amf'), HALDE_AMF)).toBe(true);
    expect(mayFollow(person('representative', 'cnml'), HALDE_AMF)).toBe(false);
    expect(mayFollow(person('representative', null), HALDE_AMF)).toBe(false);
  });

  it('never lets the system actor follow anything', () => {
    expect(mayFollow(person('system'), HALDE_AMF)).toBe(false);
  });
});

describe('commitmentsFor', () => {
  it("keeps the party's commitments, sole and joint", () => {
    const ids = (partyId: string) =>
      commitmentsFor(person('auditor'), partyId, HALDE_AMF, COMMITMENTS).map((c) => c.id);
    expect(ids('halde')).toEqual(['c:halde-only', 'c:joint']);
    expect(ids('amf')).toEqual(['c:joint', 'c:amf-only']);
    expect(ids('cnml')).toEqual([]);
  });

  it("gives a representative another party's commitments only in a convention they share", () => {
    const halde = person('representative', 'halde');
    expect(commitmentsFor(halde, 'amf', HALDE_AMF, COMMITMENTS).map((c) => c.id)).toEqual([
      'c:joint',
      'c:amf-only',
    ]);
    const charte = [{ id: 'd:cnml-brochure', owners: ['cnml'] }];
    expect(commitmentsFor(halde, 'cnml', ['charte-diversite', 'cnml'], charte)).toEqual([]);
    expect(commitmentsFor(person('auditor'), 'cnml', ['charte-diversite', 'cnml'], charte)).toEqual(charte);
  });
});
