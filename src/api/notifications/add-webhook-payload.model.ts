import { Field, ObjectType } from '@nestjs/graphql';
import { WebhookEndpoint } from './webhook-endpoint.model';

@ObjectType()
export class AddWebhookPayload {
  @Field(() => WebhookEndpoint) endpoint!: WebhookEndpoint;
  @Field({ description: 'The signing secret (whsec_…), shown only now.' }) secret!: string;
}
