import { performance } from 'node:perf_hooks';
import { GraphQLClient, pool } from './client';

export interface Workflow {
  id: string;
  parties: { id: string; signatories: { id: string }[] }[];
  commitments: { key: string; owners: string[] }[];
}

export interface Tokens {
  admin: string;
  auditor: string;
  /** A representative token per party id. */
  parties: Map<string, string>;
}

export interface SeedRound {
  conventions: number;
  commitments: number;
  /** Requests made: one creation and one signature per signatory, each its own transaction. */
  mutations: number;
  seconds: number;
}

export const WORKFLOWS_QUERY =
  '{ workflows { id parties { id signatories { id } } commitments { key owners } } }';

const CREATE = 'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id } } }';
const SIGN = `mutation($c: ID!, $s: ID!) {
  signConvention(input: { conventionId: $c, signatoryId: $s }) { convention { status } }
}`;

/**
 * Seeds through the API only, as an admin and the parties would: createConvention, then
 * signConvention for every signatory of every party (the last signature makes the convention
 * ACTIVE and its commitments IN_EFFECT). Definitions are used round-robin.
 */
export class Seeder {
  /** Seeded conventions (ACTIVE), with their definition. */
  readonly conventions: { id: string; workflow: Workflow }[] = [];
  commitments = 0;
  private created = 0;

  constructor(
    private readonly client: GraphQLClient,
    private readonly tokens: Tokens,
    private readonly workflows: Workflow[],
  ) {}

  /**
   * Adds conventions until the store holds at least `commitments` commitments, or until
   * `budgetSeconds` have passed (no new convention is started after that).
   */
  async seedUntil(
    commitments: number,
    concurrency: number,
    budgetSeconds = Infinity,
    progress: (message: string) => void = () => undefined,
  ): Promise<SeedRound> {
    const plan: Workflow[] = [];
    let planned = this.commitments;
    for (let i = this.created; planned < commitments; i++) {
      const workflow = this.workflows[i % this.workflows.length]!;
      plan.push(workflow);
      planned += workflow.commitments.length;
    }
    this.created += plan.length;
    let mutations = 0;
    const started = performance.now();
    let done = 0;
    let added = 0;
    const deadline = started + budgetSeconds * 1000;
    const ticker = setInterval(() => {
      const seconds = (performance.now() - started) / 1000;
      progress(
        `seeding: ${done}/${plan.length} conventions, ${this.commitments} commitments in the store, ` +
          `${(done / seconds).toFixed(1)} conventions/s`,
      );
    }, 30_000);
    await pool(plan.length, concurrency, async (index) => {
      if (performance.now() > deadline) return;
      const workflow = plan[index]!;
      const { createConvention } = await this.client.ok<{ createConvention: { convention: { id: string } } }>(
        this.tokens.admin,
        CREATE,
        { w: workflow.id },
      );
      const conventionId = createConvention.convention.id;
      mutations += 1;
      let status = '';
      for (const party of workflow.parties) {
        for (const signatory of party.signatories) {
          const data = await this.client.ok<{ signConvention: { convention: { status: string } } }>(
            this.tokens.parties.get(party.id)!,
            SIGN,
            { c: conventionId, s: signatory.id },
          );
          status = data.signConvention.convention.status;
          mutations += 1;
        }
      }
      if (status !== 'ACTIVE') throw new Error(`convention ${conventionId} is ${status} after signing`);
      this.conventions.push({ id: conventionId, workflow });
      this.commitments += workflow.commitments.length;
      done += 1;
      added += workflow.commitments.length;
    }).finally(() => clearInterval(ticker));
    return {
      conventions: done,
      commitments: added,
      mutations,
      seconds: (performance.now() - started) / 1000,
    };
  }
}
