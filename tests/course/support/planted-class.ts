// A class of thirty submissions with known answers, for class-report's tests
// and screenshots: built from the reference solutions and the variant files
// (each a complete lesson file that fails one named test), with mistakes
// planted in known numbers, one lesson that throws at import, two students who
// copied each other (lightly renamed) and one who handed in the reference solution.
//
//   node --import tsx tests/course/support/planted-class.ts <empty folder>
//
// Every student's file ends with a helper of their own, generated from a seed:
// the variants share most of their code, and without it thirty students would
// hand in a few byte-identical files, leaving similarity nothing to find.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { COURSE_ROOT, LESSONS_DIR, SOLUTIONS_DIR } from "../../../scripts/course-paths.js";

const VARIANTS_DIR = path.join(COURSE_ROOT, "tests", "fixtures", "variants");

/** The graded lessons: few enough to grade thirty submissions in CI. */
export const PLANTED_LESSONS = ["01-first-sampling-call", "02-analyze-code", "05-production-classifier"] as const;

/** Per lesson, the mistakes planted and in how many hand-written submissions; the copier adds one to the copied student's. */
const PLANTED: Record<(typeof PLANTED_LESSONS)[number], { correct: string; mistakes: Array<[variant: string, count: number]> }> = {
  "01-first-sampling-call": { correct: "send-request-style.ts", mistakes: [["no-system-prompt.ts", 7], ["wrong-max-tokens.ts", 4], ["content-as-array.ts", 2]] },
  "02-analyze-code": { correct: "zod-object-style.ts", mistakes: [["no-output-schema.ts", 6], ["no-model-preferences.ts", 3], ["hardcoded-model.ts", 1]] },
  "05-production-classifier": { correct: "while-loop-send-request.ts", mistakes: [["retries-rejection.ts", 8], ["no-timeout.ts", 4], ["five-attempts.ts", 2]] },
};

/** One student's lesson 02 throws while it is imported: a lesson in error. */
const BROKEN = { student: "zeno", lesson: "02-analyze-code", fixture: "throws-at-import.ts", message: "02-analyze-code/server.ts throws while being imported" } as const;

const STUDENTS = [
  "ada", "ben", "chloe", "dev", "elif", "farid", "gwen", "hugo", "ines", "jonas",
  "kai", "lena", "mateo", "nadia", "oskar", "priya", "quentin", "rosa", "sami", "tara",
  "umar", "vera", "wen", "xavier", "yara", "zeno", "amira", "bruno", "copycat", "by-the-book",
];
/** copycat handed in nadia's files, renamed; by-the-book the reference solution. */
export const COPY = { original: "nadia", copier: "copycat" } as const;
export const REFERENCE_COPY = "by-the-book";

export interface PlantedClass {
  students: string[];
  /** lesson id → the expected message of each planted mistake → the students who made it. */
  mistakes: Record<string, Record<string, string[]>>;
}

export function plantedClass(folder: string): PlantedClass {
  const authors = STUDENTS.filter((s) => s !== COPY.copier && s !== REFERENCE_COPY);
  const mistakes: PlantedClass["mistakes"] = {};
  const files = new Map<string, Map<string, string>>(STUDENTS.map((s) => [s, new Map()]));
  PLANTED_LESSONS.forEach((lesson, l) => {
    const { correct, mistakes: planted } = PLANTED[lesson];
    mistakes[lesson] = {};
    // Each lesson's mistakes start at another student, so no one makes them all.
    const order = authors.map((_, i) => authors[(i + l * 9) % authors.length]!);
    let next = 0;
    for (const [variant, count] of planted) {
      const { message, code } = readVariant(lesson, variant);
      const makers = order.slice(next, next + count);
      next += count;
      mistakes[lesson]![message] = makers;
      for (const student of makers) files.get(student)!.set(lesson, code);
    }
    const reference = readFileSync(path.join(SOLUTIONS_DIR, lesson, "server.ts"), "utf8");
    order.slice(next).forEach((student, i) => files.get(student)!.set(lesson, i % 2 ? readVariant(lesson, correct).code : reference));
    for (const student of authors) files.get(student)!.set(lesson, `${files.get(student)!.get(lesson)!}\n${ownHelper(student, lesson)}`);
    files.get(COPY.copier)!.set(lesson, renamed(files.get(COPY.original)!.get(lesson)!));
    files.get(REFERENCE_COPY)!.set(lesson, reference);
    for (const makers of Object.values(mistakes[lesson]!)) if (makers.includes(COPY.original)) makers.push(COPY.copier);
  });
  files.get(BROKEN.student)!.set(BROKEN.lesson, readFileSync(path.join(COURSE_ROOT, "tests", "fixtures", "broken-lessons", BROKEN.fixture), "utf8"));
  for (const makers of Object.values(mistakes[BROKEN.lesson]!)) makers.splice(0, makers.length, ...makers.filter((s) => s !== BROKEN.student));
  mistakes[BROKEN.lesson]![BROKEN.message] = [BROKEN.student];
  for (const [student, byLesson] of files) {
    for (const [lesson, code] of byLesson) {
      const dir = path.join(folder, student, lesson);
      mkdirSync(dir, { recursive: true });
      cpSync(path.join(LESSONS_DIR, lesson, "lesson.json"), path.join(dir, "lesson.json"));
      writeFileSync(path.join(dir, "server.ts"), code);
    }
  }
  return { students: [...STUDENTS].sort(), mistakes };
}

/** A variant without its header comments (they name the planted mistake). */
function readVariant(lesson: string, name: string): { message: string; code: string } {
  const text = readFileSync(path.join(VARIANTS_DIR, lesson, name), "utf8");
  const message = /^\/\/ Expect: fail "(.+)"$/m.exec(text)?.[1] ?? "";
  const code = text.slice(text.search(/^(?!\/\/)/m));
  return { message, code };
}

/** What a student who copies does: other names in the helper (the lesson code is left working), a comment of their own. */
function renamed(code: string): string {
  const at = code.indexOf(HELPER_HEADER);
  const renames: Record<string, string> = { tally: "count", weights: "factors", limit: "cap", step: "delta" };
  const helper = code.slice(at).replace(/\b(tally|weights|limit|step)\b/g, (word) => renames[word]!).replace(/\bnotes_\w+/g, "myNotes");
  return `// my solution\n${code.slice(0, at)}${helper}`;
}

const HELPER_HEADER = "// My own helper, for later.";

/**
 * A helper the student's code never calls, grown by a seeded random walk over
 * statements and expressions: shaped differently for every student, the same on every run.
 */
function ownHelper(student: string, lesson: string): string {
  const random = mulberry32([...`${student}/${lesson}`].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const names = ["tally", "limit", "step"];
  const expression = (depth: number): string => {
    if (depth === 0 || random() < 0.3) return random() < 0.5 ? pick(names) : String(Math.floor(random() * 50));
    return pick([
      () => `${expression(depth - 1)} ${pick(["+", "-", "*", "%"])} ${expression(depth - 1)}`,
      () => `Math.${pick(["max", "min"])}(${expression(depth - 1)}, ${expression(depth - 1)})`,
      () => `(${expression(depth - 1)} > ${expression(depth - 1)} ? ${expression(depth - 1)} : ${expression(depth - 1)})`,
      () => `weights.filter((w) => w ${pick([">", "<"])} ${expression(depth - 1)}).length`,
      () => `(weights[${expression(depth - 1)}] ?? ${expression(depth - 1)})`,
    ])();
  };
  const statements = (depth: number, indent: string): string[] =>
    Array.from({ length: depth === 2 ? 7 + Math.floor(random() * 4) : 1 + Math.floor(random() * 3) }, () =>
      depth === 0 || random() < 0.4
        ? `${indent}${pick(names)} ${pick(["=", "+=", "-="])} ${expression(2)};`
        : pick([
            () => [`${indent}if (${expression(1)} > ${expression(1)}) {`, ...statements(depth - 1, `${indent}  `), `${indent}}`],
            () => [`${indent}for (const w of weights) {`, `${indent}  step = w;`, ...statements(depth - 1, `${indent}  `), `${indent}}`],
            () => [`${indent}switch (tally % ${2 + Math.floor(random() * 4)}) {`, `${indent}  case 0:`, ...statements(depth - 1, `${indent}    `), `${indent}    break;`, `${indent}  default:`, ...statements(depth - 1, `${indent}    `), `${indent}}`],
          ])().join("\n"),
    );
  const name = `notes_${student.replace(/\W/g, "_")}`;
  return `${HELPER_HEADER}\nexport function ${name}(weights: number[], limit = 100): number {\n  let tally = 0;\n  let step = 1;\n${statements(2, "  ").join("\n")}\n  return tally + step;\n}\n`;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const folder = path.resolve(process.argv[2] ?? "planted-class");
  mkdirSync(folder, { recursive: true });
  if (readdirSync(folder).length > 0) {
    console.error(`${folder} is not empty`);
    process.exitCode = 2;
  } else {
    plantedClass(folder);
    console.log(`Wrote ${STUDENTS.length} submissions to ${folder}`);
  }
}
