import { describe, expect, it } from 'vitest';
import { assertRunnableLocally, UnsupportedDefinitionError } from '../../local/stepfunctions/guard';

const LAMBDA_ARN = 'arn:aws:lambda:eu-west-2:000000000000:function:Notify';

function problemsOf(definition: object): string[] {
  try {
    assertRunnableLocally(definition);
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedDefinitionError);
    return (error as UnsupportedDefinitionError).problems;
  }
  return [];
}

describe('assertRunnableLocally', () => {
  it('accepts a definition using only what the engine runs faithfully', () => {
    const definition = {
      StartAt: 'Prepare',
      TimeoutSeconds: 3600,
      States: {
        Prepare: { Type: 'Pass', Parameters: { 'id.$': 'States.UUID()', 'caseId.$': '$.caseId', 'arn.$': '$$.Execution.Id' }, Next: 'Route' },
        Route: { Type: 'Choice', Choices: [{ Variable: '$.caseId', IsPresent: true, Next: 'Fan' }], Default: 'Failed' },
        Fan: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Invoke',
              States: {
                Invoke: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { FunctionName: LAMBDA_ARN, 'Payload.$': '$' },
                  Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
                  Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Recovered' }],
                  End: true,
                },
                Recovered: { Type: 'Succeed' },
              },
            },
            {
              StartAt: 'Await',
              States: {
                Await: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                  Parameters: { FunctionName: LAMBDA_ARN, Payload: { 'token.$': '$$.Task.Token' } },
                  TimeoutSecondsPath: '$.window',
                  End: true,
                },
              },
            },
          ],
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemsPath: '$[0]',
          ItemProcessor: { StartAt: 'Direct', States: { Direct: { Type: 'Task', Resource: LAMBDA_ARN, End: true } } },
          Next: 'Pause',
        },
        Pause: { Type: 'Wait', SecondsPath: '$.delay', Next: 'Done' },
        Done: { Type: 'Succeed' },
        Failed: { Type: 'Fail', Error: 'NoCase', Cause: 'no case id' },
      },
    };
    expect(() => assertRunnableLocally(definition)).not.toThrow();
  });

  it('reports every refused feature with the path of its state', () => {
    const problems = problemsOf({
      StartAt: 'Jsonata',
      States: {
        Jsonata: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input %}', Next: 'Args' },
        Args: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: LAMBDA_ARN }, Next: 'Vars' },
        Vars: { Type: 'Pass', Assign: { count: 1 }, Next: 'UseVar' },
        UseVar: { Type: 'Pass', Parameters: { 'count.$': '$count', 'formatted.$': "States.Format('{}', $count)" }, Next: 'Cond' },
        Cond: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'Beat' }, { Variable: '$myVar', IsPresent: true, Next: 'Beat' }] },
        Beat: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: LAMBDA_ARN, Payload: { 'token.$': '$$.Task.Token', 'entered.$': '$$.State.EnteredTime' } },
          HeartbeatSeconds: 60,
          Next: 'Started',
        },
        Started: { Type: 'Pass', Parameters: { 'at.$': '$$.Execution.StartTime' }, Next: 'Db' },
        Db: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: 'Cases' }, Next: 'Distributed' },
        Distributed: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^States\.Jsonata: QueryLanguage JSONata/),
        expect.stringMatching(/^States\.Jsonata: Output/),
        expect.stringMatching(/^States\.Args: Arguments/),
        expect.stringMatching(/^States\.Vars: Assign/),
        expect.stringMatching(/^States\.UseVar: variable reference "\$count"/),
        expect.stringMatching(/^States\.UseVar: variable reference "States\.Format\('\{\}', \$count\)"/),
        expect.stringMatching(/^States\.Cond: Choices\[0\]\.Condition/),
        expect.stringMatching(/^States\.Cond: variable reference "\$myVar"/),
        expect.stringMatching(/^States\.Beat: HeartbeatSeconds/),
        expect.stringMatching(/^States\.Beat: context object field \$\$\.State/),
        expect.stringMatching(/^States\.Started: context object field \$\$\.Execution\.StartTime/),
        expect.stringMatching(/^States\.Db: Task resource arn:aws:states:::dynamodb:putItem/),
        expect.stringMatching(/^States\.Distributed: ItemReader/),
        expect.stringMatching(/^States\.Distributed: ItemProcessor\.ProcessorConfig\.Mode DISTRIBUTED/),
      ]),
    );
    expect(problems).toHaveLength(14);
  });

  it('looks inside Parallel branches and Map processors', () => {
    const problems = problemsOf({
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Fine', States: { Fine: { Type: 'Pass', End: true } } },
            {
              StartAt: 'AwaitDecision',
              States: {
                AwaitDecision: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', HeartbeatSecondsPath: '$.beat', End: true },
              },
            },
          ],
          Next: 'Each',
        },
        Each: { Type: 'Map', Iterator: { StartAt: 'Inner', States: { Inner: { Type: 'Pass', Assign: { x: 1 }, End: true } } }, End: true },
      },
    });
    expect(problems).toEqual([
      'States.Both.Branches[1].States.AwaitDecision: HeartbeatSecondsPath',
      'States.Both.Branches[1].States.AwaitDecision: Task resource arn:aws:states:::sqs:sendMessage.waitForTaskToken (no local integration)',
      'States.Each.Iterator.States.Inner: Assign',
    ]);
  });

  it('refuses a top-level JSONata query language', () => {
    expect(problemsOf({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', End: true } } })).toEqual([
      '(top level): QueryLanguage JSONata',
    ]);
  });
});
