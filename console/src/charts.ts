import { accessibleSvg, type ReportChart } from '../../reports/charts';

/**
 * The annual report's charts, drawn in the browser from the same Vega-Lite
 * specifications the printed report is drawn from in Node
 * (reports/charts.ts). Vega is loaded only here, on the report page, from
 * the console's own files (vendor/vega.min.js, built from node_modules by
 * console/build.ts): no CDN. Its expressions run through its interpreter,
 * since the Content-Security-Policy forbids the code it would generate.
 */
interface VegaView {
  toSVG(): Promise<string>;
  finalize(): void;
}
interface VegaApi {
  parse(spec: unknown, config?: unknown, options?: { ast: boolean }): unknown;
  View: new (runtime: unknown, options: { renderer: 'none'; expr: unknown; logLevel?: number }) => VegaView;
}
interface VegaLiteApi {
  compile(spec: unknown): { spec: unknown };
}
interface Libraries {
  vega: VegaApi;
  vegaLite: VegaLiteApi;
  interpreter: unknown;
}

let loading: Promise<Libraries> | undefined;

function loadVega(): Promise<Libraries> {
  loading ??= new Promise<Libraries>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'vendor/vega.min.js';
    script.async = true;
    script.onload = () => {
      const globals = window as unknown as { vega?: VegaApi; vegaLite?: VegaLiteApi; vegaInterpreter?: { expressionInterpreter?: unknown } };
      const interpreter = globals.vegaInterpreter?.expressionInterpreter;
      if (!globals.vega || !globals.vegaLite || !interpreter) return reject(new Error('The chart library did not load'));
      resolve({ vega: globals.vega, vegaLite: globals.vegaLite, interpreter });
    };
    script.onerror = () => {
      loading = undefined;
      reject(new Error('The chart library could not be loaded'));
    };
    document.head.append(script);
  });
  return loading;
}

/** Draws a chart into its container as SVG, with its title and text alternative. */
export async function renderChart(container: HTMLElement, chart: ReportChart): Promise<void> {
  const { vega, vegaLite, interpreter } = await loadVega();
  const view = new vega.View(vega.parse(vegaLite.compile(chart.spec).spec, undefined, { ast: true }), { renderer: 'none', expr: interpreter, logLevel: 0 });
  try {
    // Vega's own SVG: the report's text in it is escaped by Vega, the title and description by accessibleSvg.
    container.innerHTML = accessibleSvg(await view.toSVG(), chart);
  } finally {
    view.finalize();
  }
}
