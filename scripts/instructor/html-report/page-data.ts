// What report.html carries for its script: the lesson files of every submission
// and of the reference, so any two can be diffed in the page, offline.
import type { LessonSources } from "../lesson-sources.js";

export interface PageData {
  lessons: Array<{ id: string; files: string[] }>;
  /** [student][lesson]: that student's files of that lesson. */
  sources: LessonSources[][];
  /** [lesson]: the reference solution's files. */
  reference: LessonSources[];
}

/** How a diff picker names a side: a student's index, or the reference solution. */
export const REFERENCE = "reference";

export const DATA_ELEMENT_ID = "report-data";
