import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useQuery } from 'urql';
import { refusalText } from '../client';
import { daysBetween, dayIn, nextDay } from '../dates';
import type { HomeQuery as HomeData } from '../gql/graphql';
import { formatDay, statusLabel, useI18n, type MessageKey } from '../i18n';
import { HomeQuery } from '../operations';
import { linkTo } from '../router';

type HomeCommitment = HomeData['commitments']['edges'][number]['node'];

const DEFAULT_ZONE = 'Europe/Paris';

/** Urgency groups: overdue, due within 30 days, later, fulfilled (and ended ones last of all). */
export function groupCommitments(commitments: HomeCommitment[], today: string) {
  const groups: Record<'overdue' | 'dueSoon' | 'later' | 'fulfilled', HomeCommitment[]> = {
    overdue: [],
    dueSoon: [],
    later: [],
    fulfilled: [],
  };
  for (const commitment of commitments) {
    if (
      commitment.status === 'FULFILLED' ||
      commitment.status === 'WAIVED' ||
      commitment.status === 'TERMINATED'
    )
      groups.fulfilled.push(commitment);
    else if (commitment.overdue || commitment.status === 'VIOLATED') groups.overdue.push(commitment);
    else if (commitment.dueOn && daysBetween(today, commitment.dueOn) <= 30) groups.dueSoon.push(commitment);
    else groups.later.push(commitment);
  }
  const byDue = (a: HomeCommitment, b: HomeCommitment) =>
    (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999');
  for (const group of Object.values(groups)) group.sort(byDue);
  return groups;
}

export function HomePage({ party }: { party: { id: string; name: string } }) {
  const { t, lang } = useI18n();
  const [{ data, error, fetching }] = useQuery({ query: HomeQuery, variables: { party: party.id } });
  if (error) return <Alert severity="error" title={t('refused')} description={refusalText(error)} />;
  if (!data) return <p>{fetching ? t('loading') : t('none')}</p>;

  const zones = new Map(data.workflows.map((w) => [w.id, w.timeZone]));
  const today = dayIn(data.now, DEFAULT_ZONE);
  const groups = groupCommitments(
    data.commitments.edges.map((e) => e.node),
    today,
  );
  const conventions = new Map(data.conventions.edges.map((e) => [e.node.id, e.node]));

  const row = (c: HomeCommitment) => {
    const current = c.occurrences.find((o) => o.status === 'IN_EFFECT') ?? c.occurrences.at(-1);
    const confirmed = new Set(c.confirmations.map((x) => x.partyId));
    const waiting = c.owners.length > 1 ? c.owners.filter((o) => !confirmed.has(o)) : [];
    return [
      <a key="t" {...linkTo(`/conventions/${encodeURIComponent(c.convention.id)}`)}>
        {c.title}
      </a>,
      c.convention.title,
      formatDay(lang, c.dueOn),
      current ? `${current.index + 1} (${formatDay(lang, current.dueOn)})` : '—',
      <Badge
        key="s"
        small
        severity={c.overdue ? 'error' : c.status === 'FULFILLED' ? 'success' : 'info'}
        noIcon
      >
        {statusLabel(lang, c.status)}
      </Badge>,
      waiting.length ? waiting.join(', ') : '—',
    ];
  };

  const headers = [
    t('commitment'),
    t('convention'),
    t('dueOn'),
    t('occurrence'),
    t('status'),
    t('waitingFor'),
  ];

  // Notice deadlines first (missing one renews a convention for a whole term), then the rest by date.
  const deadlines = [...data.deadlines].sort((a, b) => {
    const an = a.kind === 'NOTICE_DEADLINE' ? 0 : 1;
    const bn = b.kind === 'NOTICE_DEADLINE' ? 0 : 1;
    return an - bn || a.dueOn.localeCompare(b.dueOn);
  });

  return (
    <>
      <h1>{t('myCommitments')}</h1>
      <p className="fr-text--lead">{party.name}</p>
      {(['overdue', 'dueSoon', 'later', 'fulfilled'] as const).map((key) => (
        <section key={key} aria-labelledby={`group-${key}`} data-group={key}>
          <h2 id={`group-${key}`} className="fr-h4">
            {t(key as MessageKey)} ({groups[key].length})
          </h2>
          {groups[key].length ? (
            <Table headers={headers} data={groups[key].map(row)} fixed={false} bordered noCaption />
          ) : (
            <p>{t('none')}</p>
          )}
        </section>
      ))}
      <section aria-labelledby="deadlines">
        <h2 id="deadlines" className="fr-h4">
          {t('comingDeadlines')}
        </h2>
        <ul>
          {deadlines.map((d) => {
            const convention = conventions.get(d.conventionId);
            const zone = zones.get(convention?.workflowId ?? '') ?? DEFAULT_ZONE;
            const notice = d.kind === 'NOTICE_DEADLINE';
            // The deadline fires the day after the last day to act.
            const lastDay = notice && convention?.noticeDeadline ? convention.noticeDeadline : d.dueOn;
            const left = daysBetween(dayIn(data.now, zone), lastDay);
            return (
              <li key={`${d.conventionId}-${d.kind}-${d.dueOn}-${d.subject ?? ''}`} data-kind={d.kind}>
                <strong>{notice ? t('noticeDeadline') : d.kind}</strong> —{' '}
                {convention?.title ?? d.conventionId} : {formatDay(lang, lastDay)} ({left} {t('daysLeft')})
                {notice && convention?.term?.endsOn && convention.rules.renewal.kind === 'tacit' && (
                  <>
                    {' '}
                    — {t('ifNothing')} {formatDay(lang, nextDay(convention.term.endsOn))}
                  </>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
