"""Model providers: the registry of model ids, the offline engine and the real-model clients (Gemini, LiteLLM,
Jules)."""
