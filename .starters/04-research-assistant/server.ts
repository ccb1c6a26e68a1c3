// Lesson 04: a research assistant. The server does the deterministic work
// (search arXiv, parse, trim) and asks the client's model for ONE synthesis.
// Read README.md in this folder first, then fill in the TODOs below.
// Check your work with: npm run grade -- 04
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

export interface Paper {
  title: string;
  abstract: string;
  url?: string;
}

export type SearchPapers = (topic: string, max: number) => Promise<Paper[]>;

export interface ResearchDeps {
  /** Finds papers on a topic; defaults to arXiv. The tests pass a fake. */
  searchPapers?: SearchPapers;
}

const ARXIV_API = "https://export.arxiv.org/api/query";

// ---------------------------------------------------------------------------
// arXiv search: plain deterministic code, no model involved.
// ---------------------------------------------------------------------------

/** Searches arXiv's Atom API. Throws when arXiv answers with an HTTP error. */
export async function searchArxiv(topic: string, max: number, fetchImpl: typeof fetch = fetch): Promise<Paper[]> {
  // TODO 1: query arXiv through fetchImpl (never the global fetch: the tests pass a fake).
  //   - the URL is ARXIV_API with search_query=all:<topic>, start=0 and max_results=<max>;
  //     the topic must be URL-encoded (new URLSearchParams({ ... }) does it for you)
  //   - if the response is not ok (HTTP status outside 200-299), throw an Error that names the status
  //   - arXiv answers with Atom XML, not JSON: read response.text() and pass it to parseArxivFeed below
  void topic;
  void max;
  void fetchImpl;
  void ARXIV_API;
  throw new Error("TODO: searchArxiv is not written yet (lessons/04-research-assistant/server.ts)");
}

// The XML plumbing is done for you: a few regular expressions are enough for
// the three fields this tool reads, so the lesson needs no XML library.

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
      // With an outputSchema, every result that is not isError must carry matching structuredContent.
      outputSchema: {
        raw_papers: z.number().int().describe("How many papers the search returned"),
        synthesis: z.string().describe("The model's synthesis (empty when no paper was found)"),
      },
    },
    async ({ topic, max_results }) => {
      // TODO 2: papers = await searchPapers(topic, max_results). If it throws, return
      //   { isError: true, content: [...] } with a message saying the search failed (and why),
      //   and send no sampling request.
      //
      // TODO 3: if there are no papers, send no sampling request: return a message saying
      //   nothing was found, with structuredContent { raw_papers: 0, synthesis: "" }.
      //
      // TODO 4: cut every abstract to at most 500 characters, then send ONE sampling request
      //   (server.server.createMessage) whose user message lists every paper's title and abstract,
      //   with a systemPrompt for a research analyst and a maxTokens budget (1500 is plenty).
      //
      // TODO 5: return structuredContent { raw_papers: <number of papers found>, synthesis: <the model's text> }
      //   (and the same as JSON in a text block). Non-text content from the model is an error result.
      void searchPapers;
      void topic;
      void max_results;
      return {
        isError: true,
        content: [{ type: "text", text: "TODO: research_topic is not written yet (lessons/04-research-assistant/server.ts)" }],
      };
    },
  );

  return server;
}
