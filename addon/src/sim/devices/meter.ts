/**
 * The Shelly Pro 3EM at the grid connection: signed total active power (+ import) and two
 * energy counters that integrate import and export separately (Wh inside, kWh on the wire).
 */
export class GridMeter {
  private importWh: number;
  private exportWh: number;
  private gridW = 0;

  constructor(initialImportKWh = 1234.5, initialExportKWh = 321.0) {
    this.importWh = initialImportKWh * 1000;
    this.exportWh = initialExportKWh * 1000;
  }

  /** Records `gridW` held for `dtMs` (rectangle rule: the power of this tick over its span). */
  step(gridW: number, dtMs: number): void {
    this.gridW = gridW;
    const wh = (gridW * dtMs) / 3_600_000;
    if (wh > 0) this.importWh += wh;
    else this.exportWh -= wh;
  }

  powerW(): number {
    return this.gridW;
  }

  importKWh(): number {
    return this.importWh / 1000;
  }

  exportKWh(): number {
    return this.exportWh / 1000;
  }
}
