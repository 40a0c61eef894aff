import { parseArgs } from 'node:util';
import { ApiError } from '../cli/api-client';
import { requestReconciliation, unresolvedDrift } from '../cli/reconcile';
import { officerToken } from '../local/dev-tokens';

/**
 * `npm run reconcile [-- --repair]`: checks the running local system's record
 * through the operations route the deployed API has too, and prints the report
 * as JSON. Exits 1 when it finds drift (with --repair: drift it could not
 * repair), so that a script or an on-call engineer can act on it; 2 when the
 * API cannot be reached or refuses. The request and the drift count are the
 * CLI's (`npx lado reconcile --json`, cli/reconcile.ts).
 */
const { values } = parseArgs({
  options: {
    repair: { type: 'boolean', default: false },
    api: { type: 'string', default: `http://127.0.0.1:${process.env.LADO_API_PORT ?? '3000'}` },
    operator: { type: 'string', default: 'operations.cli' },
  },
});

try {
  const report = await requestReconciliation({ api: values.api!, token: officerToken(values.operator!, 'operations') }, values.repair!);
  console.log(JSON.stringify(report, null, 2));
  process.exit(unresolvedDrift(report, values.repair!) > 0 ? 1 : 0);
} catch (error) {
  if (error instanceof ApiError) {
    console.log(JSON.stringify(error.body, null, 2));
    console.error(`The API answered ${error.status}: ${error.message}`);
  } else console.error(`${(error as Error).message}`);
  process.exit(2);
}
