// Reference solution for lesson 11: sampling with tools. When the client declares
// sampling.tools, the model may call `lookup`; the server runs it and sends the result
// back, up to MAX_ITERATIONS sampling requests. Otherwise: one plain request.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type {
  SamplingMessage,
  SamplingMessageContentBlock,
  Tool,
  ToolResultContent,
  ToolUseContent,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

const MAX_ITERATIONS = 5;
const MAX_TOKENS = 1000;
const ROLE = "You answer visitors' questions about the Harbor Street Library in at most four sentences.";
const WITH_TOOLS_PROMPT = `${ROLE} Check every fact with the lookup tool before you state it, and say so when the knowledge base has no answer.`;
const WITH_NOTES_PROMPT = `${ROLE} Use only the notes given with the question, and say so when they do not answer it.`;

// A tool definition scoped to the sampling request: the model may call it, the server runs it.
// It is not registered with registerTool, so MCP clients never see it in tools/list.
const LOOKUP_TOOL: Tool = {
  name: "lookup",
  description: "Searches the Harbor Street Library's knowledge base and returns the best matching entries.",
  inputSchema: {
    type: "object",
    properties: { query: { type: "string", description: "A few words to search for, e.g. \"late fees\"" } },
    required: ["query"],
  },
};

type Answer = { text: string; isError?: boolean };

export function createServer(): McpServer {
  const server = new McpServer({ name: "lesson-11-library-assistant", version: "1.0.0" });

  async function answerWithTools(question: string): Promise<Answer> {
    // The whole conversation, resent with every request: the client keeps no state between them.
    const messages: SamplingMessage[] = [{ role: "user", content: { type: "text", text: question } }];
    for (let iteration = 1; ; iteration++) {
      const isLast = iteration === MAX_ITERATIONS;
      const result = await server.server.createMessage({
        systemPrompt: WITH_TOOLS_PROMPT,
        messages,
        maxTokens: MAX_TOKENS,
        tools: [LOOKUP_TOOL],
        // The spec's suggestion for the last turn: no more tools, answer with what you have.
        toolChoice: { mode: isLast ? "none" : "auto" },
      });
      // With tools, content may be one block or an array (parallel tool calls).
      const blocks = Array.isArray(result.content) ? result.content : [result.content];
      const toolUses = blocks.filter((block): block is ToolUseContent => block.type === "tool_use");
      if (toolUses.length === 0) return finalAnswer(blocks);
      if (isLast) {
        return { isError: true, text: `No answer after ${MAX_ITERATIONS} sampling requests: the model kept asking for lookups.` };
      }
      messages.push({ role: "assistant", content: blocks });
      // One user message holding only tool results, one per tool_use id (the spec requires both).
      messages.push({ role: "user", content: toolUses.map(runTool) });
    }
  }

  async function answerPlainly(question: string): Promise<Answer> {
    // No tools on this client: the server does the lookup itself, up front, and hands over the result.
    const notes = lookup(question);
    const result = await server.server.createMessage({
      systemPrompt: WITH_NOTES_PROMPT,
      messages: [{ role: "user", content: { type: "text", text: `${question}\n\nNotes from the knowledge base:\n${notes}` } }],
      maxTokens: MAX_TOKENS,
    });
    if (result.content.type !== "text") return { isError: true, text: `The model answered with ${result.content.type} content.` };
    return { text: result.content.text };
  }

  server.registerTool(
    "answer_with_lookup",
    {
      title: "Answer with lookup",
      description: "Answers a question about the Harbor Street Library with the client's model, which may look facts up.",
      inputSchema: { question: z.string().describe("The visitor's question") },
    },
    async ({ question }) => {
      const sampling = server.server.getClientCapabilities()?.sampling;
      if (!sampling) {
        return { isError: true, content: [{ type: "text", text: "This client cannot sample, so there is no model to answer with." }] };
      }
      // Tools only go to a client that declared sampling.tools: the spec says MUST NOT otherwise.
      const answer = sampling.tools ? await answerWithTools(question) : await answerPlainly(question);
      return { isError: answer.isError, content: [{ type: "text", text: answer.text }] };
    },
  );

  return server;
}

function finalAnswer(blocks: SamplingMessageContentBlock[]): Answer {
  const text = blocks.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n");
  return text.trim() === "" ? { isError: true, text: "The model's final answer held no text." } : { text };
}

function runTool(toolUse: ToolUseContent): ToolResultContent {
  const reply = (text: string, isError = false): ToolResultContent => ({
    type: "tool_result",
    toolUseId: toolUse.id,
    content: [{ type: "text", text }],
    ...(isError ? { isError } : {}),
  });
  // The model chose these arguments: check them like any other untrusted input.
  if (toolUse.name !== "lookup") return reply(`There is no tool named "${toolUse.name}"; use lookup.`, true);
  const query = toolUse.input.query;
  if (typeof query !== "string" || query.trim() === "") return reply("lookup needs a non-empty query string.", true);
  return reply(lookup(query));
}

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
