import { uid } from './dom';
import type { Workflow } from './types';

/**
 * The lifecycle diagram, drawn by Mermaid from the flowchart text the API
 * returns, with the state the case's execution is in marked. The library is
 * loaded only here, on the case page, from the console's own files
 * (vendor/mermaid.min.js, served from node_modules): no CDN.
 */
interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}

let loading: Promise<MermaidApi> | undefined;

function loadMermaid(): Promise<MermaidApi> {
  loading ??= new Promise<MermaidApi>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'vendor/mermaid.min.js';
    script.async = true;
    script.onload = () => {
      const mermaid = (window as unknown as { mermaid?: MermaidApi }).mermaid;
      if (!mermaid) return reject(new Error('The diagram library did not load'));
      mermaid.initialize({
        startOnLoad: false,
        securityLevel: 'strict',
        theme: 'base',
        fontFamily: 'Arial, sans-serif',
        themeVariables: { primaryColor: '#ffffff', primaryBorderColor: '#505a5f', primaryTextColor: '#0b0c0c', lineColor: '#505a5f', fontSize: '14px' },
        flowchart: { useMaxWidth: false, htmlLabels: false },
      });
      resolve(mermaid);
    };
    script.onerror = () => {
      loading = undefined;
      reject(new Error('The diagram library could not be loaded'));
    };
    document.head.append(script);
  });
  return loading;
}

const STATE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The flowchart with the current state styled, when it names a node of it. */
export function markedFlowchart(workflow: Workflow): string {
  const state = workflow.currentState;
  if (!state || !STATE_NAME.test(state) || !new RegExp(`^\\s*${state}[\\[{(]`, 'm').test(workflow.mermaid)) return workflow.mermaid;
  return `${workflow.mermaid}\n  classDef current fill:#ffdd00,stroke:#0b0c0c,stroke-width:4px,color:#0b0c0c,font-weight:bold\n  class ${state} current`;
}

export async function renderLifecycle(container: HTMLElement, workflow: Workflow): Promise<void> {
  const mermaid = await loadMermaid();
  const { svg } = await mermaid.render(uid('lifecycle'), markedFlowchart(workflow));
  // Mermaid's own output, sanitised by it (securityLevel strict); no API text reaches it but the flowchart's.
  container.innerHTML = svg;
  const drawing = container.querySelector('svg');
  if (drawing) {
    drawing.setAttribute('role', 'img');
    drawing.setAttribute('aria-label', workflow.currentState ? `The lifecycle, with the case's workflow at ${workflow.currentState}` : 'The lifecycle');
  }
  if (!workflow.currentState) return;
  const current = [...container.querySelectorAll<SVGGElement>('g.node')].filter((node) => node.id.includes(`-${workflow.currentState}-`));
  current.forEach((node) => node.classList.add('node--current'));
  // The drawing is larger than its frame: bring the current state into view.
  const [first] = current;
  if (first) {
    const frame = container.getBoundingClientRect();
    const box = first.getBoundingClientRect();
    container.scrollLeft += box.left - frame.left - (frame.width - box.width) / 2;
    container.scrollTop += box.top - frame.top - (frame.height - box.height) / 2;
  }
}
