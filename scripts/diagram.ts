import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultTokenResolver, stateMachinesInTemplate } from '../local/stepfunctions/intrinsics';
import { synthesizeTemplate, type CloudFormationTemplate } from '../local/synthesized-template';
import { mermaidOf, type StateMachineDefinition } from '../functions/shared/lifecycle-diagram';

/**
 * Draws the lifecycle as a Mermaid flowchart from the definition CDK
 * synthesizes, and writes it into the README between its markers, so that
 * the picture and the workflow cannot disagree.
 */
const START = '<!-- lifecycle-diagram:start -->';
const END = '<!-- lifecycle-diagram:end -->';
export const README_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md');

export function lifecycleDiagram(template: CloudFormationTemplate): string {
  const [machine] = stateMachinesInTemplate(template, defaultTokenResolver(template));
  return mermaidOf(machine!.definition as unknown as StateMachineDefinition);
}

export function readmeWithDiagram(readme: string, diagram: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md needs the markers ${START} and ${END}`);
  return `${readme.slice(0, from + START.length)}\n\`\`\`mermaid\n${diagram}\n\`\`\`\n${readme.slice(to)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const readme = readFileSync(README_PATH, 'utf8');
  writeFileSync(README_PATH, readmeWithDiagram(readme, lifecycleDiagram(synthesizeTemplate())));
}
