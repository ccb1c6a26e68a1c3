// The playground's pure parts: the spec's model rule, the offline course model
// (one test per kind of lesson request), and how --command is split into words.
import { describe, expect, test } from "vitest";
import type { CompletionRequest } from "../../lib/llm-provider.js";
import { chooseModel } from "../../scripts/playground/choose-model.js";
import { COURSE_MODEL, createCourseModel } from "../../scripts/playground/course-model.js";
import { splitCommand } from "../../scripts/playground/split-command.js";

describe("chooseModel", () => {
  const models = ["claude-haiku-4-5", "claude-sonnet-4-5", "gpt-5-mini"];

  test("the first hint that is part of a model id wins, in the hints' order", () => {
    expect(chooseModel([{ name: "opus" }, { name: "sonnet" }, { name: "haiku" }], models)).toBe("claude-sonnet-4-5");
    expect(chooseModel([{ name: "gpt-5" }, { name: "claude" }], models)).toBe("gpt-5-mini");
  });

  test("no hints, no match, or a hint without a name: the provider's default", () => {
    expect(chooseModel([], models)).toBe("claude-haiku-4-5");
    expect(chooseModel([{ name: "gemini" }], models)).toBe("claude-haiku-4-5");
    expect(chooseModel([{}], models)).toBe("claude-haiku-4-5");
  });
});

describe("the course model", () => {
  const model = createCourseModel();
  const ask = (systemPrompt: string, text: string, extra: Partial<CompletionRequest> = {}) =>
    model.complete({ model: COURSE_MODEL, systemPrompt, messages: [{ role: "user", content: text }], maxTokens: 1000, ...extra });

  test("summary: the text's own first sentences, without the request's framing", async () => {
    const text = "Sampling lets a server borrow the client's model. The client keeps the key. A person approves. Servers handle errors.";
    const reply = await ask("Summarize the user's text in three to five sentences.", `Summarize this text:\n\n${text}`);
    expect(reply).toEqual({
      text: "Sampling lets a server borrow the client's model. The client keeps the key. A person approves.",
      stopReason: "endTurn",
    });
  });

  test("classification: JSON with a label from the prompt's list, chosen by keywords", async () => {
    const system = 'Classify the document as one of: invoice, contract, resume, research_paper, other. Answer with JSON {"label", "confidence"}.';
    const invoice = JSON.parse((await ask(system, "INVOICE #42. Bill to: ACME. Amount due: $120, payment within 30 days.")).text);
    expect(invoice).toEqual({ label: "invoice", confidence: expect.any(Number) });
    expect(invoice.confidence).toBeGreaterThan(0.5);
    const paper = JSON.parse((await ask(system, "Abstract. We propose a method; experiments show gains over related work.")).text);
    expect(paper.label).toBe("research_paper");
    const other = JSON.parse((await ask(system, "Shopping list: eggs, milk.")).text);
    expect(other.label).toBe("other");
  });

  test("code review: findings from patterns, only the topics the reviewer was asked about", async () => {
    const code = [
      "def find(ids, rows):",
      "    for i in ids:",
      "        for r in rows:",
      '            cursor.execute("SELECT * FROM t WHERE id=" + i)',
      "    return eval(rows)",
    ].join("\n");
    const request = `Review this code:\n\n\`\`\`\n${code}\n\`\`\``;
    const full = (await ask("You are a code reviewer: look for bugs, security and performance problems.", request)).text;
    expect(full).toMatch(/line 2:.*loop/);
    expect(full).toMatch(/line 4:.*SQL/);
    expect(full).toMatch(/line 5:.*eval/);
    const security = (await ask("You are a security reviewer. Look only for security problems.", request)).text;
    expect(security).toMatch(/SQL/);
    expect(security).not.toMatch(/loop/);
    const performance = (await ask("You are a performance engineer.", request)).text;
    expect(performance).toMatch(/loop/);
    expect(performance).not.toMatch(/SQL|eval/);
    expect((await ask("You are a code reviewer.", "Review this code:\n\n```\nconst x = 1;\n```")).text).toMatch(/no obvious issues/i);
  });

  test("research synthesis: one line per paper, in the papers' order", async () => {
    const text = "Topic: graphs\n\nSynthesize these 2 papers:\n\n1. Second first\nIt finds B. More.\n\n2. First second\nIt finds A.";
    const reply = await ask("You are a research analyst. Write a synthesis.", text);
    expect(reply.text.split("\n")).toEqual(["Synthesis of 2 papers:", "- Second first: It finds B.", "- First second: It finds A."]);
  });

  test("honours maxTokens (about 4 characters a token) and stop sequences", async () => {
    const long = `Summarize this text:\n\n${"word ".repeat(400)}`;
    const cut = await ask("Summarize.", long, { maxTokens: 10 });
    expect(cut.text.length).toBeLessThanOrEqual(40);
    expect(cut.stopReason).toBe("maxTokens");
    const stopped = await ask("Summarize.", "Summarize this text:\n\nOne. Two. Three.", { stopSequences: ["Two"] });
    expect(stopped).toEqual({ text: "One. ", stopReason: "stopSequence" });
  });

  test("is deterministic and serves one model", async () => {
    expect(model.models).toEqual([COURSE_MODEL]);
    expect(await ask("Explain this error.", "TypeError: x is undefined")).toEqual(await ask("Explain this error.", "TypeError: x is undefined"));
  });
});

describe("splitCommand", () => {
  test("words, with single or double quotes grouping", () => {
    expect(splitCommand(`node  --import tsx server.ts "two words" 'it"s' a""b`)).toEqual(["node", "--import", "tsx", "server.ts", "two words", 'it"s', "ab"]);
    expect(splitCommand("npx -y pkg ''")).toEqual(["npx", "-y", "pkg", ""]);
  });

  test("an unclosed quote is an error", () => {
    expect(() => splitCommand("node 'server.ts")).toThrow(/unclosed ' quote/);
  });
});
