// Line protocol escaping (addon/src/export/line-protocol.ts): a table of hand-written lines, and
// the same tricky names written to a real influxd 1.6.7 and read back, so the escaping is the
// one InfluxDB actually parses (not just the one we believe in).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeKey, escapeMeasurement, quoteString, toLine, type ExportPoint } from "../../addon/src/export/index.js";
import { createV1Writer } from "../../addon/src/export/v1-writer.js";
import { rows, startInfluxd, type InfluxServer } from "../support/influxdb.js";

const point = (p: Partial<ExportPoint>): ExportPoint => ({ measurement: "m", tags: {}, fields: { v: 1 }, atMs: 1_700_000_000_000, ...p });

describe("escaping, element by element", () => {
  it.each([
    ["plain", "plain"],
    ["with space", "with\\ space"],
    ["a,b", "a\\,b"],
    ["a=b", "a=b"],
    ['quote"d', 'quote"d'],
    ["back\\slash", "back/slash"],
    ["line\nbreak\ttab", "line\\ break\\ tab"],
  ])("measurement %j → %s", (raw, escaped) => {
    expect(escapeMeasurement(raw)).toBe(escaped);
  });

  it.each([
    ["series", "series"],
    ["a b", "a\\ b"],
    ["a,b", "a\\,b"],
    ["a=b", "a\\=b"],
    ["ends\\", "ends/"],
    ["x\\,y", "x/\\,y"],
    ["grüße", "grüße"],
  ])("tag key/value or field key %j → %s", (raw, escaped) => {
    expect(escapeKey(raw)).toBe(escaped);
  });

  it.each([
    ["plain", '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["c:\\dir\\", '"c:\\\\dir\\\\"'],
    ["two\nlines", '"two lines"'],
    ["a, b=c", '"a, b=c"'],
    ["", '""'],
  ])("string field %j → %s", (raw, quoted) => {
    expect(quoteString(raw)).toBe(quoted);
  });
});

describe("toLine", () => {
  it.each<[string, ExportPoint, string | null]>([
    ["float field and ms time", point({ fields: { value: 412.5 } }), "m value=412.5 1700000000000"],
    ["tags sorted by key", point({ tags: { series: "grid_w", a: "1" } }), "m,a=1,series=grid_w v=1 1700000000000"],
    ["empty tag value left out", point({ tags: { plug: "", series: "x" } }), "m,series=x v=1 1700000000000"],
    ["bool and string fields", point({ fields: { on: true, off: false, why: 'a "b"' } }), 'm on=true,off=false,why="a \\"b\\"" 1700000000000'],
    ["negative and exponent numbers", point({ fields: { a: -0.25, b: 1e21, c: 1e-7 } }), "m a=-0.25,b=1e+21,c=1e-7 1700000000000"],
    ["NaN and Infinity fields skipped", point({ fields: { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: 2 } }), "m c=2 1700000000000"],
    ["no writable field → no line", point({ fields: { a: Number.NaN } }), null],
    ["empty measurement → no line", point({ measurement: " " }), null],
    ["non-finite time → no line", point({ atMs: Number.NaN }), null],
    ["time rounded to whole ms", point({ atMs: 1_700_000_000_000.6 }), "m v=1 1700000000001"],
    ["escaped everywhere", point({ measurement: "my m,1", tags: { "k ey": "v=1,2" }, fields: { "f,k": "x" } }), 'my\\ m\\,1,k\\ ey=v\\=1\\,2 f\\,k="x" 1700000000000'],
  ])("%s", (_what, p, line) => {
    expect(toLine(p)).toBe(line);
  });
});

describe("the escaped lines, as influxd 1.6.7 reads them back", () => {
  let influx: InfluxServer;
  beforeAll(async () => {
    influx = await startInfluxd();
    await influx.query("CREATE DATABASE lp");
  });
  afterAll(async () => {
    await influx.dispose();
  });

  it("writes tricky names and values and gets them back unchanged (backslashes as '/', breaks as spaces)", async () => {
    const atMs = 1_700_000_000_000;
    const tricky: ExportPoint[] = [
      { measurement: "meas ure,ment", tags: { "tag key": "a b,c=d", plain: "x\\y" }, fields: { "field key": 1.5, s: 'say "hi" \\ bye' }, atMs },
      { measurement: "meas ure,ment", tags: { "tag key": "ends\\", plain: "two\nlines" }, fields: { "field key": -2, s: "multi\nline" }, atMs: atMs + 1 },
    ];
    const lines = tricky.map((p) => toLine(p)).filter((l): l is string => l !== null);
    const writer = createV1Writer({ url: influx.url, database: "lp", username: null, password: null, timeoutMs: 5000 });
    expect(await writer.write(lines)).toEqual({ kind: "written" });
    const got = rows(await influx.query('SELECT * FROM "meas ure,ment"', "lp"));
    expect(got).toEqual([
      { _name: "meas ure,ment", time: atMs, "field key": 1.5, plain: "x/y", s: 'say "hi" \\ bye', "tag key": "a b,c=d" },
      { _name: "meas ure,ment", time: atMs + 1, "field key": -2, plain: "two lines", s: "multi line", "tag key": "ends/" },
    ]);
  });
});
