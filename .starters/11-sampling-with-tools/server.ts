// Lesson 11: sampling with tools, the 2025-11-25 addition.
// Read README.md in this folder first, then fill in the TODOs below.
// Check your work with: npm run grade -- 11
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

/** The most sampling requests one call may send, whatever the model asks for. */
const MAX_ITERATIONS = 5;

export function createServer(): McpServer {
  const server = new McpServer({ name: "lesson-11-library-assistant", version: "1.0.0" });

  server.registerTool(
    "answer_with_lookup",
    {
      title: "Answer with lookup",
      description: "Answers a question about the Harbor Street Library with the client's model, which may look facts up.",
      inputSchema: { question: z.string().describe("The visitor's question") },
    },
    async ({ question }) => {
      // TODO 1: read server.server.getClientCapabilities()?.sampling. If the client cannot
      //   sample at all, return an error result that says so.
      //
      // TODO 2: without sampling.tools, send ONE plain request with the question: no `tools`,
      //   no `toolChoice` (you may add lookup(question) to the user message as notes). Return
      //   its text; an answer that is not text is an error result that says so.
      //   Every request you send, here and in the loop, carries a systemPrompt that gives the
      //   model its role and a maxTokens budget (1000 is plenty for a few sentences).
      //
      // TODO 3: with sampling.tools, define the tool { name: "lookup", description, inputSchema:
      //   { type: "object", properties: { query: { type: "string" } }, required: ["query"] } }
      //   and send it in `tools`, with a `messages` array that starts with the question.
      //
      // TODO 4: the loop. result.content may be one block or an array: normalise it. No
      //   tool_use block means the model has answered: return its text blocks (none is an
      //   error result that says the answer held no text). Otherwise push onto
      //   the SAME messages array { role: "assistant", content: <the model's blocks> } and then
      //   { role: "user", content: [<one tool_result per tool_use>] }, where a tool_result is
      //   { type: "tool_result", toolUseId: <the tool_use's id>, content: [{ type: "text",
      //   text: lookup(<its input.query>) }] }. Then sample again. The model chose the name and
      //   the input: for a tool other than "lookup", or a query that is not a string, send a
      //   tool_result with isError: true and a text that says what to fix instead.
      //
      // TODO 5: stop after MAX_ITERATIONS requests, whatever the model asks, with a result
      //   that says why (isError: true).
      void question;
      return {
        isError: true,
        content: [{ type: "text", text: "TODO: answer_with_lookup is not written yet (lessons/11-sampling-with-tools/server.ts)" }],
      };
    },
  );

  return server;
}

// Provided (you do not need to change it): the lookup tool's implementation.
// The knowledge base: a fictional library, so the model cannot answer from memory.
const KNOWLEDGE_BASE: Array<{ title: string; text: string }> = [
  { title: "Opening hours", text: "Open Monday to Friday 9:00-20:00, Saturday 10:00-16:00; closed on Sundays and public holidays." },
  { title: "Borrowing", text: "Members borrow up to 12 items at once. Books are lent for 3 weeks, films and games for 1 week." },
  { title: "Renewals", text: "Items can be renewed twice, online or at the desk, unless another member has reserved them." },
  { title: "Late fees", text: "Late returns cost 0.20 per item per day, capped at 6.00 per item. Children's cards pay no late fees." },
  { title: "Membership", text: "Membership is free for residents; bring a photo ID and proof of address. Visitors pay 15.00 a year." },
  { title: "Study rooms", text: "Four study rooms for 2-6 people can be booked up to 7 days ahead, for at most 3 hours a day." },
  { title: "Printing and wifi", text: "Wifi is free with a library card. Printing costs 0.10 per page in black and white, 0.50 in colour." },
  { title: "Lost items", text: "A lost or damaged item is charged at its replacement price plus a 2.00 processing fee." },
];

function lookup(query: string): string {
  const words = query.toLowerCase().match(/[a-z]{4,}/g) ?? []; // skips "the", "and", ...
  const scored = KNOWLEDGE_BASE.map((entry) => {
    const haystack = `${entry.title} ${entry.text}`.toLowerCase();
    return { entry, score: words.filter((word) => haystack.includes(word)).length };
  })
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 2);
  if (scored.length === 0) return `No entry in the knowledge base matches "${query}".`;
  return scored.map(({ entry }) => `${entry.title}: ${entry.text}`).join("\n");
}
