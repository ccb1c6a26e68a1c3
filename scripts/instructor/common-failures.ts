// What the class got wrong, lesson by lesson: each student's FIRST failing test
// in a lesson (later failures often follow from it), grouped by test and the
// headline of its message, most common first. This is what to re-teach.
import type { Lesson } from "../grader/catalog.js";
import type { SubmissionOutcome } from "./grade-submission.js";

export interface CommonFailure {
  test: string;
  /** The message's first line. */
  headline: string;
  /** In class order. */
  students: string[];
}

export function commonFirstFailures(lesson: Lesson, outcomes: Map<string, SubmissionOutcome>): CommonFailure[] {
  const groups = new Map<string, CommonFailure>();
  for (const [student, outcome] of outcomes) {
    const result = outcome.results?.lessons.find((l) => l.id === lesson.id);
    if (!result || result.status === "pass") continue;
    // A lesson whose code never loaded has no failing test, only the lesson's message.
    const first = result.tests.find((t) => t.status !== "pass") ?? { name: "(the lesson could not run)", message: result.message };
    // Messages name the file with the student's own path: cut it, or the same mistake splits into one group per student.
    const headline = (first.message ?? "").split("\n")[0]!.trim().replace(new RegExp(`\\S*/(${lesson.id}/)`, "g"), "$1");
    const key = JSON.stringify([first.name, headline]);
    const group = groups.get(key) ?? { test: first.name, headline, students: [] };
    group.students.push(student);
    groups.set(key, group);
  }
  // Stable sort: equal counts keep the order in which the class first hit them.
  return [...groups.values()].sort((a, b) => b.students.length - a.students.length);
}
