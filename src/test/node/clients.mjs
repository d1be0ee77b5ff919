// Runs one call of an official Node client against the gateway and prints what the client got, as
// JSON, for NodeClientsTest:  node clients.mjs <scenario> <gateway base URL>
import OpenAI from 'openai';
import { Ollama } from 'ollama';
import { generateText, streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';

const [scenario, base] = process.argv.slice(2);
const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused-by-the-gateway', maxRetries: 0 });
const ollama = new Ollama({ host: base });
const vercel = createOpenAI({ baseURL: `${base}/v1`, apiKey: 'unused-by-the-gateway' });

const scenarios = {
  // openai-node
  async responses() {
    const response = await openai.responses.create({ model: 'ollama/qwen3', instructions: 'Be brief.', input: 'Why is the sky blue?' });
    return { id: response.id, status: response.status, text: response.output_text, usage: response.usage };
  },
  async responsesStream() {
    const stream = await openai.responses.create({ model: 'ollama/qwen3', input: 'Why is the sky blue?', stream: true });
    const types = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    return { types, text };
  },
  async responsesToolLoop() {
    const tools = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
    const first = await openai.responses.create({ model: 'ollama/qwen3', input: 'Weather in Paris?', tools });
    const call = first.output.find((item) => item.type === 'function_call');
    const second = await openai.responses.create({
      model: 'ollama/qwen3', previous_response_id: first.id, tools,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'Sunny, 21 °C' }],
    });
    return { call: { name: call.name, arguments: call.arguments, call_id: call.call_id }, text: second.output_text };
  },
  async embeddings() {
    // openai-node asks for base64 and decodes it itself
    const reply = await openai.embeddings.create({ model: 'ollama/nomic-embed-text', input: ['alpha', 'beta'] });
    return { vectors: reply.data.map((item) => item.embedding), usage: reply.usage };
  },
  async completions() {
    const reply = await openai.completions.create({ model: 'ollama/codellama', prompt: 'def fib(n):', suffix: '    return a', max_tokens: 16 });
    return { text: reply.choices[0].text, finish: reply.choices[0].finish_reason };
  },
  // the Vercel AI SDK's default OpenAI provider, which speaks the Responses API
  async vercelGenerate() {
    const result = await generateText({ model: vercel('ollama/qwen3'), prompt: 'Why is the sky blue?' });
    return { text: result.text, inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens };
  },
  async vercelStream() {
    const result = streamText({ model: vercel('ollama/qwen3'), prompt: 'Why is the sky blue?' });
    const parts = [];
    for await (const part of result.textStream) parts.push(part);
    return { parts, text: parts.join('') };
  },
  // ollama-js
  async ollamaGenerate() {
    const parts = [];
    for await (const part of await ollama.generate({ model: 'ollama/llama3.2', prompt: 'Why is the sky blue?', stream: true })) {
      parts.push(part.response);
      if (part.done) return { parts, doneReason: part.done_reason, evalCount: part.eval_count };
    }
    throw new Error('no done line');
  },
  async ollamaEmbed() {
    const reply = await ollama.embed({ model: 'ollama/all-minilm', input: ['alpha', 'beta'] });
    return { embeddings: reply.embeddings, promptEvalCount: reply.prompt_eval_count };
  },
  async ollamaPs() {
    const reply = await ollama.ps();
    return { names: reply.models.map((model) => model.name) };
  },
  async ollamaPull() {
    const statuses = [];
    for await (const progress of await ollama.pull({ model: 'ollama/llama3.2', stream: true })) {
      statuses.push(progress.status + (progress.completed ? ` ${progress.completed}/${progress.total}` : ''));
    }
    return { statuses };
  },
};

try {
  console.log(JSON.stringify(await scenarios[scenario]()));
} catch (error) {
  console.log(JSON.stringify({ error: String(error?.message ?? error), status: error?.status ?? null }));
}
