// What report.html is made from: the graded class, its lesson files, and (with
// --similarity) Dolos's pairs. Students and lessons are referred to by index in
// the page's ids and links, so no name a student chose ever lands in an id or URL.
import type { Lesson } from "../../grader/catalog.js";
import type { SubmissionOutcome } from "../grade-submission.js";
import type { LessonSources } from "../lesson-sources.js";
import type { SimilarPair } from "../similarity.js";

export interface ReportInput {
  lessons: Lesson[];
  /** Student folder name → outcome, in class order. */
  outcomes: Map<string, SubmissionOutcome>;
  /** Student folder name → [lesson index] → that lesson's files. */
  sources: Map<string, LessonSources[]>;
  /** [lesson index] → the reference solution's files. */
  reference: LessonSources[];
  /** [lesson index] → similar pairs, most alike first; absent without --similarity. */
  similarity?: SimilarPair[][];
}

/** Anchor of a student's drill-down, or of one lesson in it. */
export function studentAnchor(student: number, lesson?: number): string {
  return lesson === undefined ? `s${student}` : `s${student}-l${lesson}`;
}

export function lessonHeading(lesson: Lesson): string {
  return `${lesson.number} · ${lesson.title}`;
}
