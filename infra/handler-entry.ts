import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionName } from '../functions/api-routes';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Where a function's handler lives: functions/<name>/handler.ts. The local
 * stack finds handlers the same way, from this module alone, so that it never
 * loads the CDK library it has no use for.
 */
export function handlerEntry(name: FunctionName): string {
  return path.join(projectRoot, 'functions', name, 'handler.ts');
}
