// MCP sampling messages hold typed content blocks; providers take one string per
// message. This playground's models read text only, so everything else is shown
// to the person but refused for the model, never silently dropped.
import { ErrorCode, McpError, type SamplingMessage, type SamplingMessageContentBlock } from "@modelcontextprotocol/sdk/types.js";
import type { ProviderMessage } from "../../lib/llm-provider.js";

export function blocksOf(message: SamplingMessage): SamplingMessageContentBlock[] {
  return Array.isArray(message.content) ? message.content : [message.content];
}

/** A block as a person reads it: the text itself, or what kind of block stands there. */
export function describeBlock(block: SamplingMessageContentBlock): string {
  switch (block.type) {
    case "text":
      return block.text;
    case "image":
    case "audio":
      return `[${block.type}, ${block.mimeType}]`;
    case "tool_use":
      return `[tool_use: ${block.name}]`;
    case "tool_result":
      return `[tool_result for ${block.toolUseId}]`;
  }
}

export function toProviderMessages(messages: SamplingMessage[]): ProviderMessage[] {
  return messages.map((message) => ({
    role: message.role,
    content: blocksOf(message)
      .map((block) => {
        if (block.type !== "text") {
          throw new McpError(ErrorCode.InvalidParams, `The playground sends only text to its model; this request holds ${block.type} content.`);
        }
        return block.text;
      })
      .join("\n"),
  }));
}
