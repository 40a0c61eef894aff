import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from './openapi/document';
import { OPENAPI_YAML_PATH, renderOpenApiYaml } from './openapi/files';

/**
 * Writes docs/openapi.yaml, the HTTP contract, from the route table
 * (API_ROUTES), the zod schemas the handlers validate requests with and
 * answer with, and the core's catalogues, so that the document cannot drift
 * from the code. Run with `npm run openapi`. Each job has its file in
 * scripts/openapi/: document.ts assembles, paths.ts walks the route table,
 * operations.ts words each operation, access.ts says who may call it,
 * schemas.ts names the components, responses.ts holds the bodies no handler
 * exports, catalogues.ts imports the catalogues and prose.ts words them,
 * examples.ts builds the examples and files.ts writes the YAML.
 */
export { buildOpenApiDocument } from './openapi/document';
export { OPENAPI_YAML_PATH, renderOpenApiYaml } from './openapi/files';
export { RECORDS_BY_STATUS } from './openapi/catalogues';
export { referralExamples } from './openapi/examples';

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_YAML_PATH, renderOpenApiYaml(buildOpenApiDocument()));
  console.log(`Wrote ${path.relative(process.cwd(), OPENAPI_YAML_PATH)}`);
}
