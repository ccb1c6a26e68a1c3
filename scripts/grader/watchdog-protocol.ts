// The names the grader and its in-worker watchdog agree on.
export const WATCHDOG_ENV = {
  /** A temporary folder of the grader's, where the watchdog leaves its markers. */
  runDir: "COURSE_GRADER_RUN_DIR",
  /** How long one lesson's test file may run, in milliseconds. */
  timeLimitMs: "COURSE_LESSON_TIME_LIMIT_MS",
} as const;

/** Marker files, one per lesson: the lesson hung past its limit, or called process.exit. */
export const markerFile = (kind: "hung" | "exit", lessonId: string): string => `${kind}-${lessonId}`;
