import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { ConventionFieldsFragment } from './gql/graphql';
import { arisesOnlyIf, formatDay, type MessageKey, statusLabel, useI18n } from './i18n';

type Commitment = ConventionFieldsFragment['commitments'][number];

/** The title of a commitment of the convention by its key, or the key when it is not there. */
function titleOf(convention: ConventionFieldsFragment, key: string): string {
  return convention.commitments.find((c) => c.key === key)?.title ?? key;
}

/**
 * What a commitment's clauses say of when it is owed, under its title: the commitment it waits
 * for (`after`), the ways of ending it arises from (`onlyIfEndedBy`), the condition of each
 * occurrence (`if`) and the occurrences that were not owed.
 */
export function CommitmentClauses({
  commitment: c,
  convention,
}: {
  commitment: Commitment;
  convention: ConventionFieldsFragment;
}) {
  const { t, lang } = useI18n();
  const notOwed = c.occurrences.filter((o) => o.status === 'NOT_OWED');
  const condition = c.terms.condition;
  const late = c.occurrences.filter((o) => o.late);
  return (
    <>
      {c.late && late.length === 0 && (
        <p className="fr-text--xs fr-mb-0" data-testid={`late-${c.key}`}>
          <LateBadge /> {t('dueUnderTerms')} {formatDay(lang, c.dueUnderTermsOn)}, {t('cureBy')}{' '}
          {formatDay(lang, c.dueOn)}
        </p>
      )}
      {late.length > 0 && (
        <ul className="fr-text--xs fr-mb-0" data-testid={`late-${c.key}`}>
          {late.map((o) => (
            <li key={o.index}>
              <LateBadge /> {t('dueUnderTerms')} {formatDay(lang, o.dueUnderTermsOn)}, {t('cureBy')}{' '}
              {formatDay(lang, o.dueOn)} — {statusLabel(lang, o.status)}
            </li>
          ))}
        </ul>
      )}
      {c.waitingFor && (
        <p className="fr-text--xs fr-mb-0" data-testid={`waiting-for-${c.key}`}>
          {t('waitingForCommitment')} {titleOf(convention, c.waitingFor)}
        </p>
      )}
      {c.terms.onlyIfEndedBy && c.terms.onlyIfEndedBy.length > 0 && (
        <p className="fr-text--xs fr-mb-0" data-testid={`only-if-ended-by-${c.key}`}>
          {arisesOnlyIf(lang, c.terms.onlyIfEndedBy)}
        </p>
      )}
      {condition && (
        <p className="fr-text--xs fr-mb-0" data-testid={`condition-${c.key}`}>
          {t('owedOnlyIf')} « {titleOf(convention, condition.fulfilled)} » {t('fulfilledForPrevious')}
        </p>
      )}
      {notOwed.length > 0 && (
        <ul className="fr-text--xs fr-mb-0" data-testid={`not-owed-${c.key}`}>
          {notOwed.map((o) => (
            <li key={o.index}>
              <Badge small severity="info" noIcon>
                {statusLabel(lang, o.status)}
              </Badge>{' '}
              {t('periodFrom')} {formatDay(lang, o.startsOn)} {t('periodTo')} {formatDay(lang, o.dueOn)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The options of its definition chosen when the convention was created; nothing without options. */
export function ChosenOptions({ convention }: { convention: ConventionFieldsFragment }) {
  const { t } = useI18n();
  if (convention.options.length === 0) return null;
  const chosen = convention.options.filter((o) => o.chosen);
  return (
    <section aria-labelledby="options" data-testid="chosen-options">
      <h2 id="options" className="fr-h4">
        {t('chosenOptions')}
      </h2>
      {chosen.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul>
          {chosen.map((o) => (
            <li key={o.id}>{o.title}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The late badge of a one-off or an occurrence that fell due before the signature (rules v4). */
function LateBadge() {
  const { t } = useI18n();
  return (
    <Badge small severity="warning" noIcon>
      {t('lateBeforeSignature')}
    </Badge>
  );
}

/** The cause of a right to terminate, read after « Peut résilier la convention » (« pour force majeure »). */
export function causeKey(cause: string): MessageKey {
  return cause === 'BREACH' ? 'causeBREACH' : 'causeFORCE_MAJEURE';
}

/** The rights to terminate open now: for each, its cause, who holds it, since when. */
export function TerminationRight({
  convention,
  partyName,
}: {
  convention: ConventionFieldsFragment;
  partyName: (partyId: string) => string;
}) {
  const { t, lang } = useI18n();
  const rights = convention.terminationRights;
  if (rights.length === 0) return null;
  return (
    <div className="fr-mb-4w" data-testid="termination-right">
      <Alert
        severity="warning"
        as="h2"
        title={t(rights.length > 1 ? 'terminationRights' : 'terminationRight')}
        description={
          <>
            {rights.map((right, i) => (
              <span key={right.cause} data-testid={`termination-right-${right.cause}`}>
                {i > 0 && <br />}
                {`${t('mayTerminate')} ${right.holders.map(partyName).join(', ')}, ${t('since')} ${formatDay(lang, right.since)}, ${t(causeKey(right.cause))}.`}
              </span>
            ))}
          </>
        }
      />
    </div>
  );
}

/** Breaches reported and formal notices served on the convention's commitments. */
export function Breaches({
  convention,
  partyName,
}: {
  convention: ConventionFieldsFragment;
  partyName: (partyId: string) => string;
}) {
  const { t, lang } = useI18n();
  if (convention.breaches.length === 0 && convention.formalNotices.length === 0) return null;
  return (
    <section aria-labelledby="breaches" data-testid="breaches">
      <h2 id="breaches" className="fr-h4">
        {t('breaches')}
      </h2>
      {/* A paragraph's space below, as the other sections end, before the next heading. */}
      <ul className="fr-mb-3w">
        {convention.breaches.map((b) => (
          <li key={`breach-${b.commitmentKey}-${b.reportedOn}`}>
            <strong>{titleOf(convention, b.commitmentKey)}</strong> — {t('breachReportedBy')}{' '}
            {partyName(b.reportedBy)} {t('on')} {formatDay(lang, b.reportedOn)} : {b.description}{' '}
            <a href={b.evidenceUrl} rel="noreferrer noopener" target="_blank">
              {t('evidence')}
            </a>
          </li>
        ))}
        {convention.formalNotices.map((n) => (
          <li key={`notice-${n.commitmentKey}-${n.servedOn}`}>
            <strong>{titleOf(convention, n.commitmentKey)}</strong> — {t('formalNoticeBy')}{' '}
            {partyName(n.servedBy)} {t('on')} {formatDay(lang, n.servedOn)} : {n.reason} — {t('cureBy')}{' '}
            {formatDay(lang, n.cureBy)} — {statusLabel(lang, n.status)}
          </li>
        ))}
      </ul>
    </section>
  );
}
