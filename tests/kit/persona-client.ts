// What the mock client declares and introduces itself with when it plays a persona
// (tests/kit/personas.ts). A test's `sampling` option may narrow a persona or add
// sampling.tools, but only where the real client could: a mock that declared what its
// client never does would grade a server against a client nobody meets.
import type { ClientCapabilities, Implementation } from "@modelcontextprotocol/sdk/types.js";
import { PERSONAS, samples, type ClientPersona, type PersonaName } from "./personas.js";

/** The mock's `sampling` option: declare sampling (default: as the persona does); `{ tools: true }` adds sampling.tools. */
export type SamplingOption = boolean | { tools?: boolean };

export interface PersonaSetup {
  persona: ClientPersona;
  clientInfo: Implementation;
  capabilities: ClientCapabilities;
}

/**
 * The personas whose real client may declare sampling.tools, and who it then is.
 * spec: the spec makes sampling.tools optional, so a spec-exact client may declare it.
 * auto-approve: fast-agent declares it (on by default) and introduces itself as
 * "fast-agent-mcp" (mcp_agent_client_session.py, cited in personas.ts); the version is
 * a stand-in for its build's own. VS Code and Inspector never declare it (their sources,
 * cited in personas.ts), and no-sampling declares no sampling at all.
 */
const DECLARES_TOOLS_AS: Partial<Record<PersonaName, (persona: ClientPersona) => Implementation>> = {
  spec: (persona) => persona.clientInfo,
  "auto-approve": () => ({ name: "fast-agent-mcp", version: "1.0.0" }),
};

/** A test asked the mock for something its persona's client never does: a mistake in the test, not the lesson. */
export class PersonaMismatch extends Error {
  override name = "PersonaMismatch";
}

export function personaSetup(name: PersonaName = "spec", sampling?: SamplingOption): PersonaSetup {
  const persona = PERSONAS[name];
  const { sampling: declared, ...others } = persona.capabilities;
  if (sampling === undefined) return { persona, clientInfo: persona.clientInfo, capabilities: persona.capabilities };
  // Turning sampling off is always possible: a client may be configured without it (fast-agent can).
  if (sampling === false) return { persona, clientInfo: persona.clientInfo, capabilities: others };
  if (!samples(persona)) {
    throw new PersonaMismatch(`the ${name} persona cannot sample (${persona.clients}): drop the sampling option or pick another persona`);
  }
  if (typeof sampling !== "object" || !sampling.tools) return { persona, clientInfo: persona.clientInfo, capabilities: persona.capabilities };
  const declaresAs = DECLARES_TOOLS_AS[name];
  if (!declaresAs) {
    throw new PersonaMismatch(`the ${name} persona (${persona.clients}) never declares sampling.tools: use spec or auto-approve (fast-agent)`);
  }
  return { persona, clientInfo: declaresAs(persona), capabilities: { ...others, sampling: { ...declared, tools: {} } } };
}
