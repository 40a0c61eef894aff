import type { ZodOpenApiMediaTypeObject } from 'zod-openapi';

/** The small pieces every part of the document is built of. */

export const ref = (component: string) => ({ $ref: `#/components/${component}` });

/** A body sent or answered as JSON. */
export const json = (body: ZodOpenApiMediaTypeObject) => ({ content: { 'application/json': body } });

export const bulletList = (entries: ReadonlyArray<readonly [string, string]>) => entries.map(([name, text]) => `- \`${name}\`: ${text}`).join('\n');

export const errorExample = (message: string, errors?: Array<{ path: string; message: string }>) => ({ value: errors ? { message, errors } : { message } });

/** The local stack, which serves every route and the local-only endpoints. */
export const LOCAL_SERVER = { url: 'http://127.0.0.1:3000', description: 'The local stack (`npm start`); the port follows LADO_API_PORT' };
