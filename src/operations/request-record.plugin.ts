import type { ApolloServerPlugin } from '@apollo/server';
import { OperationDefinitionNode } from 'graphql';
import { RequestRecord } from './request-record';

/** `mutation signConvention`: the operation's type and first root field. */
export function rootFieldOf(operation: OperationDefinitionNode): string {
  const first = operation.selectionSet.selections.find((selection) => selection.kind === 'Field');
  return first ? `${operation.operation} ${first.name.value}` : operation.operation;
}

/** Writes each GraphQL operation's name, root field and outcome (first error code, or OK) into its record. */
export function requestRecordPlugin(): ApolloServerPlugin<{ record: RequestRecord }> {
  return {
    async requestDidStart({ contextValue, request }) {
      const record = contextValue.record;
      record.operation = request.operationName ?? null;
      return {
        async didResolveOperation({ operation, operationName }) {
          record.operation = operationName ?? null;
          record.rootField = operation ? rootFieldOf(operation) : null;
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const code = response.body.singleResult.errors?.[0]?.extensions?.code;
          record.code = typeof code === 'string' ? code : 'OK';
        },
      };
    },
  };
}
