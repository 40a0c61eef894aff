import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { API_ROUTES } from '../../functions/api-routes';
import { accessOf } from './access';
import type { Examples } from './examples';
import { localPaths, routeOperations } from './operations';
import { commonResponses } from './responses';

/**
 * The paths: every route of API_ROUTES, and no other, each with what it does
 * (./operations.ts), who may call it and how it refuses (./access.ts), and what
 * any route may answer; then the local stack's own endpoints.
 */
export function documentPaths(examples: Examples): ZodOpenApiPathsObject {
  const operations: Record<string, ZodOpenApiOperationObject | undefined> = routeOperations(examples);
  const paths: ZodOpenApiPathsObject = {};
  for (const route of API_ROUTES) {
    const key = `${route.method} ${route.path}`;
    const operation = operations[key];
    if (!operation) throw new Error(`${key} is in API_ROUTES but scripts/openapi/operations.ts does not describe it`);
    delete operations[key];
    const { responses, ...described } = operation;
    const access = accessOf(route);
    const merged = { ...access.responses, ...commonResponses(operation.requestBody !== undefined), ...responses };
    paths[route.path] = {
      ...paths[route.path],
      [route.method.toLowerCase()]: {
        ...described,
        description: `${described.description}\n\n${access.who}`,
        security: access.security,
        responses: Object.fromEntries(Object.keys(merged).sort().map((status) => [status, merged[status as keyof typeof merged]])),
      },
    };
  }
  const unrouted = Object.keys(operations);
  if (unrouted.length) throw new Error(`scripts/openapi/operations.ts describes routes that API_ROUTES lacks: ${unrouted.join(', ')}`);
  return { ...paths, ...localPaths };
}
