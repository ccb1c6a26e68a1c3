// Preloaded into a lesson's server by `npm run play -- ... --offline` (node --import):
// the server's web requests never leave the machine. An arXiv query (lesson 04) gets
// a sample Atom feed, so the student's own URL building and XML parsing still run;
// any other address fails the way it would on a machine with no network.

const SAMPLES = [
  {
    aspect: "a survey of approaches",
    summary:
      "It surveys how earlier work approached the topic, groups the methods into three families, and compares " +
      "their reported results. (An offline sample, not a real arXiv abstract.)",
  },
  {
    aspect: "a benchmark and its pitfalls",
    summary:
      "It proposes a benchmark for the topic and shows that two common evaluation shortcuts overstate accuracy " +
      "by a wide margin. (An offline sample, not a real arXiv abstract.)",
  },
  {
    aspect: "open problems",
    summary:
      "It lists open problems, argues that data quality limits progress more than model size, and suggests " +
      "directions for future work. (An offline sample, not a real arXiv abstract.)",
  },
];

globalThis.fetch = (async (input: string | URL | Request) => {
  const url = new URL(input instanceof Request ? input.url : input);
  if (url.hostname === "arxiv.org" || url.hostname.endsWith(".arxiv.org")) {
    return new Response(sampleFeed(url), { headers: { "content-type": "application/atom+xml; charset=utf-8" } });
  }
  throw new TypeError(`fetch failed: the playground runs this server --offline, so ${url.host} cannot be reached`);
}) as typeof fetch;

function sampleFeed(url: URL): string {
  const topic = (url.searchParams.get("search_query") ?? "").replace(/^all:/, "") || "this topic";
  const max = Number(url.searchParams.get("max_results") ?? SAMPLES.length);
  const entries = SAMPLES.slice(0, Number.isInteger(max) && max > 0 ? max : SAMPLES.length).map(
    ({ aspect, summary }, i) => `  <entry>
    <id>http://arxiv.org/abs/sample-${i + 1}</id>
    <title>Sample paper ${i + 1} on ${xml(topic)}: ${aspect}</title>
    <summary>${xml(summary)}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Offline sample feed for ${xml(topic)}</title>
${entries.join("\n")}
</feed>
`;
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
