import { parseArgs } from 'node:util';
import { officerToken } from '../local/dev-tokens';

/**
 * `npm run reconcile [-- --repair]`: checks the running local system's record
 * through the operations route the deployed API has too, and prints the report
 * as JSON. Exits 1 when it finds drift (with --repair: drift it could not
 * repair), so that a script or an on-call engineer can act on it.
 */
const { values } = parseArgs({
  options: {
    repair: { type: 'boolean', default: false },
    api: { type: 'string', default: `http://127.0.0.1:${process.env.LADO_API_PORT ?? '3000'}` },
    operator: { type: 'string', default: 'operations.cli' },
  },
});

const response = await fetch(`${values.api}/operations/reconciliation`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${officerToken(values.operator!, 'operations')}` },
  body: JSON.stringify({ repair: values.repair }),
}).catch((error: Error) => {
  console.error(`Cannot reach the local API at ${values.api}: is npm start running? (${error.message})`);
  process.exit(2);
});
const report = (await response.json()) as { drift?: unknown[]; repairs?: Array<{ action: string }> };
console.log(JSON.stringify(report, null, 2));
if (!response.ok) process.exit(2);
const unrepaired = values.repair ? (report.repairs ?? []).filter((r) => r.action === 'failed' || r.action === 'none').length : (report.drift ?? []).length;
process.exit(unrepaired > 0 ? 1 : 0);
