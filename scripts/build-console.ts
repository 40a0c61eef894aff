import * as path from 'node:path';
import { buildConsoleSite } from '../console/build';

/**
 * Builds the console's static files for hosting: `tsx scripts/build-console.ts [outDir]`
 * (default cdk.out/console). The host adds config.json beside index.html.
 */
const outDir = path.resolve(process.argv[2] ?? path.join('cdk.out', 'console'));
const files = await buildConsoleSite(outDir);
console.log(`The console's files, in ${outDir}: ${files.join(', ')} (add config.json beside them)`);
