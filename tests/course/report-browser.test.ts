// report.html in a real browser (headless Chromium driven by playwright-core):
// the heatmap, a drill-down, a diff, and a class whose students try to run
// script in the instructor's browser through their folder names, their
// messages, their printed output, their trace and their code.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadCatalog } from "../../scripts/grader/catalog.js";
import type { GradeResults, LessonResult } from "../../scripts/grader/results.js";
import type { SubmissionOutcome } from "../../scripts/instructor/grade-submission.js";
import { reportPage } from "../../scripts/instructor/html-report/report-page.js";
import { referenceSources, submissionSources } from "../../scripts/instructor/lesson-sources.js";

const CHROMIUM = "/usr/bin/chromium";
const NO_CHROMIUM = `needs Chromium at ${CHROMIUM}: run \`sudo apt-get update && sudo apt-get install -y chromium\` (Debian/Ubuntu), then this test again`;

// Each tries to set window.pwned; none may succeed, and each must appear as the text it is.
const HOSTILE_NAME = `<img src=x onerror="window.pwned='name'">`;
const HOSTILE_MESSAGE = `expected </textarea><script>window.pwned='message'</script> to be "done"`;
const HOSTILE_OUTPUT = `<a href="javascript:window.pwned='link'">click me</a>`;
const HOSTILE_TRACE = ["server → client: sampling/createMessage", `</pre><svg onload="window.pwned='trace'">`];
const HOSTILE_CODE = `// </script><script>window.pwned='code'</script></textarea><a href="javascript:window.pwned='code-link'">x</a>\n`;

const [lesson01, lesson02] = loadCatalog();

function lessonResult(lesson: typeof lesson01, tests: LessonResult["tests"], status: LessonResult["status"]): LessonResult {
  const passed = tests.filter((t) => t.status === "pass").length;
  return { id: lesson!.id, title: lesson!.title, status, passed, total: tests.length, tests, ...(status === "pass" ? {} : { message: tests.find((t) => t.status !== "pass")?.message }) };
}

function results(lessons: LessonResult[]): GradeResults {
  const score = lessons.reduce((n, l) => n + l.passed, 0);
  const max = lessons.reduce((n, l) => n + l.total, 0);
  return { version: 3, status: "fail", score, max_score: max, target: max, lessons };
}

/** Two students on disk (their code is read from there) and their outcomes as class-report would have them. */
async function hostileReport(): Promise<string> {
  const folder = mkdtempSync(path.join(tmpdir(), "course-hostile-class-"));
  const students = { honest: "alice", hostile: HOSTILE_NAME };
  for (const [student, code] of [[students.honest, referenceSources(lesson01!)["server.ts"]!], [students.hostile, HOSTILE_CODE + referenceSources(lesson01!)["server.ts"]!]] as const) {
    mkdirSync(path.join(folder, student, lesson01!.id), { recursive: true });
    writeFileSync(path.join(folder, student, lesson01!.id, "server.ts"), code);
  }
  const pass = (name: string) => ({ name, status: "pass" as const });
  const outcomes = new Map<string, SubmissionOutcome>([
    [students.honest, { results: results([lessonResult(lesson01, [pass("a"), pass("b"), pass("c")], "pass"), lessonResult(lesson02, [pass("d"), { name: "e", status: "fail", message: "analyze_code declares no outputSchema" }], "fail")]) }],
    [
      students.hostile,
      {
        results: results([
          lessonResult(lesson01, [pass("a"), { name: `b ${HOSTILE_NAME}`, status: "fail", message: HOSTILE_MESSAGE, output: HOSTILE_OUTPUT, trace: HOSTILE_TRACE } as LessonResult["tests"][number], pass("c")], "fail"),
          lessonResult(lesson02, [{ name: "d", status: "error", message: "the code could not be loaded" }], "error"),
        ]),
      },
    ],
  ]);
  const lessons = [lesson01!, lesson02!];
  const sources = new Map([...outcomes.keys()].map((s) => [s, lessons.map((l) => submissionSources(path.join(folder, s), l))]));
  const html = await reportPage({ lessons, outcomes, sources, reference: lessons.map(referenceSources) });
  const file = path.join(folder, "..", `${path.basename(folder)}-report.html`);
  writeFileSync(file, html);
  return file;
}

let browser: Browser | undefined;
let page: Page;
const problems: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage();
  // A script that ran would show as pwned; one the page's CSP blocked shows as a console error.
  page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("dialog", (dialog) => problems.push(`dialog: ${dialog.message()}`));
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(await hostileReport()).href);
});

afterAll(async () => {
  await browser?.close();
});

test("the heatmap has a row per student, tests passed per lesson, and errors marked", async (ctx) => {
  ctx.skip(!browser, NO_CHROMIUM);
  const rows = page.locator("table.heatmap tbody tr");
  await expect(rows.count()).resolves.toBe(2);
  await expect(rows.nth(0).locator("th").textContent()).resolves.toBe("alice");
  await expect(rows.nth(0).locator("td").allTextContents()).resolves.toEqual(["3/3", "1/2", "4/5"]);
  await expect(rows.nth(1).locator("td").allTextContents()).resolves.toEqual(["2/3", "error", "2/4"]);
  await expect(rows.nth(1).locator("td").nth(1).getAttribute("class")).resolves.toBe("error");
});

test("a heatmap cell opens the student's drill-down at that lesson, with the failing test's message, output and trace", async (ctx) => {
  ctx.skip(!browser, NO_CHROMIUM);
  const drillDown = page.locator("details.student").nth(1);
  await expect(drillDown.evaluate((d: HTMLDetailsElement) => d.open)).resolves.toBe(false);
  await page.locator("table.heatmap tbody tr").nth(1).locator("td a").first().click();
  await expect(drillDown.evaluate((d: HTMLDetailsElement) => d.open)).resolves.toBe(true);
  const lesson = drillDown.locator("section.lesson").first();
  await expect(lesson.locator("pre.message").textContent()).resolves.toBe(HOSTILE_MESSAGE);
  await expect(lesson.locator("pre.output").textContent()).resolves.toBe(HOSTILE_OUTPUT);
  await expect(lesson.locator("pre.trace").textContent()).resolves.toBe(HOSTILE_TRACE.join("\n"));
  expect(await lesson.locator("pre.message").isVisible()).toBe(true);
});

test("a drill-down's button shows the student's file beside the reference as a diff; any two can be picked", async (ctx) => {
  ctx.skip(!browser, NO_CHROMIUM);
  await page.locator("details.student").nth(1).locator("button[data-diff]").first().click();
  const diff = page.locator("#diff-output table.diff");
  await expect(diff.count()).resolves.toBe(1);
  // The hostile comment is the only difference from the reference: one removed line, shown as text.
  await expect(diff.locator("td.removed").allTextContents()).resolves.toEqual([HOSTILE_CODE.trimEnd()]);
  await expect(diff.locator("td.added").count()).resolves.toBe(0);
  // Unchanged lines past three of context are folded until asked for.
  await expect(diff.locator("td.same").count()).resolves.toBe(2 * 3);
  await diff.locator("button.unfold").click();
  await expect(diff.locator("td.same").count()).resolves.toBe(2 * referenceSources(lesson01!)["server.ts"]!.trimEnd().split("\n").length);

  await page.locator("#diff-left").selectOption({ label: "alice" });
  await expect(page.locator("#diff-output td.removed, #diff-output td.added").count()).resolves.toBe(0);
});

test("hostile strings in a folder name, a message, output, a trace and code are shown as text and never run", async (ctx) => {
  ctx.skip(!browser, NO_CHROMIUM);
  const text = await page.locator("body").innerText();
  // (The hostile code is checked as text in the diff above.)
  for (const hostile of [HOSTILE_NAME, HOSTILE_MESSAGE, HOSTILE_OUTPUT, HOSTILE_TRACE[1]!]) expect(text).toContain(hostile);
  await expect(page.locator("#heatmap th[scope=row]").nth(1).textContent()).resolves.toBe(HOSTILE_NAME);
  await expect(page.locator("#diff-left option").nth(2).textContent()).resolves.toBe(HOSTILE_NAME);
  // No element the students wrote exists: only the page's own scripts and links.
  await expect(page.locator("body img, body svg, body textarea").count()).resolves.toBe(0);
  await expect(page.locator("script").count()).resolves.toBe(2);
  await expect(page.locator('a[href^="javascript:"]').count()).resolves.toBe(0);
  await expect(page.evaluate(() => (window as unknown as { pwned?: string }).pwned)).resolves.toBeUndefined();
  expect(problems).toEqual([]);
  // Offline: the page asked for nothing but itself.
  expect(requests.filter((url) => !url.startsWith("file://"))).toEqual([]);
});
