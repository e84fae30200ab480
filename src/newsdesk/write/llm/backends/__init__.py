"""Chat backends for the LLM writer: one method, ``complete``, each in its own module.

* :mod:`.openai`: any OpenAI-compatible chat-completions endpoint over HTTP (OpenAI and other
  hosted APIs, Ollama, vLLM, llama.cpp's server);
* :mod:`.llamacpp`: a local GGUF file through llama-cpp-python (``pip install newsdesk[local]``).
"""

from newsdesk.write.llm.backends.base import Backend, Completion, Message, OnToken

__all__ = ["Backend", "Completion", "Message", "OnToken"]
