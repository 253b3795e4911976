import type { ApolloServerPlugin } from '@apollo/server';
import { OperationDefinitionNode } from 'graphql';
import { RequestRecord, tagFailure } from './request-record';

/** `mutation signConvention`: the operation's type and first root field. */
export function rootFieldOf(operation: OperationDefinitionNode): string {
  const first = operation.selectionSet.selections.find((selection) => selection.kind === 'Field');
  return first ? `${operation.operation} ${first.name.value}` : operation.operation;
}

/**
 * Writes each GraphQL operation's name, root field and outcome (first error code, or OK) into
 * its record, and tags its errors with its request id (before they are mapped and logged).
 */
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
        async didEncounterErrors({ errors }) {
          if (record.requestId) for (const error of errors) tagFailure(error, record.requestId);
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
