import { parse, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile } from 'vega-lite';
import type { ReportShape } from './annual-report';
import { accessibleSvg, reportCharts, type ReportChart } from './charts';

/**
 * The report's charts drawn to SVG in Node, with no browser and no canvas:
 * Vega-Lite compiles each spec to Vega, and a headless Vega view renders it
 * as an SVG string. Expressions go through Vega's interpreter, as in the
 * console (whose Content-Security-Policy forbids the code generation Vega
 * uses by default), so both draw alike.
 */
export async function renderChartSvg(chart: ReportChart): Promise<string> {
  const view = new View(parse(compile(chart.spec).spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter as never, logLevel: 0 });
  try {
    return accessibleSvg(await view.toSVG(), chart);
  } finally {
    view.finalize();
  }
}

export interface DrawnChart {
  chart: ReportChart;
  svg: string;
}

/** Every chart of the report, drawn. */
export async function renderReportCharts(report: ReportShape): Promise<DrawnChart[]> {
  const drawn: DrawnChart[] = [];
  for (const chart of reportCharts(report)) drawn.push({ chart, svg: await renderChartSvg(chart) });
  return drawn;
}
