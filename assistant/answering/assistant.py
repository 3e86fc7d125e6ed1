"""The Assistant: one pipeline behind the CLI, the web app and the evals."""

import logging
import re
from typing import Iterator

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.answering.backends import Backend, create_backend
from assistant.answering.citations import renumber, verify_citations
from assistant.answering.condense import condense
from assistant.answering.expansion import expand_query
from assistant.answering.extractive import compose_extractive
from assistant.answering.guards import split_injection, unanswered_quantity, uncovered_specifics
from assistant.answering.models import Answer, Turn
from assistant.answering.outline import outline_answer
from assistant.answering.risk_answer import risk_answer
from assistant.answering.vendor_query import (
    answer_vendor_filter,
    answer_vendor_superlative,
    mentions_vendors,
    named_vendors,
    vendor_names,
)
from assistant.knowledge.lexical import tokenize
from assistant.knowledge.retrieval import Hit, Retriever
from assistant.prompts import render_prompt
from assistant.queries import clean_query
from assistant.settings import Settings

NOT_COVERED = "NOT_COVERED"
log = logging.getLogger(__name__)
MAX_SENTENCES = 5
PRACTICE_WEIGHT = 0.6


class Assistant:
    """Answer questions from the knowledge base with verified citations."""

    def __init__(self, settings: Settings, retriever: Retriever | None = None, backend: Backend | None = None,
                 embed_documents=None):
        self.settings = settings
        self.retriever = retriever or Retriever(settings)
        self.backend = backend or create_backend(settings)
        self._embed_documents = embed_documents

    def render(self, name: str, **variables) -> str:
        """Render a prompt template from the prompts folder."""
        return render_prompt(self.settings.prompts_dir, name, **variables)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed sentences with the retrieval model."""
        if self._embed_documents is None:
            from assistant.embeddings import load_embeddings

            self._embed_documents = load_embeddings(self.settings.embedding_model).embed_documents
        return self._embed_documents(texts)

    def answer(self, question: str, history: list[Turn] | None = None, filters: dict | None = None) -> Answer:
        """Return the complete answer to a question."""
        final = None
        for event in self.stream(question, history, filters):
            if isinstance(event, Answer):
                final = event
        return final

    def _refusal(self, reason: str, standalone: str, notice: str | None) -> Answer:
        return Answer(self.render("refusal", reason=reason, topic=""), [], True, self.backend.name, standalone, notice)

    def stream(self, question: str, history: list[Turn] | None = None, filters: dict | None = None) -> Iterator[str | Answer]:
        """Yield pieces of text as they are produced, then the final Answer (which supersedes them)."""
        history = history or []
        query, notice = clean_query(question, self.settings.max_query_chars)
        core, injected = split_injection(query)
        # Once the injected instructions are removed, a real question has a few content words left.
        if injected and len(tokenize(core)) < 3:
            yield self._refusal("injection", query, notice)
            return
        names = vendor_names(self.retriever)
        standalone = condense(core, history, self.backend.chat, self.render, self._entities(core, history, names))
        # Filter questions over vendor profiles have an exact answer in the metadata; no model can beat it.
        listed = None if filters else (
            answer_vendor_superlative(standalone, self.retriever) or answer_vendor_filter(standalone, self.retriever)
        )
        if listed:
            text, sources = listed
            yield text
            yield Answer(text, sources, False, self.backend.name, standalone, notice)
            return
        hits = self.retrieve(standalone, filters, names)
        # The extractive answer doubles as the relevance gate and as the LLM's fallback.
        extract, relevance = compose_extractive(standalone, hits, self.retriever.embed_query, self.embed_documents)
        if (
            relevance < self.settings.relevance_threshold
            or uncovered_specifics(core, set(self.retriever.bm25.idf))
            or unanswered_quantity(core, [f"{hit.section} {hit.text}" for hit in hits])
        ):
            yield self._refusal("not_covered", standalone, notice)
            return
        outline = outline_answer(standalone, hits, self.retriever)
        if outline is None and not named_vendors(standalone, names):
            outline = risk_answer(standalone, hits, self.retriever)
        if outline and self.backend.chat is None:
            text, sources = outline
            yield text
            yield Answer(text, sources, False, self.backend.name, standalone, notice)
            return
        if self.backend.chat is None:
            text, order, fallback = extract, None, False
        else:
            if outline:
                # Give the model the subsections it has to list.
                hits = hits + [s for s in outline[1] if s.id not in {h.id for h in hits}]
            text = yield from self._generate(standalone, hits)
            if text is not None and NOT_COVERED in text:
                yield self._refusal("not_covered", standalone, notice)
                return
            checked = verify_citations(text or "", [h.text for h in hits])
            fallback = not checked.cited
            text, order = (extract, None) if fallback else (checked.text, checked.cited)
        if not text:
            yield self._refusal("not_covered", standalone, notice)
            return
        if order is None:
            order = list(dict.fromkeys(int(n) - 1 for n in re.findall(r"\[(\d+)\]", text)))
        final_text = renumber(text, order)
        if self.backend.chat is None:
            for piece in re.split(r"(?<=\])(?=\s)", final_text):
                yield piece
        yield Answer(final_text, [hits[i] for i in order], False, self.backend.name, standalone, notice, fallback)

    @staticmethod
    def _entities(question: str, history: list[Turn], names: dict[str, str]) -> list[str]:
        """Return the vendors the last answer named, for a follow-up that names none itself."""
        last_answer = next((t.content for t in reversed(history) if t.role == "assistant"), "")
        if not last_answer or named_vendors(question, names):
            return []
        return [names[v] for v in named_vendors(last_answer, names)][:3]

    def retrieve(self, question: str, filters: dict | None = None, names: dict[str, str] | None = None) -> list[Hit]:
        """Search, keeping vendor profiles out of the way of guide questions and in view for named vendors."""
        names = vendor_names(self.retriever) if names is None else names
        about_vendors = mentions_vendors(question, names)
        # The guide is the users' own source material: our team's practice notes complement it and win
        # no ties against it (the risk answer reads them in full anyway); vendor profiles only count
        # when the question is about vendors.
        weights = {"practice": PRACTICE_WEIGHT} if about_vendors else {"vendor": 0.25, "practice": PRACTICE_WEIGHT}
        query = expand_query(question) if self.settings.query_expansion else question
        hits = self.retriever.search(query, filters=filters, kind_weights=weights)
        named = named_vendors(question, names) if not filters else []
        if not named:
            return hits
        # Each vendor a question names gets its best passages, so comparisons see both sides.
        per_vendor = [self.retriever.search(question, k=2, filters={"vendor_id": v}) for v in named[:4]]
        merged: list[Hit] = []
        for group in zip(*per_vendor):
            merged.extend(group)
        merged.extend(hit for group in per_vendor for hit in group)
        merged.extend(hits)
        unique: dict[str, Hit] = {}
        for hit in merged:
            unique.setdefault(hit.id, hit)
        return list(unique.values())[: max(self.settings.top_k, 2 * len(per_vendor))]

    def _generate(self, question: str, hits: list[Hit]):
        """Stream the LLM's answer, returning the full text (None if the backend failed)."""
        messages = [
            SystemMessage(self.render("system", not_covered_token=NOT_COVERED, max_sentences=MAX_SENTENCES)),
            HumanMessage(self.render("answer", passages=hits, question=question, not_covered_token=NOT_COVERED)),
        ]
        parts: list[str] = []
        try:
            for chunk in self.backend.chat.stream(messages):
                piece = str(chunk.content)
                parts.append(piece)
                yield piece
        except Exception:  # a backend failing mid-answer falls back to the extractive answer
            log.exception("backend %s failed while answering; using the extractive answer", self.backend.name)
            return None
        return "".join(parts)
