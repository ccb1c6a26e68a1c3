// npm run reset -- <lesson>: puts the starter back, after saving the student's
// current files to a backup folder it names. Nothing a student wrote is lost.
import path from "node:path";
import { confirm } from "./cli/confirm.js";
import { lessonsDirFrom, parseLessonCommand } from "./cli/one-lesson.js";
import { runCommand } from "./cli/usage.js";
import { displayPath } from "./course-paths.js";
import { stateDir } from "./student/state.js";
import { copyLessonFiles, starterPath } from "./student/starters.js";

const USAGE = `Usage: npm run reset -- <lesson> [--yes] [--dir <path>]

Saves your current files for the lesson to .course/backups/, then restores the starter.
  --yes          do not ask for confirmation
  --dir <path>   reset a lesson in another copy of the lessons (default: lessons/)`;

await runCommand(USAGE, async () => {
  const { lesson, values } = parseLessonCommand(process.argv.slice(2), {
    yes: { type: "boolean", default: false },
    dir: { type: "string" },
  });
  const lessonsDir = lessonsDirFrom(values.dir);
  const lessonPath = (file: string) => path.join(lessonsDir, lesson.id, file);
  const files = lesson.files.map((file) => displayPath(lessonPath(file))).join(", ");
  if (!(await confirm(`Reset lesson ${lesson.number} (${files}) to its starter? Your files are backed up first.`, values.yes))) {
    console.log("Nothing changed.");
    return 0;
  }
  const backup = path.join(stateDir(), "backups", lesson.id, new Date().toISOString().replace(/[:.]/g, "-"));
  copyLessonFiles(lesson, lessonPath, (file) => path.join(backup, file));
  copyLessonFiles(lesson, (file) => starterPath(lesson, file), lessonPath);
  console.log(`Your files are saved in ${displayPath(backup)}.\nLesson ${lesson.number} is back to its starter: ${files}.`);
  return 0;
});
