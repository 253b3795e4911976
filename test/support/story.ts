import { ConventioProcess, errorCode, GraphQLResponse } from './conventio-process';

/**
 * Given/when/then over the real GraphQL endpoint: the seeds' set-up (creation, every signature,
 * the clock) written once, so that a spec reads as the story it tells. Everything goes through
 * the API a party or an administrator uses; nothing is written to the store directly.
 *
 *   const world = await World.start({ CLOCK: 'manual', CLOCK_START: '2010-06-20T08:00:00Z' });
 *   const { id } = await world.given.signed('halde-amf', { on: '2010-06-24T09:00:00Z', by: ['amf', 'halde'] });
 *   await world.when.representative('amf').marksDone(`${id}:amf-relays-information`);
 *   await world.then.refused('FORBIDDEN', id, () => world.as('amf').giveNotice(id, 'Fin'));
 */

/** The seed conventions (`/work/shared/seeds`, `workflows/`) by the short name the specs use. */
export const SEEDS = {
  'halde-amf': 'halde-amf-2010',
  'region-idf-acse': 'region-idf-acse-2008',
  'cget-defenseur': 'cget-defenseur-des-droits-2015',
  'charte-cnml': 'charte-diversite-cnml-2009',
  'amif-hubertine': 'amif-hubertine-auclert-2020',
} as const;

export type Seed = keyof typeof SEEDS;

/** The people who speak for each party in the specs (the signatories of the seed conventions). */
export const REPRESENTATIVES: Record<string, string> = {
  halde: 'Jeannette Bougrab',
  amf: 'Jacques Pélissard',
  'region-idf': 'Jean-Paul Huchon',
  acse: 'Dominique Dubois',
  cget: 'Marie-Caroline Bonnet-Galzy',
  'defenseur-des-droits': 'Jacques Toubon',
  'charte-diversite': 'Claude Bébéar',
  cnml: 'Président du CNML',
  amif: 'Stéphane Beaudet',
  'centre-hubertine-auclert': 'Présidente du Centre',
};

const WORKFLOW = `query($id: ID!) { workflow(id: $id) {
  parties { id signatories { id } } evaluation { criteria { id } } } }`;
const CREATE =
  'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id status } } }';
const SIGN = `mutation($id: ID!, $s: ID) { signConvention(input: { conventionId: $id, signatoryId: $s }) {
  convention { status } } }`;
const MARK = `mutation($c: ID!, $note: String, $url: String) {
  markCommitmentDone(input: { commitmentId: $c, note: $note, evidenceUrl: $url }) { commitment { status } } }`;
const NOTICE = `mutation($id: ID!, $r: String!) { giveNotice(input: { conventionId: $id, reason: $r }) {
  convention { status terminationEffectiveOn } } }`;
const EVALUATE = `mutation($id: ID!, $a: [AssessmentInput!]!, $summary: String) {
  submitEvaluation(input: { conventionId: $id, assessments: $a, summary: $summary }) { convention { status } } }`;
const SIGN_AMENDMENT = `mutation($id: ID!, $a: ID, $s: ID) {
  signAmendment(input: { conventionId: $id, amendmentId: $a, signatoryId: $s }) { convention { status } } }`;
const EVENT_COUNT = 'query($id: ID!) { history(conventionId: $id) { totalCount } }';
const HISTORY = `query($id: ID!, $after: String) { history(conventionId: $id, first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { version type actor { role partyId } prevHash hash } } } }`;
const VERIFY =
  'query($id: ID!) { verifyHistory(conventionId: $id) { valid eventCount firstBadVersion reason } }';

interface WorkflowData {
  parties: { id: string; signatories: { id: string }[] }[];
  evaluation: { criteria: { id: string }[] } | null;
}

export interface Assessment {
  criterion: string;
  rating: string;
  comment: string | null;
}

export interface HistoryNode {
  version: number;
  type: string;
  actor: { role: string; partyId: string | null };
  prevHash: string;
  hash: string;
}

export interface Verification {
  valid: boolean;
  eventCount: number;
  firstBadVersion: number | null;
  reason: string | null;
}

interface HistoryPage {
  history: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: HistoryNode }[];
  };
}

/** A convention the story made: its id and the workflow it runs. */
export interface StoryConvention {
  id: string;
  workflowId: string;
}

/** A seed's short name or a workflow id. */
function workflowIdOf(seed: Seed | string): string {
  return (SEEDS as Record<string, string>)[seed] ?? seed;
}

/** What one party's representative does, over the API with that party's token. */
export class Representative {
  constructor(
    private readonly world: World,
    readonly partyId: string,
  ) {}

  private async request<T>(query: string, variables: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    return this.world.server.graphql<T>(await this.world.tokenOf(this.partyId), query, variables);
  }

  private async ok<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    return this.world.server.ok<T>(await this.world.tokenOf(this.partyId), query, variables);
  }

  /** Signs for `signatoryId`, or for the party's only signatory. */
  signs(
    conventionId: string,
    signatoryId: string | null = null,
  ): Promise<{ signConvention: { convention: { status: string } } }> {
    return this.ok(SIGN, { id: conventionId, s: signatoryId });
  }

  marksDone(
    commitmentId: string,
    proof: { note?: string | null; evidenceUrl?: string | null } = {},
  ): Promise<{ markCommitmentDone: { commitment: { status: string } } }> {
    return this.ok(MARK, {
      c: commitmentId,
      note: proof.note === undefined ? 'Fait' : proof.note,
      url: proof.evidenceUrl === undefined ? 'https://example.org/preuve' : proof.evidenceUrl,
    });
  }

  givesNotice(conventionId: string, reason: string) {
    return this.ok<{ giveNotice: { convention: { status: string; terminationEffectiveOn: string | null } } }>(
      NOTICE,
      { id: conventionId, r: reason },
    );
  }

  /** Submits the party's evaluation: `assessments`, or every criterion of the workflow met. */
  async evaluates(convention: StoryConvention, assessments?: Assessment[], summary: string | null = null) {
    return this.ok<{ submitEvaluation: { convention: { status: string } } }>(EVALUATE, {
      id: convention.id,
      a: assessments ?? (await this.world.allMet(convention.workflowId)),
      summary,
    });
  }

  signsAmendment(conventionId: string, amendmentId: string | null = null, signatoryId: string | null = null) {
    return this.ok<{ signAmendment: { convention: { status: string } } }>(SIGN_AMENDMENT, {
      id: conventionId,
      a: amendmentId,
      s: signatoryId,
    });
  }

  /** Any request, with the party's token, that may be refused. */
  tries<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) {
    return this.request<T>(query, variables);
  }

  /** Any request, with the party's token, that must succeed. */
  does<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) {
    return this.ok<T>(query, variables);
  }
}

/**
 * One server process on its own fresh store, with an administrator's and an auditor's tokens
 * and a representative's token per party, made on first use.
 */
export class World {
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly workflows = new Map<string, Promise<WorkflowData>>();

  private constructor(
    readonly server: ConventioProcess,
    readonly admin: string,
    readonly auditor: string,
    private readonly names: Record<string, string>,
  ) {}

  /**
   * A server on a fresh store (`env` is its environment, e.g. the manual clock). `representatives`
   * names the people who speak for some parties, where a story names them otherwise.
   */
  static async start(
    env: NodeJS.ProcessEnv = {},
    options: { representatives?: Record<string, string> } = {},
  ): Promise<World> {
    const server = await ConventioProcess.start(env);
    try {
      const [admin, auditor] = await Promise.all([
        server.token('admin', 'Administrateur'),
        server.token('auditor', 'Cour des comptes'),
      ]);
      return new World(server, admin, auditor, { ...REPRESENTATIVES, ...options.representatives });
    } catch (error) {
      await server.dispose();
      throw error;
    }
  }

  /** The token of the representative of `partyId` (made with the real CLI on first use). */
  tokenOf(partyId: string): Promise<string> {
    let token = this.tokens.get(partyId);
    if (!token) {
      token = this.server.token('representative', this.names[partyId] ?? partyId, partyId);
      this.tokens.set(partyId, token);
    }
    return token;
  }

  /** The tokens of several parties at once, in order. */
  tokensOf(...partyIds: string[]): Promise<string[]> {
    return Promise.all(partyIds.map((partyId) => this.tokenOf(partyId)));
  }

  as(partyId: string): Representative {
    return new Representative(this, partyId);
  }

  workflow(seed: Seed | string): Promise<WorkflowData> {
    const id = workflowIdOf(seed);
    let found = this.workflows.get(id);
    if (!found) {
      found = this.server
        .ok<{ workflow: WorkflowData }>(this.auditor, WORKFLOW, { id })
        .then((data) => data.workflow);
      this.workflows.set(id, found);
    }
    return found;
  }

  /** The workflow's evaluation criteria, in order. */
  async criteria(seed: Seed | string): Promise<string[]> {
    return ((await this.workflow(seed)).evaluation?.criteria ?? []).map((c) => c.id);
  }

  /** An evaluation rating every criterion of the workflow MET. */
  async allMet(seed: Seed | string): Promise<Assessment[]> {
    return (await this.criteria(seed)).map((criterion) => ({ criterion, rating: 'MET', comment: null }));
  }

  /** Moves the manual clock and returns the deadlines that fired. */
  clockReaches(instant: string) {
    return this.server.advance(this.admin, instant);
  }

  readonly given = {
    /** A new convention of `seed`, created by the administrator: DRAFT. */
    draft: async (seed: Seed | string): Promise<StoryConvention> => {
      const workflowId = workflowIdOf(seed);
      const created = await this.server.ok<{
        createConvention: { convention: { id: string; status: string } };
      }>(this.admin, CREATE, { w: workflowId });
      if (created.createConvention.convention.status !== 'DRAFT') {
        throw new Error(`a new convention is ${created.createConvention.convention.status}, not DRAFT`);
      }
      return { id: created.createConvention.convention.id, workflowId };
    },

    /**
     * A convention of `seed` signed by every signatory of every party, in the workflow's order,
     * on `on` (the manual clock is moved there first) or now.
     */
    signed: async (
      seed: Seed | string,
      options: { on?: string; by?: string[] } = {},
    ): Promise<StoryConvention> => {
      const convention = await this.given.draft(seed);
      if (options.on) await this.clockReaches(options.on);
      await this.when.everyoneSigns(convention, options.by);
      return convention;
    },

    /** The clock at `instant`, whatever fell due on the way. */
    clockAt: (instant: string) => this.clockReaches(instant),
  };

  readonly when = {
    representative: (partyId: string) => this.as(partyId),
    /** Every signatory of every party signs: the parties in the order `by` gives, or the workflow's. */
    everyoneSigns: async (convention: StoryConvention, by?: string[]): Promise<void> => {
      const parties = (await this.workflow(convention.workflowId)).parties;
      const order = by ? by.map((id) => parties.find((party) => party.id === id)!) : parties;
      if (order.length !== parties.length || order.some((party) => !party)) {
        throw new Error(`${by?.join(', ')} are not the parties of ${convention.workflowId}`);
      }
      for (const party of order) {
        for (const signatory of party.signatories) {
          await this.as(party.id).signs(convention.id, party.signatories.length > 1 ? signatory.id : null);
        }
      }
    },
    clockReaches: (instant: string) => this.clockReaches(instant),
  };

  readonly then = {
    /** The number of events in the convention's history. */
    eventCount: async (conventionId: string): Promise<number> =>
      (
        await this.server.ok<{ history: { totalCount: number } }>(this.auditor, EVENT_COUNT, {
          id: conventionId,
        })
      ).history.totalCount,

    /** Every call is refused with `code`, and the convention's history does not grow. */
    refused: async (
      code: string,
      conventionId: string,
      ...calls: (() => Promise<GraphQLResponse<unknown>>)[]
    ): Promise<GraphQLResponse<unknown>[]> => {
      const before = await this.then.eventCount(conventionId);
      const results: GraphQLResponse<unknown>[] = [];
      for (const call of calls) {
        const result = await call();
        expect({ code: errorCode(result), message: result.errors?.[0]?.message }).toEqual(
          expect.objectContaining({ code }),
        );
        results.push(result);
      }
      expect(await this.then.eventCount(conventionId)).toBe(before);
      return results;
    },

    /** The whole history, page by page: hash-chained, verified, and as long as the stream. */
    soundHistory: async (conventionId: string): Promise<HistoryNode[]> => {
      const events: HistoryNode[] = [];
      let after: string | null = null;
      let totalCount = 0;
      for (;;) {
        const page: HistoryPage = await this.server.ok<HistoryPage>(this.auditor, HISTORY, {
          id: conventionId,
          after,
        });
        events.push(...page.history.edges.map((e) => e.node));
        totalCount = page.history.totalCount;
        if (!page.history.pageInfo.hasNextPage) break;
        after = page.history.pageInfo.endCursor;
      }
      const verification = await this.then.verification(conventionId);
      expect(verification).toEqual({
        valid: true,
        eventCount: totalCount,
        firstBadVersion: null,
        reason: null,
      });
      expect(events).toHaveLength(totalCount);
      events.forEach((event, i) => expect(event.version).toBe(i + 1));
      events.slice(1).forEach((event, i) => expect(event.prevHash).toBe(events[i]!.hash));
      return events;
    },

    /** What `verifyHistory` says of the convention. */
    verification: async (conventionId: string): Promise<Verification> =>
      (await this.server.ok<{ verifyHistory: Verification }>(this.auditor, VERIFY, { id: conventionId }))
        .verifyHistory,
  };

  dispose(): Promise<void> {
    return this.server.dispose();
  }
}
