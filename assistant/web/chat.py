"""Chat handlers: stream answers, keep conversations per user, record feedback."""

import logging
from dataclasses import dataclass, field
from itertools import chain

import gradio as gr

from assistant.answering.models import Answer, Turn
from assistant.queries import QueryError
from assistant.web.auth import current_user
from assistant.web.conversations import ConversationStore, StoredMessage
from assistant.web.locking import ReadWriteLock
from assistant.web.sources import inert_markdown, render_answer

log = logging.getLogger(__name__)
EXAMPLES = [
    "What are the risks of cloud outsourcing?",
    "Help me define my needs",
    "What are the benefits of outsourcing IT support?",
    "Which vendors offer 24/7 cybersecurity monitoring?",
    "How do I choose an outsourcing partner?",
]
THINKING = "*Searching the knowledge base…*"
TO_PLANNING = ("Let's define your needs together. I've opened **Plan an outsourcing**: one question at a time, "
               "each with the guide's advice, ending in a needs statement, a risk register and a vendor shortlist.")
FAILED = "Sorry, something went wrong while answering. Please try again; if it keeps happening, tell your administrator."
PREVIEW_CHARS = 300
RATINGS = {True: "up", False: "down"}


@dataclass
class ChatState:
    """One browser session's chat: the open conversation and what the chatbot shows."""

    conversation_id: int | None = None
    display: list[dict] = field(default_factory=list)
    message_ids: list[int | None] = field(default_factory=list)  # stored id of each displayed message
    rated_message: int | None = None  # the answer whose rating may get a comment
    plan_request: str | None = None  # a message asking to plan, for the Plan tab to pick up


def display_message(message: StoredMessage, question: str) -> dict:
    """Return the chatbot form of a stored message."""
    if message.role == "user":
        return {"role": "user", "content": inert_markdown(message.content)}
    return {"role": "assistant", "content": render_answer(message.content, message.sources, question, message.notice)}


class ChatHandlers:
    """Event handlers of the chat tab, sharing one Assistant across sessions."""

    def __init__(self, settings, assistant, conversations: ConversationStore, lock: ReadWriteLock,
                 is_planning_request=None):
        self.settings = settings
        self.assistant = assistant
        self.conversations = conversations
        self.lock = lock
        self.is_planning_request = is_planning_request

    def conversation_choices(self, user: str, selected: int | None) -> dict:
        """Return an update of the conversation list for a user."""
        choices = [(c.title, str(c.id)) for c in self.conversations.recent(user)]
        return gr.update(choices=choices, value=str(selected) if selected is not None else None)

    def list_conversations(self, state: ChatState, request: gr.Request):
        """Refresh the conversation list (on page load)."""
        return self.conversation_choices(current_user(request), state.conversation_id)

    def send(self, message: str, state: ChatState, request: gr.Request):
        """Stream the answer to a message; yields (chatbot, textbox, state, conversation list)."""
        user = current_user(request)
        text = (message or "").strip()
        if not text:
            yield state.display, "", state, gr.update()
            return
        if len(text) > self.settings.max_query_chars:
            yield self._too_long(text, state), message, state, gr.update()
            return
        if self.is_planning_request is not None and self.is_planning_request(text):
            yield self._to_planning(text, state), "", state, gr.update()
            return
        shown = len(state.display)
        try:
            yield from self._answer(user, text, state)
        except Exception:  # the user gets a plain message; the traceback stays in the server log
            log.exception("answering failed for %s", user)
            if len(state.display) > shown:
                self._replace_last(state, FAILED)
            else:
                state.display = state.display + [{"role": "user", "content": inert_markdown(text)},
                                                 {"role": "assistant", "content": FAILED}]
                state.message_ids = state.message_ids + [None, None]
            yield state.display, "", state, gr.update()

    def send_example(self, selected: gr.SelectData, state: ChatState, request: gr.Request):
        """Ask the example question a user clicked on the empty chat."""
        value = selected.value if isinstance(selected.value, dict) else {"text": str(selected.value or "")}
        yield from self.send(value.get("text", ""), state, request)

    def _too_long(self, text: str, state: ChatState) -> list[dict]:
        preview = text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "…"
        notice = (
            f"**Your message is {len(text):,} characters long; the limit is {self.settings.max_query_chars:,}.** "
            "Please shorten it (it is still in the message box) and send it again."
        )
        state.display = state.display + [
            {"role": "user", "content": inert_markdown(preview)},
            {"role": "assistant", "content": notice},
        ]
        state.message_ids = state.message_ids + [None, None]
        return state.display

    def _to_planning(self, text: str, state: ChatState) -> list[dict]:
        state.plan_request = text
        state.display = state.display + [{"role": "user", "content": inert_markdown(text)},
                                         {"role": "assistant", "content": TO_PLANNING}]
        state.message_ids = state.message_ids + [None, None]
        return state.display

    def _history(self, user: str, conversation_id: int) -> list[Turn]:
        return [Turn(m.role, m.content) for m in self.conversations.messages(user, conversation_id) or []]

    def _answer(self, user: str, text: str, state: ChatState):
        if not self.conversations.owns(user, state.conversation_id):
            state.conversation_id = self.conversations.create(user, text)
            state.display, state.message_ids = [], []
        history = self._history(user, state.conversation_id)
        question_id = self.conversations.add_message(user, state.conversation_id, "user", text)
        state.display = state.display + [{"role": "user", "content": inert_markdown(text)},
                                         {"role": "assistant", "content": THINKING}]
        state.message_ids = state.message_ids + [question_id, None]
        yield state.display, "", state, self.conversation_choices(user, state.conversation_id)
        try:
            final = yield from self._stream(text, history, state)
        except QueryError as exc:
            self._replace_last(state, inert_markdown(str(exc)))
            yield state.display, "", state, gr.update()
            return
        sources = [hit.public() for hit in final.sources]
        answer_id = self.conversations.add_message(user, state.conversation_id, "assistant", final.answer,
                                                   sources, final.notice)
        state.message_ids[-1] = answer_id
        self._replace_last(state, render_answer(final.answer, sources, final.standalone_question or text, final.notice))
        yield state.display, "", state, gr.update()

    def _stream(self, text: str, history: list[Turn], state: ChatState):
        """Yield partial displays while the assistant streams; return the final Answer."""
        events = self.assistant.stream(text, history)
        # Retrieval happens before the first event; hold the shared lock only that long so an upload
        # never swaps the index mid-search, yet a long LLM answer does not hold up uploads.
        with self.lock.reading():
            first = next(events, None)
        partial = ""
        for event in chain([first] if first is not None else [], events):
            if isinstance(event, Answer):
                return event
            partial += event
            self._replace_last(state, inert_markdown(partial) + " ▌")
            yield state.display, "", state, gr.update()
        raise RuntimeError("the assistant finished without an answer")

    @staticmethod
    def _replace_last(state: ChatState, content: str) -> None:
        state.display = state.display[:-1] + [{"role": "assistant", "content": content}]

    def new_chat(self, request: gr.Request):
        """Start an empty conversation; returns (chatbot, state, conversation list, textbox)."""
        state = ChatState()
        return [], state, self.conversation_choices(current_user(request), None), ""

    def open(self, choice: str | None, state: ChatState, request: gr.Request):
        """Show one of the user's earlier conversations; returns (chatbot, state)."""
        user = current_user(request)
        try:
            conversation_id = int(choice) if choice else None
        except ValueError:
            conversation_id = None
        messages = self.conversations.messages(user, conversation_id) if conversation_id else None
        if messages is None:
            return gr.update(), state
        state = ChatState(conversation_id)
        question = ""
        ratings = self.conversations.ratings(user, conversation_id)
        feedback = []
        for message in messages:
            if message.role == "user":
                question = message.content
            else:
                feedback.append({"up": "Like", "down": "Dislike"}.get(ratings.get(message.id)))
            state.display.append(display_message(message, question))
            state.message_ids.append(message.id)
        return gr.update(value=state.display, feedback_value=feedback), state

    def delete(self, choice: str | None, state: ChatState, request: gr.Request):
        """Delete the selected conversation; returns (chatbot, state, conversation list)."""
        user = current_user(request)
        target = int(choice) if choice and choice.isdigit() else state.conversation_id
        if target is None or not self.conversations.delete(user, target):
            gr.Info("Select a conversation to delete first.")
            return gr.update(), state, gr.update()
        if target == state.conversation_id:
            state = ChatState()
            return [], state, self.conversation_choices(user, None)
        return gr.update(), state, self.conversation_choices(user, state.conversation_id)

    def rate(self, like: gr.LikeData, state: ChatState, request: gr.Request):
        """Store a thumbs up/down; returns (comment box visibility, comment text, state)."""
        index = like.index[0] if isinstance(like.index, (list, tuple)) else like.index
        message_id = state.message_ids[index] if 0 <= index < len(state.message_ids) else None
        if message_id is None:
            return gr.update(visible=False), "", state
        rating = RATINGS.get(like.liked) if isinstance(like.liked, bool) else None
        self.conversations.rate(current_user(request), message_id, rating)
        state.rated_message = message_id if rating else None
        return gr.update(visible=rating is not None), "", state

    def comment(self, text: str, state: ChatState, request: gr.Request):
        """Attach the optional comment to the last rating; returns (comment box visibility, text, state)."""
        if state.rated_message is not None and (text or "").strip():
            self.conversations.comment(current_user(request), state.rated_message, text)
            gr.Info("Thank you: your feedback was saved.")
        state.rated_message = None
        return gr.update(visible=False), "", state

    def skip_comment(self, state: ChatState):
        """Close the comment box, keeping the rating."""
        state.rated_message = None
        return gr.update(visible=False), "", state

    def api_conversations(self, request: gr.Request) -> list[dict]:
        """Return the signed-in user's conversations, newest first."""
        return [{"id": c.id, "title": c.title, "updated": c.updated}
                for c in self.conversations.recent(current_user(request))]

    def api_messages(self, conversation_id: int, request: gr.Request) -> list[dict]:
        """Return the messages of one of the signed-in user's conversations (empty if it is not theirs)."""
        messages = self.conversations.messages(current_user(request), int(conversation_id)) or []
        return [{"role": m.role, "content": m.content, "sources": m.sources, "notice": m.notice} for m in messages]
