import { Actor } from '../machines/actor';
import { mayRead, ReadableConvention, readableBy, readableOf } from './read-access';

const person = (role: Actor['role'], partyId: string | null = null): Actor => ({
  userId: `${role}-${partyId ?? 'none'}`,
  name: role,
  role,
  partyId,
});

const HALDE_AMF: ReadableConvention = { partyIds: ['halde', 'amf'], visibility: 'parties' };
const PUBLIC: ReadableConvention = { partyIds: ['region-idf', 'acse'], visibility: 'public' };
const PUBLIC_DEFINITIONS = [{ id: 'open-data', version: 2 }];

describe('mayRead', () => {
  it('lets auditors and admins read every convention', () => {
    for (const role of ['auditor', 'admin'] as const) {
      expect(mayRead(person(role), HALDE_AMF)).toBe(true);
      expect(mayRead(person(role), PUBLIC)).toBe(true);
    }
  });

  it('lets a representative read the conventions its party is a party to', () => {
    expect(mayRead(person('representative', 'halde'), HALDE_AMF)).toBe(true);
    expect(mayRead(person('representative', 'amf'), HALDE_AMF)).toBe(true);
  });

  it('hides a convention from the representative of a party not in it', () => {
    expect(mayRead(person('representative', 'cnml'), HALDE_AMF)).toBe(false);
  });

  it('lets every representative read a public convention', () => {
    expect(mayRead(person('representative', 'cnml'), PUBLIC)).toBe(true);
    expect(mayRead(person('representative', 'acse'), PUBLIC)).toBe(true);
  });

  it('lets nobody else read anything, public or not', () => {
    for (const actor of [null, person('system'), person('representative', null)]) {
      expect(mayRead(actor, HALDE_AMF)).toBe(false);
      expect(mayRead(actor, PUBLIC)).toBe(false);
    }
  });
});

describe('readableBy', () => {
  it('puts no restriction on auditors and admins', () => {
    expect(readableBy(person('auditor'), PUBLIC_DEFINITIONS)).toBeUndefined();
    expect(readableBy(person('admin'), PUBLIC_DEFINITIONS)).toBeUndefined();
  });

  it("restricts a representative to its party's conventions and the public definitions", () => {
    expect(readableBy(person('representative', 'cnml'), PUBLIC_DEFINITIONS)).toEqual({
      partyId: 'cnml',
      publicDefinitions: PUBLIC_DEFINITIONS,
    });
  });

  it('restricts everyone else to nothing, public definitions included', () => {
    for (const actor of [null, person('system'), person('representative', null)]) {
      expect(readableBy(actor, PUBLIC_DEFINITIONS)).toEqual({ partyId: null, publicDefinitions: [] });
    }
  });
});

describe('readableOf', () => {
  const parties = [
    { id: 'halde', name: 'HALDE', shortName: 'HALDE', signatories: [] },
    { id: 'amf', name: 'AMF', shortName: 'AMF', signatories: [] },
  ];

  it('takes the parties of the definition, and `parties` when it declares no visibility', () => {
    expect(readableOf({ parties })).toEqual(HALDE_AMF);
  });

  it('takes a declared visibility', () => {
    expect(readableOf({ parties, visibility: 'public' }).visibility).toBe('public');
  });
});
