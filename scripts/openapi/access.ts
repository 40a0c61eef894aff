import type { ZodOpenApiComponentsObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { OFFICER_GROUPS, routeOf, type ApiRoute } from '../../functions/api-routes';
import { notInGroupsMessage } from '../../functions/shared/officer-access';
import { json, ref } from './objects';
import { errorSchema } from './responses';

/** Who may call what: the security schemes, and what each route's access rule adds to its operation. */

export const securitySchemes: ZodOpenApiComponentsObject['securitySchemes'] = {
  portalSigV4: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description:
      "AWS Signature Version 4 for the service `execute-api`, signed with the credentials of the portal's IAM role (the deployment setting `portalPrincipalArn`): " +
      "the `Authorization`, `X-Amz-Date` and, for temporary credentials, `X-Amz-Security-Token` headers. The API's resource policy refuses every other principal. " +
      'Locally: `Authorization: Bearer dev:portal`.',
    'x-amazon-apigateway-authtype': 'awsSigv4',
  },
  officerToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'The ID token of an officer signed in to the officer user pool (Cognito, with MFA), whose username is their officer id. ' +
      `Its groups (${OFFICER_GROUPS.map((group) => `\`${group}\``).join(', ')}) decide which officer endpoints answer. ` +
      'Locally: `Authorization: Bearer dev:<username>:<group>[,<group>…]`.',
  },
};

export const officerGroupsOf = (name: ApiRoute['function']): readonly string[] => {
  const { access } = routeOf(name);
  return access.kind === 'officer' ? access.groups : [];
};

/** What a route's access rule adds to its operation: the security requirement, who may call it, and the refusals. */
export function accessOf(route: ApiRoute): { security: Array<Record<string, string[]>>; who: string; responses: ZodOpenApiResponsesObject } {
  if (route.access.kind === 'portal') {
    return {
      security: [{ portalSigV4: [] }],
      who: 'Called by the portal only, with requests signed by its IAM role (SigV4).',
      responses: {
        '401': {
          description: 'Locally, no development token or a garbled one. (API Gateway answers an unsigned request with 403.)',
          ...json({ schema: errorSchema, example: { message: 'Unauthorized' } }),
        },
        '403': {
          description: "The request is not signed, is signed wrongly, or by another principal than the portal's role.",
          ...json({ schema: errorSchema, example: { message: 'Missing Authentication Token' } }),
        },
      },
    };
  }
  const groups = route.access.groups;
  return {
    security: [{ officerToken: [] }],
    who: `Open to signed-in officers in the groups ${groups.map((group) => `\`${group}\``).join(', ')}.`,
    responses: {
      '401': ref('responses/Unauthorized'),
      '403': {
        description: 'The officer is in none of the groups this endpoint is open to.',
        ...json({ schema: errorSchema, example: { message: notInGroupsMessage(groups) } }),
      },
    },
  };
}
