import { ApolloServerPlugin } from '@apollo/server';
import { RequestContext } from '../request-context';
import { operationRefusal, refusalError } from './operation-gate';
import { QueryLimits } from './query-limits';

/** Over HTTP: the operation gate runs once the operation is validated, before it executes. */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, contextValue }) {
          const refusal = operationRefusal(
            {
              schema,
              document,
              variables: request.variables,
              operationName: operationName ?? undefined,
              actor: contextValue.actor,
            },
            limits,
          );
          if (refusal) throw refusalError(refusal);
        },
      };
    },
  };
}
