// Errors that mean the lesson's code could not be run at all: the grader reports
// the lesson as `error` (results.ts lists these names), with the message as it is.

/** The lesson's code could not be loaded: a missing file, a compile error, a throw at import. */
export class LessonLoadError extends Error {
  override name = "LessonLoadError";
}

/** A tool call, or the whole lesson, outlived its time limit. */
export class LessonHangError extends Error {
  override name = "LessonHangError";
}

/** The process running the lesson ended: process.exit, out of memory, killed. */
export class LessonCrashError extends Error {
  override name = "LessonCrashError";
}
