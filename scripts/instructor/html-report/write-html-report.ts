// class-report's HTML part: reads every submission's lesson files (for the
// diffs and Dolos), runs the similarity check when asked, and writes report.html
// (and similarity.csv with every pair, for a spreadsheet).
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Lesson } from "../../grader/catalog.js";
import { csv } from "../class-table.js";
import type { SubmissionOutcome } from "../grade-submission.js";
import { referenceSources, starterSources, submissionSources } from "../lesson-sources.js";
import { similarPairs, type DolosModule, type SimilarPair } from "../similarity.js";
import { reportPage } from "./report-page.js";

export interface HtmlReportOptions {
  /** The folder holding one folder per submission. */
  folder: string;
  out: string;
  lessons: Lesson[];
  /** In class order. */
  outcomes: Map<string, SubmissionOutcome>;
  /** Given: the similarity check runs. */
  dolos?: DolosModule;
}

/** Writes report.html (and similarity.csv with Dolos); returns the files written. */
export async function writeHtmlReport({ folder, out, lessons, outcomes, dolos }: HtmlReportOptions): Promise<string[]> {
  const sources = new Map([...outcomes.keys()].map((student) => [student, lessons.map((lesson) => submissionSources(path.join(folder, student), lesson))]));
  const reference = lessons.map(referenceSources);
  let similarity: SimilarPair[][] | undefined;
  const written = ["report.html"];
  if (dolos) {
    similarity = await Promise.all(
      lessons.map((lesson, l) => similarPairs(dolos, lesson, new Map([...sources].map(([student, files]) => [student, files[l]!])), reference[l]!, starterSources(lesson))),
    );
    writeFileSync(path.join(out, "similarity.csv"), `${similarityCsv(lessons, similarity)}\n`);
    written.push("similarity.csv");
  }
  writeFileSync(path.join(out, "report.html"), await reportPage({ lessons, outcomes, sources, reference, similarity }));
  return written;
}

function similarityCsv(lessons: Lesson[], similarity: SimilarPair[][]): string {
  const rows = lessons.flatMap((lesson, l) => similarity[l]!.map((p) => [lesson.id, p.a, p.b, p.similarity.toFixed(3), p.identical ? "yes" : "no"]));
  return csv([["lesson", "a", "b", "similarity", "identical"], ...rows]);
}
