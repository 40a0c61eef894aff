import { writeFileSync } from 'node:fs';
import { synthesizeTemplate } from '../local/synthesized-template';

/**
 * Synthesizes the template into a file, in a process of its own: the CDK
 * construct library then never loads into the bench's process, whose memory
 * the bench measures.
 */
const [outputPath] = process.argv.slice(2);
if (!outputPath) throw new Error('Usage: tsx bench/synthesize-template.ts <output.json>');
writeFileSync(outputPath, JSON.stringify(synthesizeTemplate()));
