// Whatever a student writes, the grader reports that lesson as `error` with a
// message naming the cause and the file, grades the other lessons, and writes
// nothing into the folder it grades. Short limits keep real waiting near a second.
import path from "node:path";
import { expect, test } from "vitest";
import { COURSE_ROOT } from "../../scripts/course-paths.js";
import { fingerprint, gradeJson, solutionsWith } from "./support/run-grader.js";

const FIXTURES = path.join(COURSE_ROOT, "tests", "fixtures", "broken-lessons");
const BROKEN = "01-first-sampling-call";

test.each([
  ["compile-error", /server\.ts does not compile:[\s\S]*PARSE_ERROR/],
  ["throws-at-import", /server\.ts throws while being imported: API key missing/],
  ["sync-infinite-loop", /server\.ts was still running after 1\.5 s, so the grader stopped it/],
  ["never-settles", /summarize never answered \(waited 200 ms\)\. Look in .*server\.ts/],
  ["process-exit", /server\.ts called process\.exit\(1\)/],
])("%s: that lesson is an error, the next one is still graded", async (fixture, message) => {
  const dir = solutionsWith({ [`${BROKEN}/server.ts`]: path.join(FIXTURES, `${fixture}.ts`) });
  const before = fingerprint(dir);
  const results = await gradeJson(["01", "02", "--dir", dir, "--time-limit", "1.5"], { COURSE_CALL_TIMEOUT_MS: "200" });

  const [broken, ...others] = results.lessons;
  expect(broken).toMatchObject({ id: BROKEN, status: "error" });
  expect(broken!.message).toMatch(message);
  expect(broken!.message).toContain(path.join(dir, BROKEN, "server.ts"));
  expect(others.length).toBeGreaterThan(0);
  expect(others.map((l) => [l.id, l.status])).toEqual(others.map((l) => [l.id, "pass"]));
  expect(results).toMatchObject({ status: "error", code: 1 });
  expect(fingerprint(dir)).toEqual(before);
});
