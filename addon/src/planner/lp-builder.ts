import type { LinearProgram } from "../domain/index.js";

/** A sparse row term: column index and coefficient. */
export type Term = readonly [col: number, coef: number];

/**
 * Collects columns and rows, then freezes them into a CSR LinearProgram. Minimisation.
 * Infinite bounds are `Infinity` / `-Infinity`; solver adapters translate them.
 */
export class LpBuilder {
  private readonly cost: number[] = [];
  private readonly lower: number[] = [];
  private readonly upper: number[] = [];
  private readonly integer: number[] = [];
  private readonly names: string[] = [];
  private readonly rowLo: number[] = [];
  private readonly rowHi: number[] = [];
  private readonly starts: number[] = [0];
  private readonly indices: number[] = [];
  private readonly values: number[] = [];
  private offsetValue = 0;

  /** Adds a column; returns its index. */
  addCol(name: string, cost: number, lower: number, upper: number, integer = false): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(Math.max(lower, upper));
    this.integer.push(integer ? 1 : 0);
    this.names.push(name);
    return this.cost.length - 1;
  }

  addCost(col: number, cost: number): void {
    this.cost[col] = (this.cost[col] ?? 0) + cost;
  }

  addOffset(value: number): void {
    this.offsetValue += value;
  }

  /** Fixes a column's bounds to one value. */
  fix(col: number, value: number): void {
    this.lower[col] = value;
    this.upper[col] = value;
  }

  /** Adds lower ≤ Σ coef·x ≤ upper; returns the row index. Zero coefficients are dropped. */
  addRow(lower: number, upper: number, terms: readonly Term[]): number {
    for (const [col, coef] of terms) {
      if (coef !== 0) {
        this.indices.push(col);
        this.values.push(coef);
      }
    }
    this.starts.push(this.indices.length);
    this.rowLo.push(lower);
    this.rowHi.push(upper);
    return this.rowLo.length - 1;
  }

  get numCols(): number {
    return this.cost.length;
  }

  build(): LinearProgram {
    return {
      numCols: this.cost.length,
      numRows: this.rowLo.length,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower),
      colUpper: Float64Array.from(this.upper),
      isInteger: Uint8Array.from(this.integer),
      rowLower: Float64Array.from(this.rowLo),
      rowUpper: Float64Array.from(this.rowHi),
      rowStarts: Int32Array.from(this.starts),
      rowIndices: Int32Array.from(this.indices),
      rowValues: Float64Array.from(this.values),
      offset: this.offsetValue,
      colNames: [...this.names],
    };
  }
}
