import { ButtonRow } from '../ButtonRow';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useState } from 'react';
import { useQuery } from 'urql';
import { refusalText } from '../client';
import { daysBetween } from '../dates';
import type { HomeQuery as HomeData } from '../gql/graphql';
import { formatDay, statusLabel, useI18n, type Lang, type MessageKey } from '../i18n';
import { HomeQuery } from '../operations';
import { linkTo } from '../router';

type HomeCommitment = HomeData['commitmentsByUrgency']['edges'][number]['node'];
type Group = 'overdue' | 'dueSoon' | 'later' | 'fulfilled';

/**
 * The server answers the commitments most urgent first; the page only puts headings between the
 * groups (overdue, due within 30 days, later, fulfilled or ended).
 */
function groupOf(commitment: HomeCommitment, today: string): Group {
  if (commitment.status !== 'IN_EFFECT' && commitment.status !== 'SCHEDULED') return 'fulfilled';
  if (commitment.overdue) return 'overdue';
  if (commitment.dueOn && daysBetween(today, commitment.dueOn) <= 30) return 'dueSoon';
  return 'later';
}

const GROUPS: Group[] = ['overdue', 'dueSoon', 'later', 'fulfilled'];

export function HomePage({ partyId }: { partyId: string }) {
  const { t, lang } = useI18n();
  // One request per page of commitments: the first page, or the one after a cursor.
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, error, fetching }] = useQuery({ query: HomeQuery, variables: { party: partyId, after } });
  if (error) return <Alert severity="error" title={t('refused')} description={refusalText(error)} />;
  if (!data) return <p>{fetching ? t('loading') : t('none')}</p>;

  const today = data.now.slice(0, 10);
  const titles = new Map(data.conventions.edges.map((e) => [e.node.id, e.node.title]));
  const groups = new Map<Group, HomeCommitment[]>(GROUPS.map((g) => [g, []]));
  for (const { node } of data.commitmentsByUrgency.edges) groups.get(groupOf(node, today))!.push(node);
  const headers = [
    t('commitment'),
    t('convention'),
    t('dueOn'),
    t('occurrence'),
    t('status'),
    t('waitingFor'),
  ];

  return (
    <>
      <h1>{t('myCommitments')}</h1>
      <p className="fr-text--lead">{data.me.party?.name}</p>
      <section aria-labelledby="deadlines" className="fr-mb-4w">
        <h2 id="deadlines" className="fr-h4">
          {t('comingDeadlines')}
        </h2>
        {data.deadlines.length === 0 && <p>{t('none')}</p>}
        <ul>
          {[...data.deadlines]
            // A missed notice deadline binds for a whole term: those come first.
            .sort((a, b) => Number(b.kind === 'NOTICE_DEADLINE') - Number(a.kind === 'NOTICE_DEADLINE'))
            .map((d) => (
              <li key={`${d.conventionId}-${d.kind}-${d.dueOn}-${d.subject ?? ''}`} data-kind={d.kind}>
                <strong>{deadlineLabel(lang, d.kind)}</strong> —{' '}
                {titles.get(d.conventionId) ?? d.conventionId} : {formatDay(lang, d.lastDay ?? d.dueOn)}
                {d.daysLeft !== null && d.daysLeft !== undefined && (
                  <>
                    {' '}
                    ({d.daysLeft} {t('daysLeft')})
                  </>
                )}
                {d.consequence && <> — {d.consequence.text}</>}
              </li>
            ))}
        </ul>
      </section>
      {GROUPS.map((key) => {
        const rows = groups.get(key)!;
        return (
          <section key={key} aria-labelledby={`group-${key}`} data-group={key}>
            <h2 id={`group-${key}`} className="fr-h4">
              {t(key as MessageKey)} ({rows.length})
            </h2>
            {rows.length ? (
              <Table
                headers={headers}
                noCaption
                bordered
                data={rows.map((c) => {
                  const current = c.occurrences.find((o) => o.status === 'IN_EFFECT') ?? c.occurrences.at(-1);
                  return [
                    <a
                      key="t"
                      {...linkTo(
                        `/conventions/${encodeURIComponent(c.convention.id)}#commitment-${c.id.split(':').at(-1)}`,
                      )}
                    >
                      {c.title}
                    </a>,
                    c.convention.title,
                    formatDay(lang, c.dueOn),
                    current ? `${current.index + 1} (${formatDay(lang, current.dueOn)})` : '—',
                    <Badge
                      key="s"
                      small
                      noIcon
                      severity={c.overdue ? 'error' : c.status === 'FULFILLED' ? 'success' : 'info'}
                    >
                      {statusLabel(lang, c.status)}
                    </Badge>,
                    c.owners.length > 1 && c.awaitingConfirmationFrom.length
                      ? c.awaitingConfirmationFrom.map((p) => p.toUpperCase()).join(', ')
                      : '—',
                  ];
                })}
              />
            ) : (
              <p>{t('none')}</p>
            )}
          </section>
        );
      })}
      <p className="fr-text--sm">
        {data.commitmentsByUrgency.edges.length} / {data.commitmentsByUrgency.totalCount}
      </p>
      <ButtonRow>
        {after && (
          <Button priority="secondary" onClick={() => setAfter(null)}>
            {t('firstPage')}
          </Button>
        )}
        {data.commitmentsByUrgency.pageInfo.hasNextPage && data.commitmentsByUrgency.pageInfo.endCursor && (
          <Button
            priority="secondary"
            onClick={() => setAfter(data.commitmentsByUrgency.pageInfo.endCursor ?? null)}
          >
            {t('nextPage')}
          </Button>
        )}
      </ButtonRow>
    </>
  );
}

function deadlineLabel(lang: Lang, kind: string): string {
  const fr: Record<string, string> = {
    NOTICE_DEADLINE: 'Date limite de préavis',
    TERM_END: 'Fin de période',
    TERMINATION: 'Fin de la convention',
    COMMITMENT_DUE: 'Échéance d’un engagement',
    EFFECTIVE_DATE: 'Entrée en vigueur',
    EVALUATION_PERIOD: 'Évaluation',
    EVALUATION_DUE: 'Évaluation à remettre',
  };
  const en: Record<string, string> = {
    NOTICE_DEADLINE: 'Notice deadline',
    TERM_END: 'End of term',
    TERMINATION: 'End of the convention',
    COMMITMENT_DUE: 'Commitment due',
    EFFECTIVE_DATE: 'Entry into force',
    EVALUATION_PERIOD: 'Evaluation',
    EVALUATION_DUE: 'Evaluation due',
  };
  return (lang === 'fr' ? fr : en)[kind] ?? kind;
}
