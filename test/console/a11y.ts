import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * Accessibility checks in the page: axe-core's WCAG 2.0, 2.1 and 2.2 A and
 * AA rules, and the basics checked by hand: a label on every control,
 * headings in order, header cells scoped, a visible focus indicator.
 */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated, not added as a script tag: the console's Content-Security-Policy refuses inline scripts, as it should.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(readFileSync(AXE, 'utf8'));
  return page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run((globalThis as any).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => String(n.target)) }));
  });
}

/** Every input, select and textarea with no label, by its id or name. */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const document = (globalThis as any).document;
    const controls: any[] = [...document.querySelectorAll('input, select, textarea')].filter((c: any) => !['hidden', 'submit', 'button'].includes(c.type));
    return controls
      .filter((c) => !(c.labels?.length > 0 && [...c.labels].some((l: any) => String(l.textContent).trim() !== '')) && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
      .map((c) => String(c.id || c.name || c.outerHTML.slice(0, 80)));
  });
}

/** The page's headings' levels in order, e.g. [1, 2, 2, 3]. */
export async function headingLevels(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...(globalThis as any).document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter((h: any) => h.offsetParent !== null || h.getClientRects().length > 0).map((h: any) => Number(h.tagName[1])),
  );
}

/** Whether the levels start at 1, hold one h1, and never skip a level going down. */
export function headingsInOrder(levels: number[]): boolean {
  return levels[0] === 1 && levels.filter((l) => l === 1).length === 1 && levels.every((level, i) => i === 0 || level <= levels[i - 1]! + 1);
}

/** Header cells without a scope, in tables of the page. */
export async function unscopedHeaderCells(page: Page): Promise<number> {
  return page.evaluate(() => [...(globalThis as any).document.querySelectorAll('table th')].filter((th: any) => !['col', 'row', 'colgroup', 'rowgroup'].includes(th.getAttribute('scope'))).length);
}

/** What has focus: its tag, its text or label, and the colours that show it. */
export async function focused(page: Page): Promise<{ tag: string; text: string; background: string; outline: string; boxShadow: string }> {
  return page.evaluate(() => {
    const element = (globalThis as any).document.activeElement;
    const style = (globalThis as any).getComputedStyle(element);
    return {
      tag: String(element.tagName).toLowerCase(),
      text: String(element.textContent || element.getAttribute('aria-label') || element.value || '').replace(/\s+/g, ' ').trim(),
      background: String(style.backgroundColor),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: String(style.boxShadow),
    };
  });
}

/** Presses Tab until `matches` holds for what has focus, or `limit` presses; the presses it took, or -1. */
export async function tabUntil(page: Page, matches: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 60): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (matches(await focused(page))) return presses;
  }
  return -1;
}

export const YELLOW = 'rgb(255, 221, 0)';
