import { css } from "lit";

/** Card styles: HA theme variables only (HA-CONVENTIONS §10.2), energy palette for flows. */
export const cardStyles = css`
  :host {
    --ss-charge: var(--energy-battery-in-color, #f06292);
    --ss-discharge: var(--energy-battery-out-color, #4db6ac);
    --ss-solar: var(--energy-solar-color, #ff9800);
    --ss-grid: var(--energy-grid-consumption-color, #488fc2);
    --ss-export: var(--energy-grid-return-color, #8353d1);
    --ss-muted: var(--secondary-text-color, #727272);
    --ss-line: var(--divider-color, rgba(0, 0, 0, 0.12));
  }
  ha-card { padding: 12px 16px 14px; color: var(--primary-text-color); }
  .head { display: flex; align-items: baseline; gap: 8px; flex-wrap: wrap; }
  .title { font-size: 1.15em; font-weight: 500; }
  .muted { color: var(--ss-muted); font-size: 0.85em; }
  .badges { margin-left: auto; display: flex; gap: 4px; flex-wrap: wrap; }
  .badge { font-size: 0.75em; padding: 1px 7px; border-radius: 10px; border: 1px solid var(--ss-line); color: var(--ss-muted); white-space: nowrap; }
  .badge.stale { color: var(--warning-color, #ffa600); border-color: var(--warning-color, #ffa600); font-weight: 500; }
  .problem { margin: 8px 0; padding: 6px 10px; border-radius: 8px; color: var(--error-color, #db4437); border: 1px solid var(--error-color, #db4437); font-size: 0.9em; }
  .warning { padding: 8px 0; color: var(--warning-color, #ffa600); }
  .now { display: flex; gap: 14px; align-items: center; margin: 10px 0 6px; }
  .soc { font-size: 2em; font-weight: 400; line-height: 1; min-width: 3.2em; }
  .soc small { font-size: 0.45em; display: block; color: var(--ss-muted); }
  .action { font-weight: 500; }
  .action.grid_charge, .action.charge { color: var(--ss-charge); }
  .action.discharge { color: var(--ss-discharge); }
  .reason { font-size: 0.85em; color: var(--ss-muted); }
  .flow { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6px; margin: 6px 0 10px; }
  .tile { border: 1px solid var(--ss-line); border-radius: 8px; padding: 4px 6px; text-align: center; }
  .tile b { display: block; font-weight: 500; }
  .tile span { font-size: 0.75em; color: var(--ss-muted); }
  .tile.pv b { color: var(--ss-solar); }
  .tile.bat b.in { color: var(--ss-charge); }
  .tile.bat b.out { color: var(--ss-discharge); }
  .tile.grid b.in { color: var(--ss-grid); }
  .tile.grid b.out { color: var(--ss-export); }
  svg { width: 100%; height: auto; display: block; touch-action: manipulation; }
  svg text { fill: var(--ss-muted); font-size: 10px; }
  .p-cheap { fill: var(--success-color, #43a047); opacity: 0.55; }
  .p-mid { fill: var(--ss-muted); opacity: 0.3; }
  .p-dear { fill: var(--warning-color, #ffa600); opacity: 0.6; }
  .b-in { fill: var(--ss-charge); }
  .b-out { fill: var(--ss-discharge); }
  .soc-line { fill: none; stroke: var(--primary-color, #03a9f4); stroke-width: 2; }
  .pv-line { fill: none; stroke: var(--ss-solar); stroke-width: 1.5; }
  .load-line { fill: none; stroke: var(--ss-grid); stroke-width: 1.2; stroke-dasharray: 3 2; }
  .axis { stroke: var(--ss-line); stroke-width: 1; }
  .now-line { stroke: var(--primary-text-color); stroke-width: 1; stroke-dasharray: 2 2; }
  .plug { fill: var(--accent-color, #ff9800); opacity: 0.8; }
  .sel { fill: var(--primary-color, #03a9f4); opacity: 0.15; }
  .hit { fill: transparent; cursor: pointer; }
  .legend { display: flex; flex-wrap: wrap; gap: 10px; font-size: 0.75em; color: var(--ss-muted); margin-top: 2px; }
  .legend i { display: inline-block; width: 10px; height: 3px; vertical-align: middle; margin-right: 3px; }
  .popup { margin-top: 8px; border: 1px solid var(--ss-line); border-radius: 8px; padding: 8px 10px; background: var(--secondary-background-color, transparent); }
  .popup h3 { margin: 0 0 4px; font-size: 0.95em; font-weight: 500; display: flex; justify-content: space-between; gap: 8px; }
  .popup table { border-collapse: collapse; font-size: 0.85em; margin-bottom: 4px; }
  .popup td { padding: 1px 10px 1px 0; }
  .popup ul { margin: 4px 0 0; padding-left: 18px; font-size: 0.88em; }
  .foot { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; margin-top: 10px; }
  .savings b { font-weight: 500; color: var(--success-color, #43a047); }
  .controls { margin-left: auto; display: flex; gap: 6px; align-items: center; }
  select, button { font: inherit; color: var(--primary-text-color); background: var(--card-background-color, #fff); border: 1px solid var(--ss-line); border-radius: 6px; padding: 3px 8px; }
  button { cursor: pointer; color: var(--primary-color, #03a9f4); }
`;
