/**
 * The lifecycle as a Mermaid flowchart, drawn from a state machine's
 * definition (Amazon States Language): the README's picture
 * (scripts/diagram.ts) and the console's, so that neither can disagree with
 * the workflow deployed.
 */
export interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Array<Record<string, unknown> & { Next: string }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  ItemProcessor?: { StartAt: string; States: Record<string, State> };
}

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

export interface StateMachineDefinition {
  StartAt: string;
  States: Record<string, State>;
}

export function mermaidOf(definition: StateMachineDefinition): string {
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

