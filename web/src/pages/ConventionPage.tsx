import { ButtonRow } from '../ButtonRow';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useMemo } from 'react';
import { useClient, useQuery, useSubscription, type AnyVariables, type TypedDocumentNode } from 'urql';
import { ActionForm, Values } from '../ActionForm';
import { refusalText, SessionViewer } from '../client';
import { Breaches, causeKey, ChosenOptions, CommitmentClauses, TerminationRight } from '../ClauseDetails';
import { Diagram } from '../Diagram';
import type { ConventionFieldsFragment, TerminationCause } from '../gql/graphql';
import { formatDay, formatInstant, lastDayInForce, statusLabel, useI18n } from '../i18n';
import {
  ConventionChanged,
  ConventionQuery,
  GiveNotice,
  MarkDone,
  ProposeAmendment,
  ProposeRenewal,
  RecordMeeting,
  Reopen,
  Resume,
  ReportBreach,
  ServeFormalNotice,
  SignAmendment,
  SignConvention,
  SubmitEvaluation,
  Suspend,
  Terminate,
  WithdrawAmendment,
  WorkflowQuery,
} from '../operations';
import { linkTo } from '../router';
import { NoticePreview } from '../NoticePreview';

export function ConventionPage({ id, viewer }: { id: string; viewer: SessionViewer }) {
  const { t, lang } = useI18n();
  const [{ data, error }] = useQuery({ query: ConventionQuery, variables: { id } });
  // Another party's action arrives here without reloading the page.
  const [{ data: live }] = useSubscription({ query: ConventionChanged, variables: { id } });
  const convention: ConventionFieldsFragment | undefined =
    live?.conventionChanged && (!data || live.conventionChanged.version >= data.convention.version)
      ? live.conventionChanged
      : data?.convention;
  const [{ data: workflowData }] = useQuery({
    query: WorkflowQuery,
    variables: { id: convention?.workflowId ?? '' },
    pause: !convention,
  });
  const workflow = workflowData?.workflow;
  const zone = workflow?.timeZone ?? 'Europe/Paris';
  const act = useAct();

  if (error) return <Alert severity="error" title={t('refused')} description={refusalText(error)} />;
  if (!convention) return <p>{t('loading')}</p>;

  const partyName = (partyId: string) =>
    convention.parties.find((p) => p.id === partyId)?.shortName ?? partyId;
  const allowed = new Set(convention.allowedActions);
  const cid = convention.id;
  const proposed = convention.amendments.find((a) => a.status === 'PROPOSED');
  // The rights the viewer's party holds (every open one for a viewer without a party).
  const held = convention.terminationRights.filter(
    (r) => !viewer.partyId || r.holders.includes(viewer.partyId),
  );

  return (
    <>
      <p>
        <a {...linkTo('/')}>{t('home')}</a>
        {viewer.role !== 'REPRESENTATIVE' && (
          <>
            {' · '}
            <a {...linkTo(`/conventions/${encodeURIComponent(cid)}/audit`)}>{t('audit')}</a>
          </>
        )}
      </p>
      <h1>{convention.title}</h1>
      <p>
        <Badge
          severity={convention.status === 'TERMINATED' ? 'warning' : 'info'}
          data-testid="convention-status"
        >
          {statusLabel(lang, convention.status)}
        </Badge>{' '}
        <span className="fr-text--sm">
          {t('version')} {convention.version}
        </span>
      </p>
      <dl className="fr-grid-row fr-grid-row--gutters">
        <Fact label={t('effectiveOn')} value={formatDay(lang, convention.effectiveOn)} />
        <Fact
          label={t('term')}
          value={
            convention.term
              ? `${convention.term.number} : ${formatDay(lang, convention.term.startsOn)} → ${formatDay(lang, convention.term.endsOn)}`
              : '—'
          }
        />
        <Fact label={t('noticeDeadline')} value={formatDay(lang, convention.noticeDeadline)} />
        <Fact
          label={t('terminationOn')}
          value={formatDay(lang, lastDayInForce(convention.terminationEffectiveOn))}
          testId="termination-date"
        />
      </dl>

      <TerminationRight convention={convention} partyName={partyName} />
      <ChosenOptions convention={convention} />

      <section aria-labelledby="actions" className="fr-mt-4w">
        <h2 id="actions" className="fr-h4">
          {t('actions')}
        </h2>
        <ButtonRow>
          {allowed.has('SIGN') && (
            <ActionForm
              label={t('sign')}
              priority="primary"
              onSubmit={() => act(SignConvention, { input: { conventionId: cid } })}
            />
          )}
          {allowed.has('GIVE_NOTICE') && (
            <ActionForm
              label={t('giveNotice')}
              testId="give-notice"
              fields={[{ name: 'reason', label: t('reason'), kind: 'textarea', required: true }]}
              confirmStep={async () => <NoticePreview conventionId={cid} />}
              onSubmit={(v) => act(GiveNotice, { input: { conventionId: cid, reason: v.reason! } })}
            />
          )}
          {allowed.has('SUBMIT_EVALUATION') && (
            <ActionForm
              label={t('submitEvaluation')}
              fields={[
                ...(workflow?.evaluation?.criteria ?? []).map((c) => ({
                  name: `criterion:${c.id}`,
                  label: c.label,
                  kind: 'select' as const,
                  options: ['MET', 'PARTIALLY_MET', 'NOT_MET', 'EXCEEDED'].map((r) => ({
                    value: r,
                    label: r,
                  })),
                })),
                { name: 'summary', label: t('summary'), kind: 'textarea' },
              ]}
              onSubmit={(v) =>
                act(SubmitEvaluation, {
                  input: {
                    conventionId: cid,
                    summary: v.summary || null,
                    assessments: Object.entries(v)
                      .filter(([k]) => k.startsWith('criterion:'))
                      .map(([k, rating]) => ({
                        criterion: k.slice('criterion:'.length),
                        rating: rating as 'MET',
                      })),
                  },
                })
              }
            />
          )}
          {allowed.has('RECORD_MEETING') && (
            <ActionForm
              label={t('recordMeeting')}
              fields={[
                {
                  name: 'committee',
                  label: t('committee'),
                  kind: 'select',
                  options: (workflow?.committees ?? []).map((c) => ({ value: c.id, label: c.name })),
                },
                { name: 'heldOn', label: t('heldOn'), kind: 'date', required: true },
                { name: 'decisions', label: t('decisions'), kind: 'textarea' },
                { name: 'minutesUrl', label: t('minutesUrl'), kind: 'url' },
              ]}
              onSubmit={(v) => {
                const committee = workflow?.committees.find((c) => c.id === v.committee);
                return act(RecordMeeting, {
                  input: {
                    conventionId: cid,
                    committee: v.committee!,
                    heldOn: v.heldOn!,
                    attendingParties: committee?.parties ?? convention.parties.map((p) => p.id),
                    decisions: v.decisions ? v.decisions.split('\n').filter(Boolean) : [],
                    minutesUrl: v.minutesUrl || null,
                  },
                });
              }}
            />
          )}
          {allowed.has('PROPOSE_AMENDMENT') && (
            <ActionForm
              label={t('proposeAmendment')}
              fields={[
                { name: 'summary', label: t('summary'), kind: 'text', required: true },
                {
                  name: 'waive',
                  label: t('waiveCommitment'),
                  kind: 'select',
                  options: convention.commitments
                    .filter((c) => c.status !== 'WAIVED' && c.status !== 'FULFILLED')
                    .map((c) => ({ value: c.key, label: c.title })),
                },
              ]}
              onSubmit={(v) =>
                act(ProposeAmendment, {
                  input: {
                    conventionId: cid,
                    summary: v.summary!,
                    changes: { waiveCommitments: [v.waive!] },
                  },
                })
              }
            />
          )}
          {allowed.has('PROPOSE_RENEWAL') && (
            <ActionForm
              label={t('proposeRenewal')}
              fields={[{ name: 'summary', label: t('summary'), kind: 'text' }]}
              onSubmit={(v) =>
                act(ProposeRenewal, { input: { conventionId: cid, summary: v.summary || null } })
              }
            />
          )}
          {allowed.has('SIGN_AMENDMENT') && proposed && (
            <ActionForm
              label={t('signAmendment')}
              onSubmit={() => act(SignAmendment, { input: { conventionId: cid, amendmentId: proposed.id } })}
            />
          )}
          {allowed.has('WITHDRAW_AMENDMENT') && proposed && (
            <ActionForm
              label={t('withdrawAmendment')}
              fields={[{ name: 'reason', label: t('reason'), kind: 'text', required: true }]}
              onSubmit={(v) =>
                act(WithdrawAmendment, {
                  input: { conventionId: cid, amendmentId: proposed.id, reason: v.reason! },
                })
              }
            />
          )}
          {allowed.has('SUSPEND') && (
            <ActionForm
              label={t('suspend')}
              fields={[{ name: 'reason', label: t('reason'), kind: 'text', required: true }]}
              onSubmit={(v) => act(Suspend, { input: { conventionId: cid, reason: v.reason! } })}
            />
          )}
          {allowed.has('RESUME') && (
            <ActionForm label={t('resume')} onSubmit={() => act(Resume, { input: { conventionId: cid } })} />
          )}
          {allowed.has('TERMINATE') && (
            <ActionForm
              label={t('terminate')}
              testId="terminate"
              fields={[
                { name: 'reason', label: t('reason'), kind: 'text', required: true },
                // Holding more than one right, the party names the one it exercises.
                ...(held.length > 1
                  ? [
                      {
                        name: 'cause',
                        label: t('rightExercised'),
                        kind: 'select' as const,
                        required: true,
                        placeholder: t('chooseRight'),
                        options: held.map((r) => ({ value: r.cause, label: t(causeKey(r.cause)) })),
                      },
                    ]
                  : []),
              ]}
              onSubmit={(v) =>
                act(Terminate, {
                  input: {
                    conventionId: cid,
                    reason: v.reason!,
                    cause: held.length > 1 ? (v.cause as TerminationCause) : (held[0]?.cause ?? null),
                  },
                })
              }
            />
          )}
        </ButtonRow>
      </section>

      <section aria-labelledby="parties">
        <h2 id="parties" className="fr-h4">
          {t('parties')}
        </h2>
        <Table
          noCaption
          bordered
          headers={[t('party'), t('signatory'), t('signature')]}
          data={convention.signatures.map((s) => [
            convention.parties.find((p) => p.id === s.partyId)?.name ?? s.partyId,
            s.title,
            s.signedAt
              ? `${t('signedOn')} ${formatInstant(lang, s.signedAt, zone)}${s.signedBy ? ` (${s.signedBy})` : ''}`
              : t('notSigned'),
          ])}
        />
      </section>

      <section aria-labelledby="commitments">
        <h2 id="commitments" className="fr-h4">
          {t('commitments')}
        </h2>
        <Table
          noCaption
          bordered
          headers={[
            t('commitment'),
            t('owners'),
            t('dueOn'),
            t('occurrence'),
            t('evidence'),
            t('status'),
            t('actions'),
          ]}
          data={convention.commitments.map((c) => {
            const current = c.occurrences.find((o) => o.status === 'IN_EFFECT') ?? c.occurrences.at(-1);
            return [
              <div key="t" id={`commitment-${c.key}`}>
                <strong>{c.title}</strong> <span className="fr-text--xs">({c.article})</span>
                <CommitmentClauses commitment={c} convention={convention} />
              </div>,
              c.owners.map(partyName).join(', '),
              formatDay(lang, c.dueOn),
              current ? `${current.index + 1} / ${c.occurrences.length}` : '—',
              c.confirmations.length ? (
                <ul key="e" className="fr-text--sm">
                  {c.confirmations.map((x) => (
                    <li key={x.partyId}>
                      {partyName(x.partyId)}, {formatInstant(lang, x.confirmedAt, zone)}
                      {x.note ? ` — ${x.note}` : ''}
                      {x.evidenceUrl && (
                        <>
                          {' '}
                          <a href={x.evidenceUrl} rel="noreferrer noopener" target="_blank">
                            {t('evidence')}
                          </a>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              ) : (
                '—'
              ),
              <span key="s" data-testid={`status-${c.key}`}>
                {statusLabel(lang, c.status)}
              </span>,
              <div key="a" data-testid={`actions-${c.key}`}>
                {c.allowedActions.includes('MARK_DONE') && (
                  <ActionForm
                    label={t('markDone')}
                    about={c.title}
                    testId={`mark-done-${c.key}`}
                    fields={[
                      { name: 'note', label: t('note'), kind: 'textarea' },
                      { name: 'evidenceUrl', label: t('evidenceUrl'), kind: 'url' },
                    ]}
                    onSubmit={(v) =>
                      act(MarkDone, {
                        input: {
                          commitmentId: c.id,
                          note: v.note || null,
                          evidenceUrl: v.evidenceUrl || null,
                        },
                      })
                    }
                  />
                )}
                {c.allowedActions.includes('REOPEN') && (
                  <ActionForm
                    label={t('reopen')}
                    about={c.title}
                    fields={[{ name: 'reason', label: t('reason'), kind: 'text', required: true }]}
                    onSubmit={(v) => act(Reopen, { input: { commitmentId: c.id, reason: v.reason! } })}
                  />
                )}
                {c.allowedActions.includes('REPORT_BREACH') && (
                  <ActionForm
                    label={t('reportBreach')}
                    about={c.title}
                    testId={`report-breach-${c.key}`}
                    fields={[
                      {
                        name: 'description',
                        label: t('breachDescription'),
                        kind: 'textarea',
                        required: true,
                      },
                      { name: 'evidenceUrl', label: t('evidenceUrl'), kind: 'url', required: true },
                    ]}
                    onSubmit={(v) =>
                      act(ReportBreach, {
                        input: {
                          commitmentId: c.id,
                          description: v.description!,
                          evidenceUrl: v.evidenceUrl!,
                        },
                      })
                    }
                  />
                )}
                {c.allowedActions.includes('SERVE_FORMAL_NOTICE') && (
                  <ActionForm
                    label={t('formalNotice')}
                    about={c.title}
                    fields={[{ name: 'reason', label: t('reason'), kind: 'text', required: true }]}
                    onSubmit={(v) =>
                      act(ServeFormalNotice, { input: { commitmentId: c.id, reason: v.reason! } })
                    }
                  />
                )}
              </div>,
            ];
          })}
        />
      </section>

      <Breaches convention={convention} partyName={partyName} />

      <section aria-labelledby="amendments">
        <h2 id="amendments" className="fr-h4">
          {t('amendments')}
        </h2>
        {convention.amendments.length === 0 && <p>{t('none')}</p>}
        {convention.amendments.map((a) => (
          <div key={a.id} className="fr-mb-2w">
            <p className="fr-mb-1v">
              <strong>{a.summary}</strong> — {statusLabel(lang, a.status)} (
              {formatInstant(lang, a.proposedAt, zone)})
            </p>
            {a.diff && (
              <p className="fr-text--sm fr-mb-1v">
                {[
                  a.diff.added.length ? `+ ${a.diff.added.join(', ')}` : '',
                  a.diff.waived.length ? `− ${a.diff.waived.join(', ')}` : '',
                  ...a.diff.changed.map((c) => `${c.from} → ${c.to}`),
                  a.diff.rules.length ? a.diff.rules.join(', ') : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
            )}
            <p className="fr-text--sm">
              {a.signatures
                .map(
                  (s) => `${partyName(s.partyId)} ${t('signedOn')} ${formatInstant(lang, s.signedAt, zone)}`,
                )
                .join(' ; ') || t('notSigned')}
            </p>
          </div>
        ))}
      </section>

      <section aria-labelledby="evaluations">
        <h2 id="evaluations" className="fr-h4">
          {t('evaluations')}
        </h2>
        {[...convention.pastEvaluations, ...(convention.evaluation ? [convention.evaluation] : [])].map(
          (e) => (
            <p key={e.number}>
              n° {e.number} —{' '}
              {e.submissions
                .map((s) => `${partyName(s.partyId)} (${formatInstant(lang, s.submittedAt, zone)})`)
                .join(', ') || '—'}
            </p>
          ),
        )}
        {!convention.evaluation && convention.pastEvaluations.length === 0 && <p>{t('none')}</p>}
      </section>

      <section aria-labelledby="meetings">
        <h2 id="meetings" className="fr-h4">
          {t('meetings')}
        </h2>
        {convention.meetings.length === 0 && <p>{t('none')}</p>}
        <ul data-testid="meetings">
          {convention.meetings.map((m) => (
            <li key={`${m.committee}-${m.heldOn}`}>
              {workflow?.committees.find((c) => c.id === m.committee)?.name ?? m.committee} —{' '}
              {formatDay(lang, m.heldOn)} — {m.attendingParties.map(partyName).join(', ')}
              {m.quorate === true ? ` — ${t('quorate')}` : ''}
              {m.quorate === false ? ` — ${t('notQuorate')}` : ''}
              {m.decisions.length ? ` : ${m.decisions.join(' ; ')}` : ''}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="diagram">
        <h2 id="diagram" className="fr-h4">
          {t('diagram')}
        </h2>
        <Diagram svg={convention.diagram} label={t('diagram')} />
      </section>
    </>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="fr-col-12 fr-col-md-3">
      <dt className="fr-text--sm fr-mb-0">{label}</dt>
      <dd className="fr-text--bold fr-ml-0" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** Runs a mutation; answers the engine's reason when it refuses, null when done. */
function useAct() {
  const client = useClient();
  return useMemo(
    () =>
      async <D, V extends AnyVariables>(
        document: TypedDocumentNode<D, V>,
        variables: V,
      ): Promise<string | null> => {
        const result = await client.mutation(document, variables).toPromise();
        return result.error ? refusalText(result.error) : null;
      },
    [client],
  );
}

export type { Values };
