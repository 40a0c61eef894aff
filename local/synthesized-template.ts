import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../infra/app';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface CloudFormationTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
}

/**
 * Synthesizes the CDK app in this process, exactly as `cdk synth` does with the
 * context of cdk.json, but without bundling: locally the handlers run from source.
 */
export function synthesizeTemplate(): CloudFormationTemplate {
  const cdkJson = JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdir = mkdtempSync(path.join(tmpdir(), 'lado-synth-'));
  try {
    const app = new App({
      outdir,
      context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true },
    });
    const { stack } = buildApp(app);
    return app.synth().getStackArtifact(stack.artifactId).template as CloudFormationTemplate;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The template synthesized once for a whole test run, if the run's setup left one; else a fresh synthesis. */
export function loadTemplate(): CloudFormationTemplate {
  const cached = process.env.LADO_TEMPLATE_PATH;
  return cached ? (JSON.parse(readFileSync(cached, 'utf8')) as CloudFormationTemplate) : synthesizeTemplate();
}
