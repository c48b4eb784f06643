/**
 * Only the chart.js parts the review page draws: bars (coverage, findings by rule) and a stepped line (close-date
 * drift) on linear and category scales, with tooltips and legends. react-chartjs-2's Bar and Line register their
 * own controllers; registering only these keeps the page's bundle small (chart.js is tree-shakeable).
 */
import { BarElement, CategoryScale, Chart, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarElement, CategoryScale, LinearScale, LineElement, PointElement, Tooltip, Legend);
// The page's own font, not chart.js's Helvetica default.
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
Chart.defaults.font.size = 12;
// Charts redraw as data changes with a filter: no animation to wait for.
Chart.defaults.animation = false;
