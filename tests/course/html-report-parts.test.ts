// The pure parts of report.html: the escaping every student string goes
// through, the rows of the side-by-side diff, and the grouping of first failures.
import { describe, expect, test } from "vitest";
import { escapeHtml, jsonForScript } from "../../scripts/instructor/html-report/escape.js";
import { foldUnchanged, sideBySide } from "../../scripts/instructor/html-report/side-by-side.js";
import { loadCatalog } from "../../scripts/grader/catalog.js";
import type { LessonResult } from "../../scripts/grader/results.js";
import { commonFirstFailures } from "../../scripts/instructor/common-failures.js";
import type { SubmissionOutcome } from "../../scripts/instructor/grade-submission.js";

describe("escapeHtml", () => {
  test("leaves no character that could open a tag, an entity or end an attribute", () => {
    const hostile = `<script>alert(1)</script></textarea>"' onmouseover=x &amp; <a href="javascript:alert(1)">`;
    const escaped = escapeHtml(hostile);
    expect(escaped).not.toMatch(/[<>"']/);
    expect(escaped).toBe(
      "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/textarea&gt;&quot;&#39; onmouseover=x &amp;amp; &lt;a href=&quot;javascript:alert(1)&quot;&gt;",
    );
  });

  test("keeps all other text as it is", () => {
    expect(escapeHtml("ünïcode · tabs\tand\nnew lines / slashes")).toBe("ünïcode · tabs\tand\nnew lines / slashes");
  });
});

describe("jsonForScript", () => {
  test("has no < or > at all, so nothing inside can end the script element, and parses back to the same value", () => {
    const value = { code: "</script><script>alert(1)</script><!-- -->", line: "a\u2028b\u2029c", amp: "&" };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe("sideBySide", () => {
  test("puts unchanged lines face to face and a changed block's removed lines beside its added ones", () => {
    const rows = sideBySide("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");
    expect(rows).toEqual([
      { kind: "same", left: { line: 1, text: "a" }, right: { line: 1, text: "a" } },
      { kind: "changed", left: { line: 2, text: "b" }, right: { line: 2, text: "B" } },
      { kind: "same", left: { line: 3, text: "c" }, right: { line: 3, text: "c" } },
      { kind: "same", left: { line: 4, text: "d" }, right: { line: 4, text: "d" } },
      { kind: "changed", right: { line: 5, text: "e" } },
    ]);
  });

  test("a longer removed block leaves the right side empty where nothing was added", () => {
    const rows = sideBySide("x\ny\nz", "w");
    expect(rows.map((r) => [r.left?.text, r.right?.text])).toEqual([["x", "w"], ["y", undefined], ["z", undefined]]);
  });
});

describe("foldUnchanged", () => {
  const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${from + i}`);

  test("folds long unchanged runs, keeping three rows of context beside each change", () => {
    const before = [...lines(10), "old", ...lines(10, 11)].join("\n");
    const after = [...lines(10), "new", ...lines(10, 11)].join("\n");
    const folded = foldUnchanged(sideBySide(before, after));
    expect(folded.map((r) => (r.kind === "folded" ? `folded ${r.rows.length}` : `${r.kind} ${r.left?.text ?? ""}|${r.right?.text ?? ""}`))).toEqual([
      "folded 7",
      "same line 8|line 8",
      "same line 9|line 9",
      "same line 10|line 10",
      "changed old|new",
      "same line 11|line 11",
      "same line 12|line 12",
      "same line 13|line 13",
      "folded 7",
    ]);
  });

  test("keeps short runs and changes as they are; identical texts fold whole", () => {
    const rows = sideBySide("a\nb\nx\nc\nd", "a\nb\ny\nc\nd");
    expect(foldUnchanged(rows)).toEqual(rows);
    expect(foldUnchanged(sideBySide("a\nb\nc", "a\nb\nc"))).toEqual([{ kind: "folded", rows: sideBySide("a\nb\nc", "a\nb\nc") }]);
  });
});

describe("commonFirstFailures", () => {
  const lesson = loadCatalog()[0]!;
  const outcome = (tests: LessonResult["tests"], status: LessonResult["status"] = "fail") => ({
    results: { version: 3 as const, status, score: 0, max_score: 0, target: 0, lessons: [{ id: lesson.id, title: lesson.title, status, passed: 0, total: tests.length, tests }] },
  });
  const loadError = (home: string) => `${home}/${lesson.id}/server.ts throws while being imported: boom\n(details)`;

  test("counts each student's first failing test only, groups by test and headline whatever path it names, most common first", () => {
    const failures = commonFirstFailures(
      lesson,
      new Map<string, SubmissionOutcome>([
        ["a", outcome([{ name: "t1", status: "pass" }, { name: "t2", status: "fail", message: "no system prompt\nexpected x" }, { name: "t3", status: "fail", message: "later" }])],
        ["b", outcome([{ name: "t1", status: "error", message: loadError("/home/b/lessons") }], "error")],
        ["c", outcome([{ name: "t1", status: "error", message: loadError("/tmp/c") }], "error")],
        ["d", outcome([{ name: "t1", status: "pass" }], "pass")],
        ["e", { failure: "the grader was stopped" }],
      ]),
    );
    expect(failures).toEqual([
      { test: "t1", headline: `${lesson.id}/server.ts throws while being imported: boom`, students: ["b", "c"] },
      { test: "t2", headline: "no system prompt", students: ["a"] },
    ]);
  });
});
