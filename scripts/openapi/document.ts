import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDocument } from 'zod-openapi';
import { IDEMPOTENCY_KEY_PATTERN } from '../../functions/shared/handler';
import { securitySchemes } from './access';
import { buildExamples } from './examples';
import { projectRoot } from './files';
import { LOCAL_SERVER, ref } from './objects';
import { documentPaths } from './paths';
import { sharedResponses } from './responses';
import { renderOptions, schemaComponents } from './schemas';

/**
 * The whole document: its front matter, the paths, and the components. The
 * zod schemas in it are rendered by zod-openapi, requests as input and
 * responses as output, each named component once.
 */
export function buildOpenApiDocument(): object {
  const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  const examples = buildExamples();
  return createDocument(
    {
      openapi: '3.1.1',
      info: {
        title: 'LADO referrals',
        version,
        description: [
          'The workflow for referrals to the Local Authority Designated Officer (LADO) about people who work with children: a portal submits a referral; ' +
            'an incomplete one is returned to the referrer and rejected if the missing details do not arrive within three working days; ' +
            "the duty LADO's threshold decision is recorded; allegations and consultations are then managed by the allocated LADO through their outcome, " +
            'the duties that follow it and closure. The deadlines of the procedure are kept in working days, and every decision is kept with who made it, when and why.',
          "A referral's content is stored once, with its case. Only identifiers travel through the workflow, and no endpoint returns the content after it is submitted.",
          "Who may call what: the portal's endpoints take requests signed with the portal's IAM role (SigV4); the officers' endpoints take the ID token of an officer " +
            'signed in to the officer user pool, and each answers only the groups it names. Locally, development tokens stand in for both (see the security schemes).',
        ].join('\n\n'),
      },
      servers: [
        LOCAL_SERVER,
        {
          url: 'https://{apiId}.execute-api.{region}.amazonaws.com/v1',
          description: 'The deployed API Gateway stage',
          variables: {
            apiId: { default: 'abcdef1234', description: "The REST API's id, from the stack's endpoint output" },
            region: { default: 'eu-west-2', description: 'The AWS region deployed to' },
          },
        },
      ],
      tags: [
        { name: 'referrals', description: 'What the referral portal sends.' },
        { name: 'cases', description: 'What officers read and record.' },
        { name: 'operations', description: 'What operations read to follow up the workflows, and how they repair them.' },
        { name: 'reports', description: 'What LADO managers report on the service.' },
        { name: 'local-only', description: 'Served by the local stack (`npm start`) to drive and inspect it. The deployed API does not have these endpoints.' },
      ],
      paths: documentPaths(examples),
      components: {
        schemas: schemaComponents,
        parameters: {
          CaseId: { name: 'caseId', in: 'path', required: true, schema: ref('schemas/CaseId'), example: examples.completeCaseId },
          IdempotencyKey: {
            name: 'Idempotency-Key',
            in: 'header',
            required: true,
            description: 'A new random value for each new request; the same value when retrying one.',
            schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
            example: '0b8f6c1e-5d0a-4c52-9a57-6f1f0f7f3f2d',
          },
        },
        responses: sharedResponses(examples.unknownCaseId),
        securitySchemes,
      },
    },
    renderOptions,
  );
}
