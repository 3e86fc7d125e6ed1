"""A LangChain chat model over llama-cpp-python, for local GGUF files."""

import threading
from typing import Any, Iterator

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr


def _role(message: BaseMessage) -> str:
    return {"human": "user", "ai": "assistant", "system": "system"}.get(message.type, "user")


class LlamaCppChat(BaseChatModel):
    """A LangChain chat model running a local GGUF file through llama-cpp-python."""

    model_path: str
    n_ctx: int = 4096
    max_tokens: int = 512
    temperature: float = 0.1
    _llama: Any = PrivateAttr(default=None)
    # llama.cpp contexts are not thread-safe; web users share one model.
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    def model_post_init(self, context: Any) -> None:
        """Load the model file once."""
        from llama_cpp import Llama

        self._llama = Llama(model_path=self.model_path, n_ctx=self.n_ctx, n_threads=2, verbose=False)

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _request(self, messages: list[BaseMessage], stop: list[str] | None) -> dict:
        return {
            "messages": [{"role": _role(m), "content": str(m.content)} for m in messages],
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "stop": stop or None,
        }

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        with self._lock:
            reply = self._llama.create_chat_completion(**self._request(messages, stop))
        text = reply["choices"][0]["message"].get("content") or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        with self._lock:
            for part in self._llama.create_chat_completion(stream=True, **self._request(messages, stop)):
                delta = part["choices"][0].get("delta", {}).get("content")
                if delta:
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                    if run_manager:
                        run_manager.on_llm_new_token(delta, chunk=chunk)
                    yield chunk
