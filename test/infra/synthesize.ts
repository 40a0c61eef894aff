import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app';
import type { LadoStack } from '../../infra/lado-stack';

/** The stack as `cdk synth` builds it from cdk.json, with settings overridden; bundling skipped (esbuild's job, not the template's). */
export function synthesizeStack(settings: Record<string, unknown> = {}): LadoStack {
  const { context } = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: { lado: Record<string, unknown> } & Record<string, unknown> };
  const app = new App({ context: { ...context, lado: { ...context.lado, ...settings }, 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true } });
  return buildApp(app).stack;
}
