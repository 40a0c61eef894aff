/**
 * The local engine ignores or misreads some Amazon States Language features without failing,
 * so a definition using them would run differently than on AWS. Refuse those up front.
 */
export class UnsupportedDefinitionError extends Error {
  constructor(readonly problems: string[]) {
    super(`State machine definition uses features the local engine cannot run faithfully:\n- ${problems.join('\n- ')}`);
    this.name = 'UnsupportedDefinitionError';
  }
}

export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const LAMBDA_INVOKE_WAIT_FOR_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
export const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

const PATH_FIELDS = [
  'InputPath', 'OutputPath', 'ResultPath', 'ItemsPath', 'SecondsPath', 'TimestampPath', 'TimeoutSecondsPath',
  'ErrorPath', 'CausePath', 'MaxConcurrencyPath',
];
const VARIABLE_REFERENCE = /(?:^|[\s,(])\$[A-Za-z_]/;
const UNPOPULATED_CONTEXT = /\$\$\.(State\b|Execution\.StartTime\b)/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function assertRunnableLocally(definition: object): void {
  const problems: string[] = [];
  if ((definition as Json)['QueryLanguage'] === 'JSONata') problems.push('(top level): QueryLanguage JSONata');
  checkStates(definition as Json, 'States', problems);
  if (problems.length > 0) throw new UnsupportedDefinitionError(problems);
}

function checkStates(machine: Json, prefix: string, problems: string[]): void {
  const states = isObject(machine['States']) ? machine['States'] : {};
  for (const [name, state] of Object.entries(states)) {
    if (isObject(state)) checkState(state, `${prefix}.${name}`, problems);
  }
}

function checkState(state: Json, path: string, problems: string[]): void {
  const report = (feature: string) => problems.push(`${path}: ${feature}`);

  if (state['QueryLanguage'] === 'JSONata') report('QueryLanguage JSONata');
  for (const field of ['Arguments', 'Output', 'Assign', 'HeartbeatSeconds', 'HeartbeatSecondsPath', 'ItemReader', 'ResultWriter']) {
    if (field in state) report(field);
  }
  const rules = Array.isArray(state['Choices']) ? state['Choices'] : [];
  rules.forEach((rule, index) => {
    if (isObject(rule) && 'Condition' in rule) report(`Choices[${index}].Condition (JSONata)`);
    if (isObject(rule) && 'Assign' in rule) report(`Choices[${index}].Assign`);
  });
  const catchers = Array.isArray(state['Catch']) ? state['Catch'] : [];
  catchers.forEach((catcher, index) => {
    for (const field of ['Assign', 'Output']) if (isObject(catcher) && field in catcher) report(`Catch[${index}].${field}`);
  });
  findPaths(state, (text) => {
    if (VARIABLE_REFERENCE.test(text)) report(`variable reference "${text}"`);
  });
  findStrings(state, (text) => {
    const match = UNPOPULATED_CONTEXT.exec(text);
    if (match) report(`context object field $$.${match[1]} (never populated locally)`);
  });

  if (state['Type'] === 'Task') {
    const resource = String(state['Resource']);
    if (resource !== LAMBDA_INVOKE && resource !== LAMBDA_INVOKE_WAIT_FOR_TOKEN && !LAMBDA_FUNCTION_ARN.test(resource)) {
      report(`Task resource ${resource} (no local integration)`);
    }
  }
  if (state['Type'] === 'Parallel' && Array.isArray(state['Branches'])) {
    state['Branches'].forEach((branch, index) => {
      if (isObject(branch)) checkStates(branch, `${path}.Branches[${index}].States`, problems);
    });
  }
  if (state['Type'] === 'Map') {
    for (const field of ['ItemProcessor', 'Iterator']) {
      const processor = state[field];
      if (!isObject(processor)) continue;
      if (isObject(processor['ProcessorConfig']) && processor['ProcessorConfig']['Mode'] === 'DISTRIBUTED') {
        report(`${field}.ProcessorConfig.Mode DISTRIBUTED`);
      }
      checkStates(processor, `${path}.${field}.States`, problems);
    }
  }
}

/** Calls `visit` for every JSONPath-valued field of a state, excluding nested state machines. */
function findPaths(state: Json, visit: (text: string) => void): void {
  for (const field of PATH_FIELDS) {
    if (typeof state[field] === 'string') visit(state[field]);
  }
  const rules = Array.isArray(state['Choices']) ? state['Choices'] : [];
  const visitRule = (rule: unknown): void => {
    if (!isObject(rule)) return;
    for (const [key, value] of Object.entries(rule)) {
      if ((key === 'Variable' || key.endsWith('Path')) && typeof value === 'string') visit(value);
      if (key === 'And' || key === 'Or') (value as unknown[]).forEach(visitRule);
      if (key === 'Not') visitRule(value);
    }
  };
  rules.forEach(visitRule);
  for (const template of ['Parameters', 'ResultSelector', 'ItemSelector']) visitPayloadTemplate(state[template], visit);
}

function visitPayloadTemplate(template: unknown, visit: (text: string) => void): void {
  if (Array.isArray(template)) template.forEach((item) => visitPayloadTemplate(item, visit));
  if (!isObject(template)) return;
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') visit(value);
    else visitPayloadTemplate(value, visit);
  }
}

/** Calls `visit` for every string in a state, excluding nested state machines. */
function findStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((item) => findStrings(item, visit));
  else if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (key !== 'Branches' && key !== 'ItemProcessor' && key !== 'Iterator') findStrings(inner, visit);
    }
  }
}
