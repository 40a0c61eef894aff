import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultTokenResolver, stateMachinesInTemplate } from '../local/stepfunctions/intrinsics';
import { synthesizeTemplate, type CloudFormationTemplate } from '../local/synthesized-template';

/**
 * Draws the lifecycle as a Mermaid flowchart from the definition CDK
 * synthesizes, and writes it into the README between its markers, so that
 * the picture and the workflow cannot disagree.
 */
interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Array<Record<string, unknown> & { Next: string }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  ItemProcessor?: { StartAt: string; States: Record<string, State> };
}

const START = '<!-- lifecycle-diagram:start -->';
const END = '<!-- lifecycle-diagram:end -->';
export const README_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md');

const SHAPES: Record<string, (id: string) => string> = {
  Choice: (id) => `${id}{${id}}`,
  Map: (id) => `${id}[[${id}]]`,
  Pass: (id) => `${id}([${id}])`,
  Succeed: (id) => `${id}([${id}])`,
  Fail: (id) => `${id}([${id}])`,
};

type Rule = Record<string, unknown>;

/** A choice rule as a short label, e.g. "complete = true" or "phase present and phase = management". */
function ruleLabel(rule: Rule): string {
  if (Array.isArray(rule['And'])) return (rule['And'] as Rule[]).map(ruleLabel).join(' and ');
  if (Array.isArray(rule['Or'])) return (rule['Or'] as Rule[]).map(ruleLabel).join(' or ');
  if (rule['Not']) return `not (${ruleLabel(rule['Not'] as Rule)})`;
  const name = String(rule['Variable'] ?? '').replace(/^\$\./, '').split('.').pop();
  const [operator, value] = Object.entries(rule).find(([key]) => key !== 'Variable' && key !== 'Next') ?? ['', ''];
  if (operator === 'IsPresent') return `${name} ${value ? 'present' : 'absent'}`;
  const comparison = operator.endsWith('Equals') ? '=' : operator;
  return `${name} ${comparison} ${String(value)}`;
}

export function mermaidOf(definition: { StartAt: string; States: Record<string, State> }): string {
  const lines = ['flowchart TD', `  start((start)) --> ${definition.StartAt}`];
  for (const [id, state] of Object.entries(definition.States)) {
    lines.push(`  ${(SHAPES[state.Type] ?? ((name: string) => `${name}[${name}]`))(id)}`);
    if (state.Next) lines.push(`  ${id} --> ${state.Next}`);
    if (state.End || state.Type === 'Succeed') lines.push(`  ${id} --> finish((end))`);
    for (const choice of state.Choices ?? []) lines.push(`  ${id} -- "${ruleLabel(choice)}" --> ${choice.Next}`);
    if (state.Default) lines.push(`  ${id} -- otherwise --> ${state.Default}`);
    for (const caught of state.Catch ?? []) lines.push(`  ${id} -. "${caught.ErrorEquals.join(', ')}" .-> ${caught.Next}`);
    if (state.ItemProcessor) lines.push(`  ${id} -. each email .-> ${state.ItemProcessor.StartAt}[${state.ItemProcessor.StartAt}]`);
  }
  return lines.join('\n');
}

export function lifecycleDiagram(template: CloudFormationTemplate): string {
  const [machine] = stateMachinesInTemplate(template, defaultTokenResolver(template));
  return mermaidOf(machine!.definition as unknown as { StartAt: string; States: Record<string, State> });
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
