import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Synthesizes the CDK app's template into a temporary folder, in a child
 * process (bench/synthesize-template.ts), so that the construct library never
 * loads into a bench's process; the caller removes the folder.
 */
export async function synthesizeApart(): Promise<string> {
  const outputPath = path.join(mkdtempSync(path.join(tmpdir(), 'bench-template-')), 'template.json');
  const script = fileURLToPath(new URL('./synthesize-template.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), script, outputPath], { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`Synthesizing the template failed (exit code ${code})`);
  return outputPath;
}
