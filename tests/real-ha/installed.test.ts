/**
 * The real-HA suite needs Home Assistant Core in .venv/ha-core (scripts/setup-ha-core.sh, run by
 * `npm run setup-test-env`; CI runs it). Without it this test FAILS with that instruction,
 * rather than the suite silently skipping: the other files' beforeAll fail with the same text.
 */
import { expect, it } from "vitest";
import { HA_CORE_VERSION, haCoreMissing } from "../support/ha-core.js";

it(`has Home Assistant Core ${HA_CORE_VERSION} installed for the real-HA tests`, () => {
  expect(haCoreMissing(), "run `npm run setup-test-env`").toBeNull();
});
