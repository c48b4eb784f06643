/** Chart colours from the page's CSS custom properties, so charts follow light and dark mode like the rest. */
export interface ChartColors {
  critical: string;
  warning: string;
  info: string;
  good: string;
  accent: string;
  muted: string;
  grid: string;
  text: string;
}

const FALLBACK: ChartColors = {
  critical: '#b3261e',
  warning: '#b26a00',
  info: '#0b5cab',
  good: '#1b6e2a',
  accent: '#3a5ccc',
  muted: '#8a8a96',
  grid: '#e6e6ec',
  text: '#5b5b66',
};

export function chartColors(): ChartColors {
  if (typeof getComputedStyle !== 'function' || typeof document === 'undefined') return FALLBACK;
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    critical: read('--critical', FALLBACK.critical),
    warning: read('--warning-chart', FALLBACK.warning),
    info: read('--info', FALLBACK.info),
    good: read('--good', FALLBACK.good),
    accent: read('--accent', FALLBACK.accent),
    muted: read('--muted', FALLBACK.muted),
    grid: read('--line', FALLBACK.grid),
    text: read('--muted', FALLBACK.text),
  };
}
