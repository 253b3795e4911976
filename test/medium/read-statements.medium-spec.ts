import { readableBy } from '../../src/conventions/read-access';
import { UNDATED } from '../../src/conventions/records';
import { testDialect } from '../support/test-store';
import { admin, MediumStore, representative } from './support/medium-store';
import { openWatchedStore } from './support/watched-store';

/**
 * The reads a page of commitments and a convention's DataLoaders run for several conventions at
 * once: one text whatever the number of ids (the list is one parameter), so one prepared
 * statement serves every page. The query builder wrote one placeholder per id, a text per list
 * length. A page of commitments reads of its conventions only which definition each follows, not
 * their views and snapshots (bench/README.md, "Findings (2026-12-07, afternoon: a page of
 * commitments without its conventions' snapshots)").
 */
describe('statements of the reads over several conventions', () => {
  let store: MediumStore;
  let texts: string[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    store = await openWatchedStore({ dialect: testDialect() }, (text) => texts.push(text));
    for (let i = 0; i < 2; i++) ids.push(await store.signedHaldeAmf());
    // A convention of another definition, still a draft.
    const { id } = await store.service.create({ actor: admin, workflowId: 'amif-hubertine-auclert-2020' });
    ids.push(id);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await store?.dispose();
  });

  /** The texts `read` runs for lists of 1, 2 and 3 ids, and what it answered for all three. */
  async function textsOf<T>(read: (ids: string[]) => Promise<T>): Promise<{ distinct: Set<string>; all: T }> {
    texts = [];
    await read(ids.slice(0, 1));
    await read(ids.slice(0, 2));
    const all = await read(ids);
    return { distinct: new Set(texts), all };
  }

  it('reads whole convention rows with one text whatever the number of ids', async () => {
    const { conventions, db } = store;
    const { distinct, all } = await textsOf((list) => conventions.findConventions(db.read, list));
    expect(distinct.size).toBe(1);
    const byOne = await Promise.all(ids.map((id) => conventions.load(db.read, id)));
    expect([...all].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      byOne.sort((a, b) => a!.id.localeCompare(b!.id)),
    );
  });

  it("reads which definition each convention follows, without the rows' views and snapshots", async () => {
    const { conventions, db } = store;
    const { distinct, all } = await textsOf((list) => conventions.definitionRefs(db.read, list));
    expect(distinct.size).toBe(1);
    const [text] = [...distinct];
    expect(text).not.toMatch(/"(snapshot|view)"/);
    expect([...all].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: ids[0], definitionId: 'halde-amf-2010', definitionVersion: 1 },
        { id: ids[1], definitionId: 'halde-amf-2010', definitionVersion: 1 },
        { id: ids[2], definitionId: 'amif-hubertine-auclert-2020', definitionVersion: 1 },
      ].sort((a, b) => a.id!.localeCompare(b.id!)),
    );
    // An unknown id is not a row; an empty list reads nothing.
    texts = [];
    expect(await conventions.definitionRefs(db.read, ['no-such-convention'])).toEqual([]);
    expect(await conventions.definitionRefs(db.read, [])).toEqual([]);
    expect(texts).toHaveLength(1);
  });

  it("reads several conventions' commitments with one text, in each convention's order", async () => {
    const { conventions, db } = store;
    const { distinct, all } = await textsOf((list) => conventions.commitmentsOf(db.read, list));
    expect(distinct.size).toBe(1);
    // Each convention's rows together, in their positions (the order of the conventions is the
    // store's collation's).
    const order = [...new Set(all.map((row) => row.conventionId))];
    expect([...order].sort()).toEqual([...ids].sort());
    const byConvention = await Promise.all(
      order.map((id) => conventions.commitmentsOfConvention(db.read, id)),
    );
    expect(byConvention.every((rows) => rows.length > 0)).toBe(true);
    expect(all).toEqual(byConvention.flat());
  });

  it('pages commitments with one text per combination of filters, and each reader sees only its conventions', async () => {
    const { conventions, db, registry } = store;
    const everything = (await conventions.listCommitments(db.read, { partyId: 'halde' }, 500, null)).rows;
    expect(everything.length).toBeGreaterThan(4);
    // Pages of 2 after a cursor, as the API's cursor gives it: the same rows, in order, once each.
    texts = [];
    const paged: typeof everything = [];
    for (let after: { dueOn: string; id: string } | null = null; ;) {
      const page = await conventions.listCommitments(db.read, { partyId: 'halde' }, 2, after);
      paged.push(...page.rows);
      if (!page.hasNextPage) break;
      const last = page.rows.at(-1)!;
      after = { dueOn: last.dueOn ?? UNDATED, id: last.id };
    }
    expect(paged).toEqual(everything);
    const keys = everything.map((row) => `${row.dueOn ?? UNDATED} ${row.id}`);
    expect(keys).toEqual([...keys].sort());
    // The first page's text and the text after a cursor.
    expect(new Set(texts).size).toBe(2);

    const open = (
      await conventions.listCommitments(db.read, { partyId: 'halde', status: 'IN_EFFECT' }, 500, null)
    ).rows;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((row) => row.status === 'IN_EFFECT')).toBe(true);
    const ofOne = (
      await conventions.listCommitments(db.read, { partyId: 'halde', conventionId: ids[0] }, 500, null)
    ).rows;
    expect(ofOne.length).toBeGreaterThan(0);
    expect(ofOne.every((row) => row.conventionId === ids[0])).toBe(true);

    // The AMIF is in no HALDE–AMF convention: it reads none of the HALDE's commitments there; the
    // HALDE reads the AMF's, being a party to the same conventions.
    const publics = registry.publicDefinitions();
    const asAmif = readableBy(representative('amif'), publics);
    expect(
      (await conventions.listCommitments(db.read, { partyId: 'halde', readableBy: asAmif }, 500, null)).rows,
    ).toEqual([]);
    const amfOwn = (await conventions.listCommitments(db.read, { partyId: 'amf' }, 500, null)).rows;
    const asHalde = readableBy(representative('halde'), publics);
    expect(amfOwn.length).toBeGreaterThan(0);
    expect(
      (await conventions.listCommitments(db.read, { partyId: 'amf', readableBy: asHalde }, 500, null)).rows,
    ).toEqual(amfOwn);
    // Without a party, the rows of the conventions the reader may read.
    const all = (await conventions.listCommitments(db.read, { readableBy: asHalde }, 500, null)).rows;
    expect(new Set(all.map((row) => row.conventionId))).toEqual(new Set(ids.slice(0, 2)));

    // The counts beside the pages that no kept count serves (another party's, one convention's,
    // no party): the same commitments as the pages list.
    const count = (filter: Parameters<typeof conventions.countCommitments>[1]) =>
      conventions.countCommitments(db.read, filter);
    expect(await count({ partyId: 'amf', readableBy: asHalde })).toBe(amfOwn.length);
    expect(await count({ partyId: 'halde', readableBy: asAmif })).toBe(0);
    expect(await count({ partyId: 'halde', conventionId: ids[0] })).toBe(ofOne.length);
    expect(await count({ readableBy: asHalde })).toBe(all.length);
    expect(await count({ readableBy: asHalde, status: 'IN_EFFECT' })).toBe(
      all.filter((row) => row.status === 'IN_EFFECT').length,
    );
  });
});
