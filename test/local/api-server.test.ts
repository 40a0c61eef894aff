import { setTimeout as realDelay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../functions/api-routes';
import { startApiServer } from '../../local/api-server';
import { officerToken } from '../../local/dev-tokens';
import { LocalLambdaRuntime, type Handler } from '../../local/lambda-runtime';
import { VirtualClock } from '../../local/virtual-clock';

/**
 * The local API server answers as API Gateway does when the function behind a
 * route fails to answer: 504 when it runs out of time, 502 when it crashes or
 * throws, and the function's own answer otherwise.
 */
const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serverWith(handler: Handler, timeoutSeconds = 5) {
  const lambdas = new LocalLambdaRuntime(new Map<string, FunctionName>([['GetCase', 'get-case']]), {
    timeouts: new Map<FunctionName, number>([['get-case', timeoutSeconds]]),
    loadHandler: async () => handler,
  });
  const server = await startApiServer({ port: 0, lambdas, clock: new VirtualClock(new Date('2026-01-05T09:00:00Z')), openApi: {} });
  servers.push(server);
  return (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${officerToken('lado.1', 'lado-officer')}` } });
}

describe('the local API server', () => {
  it("answers with the function's own answer", async () => {
    const get = await serverWith(async () => ({ statusCode: 200, body: JSON.stringify({ caseId: 'LADO-1' }) }));
    const response = await get('/cases/LADO-1');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ caseId: 'LADO-1' });
  });

  it('answers 504 when the function runs out of time, as API Gateway does past its integration timeout', async () => {
    const get = await serverWith(() => realDelay(2_000).then(() => ({ statusCode: 200, body: '{}' })), 0.05);
    const response = await get('/cases/LADO-1');
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ message: 'Endpoint request timed out' });
  });

  it('answers 502 when the function throws, as API Gateway does for a failed proxy integration', async () => {
    const get = await serverWith(async () => {
      throw new Error('a defect');
    });
    const response = await get('/cases/LADO-1');
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: 'Internal server error' });
  });
});
