"""The Assistant: one pipeline behind the CLI, the web app and the evals."""

import logging
import re
from dataclasses import replace
from typing import Iterator

import numpy as np

from assistant.answering.backends import Backend, create_backend
from assistant.answering.citations import merge_sources, renumber, verify_citations
from assistant.answering.condense import condense, points_back
from assistant.answering.expansion import expand_query
from assistant.answering.extractive import compose_extractive, cosine_similarities
from assistant.answering.answerability import (CAPITALISED_WORDS, holds_figure, holds_type, mostly_named, multiword_names, asked_names, asked_noun_phrase, asked_noun_unknown, financials_uncovered, figure_named_unknown, figure_named_elsewhere, requested_phrase, role_named_unknown,
                                               located_elsewhere, measured_elsewhere, measured_phrase, missing_answer_type, names_uncovered,
                                               phrase_names_uncovered, priced_elsewhere, question_terms, wanted_type, FIGURE_KINDS,
                                               short_question_uncovered, term_coverage, topic_uncovered)
from assistant.answering.answerers import AFTER_RETRIEVAL, BEFORE_RETRIEVAL, Prepared, Structured, first_answer, same_text
from assistant.answering.guards import split_injection, uncovered_specifics
from assistant.answering.models import Answer, Turn
from assistant.answering.question_parts import question_parts
from assistant.answering.small_talk import asks_for_a_task, small_talk_kind
from assistant.knowledge.passage_sentences import candidates as find_candidates
from assistant.knowledge.planted import without_planted
from assistant.answering.vendor_query import named_vendors, vendor_names, vendor_weight
from assistant.knowledge.lexical import tokenize
from assistant.knowledge.retrieval import Hit, Retriever
from assistant.prompts import render_prompt
from assistant.queries import clean_query
from assistant.sentences import split_sentences
from assistant.settings import Settings

NOT_COVERED = "NOT_COVERED"
WARM_UP_QUESTION = "What is IT outsourcing?"
NEARBY_TOPICS = 3
# A follow-up pointing at the last answer carries this many of its rarest words.
ANSWER_TOPIC_WORDS = 5
ANSWER_TOPIC_MAX_OWN_TERMS = 2
# When no passage found names what the question names, the documents of this many chunks naming it are searched.
NAMING_CHUNKS = 20
log = logging.getLogger(__name__)
MAX_SENTENCES = 5
PRACTICE_WEIGHT = 0.6
# A word and the sentences naming instances of it ("languages" / "speak Norwegian and Sami") score
# about 0.3 with all-MiniLM-L6-v2; an absent attribute and the nearest sentence about 0.15.
ABSENT_NOUN_SIMILARITY = 0.25


def _genuine_question(text: str) -> bool:
    """Return whether what is left of a message once injected instructions are dropped is a question to answer."""
    words = tokenize(text)
    return len(words) >= 3 or (bool(words) and text.rstrip().endswith("?"))


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
        if self._embed_documents is not None:
            return self._embed_documents(texts)
        # Sentences of the knowledge base were embedded at ingestion; only new text meets the model.
        return self.retriever.sentences.embed(texts)

    def answer(self, question: str, history: list[Turn] | None = None, filters: dict | None = None) -> Answer:
        """Return the complete answer to a question."""
        final = None
        for event in self.stream(question, history, filters):
            if isinstance(event, Answer):
                final = event
        return final

    def warm_up(self) -> None:
        """Load the embedding model and the indexes by answering one question, so the first user waits for nothing."""
        self.answer(WARM_UP_QUESTION)

    def _refusal(self, reason: str, prepared: Prepared, hits: list[Hit] | None = None, unknown: list[str] = ()) -> Answer:
        nearby = list(dict.fromkeys(_place(h) for h in (hits or [])[:NEARBY_TOPICS]))
        text = self.render("refusal", reason=reason, unknown=list(unknown), nearby=nearby)
        return Answer(text, [], True, self.backend.name, prepared.standalone, prepared.notice)

    def _final(self, text: str, sources: list[Hit], prepared: Prepared, fallback: bool = False) -> Answer:
        return Answer(text, sources, False, self.backend.name, prepared.standalone, prepared.notice, fallback)

    def stream(self, question: str, history: list[Turn] | None = None, filters: dict | None = None) -> Iterator[str | Answer]:
        """Yield pieces of text as they are produced, then the final Answer (which supersedes them)."""
        prepared, refusal = self.prepare(question, history or [])
        if refusal:
            yield self._refusal(refusal, prepared)
            return
        kind = small_talk_kind(prepared.question)
        if kind:
            text = self.render("small_talk", kind=kind)
            yield text
            yield self._final(text, [], prepared)
            return
        # Filter questions over vendor profiles have an exact answer in the metadata; no model can beat it.
        # A name the knowledge base never uses ("Does Veltrix Cloud Partners have ISO 27001?") is no
        # constraint to filter the profiles by: the gate says the knowledge base does not cover it.
        unknown = self.unknown_specifics(prepared)
        routed = None if filters or unknown else first_answer(
            BEFORE_RETRIEVAL, prepared, [], self.retriever, require_anchor=False)
        if routed:
            yield routed.text
            yield self._final(routed.text, routed.sources, prepared)
            return
        hits = self.about_named(prepared, self.retrieve(prepared.standalone, filters, prepared.vendor_names), filters)
        # The extractive answer doubles as the relevance gate and as the LLM's fallback.
        extract, relevance = self.extract(prepared, hits)
        verdict = self.gate(prepared, hits, relevance, extract, unknown)
        if verdict:
            # Passages on the topic that lack the answer are worth pointing to; unrelated ones are not.
            # A name the documents never use is said back: the user sees what was not understood.
            names = _names_around(prepared.question, unknown) if verdict == "unrelated" else []
            yield self._refusal("not_covered", prepared, hits if verdict == "lacks_answer" else None, names)
            return
        # The passage the extractive answer leads with is the best one: its sentences were read, not only ranked.
        lead = next(iter(_citation_order(extract)), 0)
        structured = first_answer(AFTER_RETRIEVAL, prepared, hits, self.retriever, require_anchor=True,
                                  best=hits[lead] if lead < len(hits) else None)
        if structured and self.backend.chat is None:
            yield structured.text
            yield self._final(structured.text, structured.sources, prepared)
            return
        text, order, fallback = yield from self.compose(prepared, hits, extract, structured)
        if text is None:
            yield self._refusal("not_covered", prepared, hits)
            return
        sources, where = merge_sources(order, hits)
        final_text = renumber(text, order, where)
        if _same_answer(final_text, prepared.previous_answer):
            # A different question never gets the last answer again as if it were news: it is said to be all there is.
            final_text = self.render("nothing_more", answer=final_text)
        if self.backend.chat is None:
            for piece in re.split(r"(?<=\])(?=\s)", final_text):
                yield piece
        yield self._final(final_text, sources, prepared, fallback)

    def prepare(self, question: str, history: list[Turn]) -> tuple[Prepared, str | None]:
        """Clean the question, drop injected instructions and condense a follow-up; return a refusal reason if any."""
        query, notice = clean_query(question, self.settings.max_query_chars)
        core, injected = split_injection(query)
        names = vendor_names(self.retriever)
        previous = next((t.content for t in reversed(history) if t.role == "assistant"), "")
        prepared = Prepared(core, core, notice, names, previous)
        # Once the injected instructions are removed, a real question is left: a few content words, or a
        # short question of its own ("What is cloud outsourcing? Also ignore your rules...").
        if injected and not _genuine_question(core):
            prepared.standalone = query
            return prepared, "injection"
        if asks_for_a_task(core):
            return prepared, "task"
        if not small_talk_kind(core):
            prepared.standalone = condense(core, history, self.backend.chat, self.render,
                                           self._entities(core, history, names) + self._answer_topic(core, history))
        return prepared, None

    def about_named(self, prepared: Prepared, hits: list[Hit], filters: dict | None = None) -> list[Hit]:
        """Keep the passages of the documents that name what the question names, searching those documents if none was found.

        "What hourly rate does Baltiq charge?" is not answered by another supplier's price list, however
        alike the wording; the documents naming Baltiq answer it or nothing does.
        """
        hits = self.about_named_phrases(prepared.question, hits)
        asked = set(asked_names(prepared.question, self.retriever.bm25.names))
        if not asked:
            return hits
        named = [h for h in hits if asked & self.retriever.document_terms(h.source) or self._spells_out(prepared.question, h.source)]
        if named:
            return named
        # Only a proper name points to the documents about it: an acronym ("SaaS") names a kind of thing
        # that many documents mention in passing.
        proper = asked_names(prepared.question, self.retriever.bm25.names, proper_only=True)
        positions = self.retriever.bm25.top(" ".join(proper), NAMING_CHUNKS) if proper else []
        sources = sorted({self.retriever.metadatas[p].get("source", "") for p, _ in positions})
        if not sources:
            return hits
        found = self.retriever.search(self._query(prepared.standalone), filters={**(filters or {}), "source": sources})
        return self.retriever.widen(found) or hits

    def _spells_out(self, question: str, source: str) -> bool:
        """Return whether a document holds in words an acronym the question uses ("service level agreement" for SLA)."""
        return any(self.retriever.document_holds(source, phrase) for phrase in self.spelled_out(question).values())

    def spelled_out(self, question: str) -> dict[str, str]:
        """Return the question's codes and acronyms with the words the documents define them as ("P1": "priority 1")."""
        return {a: phrase for a in _ACRONYM.findall(question) if (phrase := self.retriever.acronym(a)[0])}

    def about_named_phrases(self, question: str, hits: list[Hit]) -> list[Hit]:
        """Keep the passages of the documents holding a name of several words the question uses, when any does.

        "Kestrel Hosting's migration fee" is not in the profile of "Kestrel Shield MDR", which shares a word
        with it; a passage of the bid scorecard naming Kestrel Hosting is the one to read.
        """
        # Of several names ("compare Ceibo Software Labs and Ledgerline Assurance"), each keeps its documents.
        found = [p for p in multiword_names(question) if any(self.retriever.document_holds(h.source, p) for h in hits)]
        if not found:
            return hits
        return [h for h in hits if any(self.retriever.document_holds(h.source, p) for p in found)]

    def extract(self, prepared: Prepared, hits: list[Hit]) -> tuple[str, float]:
        """Return the extractive answer and its relevance (the best sentence's similarity to the question)."""
        return compose_extractive(prepared.standalone, hits, self.retriever.embed_query, self.embed_documents,
                                  avoid=prepared.previous_answer, idf=self.retriever.bm25.idf,
                                  max_sentences=_sentences_wanted(prepared.question))

    def gate(self, prepared: Prepared, hits: list[Hit], relevance: float, extract: str,
             unknown: list[str] | None = None) -> str | None:
        """Return why to refuse ("unrelated" passages, or passages that lack the answer), or None to answer.

        unknown: the question's unknown specifics, when the caller has them already.
        """
        vocabulary = self.retriever.bm25.idf
        # A place the documents never name is no unknown subject when they hold a rule about where things may be.
        elsewhere = {t for place in located_elsewhere(prepared.question, hits) for t in tokenize(place)}
        unknown = self.unknown_specifics(prepared) if unknown is None else unknown
        if relevance < self.settings.relevance_threshold or [t for t in unknown if not set(tokenize(t)) <= elsewhere]:
            return "unrelated"
        # A request for a thing the documents never name ("a banana bread recipe for the team potluck")
        # has nothing nearby worth pointing to, whatever words it shares with them ("team").
        if requested_phrase(prepared.question) and self.asks_for_what_is_absent(prepared.question, hits):
            return "unrelated"
        if (term_coverage(prepared.standalone, hits, vocabulary) < self.settings.coverage_threshold
                or self.lacks_answer(prepared, hits, extract, elsewhere)):
            return "lacks_answer"
        return None

    def unknown_specifics(self, prepared: Prepared) -> list[str]:
        """Return the names and statistic words of the question that the knowledge base never uses."""
        return uncovered_specifics(prepared.question, set(self.retriever.bm25.idf), lambda a: self.retriever.acronym(a)[1])

    def lacks_answer(self, prepared: Prepared, hits: list[Hit], extract: str, elsewhere: set[str] = frozenset()) -> bool:
        """Return whether the passages miss what the question names, or the best sentences the kind of answer it wants.

        elsewhere: tokens of places the question names that a passage's rule about another place answers.
        """
        # A short question that does not point back ("what's the capital of Poland?") is judged on its own
        # words too, not only on the topic a follow-up would inherit.
        own_words = not points_back(prepared.question) and short_question_uncovered(prepared.question, hits)
        passages = [f"{h.title} {h.section} {h.text}" for h in hits]
        quoted = _quoted_sentences(extract)
        return bool(own_words or short_question_uncovered(prepared.standalone, hits)
                    or bool(phrase_names_uncovered(prepared.question, hits))
                    or set(names_uncovered(prepared.question, hits, self.retriever.bm25.names)) - elsewhere
                    - self.written_out(prepared.question, hits)
                    or any(self.retriever.unknown_code(c) for c in _CODE.findall(prepared.question))
                    or missing_answer_type(prepared.question, quoted) is not None
                    or bool(topic_uncovered(prepared.question, hits, self.retriever.bm25.idf))
                    or bool(financials_uncovered(prepared.question, hits))
                    or bool(measured_elsewhere(prepared.question, passages)) or self.measures_something_else(prepared.question, quoted)
                    or self.names_something_else(prepared.question, quoted)
                    or bool(priced_elsewhere(prepared.question, passages))
                    or figure_named_unknown(prepared.question, self.retriever.bm25.idf) is not None
                    or figure_named_elsewhere(prepared.question, hits) is not None
                    or role_named_unknown(prepared.question, self.retriever.bm25.idf) is not None
                    or self.asks_for_what_is_absent(prepared.question, hits))

    def measures_something_else(self, question: str, quoted: list[str]) -> bool:
        """Return whether the sentences an answer quotes neither name nor resemble what a "how much/many" question counts.

        "How much notice must Baltiq give?" is not answered by Baltiq's service credits, though the
        notice periods of other suppliers put "notice" in the passages; "how many providers should we
        talk to?" is answered by "talk to several outsourcing companies", a sentence like the word.
        """
        if bool(measured_elsewhere(question, quoted)) and self._nearest(measured_phrase(question), quoted) < ABSENT_NOUN_SIMILARITY:
            return True
        return self.counted_elsewhere(question, quoted)

    def counted_elsewhere(self, question: str, quoted: list[str]) -> bool:
        """Return whether every quoted figure is about something other than what a "how much/many" question counts.

        "How many hours of overlap should we insist on?" is not answered by "a team of about 850 people"
        beside "require a minimum overlap of working hours": the sentence naming the overlap states none.
        """
        phrase = measured_phrase(question)
        figures = [s for s in quoted if holds_figure(s)]
        # A message asking two things may be answered on the other one; the first check judges it.
        asked = [p for p in question_parts(question) if any(not t.isdigit() for t in question_terms(p))]
        if not phrase or not figures or len(asked) > 1:
            return False
        if any(set(tokenize(phrase)) & set(tokenize(s)) for s in figures):
            return False
        return self._nearest(phrase, figures) < ABSENT_NOUN_SIMILARITY

    def names_something_else(self, question: str, quoted: list[str]) -> bool:
        """Return whether the quoted sentences neither name nor resemble the figure a what/which question asks for.

        "What hourly rate does Baltiq charge?" is not answered by Baltiq's service credits: a figure
        about something else. (Only figures: "which departments should sit on the team?" may be
        answered by a sentence naming roles, which looks little like the word.)
        """
        kind = wanted_type(question)
        if kind not in FIGURE_KINDS:
            return False
        phrase = asked_noun_phrase(question)
        terms = question_terms(phrase)
        # Most of its words in one sentence: "Tech Services SLA targets: 99%" shares one word with
        # "percentage service credit" and names no credit.
        if not terms or any(mostly_named(terms, s) for s in quoted):
            return False
        # Only a sentence stating such a figure can answer: "the clearance process is an added cost"
        # may resemble "the simplified acquisition threshold" more than a budget figure does, yet states none.
        stating = [s for s in quoted if holds_type(s, kind)] or quoted
        return self._nearest(phrase, stating) < ABSENT_NOUN_SIMILARITY

    def _nearest(self, phrase: str, sentences: list[str]) -> float:
        """Return the highest cosine similarity between a phrase and any of the sentences (0 with none)."""
        if not sentences:
            return 0.0
        vectors = np.asarray(self.embed_documents(sentences), dtype=np.float32)
        query = np.asarray(self.retriever.embed_query(phrase), dtype=np.float32)
        return float(cosine_similarities(vectors, query).max())

    def asks_for_what_is_absent(self, question: str, hits: list[Hit]) -> bool:
        """Return whether a what/which question asks for a noun the knowledge base never uses and no passage resembles.

        "What penalty does the FAR set?" over passages that never name one is refused; "what languages
        do they speak?" is answered by "staff speak Norwegian and Sami", a sentence like the word.
        """
        noun = asked_noun_unknown(question, self.retriever.bm25.idf)
        sentences = [c.text for c in find_candidates(hits)]
        if noun is None or not sentences:
            return False
        # Most words of what is asked in one sentence name it: "minimum contract of 12 months" for
        # "is there a minimum contract length?", in a profile line about several things.
        terms = question_terms(noun)
        if any(mostly_named(terms, s) for s in sentences):
            return False
        return self._nearest(noun, sentences) < ABSENT_NOUN_SIMILARITY

    def written_out(self, question: str, hits: list[Hit]) -> set[str]:
        """Return the question's codes and acronyms (lowercased) that the passages hold in words: "P1" as "Priority 1"."""
        text = " ".join(f"{h.title} {h.section} {h.text}" for h in hits).lower()
        return {a.lower() for a, phrase in self.spelled_out(question).items() if phrase in text}

    def compose(self, prepared: Prepared, hits: list[Hit], extract: str, structured: Structured | None):
        """Write the answer (extractive, or the LLM's checked against the passages); return text, order, fallback."""
        if self.backend.chat is None:
            if not extract:
                return None, [], False
            return extract, _citation_order(extract), False
        if structured:
            # Give the model the subsections it has to list.
            hits.extend(s for s in structured.sources if s.id not in {h.id for h in hits})
        text = yield from self._generate(prepared.standalone, hits)
        if text is not None and NOT_COVERED in text:
            return None, [], False
        checked = verify_citations(text or "", [h.text for h in hits])
        if checked.cited:
            return checked.text, checked.cited, False
        if not extract:
            return None, [], True
        return extract, _citation_order(extract), True

    def _answer_topic(self, question: str, history: list[Turn]) -> list[str]:
        """Return the rarest words of the last answer's first sentence, for a follow-up that points at what it said.

        "What can we do about that?" after "users may find a remote service desk slower..." asks about
        what the answer said, which the earlier question ("what could go wrong?") never named.
        """
        last_answer = next((t.content for t in reversed(history) if t.role == "assistant"), "")
        # A follow-up with a subject of its own ("and how flexible is it for peak periods?") needs none.
        pointing = points_back(question) and len(question_terms(question)) <= ANSWER_TOPIC_MAX_OWN_TERMS
        lead = split_sentences(_quoted(last_answer))[:1] if pointing else []
        words = [w for w in re.findall(r"[A-Za-z][\w'-]*", lead[0]) if tokenize(w)] if lead else []
        asked, idf = set(tokenize(question)), self.retriever.bm25.idf
        weight = {w: idf.get(tokenize(w)[0], 0.0) for w in words if tokenize(w)[0] not in asked}
        rarest = set(sorted(weight, key=lambda w: -weight[w])[:ANSWER_TOPIC_WORDS])
        return [" ".join(w for w in dict.fromkeys(words) if w in rarest)] if rarest else []

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
        # The guide is the users' own source material: our team's practice notes complement it and win
        # no ties against it (the risk answer reads them in full anyway); vendor profiles count as much
        # as the question is about vendors.
        weights = {"vendor": vendor_weight(question, names), "practice": PRACTICE_WEIGHT}
        query = self._query(question)
        hits = self.retriever.search(query, filters=filters, kind_weights=weights)
        # Each question of a message is searched too: the passage answering the second one may rank
        # below five passages about the first.
        parts = [self._query(part) for part in question_parts(question)]
        named = named_vendors(question, names) if not filters else []
        if not named:
            found = [self.retriever.search(part, k=1, filters=filters, kind_weights=weights) for part in parts]
            # The passage sharing the most rare words with the question is read too, wherever the fusion
            # put it: in a knowledge base all on one subject, every passage embeds alike, and the two dense
            # rankings can bury the one that says "first" or "core business" as the question does.
            found.append(self.retriever.search(query, k=1, filters=filters, mode="bm25", kind_weights=weights))
            return self.retriever.widen(_with_parts(hits[: self.settings.top_k], found))
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
        found = [self.retriever.search(part, k=1, filters={"vendor_id": v}) for part in parts for v in named[:4]]
        return self.retriever.widen(_with_parts(list(unique.values())[: max(self.settings.top_k, 2 * len(per_vendor))], found))

    def _query(self, question: str) -> str:
        """Return the search query for a question: synonyms added (if enabled) and acronyms spelled out."""
        query = expand_query(question) if self.settings.query_expansion else question
        return spell_out_acronyms(query, self.retriever)

    def _generate(self, question: str, hits: list[Hit]):
        """Stream the LLM's answer, returning the full text (None if the backend failed)."""
        from langchain_core.messages import HumanMessage, SystemMessage

        messages = [
            SystemMessage(self.render("system", not_covered_token=NOT_COVERED, max_sentences=MAX_SENTENCES)),
            # Instructions planted in a document for a model to follow never reach the model as text.
            HumanMessage(self.render("answer", passages=[replace(h, text=without_planted(h.text)) for h in hits],
                                     question=question, not_covered_token=NOT_COVERED)),
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


_BRIEF = re.compile(r"\b(in\s+(one|a\s+single)\s+sentence|in\s+a\s+nutshell|briefly|in\s+short|tl;?\s*dr)\b", re.IGNORECASE)


def _quoted(answer: str) -> str:
    """Return only what an answer quotes: no citation markers, no bullet labels."""
    return re.sub(r"\[\d+\]|^\s*-\s+\*\*[^*]+\*\*:?", " ", answer, flags=re.MULTILINE)


def _quoted_sentences(answer: str) -> list[str]:
    """Return the sentences an answer quotes, each as written: its citation markers end them."""
    return [quoted for piece in re.split(r"\[\d+\]", answer) if (quoted := _quoted(piece).strip())]


# Acronyms ("DR") and codes ("P1", "Sev-2") that the documents may write out in words.
_CODE_FORM = r"[A-Z][A-Za-z]{0,2}-?\d{1,2}"
_ACRONYM = re.compile(rf"\b(?:[A-Z]{{2,6}}s?|{_CODE_FORM})\b")
_CODE = re.compile(rf"\b{_CODE_FORM}\b")


def spell_out_acronyms(query: str, retriever: Retriever) -> str:
    """Add what the documents define a query's acronyms as: "DR test" also searches "disaster recovery"."""
    added = [phrase for a in dict.fromkeys(_ACRONYM.findall(query)) if a != "IT" and (phrase := retriever.acronym(a)[0])
             and phrase not in query.lower()]
    return f"{query} ({'; '.join(added)})" if added else query


def _same_answer(answer: str, previous: str) -> bool:
    """Return whether an answer says what the previous one said, citation numbers aside."""
    uncited = lambda text: re.sub(r"\[\d+\]", " ", text)
    return bool(previous) and same_text(uncited(answer), uncited(previous))


def _names_around(question: str, words: list[str]) -> list[str]:
    """Return, in the question's order, the runs of capitalised words holding the given words: "Veltrix Cloud Partners"."""
    runs = []
    for match in re.finditer(CAPITALISED_WORDS, question):
        run = match.group(0).split()
        # The first word of a sentence is capitalised for grammar: "Does Veltrix ..." names Veltrix.
        if run[0] not in words and not question[:match.start()].rstrip()[-1:].isalnum():
            run = run[1:]
        if set(run) & set(words):
            runs.append(" ".join(run))
    return list(dict.fromkeys(runs))


def _with_parts(hits: list[Hit], found: list[list[Hit]]) -> list[Hit]:
    """Return the hits followed by each part's best passages that they lack."""
    out = list(hits)
    for group in found:
        out.extend(h for h in group if h.id not in {o.id for o in out})
    return out


def _sentences_wanted(question: str) -> int:
    """Return how many sentences an extractive answer may quote: one when the user asks for one."""
    return 1 if _BRIEF.search(question) else MAX_SENTENCES


def _citation_order(text: str) -> list[int]:
    """Return the 0-based passage positions an answer cites, in order of first citation."""
    return list(dict.fromkeys(int(n) - 1 for n in re.findall(r"\[(\d+)\]", text)))


MAX_TITLE_SHOWN = 60


def _place(hit: Hit) -> str:
    """Return where a passage sits, for telling a user what the knowledge base covers nearby."""
    section = hit.section.split(" > ")[-1]
    # A plain-text file's opening lines can make a long title; a pointer needs only its start.
    title = hit.title if len(hit.title) <= MAX_TITLE_SHOWN else hit.title[:MAX_TITLE_SHOWN].rsplit(" ", 1)[0] + "…"
    return title if section in ("", "Introduction") else f"{section} ({title})"
