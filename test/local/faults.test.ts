import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiServer } from '../../local/api-server';
import { LocalFaults, seededRandom, type RandomSource } from '../../local/faults';
import { LocalLambdaRuntime } from '../../local/lambda-runtime';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/local-aws';
import { dynamoDbHandler, sesHandler, type SdkRequestHandler } from '../../local/sdk-handlers';
import { sentEmails, startSes, type RunningSes } from '../../local/ses';
import { VirtualClock } from '../../local/virtual-clock';

/**
 * The request handlers that inject faults into the SDK clients' calls to the
 * run's DynamoDB Local and local SES: what the real SDK clients make of their
 * answers, and the /local/faults routes.
 */
const sdk = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };

/** A random source that answers the numbers given, then 0.5. */
const scripted = (...numbers: number[]): RandomSource => () => numbers.shift() ?? 0.5;

async function errorOf(work: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

const email = (to: string, text = 'Hello') =>
  new SendEmailCommand({
    FromEmailAddress: 'lado@lado.example.gov.uk',
    Destination: { ToAddresses: [to] },
    Content: { Simple: { Subject: { Data: `Fault test ${to}` }, Body: { Text: { Data: text } } } },
  });

describe('DynamoDB faults', () => {
  let handler: SdkRequestHandler;
  let faults: LocalFaults;
  let client: DynamoDBClient;
  const tableName = `faults-${randomUUID()}`;
  const dynamoDb = { ...sdk, endpoint: inject('dynamoDbEndpoint') };

  beforeAll(async () => {
    faults = new LocalFaults(seededRandom(7));
    handler = dynamoDbHandler(faults);
    client = new DynamoDBClient({ ...dynamoDb, requestHandler: handler, maxAttempts: 1 });
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });

  afterAll(async () => {
    faults.clear();
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
    handler.destroy();
  });

  it('passes requests through untouched at rate 0, large ones too', async () => {
    const big = 'x'.repeat(300_000);
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'big' }, body: { S: big } } }));
    const read = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'big' } }, ConsistentRead: true }));
    expect(read.Item?.['body']?.S).toBe(big);
    expect(faults.injected.dynamodb).toBe(0);
  });

  it('throttles every request at rate 1, as ProvisionedThroughputExceededException, which the SDK retries', async () => {
    faults.set({ dynamodb: { throttleRate: 1 } });
    const error = await errorOf(client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'big' } } })));
    expect(error.name).toBe('ProvisionedThroughputExceededException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(faults.injected.dynamodb).toBe(1);

    // With retries, the SDK tries again, and each attempt is throttled and counted.
    const retrying = new DynamoDBClient({ ...dynamoDb, requestHandler: handler, maxAttempts: 2 });
    const retried = await errorOf(retrying.send(new ListTablesCommand({})));
    expect(retried.name).toBe('ProvisionedThroughputExceededException');
    expect(retried.$metadata?.attempts).toBe(2);
    expect(faults.injected.dynamodb).toBe(3);
    faults.clear();
    await client.send(new ListTablesCommand({}));
    expect(faults.injected.dynamodb).toBe(3);
  });

  it('throttles about the share of requests its rate says', async () => {
    faults.set({ dynamodb: { throttleRate: 0.25 } });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () => client.send(new ListTablesCommand({ Limit: 1 })).then(() => 'ok', (error: Error) => error.name)),
    );
    faults.clear();
    const throttled = outcomes.filter((outcome) => outcome === 'ProvisionedThroughputExceededException').length;
    expect(outcomes.filter((outcome) => outcome !== 'ok' && outcome !== 'ProvisionedThroughputExceededException')).toEqual([]);
    expect(throttled).toBeGreaterThan(25);
    expect(throttled).toBeLessThan(80);
    expect(faults.injected.dynamodb).toBe(3 + throttled);
  });
});

/** SES faults, with the local SES in another process (a test run's, as here) and in this one (the bench's, `npm start`'s). */
describe.each([
  { where: 'over HTTP', ownSes: false },
  { where: 'in process', ownSes: true },
])('SES faults, the local SES $where', ({ ownSes }) => {
  let handler: SdkRequestHandler;
  let client: SESv2Client;
  let faults: LocalFaults;
  let ses: RunningSes | undefined;
  let sesUrl: string;
  let random: RandomSource = () => 0.5;

  beforeAll(async () => {
    ses = ownSes ? await startSes(0) : undefined;
    sesUrl = ses?.url ?? inject('sesUrl');
    faults = new LocalFaults(() => random());
    handler = sesHandler(sesUrl, faults);
    client = new SESv2Client({ ...sdk, endpoint: sesUrl, requestHandler: handler, maxAttempts: 1 });
  });

  afterAll(async () => {
    client.destroy();
    handler.destroy();
    await ses?.stop();
  });

  it('passes SendEmail through at rate 0', async () => {
    const to = `fault-${randomUUID()}@example.org`;
    const sent = await client.send(email(to, 'y'.repeat(100_000)));
    expect(sent.MessageId).toBeTruthy();
    const stored = (await sentEmails(sesUrl)).filter((message) => message.destination.to.includes(to));
    expect(stored).toHaveLength(1);
    expect(faults.injected.ses).toBe(0);
  });

  it('answers 429 TooManyRequestsException or 503 ServiceUnavailable at rate 1, named as SES names them', async () => {
    faults.set({ ses: { failureRate: 1 } });
    random = scripted(0.1); // the throttled answer
    const throttled = await errorOf(client.send(email('nobody@example.org')));
    expect(throttled.name).toBe('TooManyRequestsException');
    expect(throttled.$metadata?.httpStatusCode).toBe(429);

    random = scripted(0.9); // the unavailable answer
    const unavailable = await errorOf(client.send(email('nobody@example.org')));
    expect(unavailable.name).toBe('ServiceUnavailable');
    expect(unavailable.$metadata?.httpStatusCode).toBe(503);
    expect(faults.injected.ses).toBe(2);

    // The SDK retries both.
    random = () => 0.5;
    const retrying = new SESv2Client({ ...sdk, endpoint: sesUrl, requestHandler: handler, maxAttempts: 2 });
    const retried = await errorOf(retrying.send(email('nobody@example.org')));
    expect(retried.$metadata?.attempts).toBe(2);
    expect(faults.injected.ses).toBe(4);

    faults.clear();
    await client.send(email(`fault-${randomUUID()}@example.org`));
    expect(faults.injected.ses).toBe(4);
  });
});

describe('LocalFaults', () => {
  it('injects at its rates from an injectable random source, and counts only what it injects', () => {
    const faults = new LocalFaults(seededRandom(42));
    expect(Array.from({ length: 1000 }, () => faults.dynamoDbThrottled()).filter(Boolean)).toHaveLength(0);
    faults.set({ dynamodb: { throttleRate: 0.3 }, lambda: { notifier: { crashRate: 0.5, when: 'both' } } });
    const throttled = Array.from({ length: 10_000 }, () => faults.dynamoDbThrottled()).filter(Boolean).length;
    expect(throttled).toBeGreaterThan(2_800);
    expect(throttled).toBeLessThan(3_200);
    expect(faults.injected.dynamodb).toBe(throttled);

    const moments = Array.from({ length: 1000 }, () => faults.lambdaCrash('notifier'));
    expect(moments.filter((moment) => moment === 'before').length).toBeGreaterThan(180);
    expect(moments.filter((moment) => moment === 'after').length).toBeGreaterThan(180);
    expect(faults.lambdaCrash('intake')).toBeUndefined();
    // The runtime counts a crash when it happens.
    expect(faults.injected.lambda).toBe(0);

    // The same seed, the same faults.
    const again = new LocalFaults(seededRandom(42));
    again.set({ dynamodb: { throttleRate: 0.3 } });
    expect(Array.from({ length: 10_000 }, () => again.dynamoDbThrottled()).filter(Boolean).length).toBe(throttled);
  });
});

describe('/local/faults', () => {
  let api: { url: string; close(): Promise<void> };
  const faults = new LocalFaults();

  beforeAll(async () => {
    api = await startApiServer({ port: 0, lambdas: new LocalLambdaRuntime(new Map()), clock: new VirtualClock(new Date()), openApi: {}, faults });
  });
  afterAll(() => api.close());

  const call = async (method: string, body?: unknown) => {
    const response = await fetch(`${api.url}/local/faults`, { method, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('refuses bad settings with 400 naming each field, and changes nothing', async () => {
    const refused = await call('POST', {
      ses: { failureRate: 2 },
      dynamodb: { throttleRate: 'often' },
      lambda: { notifier: { crashRate: 0.5, when: 'sometimes' }, 'no-such-function': { crashRate: 1 } },
      s3: {},
    });
    expect(refused.status).toBe(400);
    const paths = refused.body.errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['ses.failureRate', 'dynamodb.throttleRate', 'lambda.notifier.when', 'lambda.no-such-function', 's3']));
    const unknown = refused.body.errors.find((error: { path: string }) => error.path === 'lambda.no-such-function');
    expect(unknown.message).toContain('notifier');
    expect((await call('POST', 'not json')).status).toBe(400);
    expect((await call('GET')).body.settings).toEqual({});
  });

  it('sets the kinds it is sent, reads them with the counts so far, and clears them', async () => {
    const set = await call('POST', { ses: { failureRate: 0.2 }, lambda: { notifier: { crashRate: 0.1 } } });
    expect(set.status).toBe(200);
    expect(set.body.settings).toEqual({ ses: { failureRate: 0.2 }, lambda: { notifier: { crashRate: 0.1, when: 'before' } } });
    await call('POST', { dynamodb: { throttleRate: 0.1 }, lambda: { deadlines: { crashRate: 1, when: 'after' } } });
    const read = await call('GET');
    expect(read.body).toEqual({
      settings: {
        ses: { failureRate: 0.2 },
        dynamodb: { throttleRate: 0.1 },
        lambda: { notifier: { crashRate: 0.1, when: 'before' }, deadlines: { crashRate: 1, when: 'after' } },
      },
      injected: { ses: 0, dynamodb: 0, lambda: 0, lambdaByFunction: {} },
    });
    faults.countLambdaCrash('deadlines');
    expect((await call('GET')).body.injected).toEqual({ ses: 0, dynamodb: 0, lambda: 1, lambdaByFunction: { deadlines: 1 } });

    const cleared = await call('DELETE');
    expect(cleared.status).toBe(200);
    expect(cleared.body.settings).toEqual({});
    expect(faults.settings).toEqual({});
    // The counts are a record of what happened; clearing stops faults, it does not rewrite the record.
    expect(cleared.body.injected.lambda).toBe(1);
  });
});
