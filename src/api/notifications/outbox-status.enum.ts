import { registerEnumType } from '@nestjs/graphql';
import { OUTBOX_STATUSES, OutboxStatus as StoredOutboxStatus } from '../../notifications/outbox.repository';
import { graphqlEnum } from '../graphql-enum';

export const OutboxStatus = graphqlEnum(OUTBOX_STATUSES);
export type OutboxStatus = StoredOutboxStatus;
registerEnumType(OutboxStatus, {
  name: 'OutboxStatus',
  description:
    'PENDING: to deliver (retried with backoff); SENT; DEAD: gave up after the attempt limit (retryable); UNDELIVERABLE: e-mail while no SMTP is configured (kept, sent once it is); HELD: a notice waiting for its contact’s weekly digest; DIGESTED: sent within one.',
});
