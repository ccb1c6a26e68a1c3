// Runs inside each vitest worker before a graded test file is imported: starts the
// lesson's host (its process, its build) now, so that it boots while the test file
// and the harness load, instead of after them. The test file's lessonUnderTest()
// takes this host over.
import path from "node:path";
import { expect } from "vitest";
import { prepareLessonUnderTest } from "../../tests/kit/lesson-under-test.js";
import { LESSON_TESTS_DIR } from "../course-paths.js";

const testFile = expect.getState().testPath;
if (testFile && path.dirname(testFile) === LESSON_TESTS_DIR) prepareLessonUnderTest(path.basename(testFile, ".test.ts"));
