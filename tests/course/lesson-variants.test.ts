// "Tried as a new user would": every lesson has variant solutions under
// tests/fixtures/variants/<lesson>/. A variant's header says what grading it must
// give, so a correct solution written differently passes and each named mistake
// fails with a message that names it:
//
//   // Expect: pass
//   // Expect: fail "summarize sent no systemPrompt"
//   // File: client.ts          (optional: the lesson file it replaces; default the lesson's first file)
//
// Variants are graded in rounds: round k puts the k-th variant of every lesson
// into one copy of solutions/, so one grader run checks many variants.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { COURSE_ROOT } from "../../scripts/course-paths.js";
import { loadCatalog } from "../../scripts/grader/catalog.js";
import { gradeJson, solutionsWith } from "./support/run-grader.js";

const VARIANTS_DIR = path.join(COURSE_ROOT, "tests", "fixtures", "variants");

interface Variant {
  lesson: string;
  name: string;
  source: string;
  target: string;
  expect: { status: "pass" } | { status: "fail"; message: string };
}

function readVariant(lesson: string, name: string, defaultFile: string): Variant {
  const source = path.join(VARIANTS_DIR, lesson, name);
  const header = readFileSync(source, "utf8");
  const expectation = /^\/\/ Expect: (pass|fail "(.+)")\s*$/m.exec(header);
  if (!expectation) throw new Error(`${source}: no "// Expect: pass" or '// Expect: fail "message"' line`);
  const file = /^\/\/ File: (\S+)\s*$/m.exec(header)?.[1] ?? defaultFile;
  return {
    lesson,
    name,
    source,
    target: path.join(lesson, file),
    expect: expectation[2] === undefined ? { status: "pass" } : { status: "fail", message: expectation[2] },
  };
}

const byLesson = loadCatalog().map((lesson) => {
  let names: string[] = [];
  try {
    names = readdirSync(path.join(VARIANTS_DIR, lesson.id)).filter((f) => /\.(ts|json)$/.test(f)).sort();
  } catch {
    // a lesson without variants is caught by the test below
  }
  return { lesson: lesson.id, variants: names.map((name) => readVariant(lesson.id, name, lesson.files[0]!)) };
});

test("every lesson has a correct variant and at least one mistake", () => {
  for (const { lesson, variants } of byLesson) {
    expect(variants.some((v) => v.expect.status === "pass"), `${lesson}: a passing variant`).toBe(true);
    expect(variants.some((v) => v.expect.status === "fail"), `${lesson}: a mistake variant`).toBe(true);
  }
});

const rounds = Math.max(0, ...byLesson.map((l) => l.variants.length));
describe.each(Array.from({ length: rounds }, (_, round) => round))("round %i", (round) => {
  const variants = byLesson.flatMap((l) => (l.variants[round] ? [l.variants[round]] : []));

  test(variants.map((v) => `${v.lesson}/${v.name}`).join(", "), async () => {
    const dir = solutionsWith(Object.fromEntries(variants.map((v) => [v.target, v.source])));
    const results = await gradeJson(["--dir", dir, ...variants.map((v) => v.lesson)]);
    for (const variant of variants) {
      const result = results.lessons.find((l) => l.id === variant.lesson)!;
      const label = `${variant.lesson}/${variant.name}: ${result.message ?? ""}`;
      expect(result.status, label).toBe(variant.expect.status);
      if (variant.expect.status === "fail") expect(result.message, label).toContain(variant.expect.message);
    }
  });
});
