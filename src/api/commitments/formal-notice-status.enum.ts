import { registerEnumType } from '@nestjs/graphql';
import {
  FORMAL_NOTICE_STATUSES,
  FormalNoticeStatus as DomainFormalNoticeStatus,
} from '../../machines/convention.context';
import { graphqlEnum } from '../graphql-enum';

export const FormalNoticeStatus = graphqlEnum(FORMAL_NOTICE_STATUSES);
export type FormalNoticeStatus = DomainFormalNoticeStatus;
registerEnumType(FormalNoticeStatus, { name: 'FormalNoticeStatus' });
