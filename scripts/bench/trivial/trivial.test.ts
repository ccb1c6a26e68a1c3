// The benchmark's baseline: vitest running one trivial test.
import { expect, test } from "vitest";

test("one plus one", () => {
  expect(1 + 1).toBe(2);
});
