// Who wrote the same code: per lesson, the pairs of submissions whose lesson
// files are most alike, by Dolos (Ghent University; winnowing over tree-sitter
// tokens, so renamed variables and moved comments do not hide a copy). The
// starter is Dolos's template, so the boilerplate every student was given does
// not count; the reference solution takes part, so copies of it stand out.
//
// Dolos builds native parsers when installed (~80 s, a C++ toolchain), so it is
// not a dependency of the course: it is loaded only when --similarity asks.
import type { Lesson } from "../grader/catalog.js";
import type { LessonSources } from "./lesson-sources.js";

export const DOLOS_PACKAGE = "@dodona/dolos-lib";

// --engine-strict=false: the course's .npmrc refuses packages whose engines do not
// match, and Dolos's build tool (node-gyp) declares a newer Node than it needs.
export const DOLOS_MISSING =
  `--similarity needs Dolos, which the course does not install: run \`npm install --no-save --engine-strict=false ${DOLOS_PACKAGE}\` ` +
  "(it builds native parsers: a minute or two, and a C++ toolchain), then run class-report again.";

// The parts of Dolos's API used here, as its dist/*.d.ts (3.5) declare them; the
// package itself may be absent, so its types cannot be imported.
interface DolosFile {
  readonly path: string;
}
interface DolosPair {
  readonly leftFile: DolosFile;
  readonly rightFile: DolosFile;
  /** (shared fingerprints on both sides) / (all fingerprints of both), template excluded. */
  readonly similarity: number;
}
export interface DolosModule {
  Dolos: new (options?: { language?: string }) => {
    analyze(files: DolosFile[], name?: string, ignoredFile?: DolosFile): Promise<{ allPairs(): DolosPair[] }>;
  };
  File: new (path: string, content: string) => DolosFile;
}

/** Dolos, or undefined when it is not installed. */
export async function loadDolos(): Promise<DolosModule | undefined> {
  // A variable specifier: TypeScript must not look for a package that may be absent.
  const specifier: string = DOLOS_PACKAGE;
  try {
    return (await import(specifier)) as DolosModule;
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND") return undefined;
    throw error;
  }
}

export interface SimilarPair {
  /** Student folder names, or referenceLabel(lesson) for the reference solution. */
  a: string;
  b: string;
  /** 0 to 1. Dolos's measure: byte-identical files with much starter code may score well below 1. */
  similarity: number;
  /** The two texts are the same but for blank space: which Dolos's score does not say. */
  identical: boolean;
}

/** Contains a "/", which no folder name can: the reference can never be mistaken for a student. */
export function referenceLabel(lesson: Lesson): string {
  return `solutions/${lesson.id}`;
}

/** Every pair of the lesson's participants that share code beyond the starter, most alike first. */
export async function similarPairs(
  dolos: DolosModule,
  lesson: Lesson,
  submissions: Map<string, LessonSources>,
  reference: LessonSources,
  starter: LessonSources,
): Promise<SimilarPair[]> {
  const participants = [...submissions, [referenceLabel(lesson), reference] as const]
    .map(([name, sources]) => ({ name, text: joined(lesson, sources) }))
    .filter((p) => p.text.trim() !== "");
  if (participants.length < 2) return [];
  // Dolos sees only indices as paths: a student's folder name never reaches its tokenizer.
  const files = participants.map((p, i) => new dolos.File(`${i}.ts`, p.text));
  const analyzer = new dolos.Dolos({ language: "typescript" });
  const report = await analyzer.analyze(files, lesson.id, new dolos.File("starter.ts", joined(lesson, starter)));
  // Pairs name Dolos's tokenized copies of the files, which keep their paths.
  const participant = (file: DolosFile) => participants[Number.parseInt(file.path, 10)]!;
  const squeezed = (text: string) => text.replace(/\s+/g, "");
  return report
    .allPairs()
    .filter((pair) => pair.similarity > 0)
    .map((pair) => {
      const [a, b] = [participant(pair.leftFile), participant(pair.rightFile)];
      return { a: a.name, b: b.name, similarity: pair.similarity, identical: squeezed(a.text) === squeezed(b.text) };
    })
    .sort((x, y) => Number(y.identical) - Number(x.identical) || y.similarity - x.similarity);
}

/** A lesson of several files is compared as one text, in lesson.json's order. */
function joined(lesson: Lesson, sources: LessonSources): string {
  return lesson.files.map((file) => sources[file] ?? "").join("\n");
}
