import {
  ALNUM, BASE64URL, HEX, LETTERS, LOWER_ALNUM, chars, choice, defineRule, text, uuid,
  type ProviderRule, type RuleSpec,
} from './tokenShape';

const rule = (spec: Omit<RuleSpec, 'category'>): ProviderRule => defineRule({ ...spec, category: 'ai' });

const OPENAI_KEYS = 'https://platform.openai.com/api-keys';

export const AI_RULES: readonly ProviderRule[] = [
  rule({
    id: 'openai-project-key', title: 'OpenAI project API key', provider: 'OpenAI', severity: 'critical',
    revokeUrl: OPENAI_KEYS, envName: 'OPENAI_API_KEY', parts: [text('sk-proj-'), chars(BASE64URL, 80, 250)],
    minEntropy: 4,
  }),
  rule({
    id: 'openai-service-account-key', title: 'OpenAI service account key', provider: 'OpenAI',
    severity: 'critical', revokeUrl: OPENAI_KEYS, envName: 'OPENAI_API_KEY',
    parts: [text('sk-svcacct-'), chars(BASE64URL, 80, 250)], minEntropy: 4,
  }),
  rule({
    id: 'openai-admin-key', title: 'OpenAI admin key', provider: 'OpenAI', severity: 'critical',
    revokeUrl: 'https://platform.openai.com/settings/organization/admin-keys', envName: 'OPENAI_ADMIN_KEY',
    parts: [text('sk-admin-'), chars(BASE64URL, 80, 250)], minEntropy: 4,
  }),
  rule({
    // Legacy keys embed the base64 of "openai" at a fixed place, which tells them from other `sk-` keys.
    id: 'openai-legacy-key', title: 'OpenAI API key (legacy user key)', provider: 'OpenAI',
    severity: 'critical', revokeUrl: OPENAI_KEYS, envName: 'OPENAI_API_KEY',
    parts: [text('sk-'), chars(ALNUM, 20), text('T3BlbkFJ'), chars(ALNUM, 20)],
  }),
  rule({
    id: 'anthropic-api-key', title: 'Anthropic API key', provider: 'Anthropic', severity: 'critical',
    revokeUrl: 'https://console.anthropic.com/settings/keys', envName: 'ANTHROPIC_API_KEY',
    parts: [text('sk-ant-api03-'), chars(BASE64URL, 93), text('AA')],
  }),
  rule({
    id: 'anthropic-admin-key', title: 'Anthropic admin API key', provider: 'Anthropic', severity: 'critical',
    revokeUrl: 'https://console.anthropic.com/settings/admin-keys', envName: 'ANTHROPIC_ADMIN_KEY',
    parts: [text('sk-ant-admin01-'), chars(BASE64URL, 93), text('AA')],
  }),
  rule({
    id: 'huggingface-access-token', title: 'Hugging Face user access token', provider: 'Hugging Face',
    severity: 'high', revokeUrl: 'https://huggingface.co/settings/tokens', envName: 'HF_TOKEN',
    parts: [text('hf_'), chars(LETTERS, 34)],
  }),
  rule({
    id: 'huggingface-org-token', title: 'Hugging Face organization API token', provider: 'Hugging Face',
    severity: 'high', revokeUrl: 'https://huggingface.co/settings/tokens', envName: 'HF_TOKEN',
    parts: [text('api_org_'), chars(LETTERS, 34)],
  }),
  rule({
    id: 'groq-api-key', title: 'Groq API key', provider: 'Groq', severity: 'high',
    revokeUrl: 'https://console.groq.com/keys', envName: 'GROQ_API_KEY',
    parts: [text('gsk_'), chars(ALNUM, 52)],
  }),
  rule({
    id: 'replicate-api-token', title: 'Replicate API token', provider: 'Replicate', severity: 'high',
    revokeUrl: 'https://replicate.com/account/api-tokens', envName: 'REPLICATE_API_TOKEN',
    parts: [text('r8_'), chars(ALNUM, 37)], minEntropy: 3.5,
  }),
  rule({
    id: 'perplexity-api-key', title: 'Perplexity API key', provider: 'Perplexity', severity: 'high',
    revokeUrl: 'https://www.perplexity.ai/settings/api', envName: 'PERPLEXITY_API_KEY',
    parts: [text('pplx-'), chars(ALNUM, 48)],
  }),
  rule({
    id: 'xai-api-key', title: 'xAI (Grok) API key', provider: 'xAI', severity: 'high',
    revokeUrl: 'https://console.x.ai/', envName: 'XAI_API_KEY', parts: [text('xai-'), chars(ALNUM, 80)],
  }),
  rule({
    id: 'openrouter-api-key', title: 'OpenRouter API key', provider: 'OpenRouter', severity: 'high',
    revokeUrl: 'https://openrouter.ai/settings/keys', envName: 'OPENROUTER_API_KEY',
    parts: [text('sk-or-v1-'), chars(HEX, 64)],
  }),
  rule({
    id: 'cohere-api-key', title: 'Cohere API key', provider: 'Cohere', severity: 'high',
    revokeUrl: 'https://dashboard.cohere.com/api-keys', envName: 'COHERE_API_KEY', parts: [chars(ALNUM, 40)],
    context: ['cohere', 'co_api_key'], minEntropy: 3.5,
  }),
  rule({
    id: 'mistral-api-key', title: 'Mistral AI API key', provider: 'Mistral AI', severity: 'high',
    revokeUrl: 'https://console.mistral.ai/api-keys/', envName: 'MISTRAL_API_KEY', parts: [chars(ALNUM, 32)],
    context: ['mistral'], minEntropy: 3.5,
  }),
  rule({
    id: 'deepseek-api-key', title: 'DeepSeek API key', provider: 'DeepSeek', severity: 'high',
    revokeUrl: 'https://platform.deepseek.com/api_keys', envName: 'DEEPSEEK_API_KEY',
    parts: [text('sk-'), chars(HEX, 32)], context: ['deepseek'],
  }),
  rule({
    id: 'together-api-key', title: 'Together AI API key', provider: 'Together AI', severity: 'high',
    revokeUrl: 'https://api.together.ai/settings/api-keys', envName: 'TOGETHER_API_KEY',
    parts: [chars(HEX, 64)], context: ['together'],
  }),
  rule({
    id: 'elevenlabs-api-key', title: 'ElevenLabs API key', provider: 'ElevenLabs', severity: 'high',
    revokeUrl: 'https://elevenlabs.io/app/settings/api-keys', envName: 'ELEVENLABS_API_KEY',
    parts: [text('sk_'), chars(HEX, 48)], context: ['elevenlabs', 'xi-api-key', 'xi_api_key'],
  }),
  rule({
    id: 'pinecone-api-key', title: 'Pinecone API key', provider: 'Pinecone', severity: 'high',
    revokeUrl: 'https://app.pinecone.io/', envName: 'PINECONE_API_KEY',
    parts: [text('pcsk_'), chars(ALNUM, 5, 6), text('_'), chars(ALNUM, 60, 70)],
  }),
  rule({
    id: 'langsmith-api-key', title: 'LangSmith API key', provider: 'LangChain', severity: 'high',
    revokeUrl: 'https://smith.langchain.com/settings', envName: 'LANGSMITH_API_KEY',
    parts: [text('lsv2_'), choice('pt_', 'sk_'), chars(HEX, 32), text('_'), chars(HEX, 10)],
  }),
  rule({
    id: 'langfuse-secret-key', title: 'Langfuse secret key', provider: 'Langfuse', severity: 'high',
    revokeUrl: 'https://langfuse.com/faq/all/where-are-langfuse-api-keys', envName: 'LANGFUSE_SECRET_KEY',
    parts: [text('sk-lf-'), ...uuid()],
  }),
  rule({
    id: 'assemblyai-api-key', title: 'AssemblyAI API key', provider: 'AssemblyAI', severity: 'high',
    revokeUrl: 'https://www.assemblyai.com/app/account', envName: 'ASSEMBLYAI_API_KEY',
    parts: [chars(HEX, 32)], context: ['assemblyai', 'assembly_ai'],
  }),
  rule({
    id: 'deepgram-api-key', title: 'Deepgram API key', provider: 'Deepgram', severity: 'high',
    revokeUrl: 'https://console.deepgram.com/', envName: 'DEEPGRAM_API_KEY', parts: [chars(HEX, 40)],
    context: ['deepgram'],
  }),
  rule({
    id: 'stability-api-key', title: 'Stability AI API key', provider: 'Stability AI', severity: 'high',
    revokeUrl: 'https://platform.stability.ai/account/keys', envName: 'STABILITY_API_KEY',
    parts: [text('sk-'), chars(ALNUM, 48)], context: ['stability'], minEntropy: 3.5,
  }),
  rule({
    id: 'wandb-api-key', title: 'Weights & Biases API key', provider: 'Weights & Biases', severity: 'high',
    revokeUrl: 'https://wandb.ai/authorize', envName: 'WANDB_API_KEY', parts: [chars(HEX, 40)],
    context: ['wandb'],
  }),
  rule({
    id: 'cerebras-api-key', title: 'Cerebras API key', provider: 'Cerebras', severity: 'high',
    revokeUrl: 'https://cloud.cerebras.ai/', envName: 'CEREBRAS_API_KEY',
    parts: [text('csk-'), chars(LOWER_ALNUM, 48)], minEntropy: 3.5,
  }),
  rule({
    id: 'nvidia-api-key', title: 'NVIDIA NGC / NIM API key', provider: 'NVIDIA', severity: 'high',
    revokeUrl: 'https://org.ngc.nvidia.com/setup/api-keys', envName: 'NVIDIA_API_KEY',
    parts: [text('nvapi-'), chars(BASE64URL, 64)],
  }),
];
