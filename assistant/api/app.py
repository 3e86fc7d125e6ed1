"""The FastAPI app of the API, mounted at /v1 beside the web app or served alone."""

import json
import logging

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.middleware import Middleware
from starlette.routing import Mount

from assistant import __version__
from assistant.answering.models import Answer
from assistant.api.access import Caller, Gate
from assistant.api.body_limit import BodyLimit
from assistant.api.chat import ChatService, Exchange, model_not_found
from assistant.api.docs_page import render_docs
from assistant.api.errors import ApiError, error_body, install_error_handlers
from assistant.api.keys import KeyStore, keys_path
from assistant.api.openai_shapes import (DONE, MODEL_ID, ChatRequest, SearchRequest, chunk, completion,
                                         completion_id, model_card)
from assistant.api.rate_limit import RateLimiter
from assistant.queries import QueryError, clean_query
from assistant.web.conversations import ConversationStore
from assistant.web.locking import ReadWriteLock

log = logging.getLogger(__name__)
MOUNT_PATH = "/v1"
DESCRIPTION = f"""OpenAI-compatible access to the assistant: point any OpenAI client at this base URL with the model `{MODEL_ID}`.

Answers cite their sources as [n] in the text; the response (the last chunk when streaming) adds `citations`, the cited passages in the `assistant search --json` shape, `[1]` being `citations[0]`, plus `refused` (true when the knowledge base does not cover the question) and `conversation_id`.

With sign-in on, every request needs `Authorization: Bearer <key>` (`assistant keys create NAME --user USER`); a key acts as its user. Errors use OpenAI's shape."""
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _extras(answer: Answer, exchange: Exchange) -> dict:
    """Return our fields beside OpenAI's: the cited passages, whether it is a refusal, the conversation."""
    return {"citations": [hit.public() for hit in answer.sources], "refused": answer.refused,
            "conversation_id": exchange.conversation_id}


def build_api(settings, assistant, conversations: ConversationStore | None = None,
              lock: ReadWriteLock | None = None) -> FastAPI:
    """Return the API app; pass the web app's conversations and lock when both serve together."""
    conversations = conversations or ConversationStore(settings.database_path)
    chat = ChatService(settings, assistant, conversations, lock or ReadWriteLock())
    gate = Gate(settings, KeyStore(keys_path(settings)), RateLimiter(settings.api_rate_limit))
    bearer = HTTPBearer(auto_error=False, description="An API key from `assistant keys create`.")
    app = FastAPI(title="IT outsourcing assistant API", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json", middleware=[Middleware(BodyLimit)])
    install_error_handlers(app)

    def caller(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Caller:
        return gate.admit(credentials.credentials if credentials else None)

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi(), request.scope.get("root_path", "")))

    @app.get("/models", summary="List the models: the assistant is the one model.", dependencies=[Depends(caller)])
    def list_models() -> dict:
        return {"object": "list", "data": [model_card()]}

    @app.get("/models/{model}", summary="Describe a model.", dependencies=[Depends(caller)])
    def describe_model(model: str) -> dict:
        if model != MODEL_ID:
            raise model_not_found(model)
        return model_card()

    @app.post("/chat/completions", summary="Answer the last user message, with citations.",
              description="History is the earlier user and assistant messages; system messages are ignored (the "
                          "assistant keeps its own instructions). `stream: true` sends server-sent events ending with "
                          "`data: [DONE]`. Optional `conversation_id` (an id or \"new\") saves the exchange.")
    def chat_completions(body: ChatRequest, who: Caller = Depends(caller)):
        exchange = chat.prepare(body, who.user)
        if body.stream:
            return StreamingResponse(_events(exchange), media_type="text/event-stream", headers=SSE_HEADERS)
        final = None
        try:
            for event in chat.answer(exchange):
                final = event if isinstance(event, Answer) else final
        except QueryError as exc:
            raise ApiError(400, str(exc), param="messages") from exc
        return completion(completion_id(), final.answer, _extras(final, exchange))

    def _events(exchange: Exchange):
        """Yield the server-sent events of a streamed answer; a failure mid-way ends it with an error event."""
        cid = completion_id()
        yield chunk(cid, {"role": "assistant", "content": ""})
        try:
            for event in chat.answer(exchange):
                if isinstance(event, Answer):
                    yield chunk(cid, {}, "stop", _extras(event, exchange))
                else:
                    yield chunk(cid, {"content": event})
        except Exception:  # the client gets a plain error event; the traceback stays in the server log
            log.exception("streamed answer failed for %s", exchange.user)
            failure = error_body("The server failed while answering; the details are in its log.", type="server_error")
            yield f"data: {json.dumps(failure)}\n\n"
        yield DONE

    @app.post("/search", summary="Search the knowledge base: the `assistant search --json` array.")
    def search(body: SearchRequest, who: Caller = Depends(caller)) -> list[dict]:
        try:
            query, _ = clean_query(body.query, settings.max_query_chars)
        except QueryError as exc:
            raise ApiError(400, str(exc), param="query") from exc
        with chat.lock.reading():
            hits = assistant.retriever.search(query, k=body.k, filters={"kind": body.kind} if body.kind else None)
        return [hit.public() for hit in hits]

    @app.get("/conversations", summary="List your saved conversations, most recent first.")
    def list_conversations(who: Caller = Depends(caller)) -> dict:
        return {"object": "list", "data": [{"id": c.id, "title": c.title, "updated": c.updated}
                                           for c in conversations.recent(who.user)]}

    @app.get("/conversations/{conversation_id}", summary="Read one of your conversations.")
    def read_conversation(conversation_id: int, who: Caller = Depends(caller)) -> dict:
        messages = conversations.messages(who.user, conversation_id)
        if messages is None:  # another user's conversation looks exactly like a missing one
            raise ApiError(404, f"You have no conversation {conversation_id}.", code="conversation_not_found")
        return {"id": conversation_id, "object": "conversation",
                "messages": [{"role": m.role, "content": m.content, "citations": m.sources, "notice": m.notice}
                             for m in messages]}

    return app


def api_routes(settings, assistant, conversations: ConversationStore | None = None,
               lock: ReadWriteLock | None = None) -> list[Mount]:
    """Return the routes that mount the API at /v1 in another app (the web app's)."""
    return [Mount(MOUNT_PATH, app=build_api(settings, assistant, conversations, lock))]
