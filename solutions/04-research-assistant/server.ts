// Reference solution for lesson 04: the server does the deterministic work
// (search, parse, trim) and asks the client's model for one synthesis.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

export interface Paper {
  title: string;
  abstract: string;
  url?: string;
}

export type SearchPapers = (topic: string, max: number) => Promise<Paper[]>;

export interface ResearchDeps {
  /** Finds papers on a topic; defaults to arXiv. */
  searchPapers?: SearchPapers;
}

const ARXIV_API = "https://export.arxiv.org/api/query";
const ABSTRACT_LIMIT = 500;

const SYSTEM_PROMPT =
  "You are a research analyst. From the papers the user gives you, write a short synthesis with three parts: " +
  "key findings, open questions or gaps, and promising directions. Use only what the papers say, and cite papers by title.";

// ---------------------------------------------------------------------------
// arXiv search: plain deterministic code, no model involved.
// ---------------------------------------------------------------------------

/** Searches arXiv's Atom API. Throws when arXiv answers with an HTTP error. */
export async function searchArxiv(topic: string, max: number, fetchImpl: typeof fetch = fetch): Promise<Paper[]> {
  const response = await fetchImpl(arxivQueryUrl(topic, max));
  if (!response.ok) {
    throw new Error(`arXiv answered HTTP ${response.status} ${response.statusText}`.trim());
  }
  // arXiv answers with Atom XML, not JSON.
  return parseArxivFeed(await response.text());
}

function arxivQueryUrl(topic: string, max: number): string {
  const query = new URLSearchParams({ search_query: `all:${topic}`, start: "0", max_results: String(max) });
  return `${ARXIV_API}?${query}`;
}

/** One paper per <entry> of an Atom feed (the feed's own <title> is not a paper). */
export function parseArxivFeed(xml: string): Paper[] {
  return [...xml.matchAll(/<entry(?:\s[^>]*)?>([\s\S]*?)<\/entry>/g)].map(([, entry]) => paperFromEntry(entry!));
}

function paperFromEntry(entry: string): Paper {
  const url = elementText(entry, "id");
  return { title: elementText(entry, "title"), abstract: elementText(entry, "summary"), ...(url ? { url } : {}) };
}

/** The text of the first <tag> element: entities decoded, line breaks and indentation collapsed. */
function elementText(xml: string, tag: string): string {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml);
  return match ? collapseWhitespace(decodeEntities(match[1]!)) : "";
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  // A single pass: "&amp;lt;" must become the text "&lt;", not "<".
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!);
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

// ---------------------------------------------------------------------------
// The tool: search, trim, then one sampling request for every paper together.
// ---------------------------------------------------------------------------

function cutAbstract(paper: Paper): Paper {
  if (paper.abstract.length <= ABSTRACT_LIMIT) return paper;
  // 499 characters and an ellipsis: 500 in all, and the model can see the text was cut.
  return { ...paper, abstract: `${paper.abstract.slice(0, ABSTRACT_LIMIT - 1)}…` };
}

function synthesisRequest(topic: string, papers: Paper[]): string {
  const listed = papers.map((paper, i) => `${i + 1}. ${paper.title}\n${paper.abstract}`).join("\n\n");
  return `Topic: ${topic}\n\nSynthesize these ${papers.length} papers:\n\n${listed}`;
}

function errorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text }] };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createServer(deps: ResearchDeps = {}): McpServer {
  const searchPapers = deps.searchPapers ?? searchArxiv;
  const server = new McpServer({ name: "lesson-04-research-assistant", version: "1.0.0" });

  server.registerTool(
    "research_topic",
    {
      title: "Research a topic",
      description: "Searches arXiv for papers on a topic and asks the client's model to synthesize them.",
      inputSchema: {
        topic: z.string().min(1).describe("What to research, e.g. \"graph neural networks\""),
        // Capped: every paper adds up to 500 characters to the one prompt.
        max_results: z.number().int().min(1).max(50).default(5).describe("How many papers to read (default 5)"),
      },
      outputSchema: {
        raw_papers: z.number().int().describe("How many papers the search returned"),
        synthesis: z.string().describe("The model's synthesis (empty when no paper was found)"),
      },
    },
    async ({ topic, max_results }) => {
      let papers: Paper[];
      try {
        papers = await searchPapers(topic, max_results);
      } catch (error) {
        // Say which step failed: the caller cannot tell a search outage from a model failure otherwise.
        return errorResult(`Searching for papers on "${topic}" failed, so nothing was synthesized: ${messageOf(error)}`);
      }

      if (papers.length === 0) {
        // Nothing to reason about: a sampling request would only spend the user's tokens.
        return {
          content: [{ type: "text", text: `No papers found for "${topic}", so there is nothing to synthesize.` }],
          structuredContent: { raw_papers: 0, synthesis: "" },
        };
      }

      // One request with every paper: the model can compare them, and the user approves one prompt, not five.
      const result = await server.server.createMessage({
        systemPrompt: SYSTEM_PROMPT,
        messages: [{ role: "user", content: { type: "text", text: synthesisRequest(topic, papers.map(cutAbstract)) } }],
        maxTokens: 1500,
      });
      if (result.content.type !== "text") {
        return errorResult(`The client's model answered with ${result.content.type} content instead of a text synthesis.`);
      }

      const structuredContent = { raw_papers: papers.length, synthesis: result.content.text };
      return { content: [{ type: "text", text: JSON.stringify(structuredContent) }], structuredContent };
    },
  );

  return server;
}
