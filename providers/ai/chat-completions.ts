// An OpenAI-compatible chat-completions client (OpenAI, Azure OpenAI, Ollama,
// vLLM, llama.cpp's server): POST {baseUrl}/chat/completions with the model and
// messages, bearer key when set, a timeout. Failures are classified so the
// activity that uses it can retry the transient ones (429 with its Retry-After,
// 5xx, timeouts, broken answers) and fail at once on configuration (4xx, an
// unknown model), with a message a handler can act on. No text is logged here.

export interface ChatMessage { role: 'system' | 'user' | 'assistant'; content: string }
export interface ChatCompletionsConfig { baseUrl: string; model: string; apiKey: string | null; timeoutMs: number }

/** `retryable`: try again (after `retryAfterSeconds` when the provider said so); otherwise the configuration is wrong. */
export class AiProviderError extends Error {
  override name = 'AiProviderError';
  constructor(
    message: string,
    readonly kind: 'rate_limited' | 'server_error' | 'timeout' | 'bad_response' | 'rejected' | 'unreachable',
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
  get retryable(): boolean {
    return this.kind !== 'rejected';
  }
}

/** Retry-After as seconds (a number of seconds or an HTTP date), capped at ten minutes. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(600, seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.min(600, Math.max(0, Math.ceil((at - now) / 1000)));
}

export interface ChatCompletionsClient {
  readonly model: string;
  readonly provider: string;
  /** The assistant's text; throws AiProviderError. */
  complete(messages: ChatMessage[], options?: { json?: boolean }): Promise<string>;
}

export function createChatCompletionsClient(config: ChatCompletionsConfig): ChatCompletionsClient {
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  return {
    model: config.model,
    provider: new URL(config.baseUrl).host,
    async complete(messages, options = {}) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
          body: JSON.stringify({ model: config.model, messages, temperature: 0.2, ...(options.json ? { response_format: { type: 'json_object' } } : {}) }),
          signal: AbortSignal.timeout(config.timeoutMs),
        });
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'TimeoutError' || name === 'AbortError') throw new AiProviderError(`the AI provider did not answer within ${config.timeoutMs} ms`, 'timeout');
        throw new AiProviderError('the AI provider could not be reached', 'unreachable');
      }
      const body = await response.text().catch(() => '');
      if (response.status === 429) throw new AiProviderError('the AI provider is rate limiting', 'rate_limited', retryAfterSeconds(response.headers.get('retry-after')));
      if (response.status >= 500) throw new AiProviderError(`the AI provider failed (HTTP ${response.status})`, 'server_error');
      if (response.status >= 400) {
        // 401/403: the key; 404: the model or the URL; 400: the request. None gets better by retrying.
        const what = response.status === 401 || response.status === 403 ? 'the API key was refused'
          : response.status === 404 ? `the model "${config.model}" or the base URL is unknown to the provider`
          : `the provider refused the request (HTTP ${response.status})`;
        throw new AiProviderError(`AI drafting is misconfigured: ${what}`, 'rejected');
      }
      let parsed: { choices?: { message?: { content?: unknown } }[] };
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new AiProviderError('the AI provider answered something that is not JSON', 'bad_response');
      }
      const content = parsed?.choices?.[0]?.message?.content;
      if (typeof content !== 'string' || !content.trim()) throw new AiProviderError('the AI provider answered with no text', 'bad_response');
      return content;
    },
  };
}
