import { registerEnumType } from '@nestjs/graphql';

export enum OutboxChannel {
  EMAIL = 'EMAIL',
  WEBHOOK = 'WEBHOOK',
}
registerEnumType(OutboxChannel, { name: 'OutboxChannel' });
