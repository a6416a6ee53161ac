/** Plain-text tables for the insight commands: right-aligned numbers, left-aligned names. */

export type Cell = string | number;

/** Formats a number with `digits` decimals and thousands separators ("1,234.5"). */
export function num(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return "–";
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Renders rows under a header; the first `leftColumns` columns are left-aligned, the others right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly Cell[])[], leftColumns = 1): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const line = (r: readonly Cell[]): string =>
    r
      .map((cell, c) => {
        const text = String(cell);
        const w = widths[c] ?? text.length;
        return c < leftColumns ? text.padEnd(w) : text.padStart(w);
      })
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
