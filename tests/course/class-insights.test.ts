// class-report on a class with known answers (tests/course/support/planted-class.ts):
// thirty submissions with planted mistakes, two students who copied each other
// and one who handed in the reference solution. report.html must rank the
// planted mistakes by how many made them, and Dolos must put the copies on top.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, expect, test } from "vitest";
import { COPY, PLANTED_LESSONS, plantedClass, REFERENCE_COPY, type PlantedClass } from "./support/planted-class.js";
import { runScript } from "./support/run-grader.js";
import { DOLOS_PACKAGE, loadDolos } from "../../scripts/instructor/similarity.js";

const dolosInstalled = (await loadDolos()) !== undefined;

/** The common-failures list of one lesson, as report.html ranks it. */
function failuresIn(html: string, lesson: string): Array<{ count: number; headline: string; students: string[] }> {
  const block = new RegExp(`<div class="lesson-failures" data-lesson="${lesson}">([\\s\\S]*?)</div>`).exec(html)?.[1] ?? "";
  return [...block.matchAll(/<li data-count="(\d+)">.*?<span class="headline">(.*?)<\/span><span class="who">(.*?)<\/span><\/li>/g)].map((m) => ({
    count: Number(m[1]),
    headline: m[2]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"'),
    students: [...m[3]!.matchAll(/>([^<]+)<\/a>/g)].map((a) => a[1]!),
  }));
}

let planted: PlantedClass;
let out: string;
let html: string;

// Grading thirty submissions takes one to two minutes on two cores: once, for both tests.
beforeAll(async () => {
  const folder = mkdtempSync(path.join(tmpdir(), "course-planted-class-"));
  planted = plantedClass(folder);
  out = path.join(mkdtempSync(path.join(tmpdir(), "course-planted-report-")), "report");
  const run = await runScript("class-report", [folder, "--only", PLANTED_LESSONS.join(","), "--out", out, ...(dolosInstalled ? ["--similarity"] : [])]);
  expect(run.code, run.stderr).toBe(0);
  html = readFileSync(path.join(out, "report.html"), "utf8");
}, 600_000);

test("report.html ranks the planted mistakes by how many students made them, and names who", () => {
  for (const lesson of PLANTED_LESSONS) {
    const expected = Object.entries(planted.mistakes[lesson]!)
      .map(([message, students]) => ({ message, students: [...students].sort() }))
      .sort((a, b) => b.students.length - a.students.length);
    const ranked = failuresIn(html, lesson);
    // Mistakes made equally often may come in either order.
    expect(ranked.map((f) => f.count), lesson).toEqual(expected.map((e) => e.students.length));
    for (const failure of ranked) {
      const mistake = expected.find((e) => failure.headline.includes(e.message));
      expect(mistake, `${lesson}: ${failure.headline}`).toBeDefined();
      expect([...failure.students].sort(), mistake!.message).toEqual(mistake!.students);
    }
  }
});

test("--similarity puts the two copies and the copy of the reference on top in every lesson", (ctx) => {
  ctx.skip(!dolosInstalled, `needs Dolos: run \`npm install --no-save --engine-strict=false ${DOLOS_PACKAGE}\`, then this test again`);
  const pairs = readFileSync(path.join(out, "similarity.csv"), "utf8").trim().split("\n").slice(1).map((line) => line.split(","));
  for (const lesson of PLANTED_LESSONS) {
    const top = pairs.filter(([id]) => id === lesson).slice(0, 2).map(([, a, b]) => [a, b].sort().join(" ~ "));
    expect(top.sort(), lesson).toEqual([[COPY.copier, COPY.original].sort().join(" ~ "), [REFERENCE_COPY, `solutions/${lesson}`].sort().join(" ~ ")].sort());
  }
  expect(html).toContain('<section id="similarity">');
});

test.skipIf(dolosInstalled)("--similarity without Dolos says in one line how to add it, and grades nothing", async () => {
  const folder = mkdtempSync(path.join(tmpdir(), "course-planted-class-"));
  const out = path.join(mkdtempSync(path.join(tmpdir(), "course-planted-report-")), "report");
  const run = await runScript("class-report", [folder, "--out", out, "--similarity"]);
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
  expect(run.stderr).toContain(`npm install --no-save --engine-strict=false ${DOLOS_PACKAGE}`);
});
