"""Compose an answer from the most relevant sentences of the retrieved passages."""

import re
from typing import Callable

import numpy as np

from assistant.answering.answerability import holds_type, question_terms, wanted_type
from assistant.answering.question_parts import own_words, question_parts
from assistant.answering.text import overlap
from assistant.knowledge.passage_sentences import Candidate, embedding_texts, leaf
from assistant.knowledge.passage_sentences import candidates as find_candidates
from assistant.knowledge.lexical import tokenize
from assistant.knowledge.retrieval import Hit
from assistant.answering.companions import (LABELLED_ROW, inherit, pointing_back, list_of, whole_items, whole_lists, with_antecedents,
                                           with_list, with_next)

# Sentences scoring this far below the best one are off-topic padding.
RELATIVE_CUTOFF = 0.12
NEAR_DUPLICATE = 0.88
WHOLE_PASSAGE_CHARS = 520
WHOLE_PASSAGE_SENTENCES = 4
# A short section quoted whole still leaves room for this many more sentences from elsewhere: its
# four sentences would otherwise crowd out a better one of the next passage.
WHOLE_PASSAGE_EXTRA = 2
SEMANTIC_WEIGHT = 0.75
CONTEXT_WEIGHT = 0.5
OWN_WORDS_WEIGHT = 0.5


# "What is X?", "define X", "what does X mean": the answer is the sentence saying what X is.
_DEFINITION_QUESTION = re.compile(
    r"^(?:.{0,30},\s*)?(?:what\s+(?:is|are)|define|definition\s+of|meaning\s+of|what\s+does)\s+(?:an?\s+|the\s+)?(?P<term>[^?]{2,60}?)(?:\s+mean)?\s*\??$",
    re.IGNORECASE,
)
_DEFINING = re.compile(r"^(?P<subject>[^,;:]{2,80}?)\s+(?:is|are|refers\s+to|means|describes)\b", re.IGNORECASE)
DEFINITION_BONUS = 0.08
# A question asking "when" or "how much" is answered by a sentence holding a date or a figure.
ANSWER_TYPE_BONUS = 0.05


def definition_bonus(question: str, sentence: str) -> float:
    """Return a bonus for a sentence that defines what a definition question asks about."""
    asked = _DEFINITION_QUESTION.match(question.strip())
    said = _DEFINING.match(sentence)
    if not asked or not said:
        return 0.0
    subject, term = set(tokenize(said.group("subject"))), set(tokenize(asked.group("term")))
    return DEFINITION_BONUS if term and subject and (term & subject) else 0.0


# A heading that restates the question ("What is IT outsourcing?", "Password rules") is the author
# saying where the answer is: its sentences are preferred over similar ones elsewhere.
HEADING_ECHO_BONUS = 0.08
HEADING_ECHO_SHARE = 0.5


def heading_echo(question: str, heading: str) -> bool:
    """Return whether a heading restates the question: all its terms asked, covering most of what is asked."""
    asked, named = set(question_terms(question)), set(question_terms(heading))
    return bool(named) and named <= asked and len(named) >= HEADING_ECHO_SHARE * len(asked)


ROW_KEY_BONUS = 0.08


def row_key_asked(question: str, sentence: str) -> bool:
    """Return whether a sentence is a table row whose first value the question names."""
    match = LABELLED_ROW.match(sentence)
    return bool(match) and bool(set(question_terms(match.group("key"))) & set(question_terms(question)))


def _render(sentences: list[Candidate], number: int, indent: str = "") -> str:
    """Join a passage's quoted sentences, list items on lines of their own."""
    text = ""
    for c in sentences:
        text += f"\n{indent}- {c.text} [{number}]" if c.item and text else f"{' ' if text else ''}{c.text} [{number}]"
        # (a later sentence of an item stays on its bullet's line)
    return text


def cosine_similarities(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Return each row's cosine similarity to the query (0 for a zero row)."""
    norms = np.linalg.norm(vectors, axis=1) * (np.linalg.norm(query) or 1.0)
    return (vectors @ query) / np.where(norms == 0, 1.0, norms)


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-9)


def _semantic(plain: np.ndarray, placed: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Return each sentence's similarity to the query, read alone and in its passage's context."""
    return CONTEXT_WEIGHT * cosine_similarities(placed, query) + (1 - CONTEXT_WEIGHT) * cosine_similarities(plain, query)


def _scores(question: str, semantic: np.ndarray, hits: list[Hit], candidates: list[Candidate], idf) -> np.ndarray:
    """Return how well each sentence answers the question: meaning, shared words and what the question asks for."""
    echoes = {i for i, hit in enumerate(hits) if heading_echo(question, leaf(hit.section))}
    wanted = wanted_type(question)
    ceiling = max(idf.values(), default=1.0) if idf else None
    asked_quantities = quantities(question)
    practice_penalty = PRACTICE_PENALTY if any(h.metadata.get("kind") == "document" for h in hits) else 0.0
    out = np.zeros(len(candidates), dtype=np.float64)
    for n, (candidate, similarity) in enumerate(zip(candidates, semantic)):
        hit = hits[candidate.hit_index]
        lexical = overlap(question, f"{hit.title} {hit.section} {candidate.text}", idf, ceiling)
        # A small prior for the passage's rank keeps the answer anchored on the best passage.
        out[n] = (SEMANTIC_WEIGHT * float(similarity) + (1 - SEMANTIC_WEIGHT) * lexical
                  - 0.01 * candidate.hit_index + definition_bonus(question, candidate.text)
                  + (HEADING_ECHO_BONUS if candidate.hit_index in echoes else 0.0)
                  + (ROW_KEY_BONUS if row_key_asked(question, candidate.text) else 0.0)
                  + (ANSWER_TYPE_BONUS if wanted and holds_type(candidate.text, wanted) else 0.0)
                  + (QUANTITY_BONUS if asked_quantities & quantities(candidate.text) else 0.0)
                  - (QUESTION_PENALTY if candidate.text.rstrip().endswith("?") else 0.0)
                  - (practice_penalty if hit.metadata.get("kind") == "practice" else 0.0))
    return out


# A document's own questions ("Key Questions: Who is the product owner?") ask what the reader should
# find out; they answer nothing, though they resemble a user's question more than any answer does.
QUESTION_PENALTY = 0.15

# A company's own documents say what holds for its employees; our generic practice notes only advise.
# Beside a passage of the company's, a practice note's sentence needs this much more to lead: "can we
# put payroll data with a US cloud provider?" is answered by the policy's "never allowed outside the
# EEA", not by the note on data residency risks (0.05 did not tip it on the dev splits; 0.1 to 0.2 did alike).
PRACTICE_PENALTY = 0.15

# "P1 has been going for two hours" names a quantity; the sentence holding the same quantity ("not
# resolved within 2 hours") is the one about that point, however plain its other words.
QUANTITY_BONUS = 0.15


def quantities(text: str) -> set[tuple[str, str]]:
    """Return the quantities a text states: a number and the word after it ("2 hour" for "two hours")."""
    tokens = tokenize(text)
    return {(a, b) for a, b in zip(tokens, tokens[1:]) if a.isdigit() and not b.isdigit()}


MAX_LABEL_CHARS = 80


def _label(hit: Hit) -> str:
    """Return a passage's label in a list answer: its heading, or its document's title above the first one."""
    heading = leaf(hit.section)
    return short_label(hit.title if heading == "Introduction" and hit.title else heading)


def short_label(label: str) -> str:
    """Return a label short enough to lead a bullet: a heading written as a whole sentence or question is cut.

    "Key Question: Because Agile software development is heavily process-driven, must agencies only
    use Firm-Fixed-Price contracts?" leads its bullet as "Key Question: Because Agile software development…".
    """
    if len(label) <= MAX_LABEL_CHARS:
        return label
    cut = label[:MAX_LABEL_CHARS].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return f"{cut}…"


def compose_extractive(
    question: str,
    hits: list[Hit],
    embed_query: Callable[[str], list[float]],
    embed_documents: Callable[[list[str]], list[list[float]]],
    max_sentences: int = 5,
    max_chars: int = 1000,
    avoid: str = "",
    idf: dict[str, float] | None = None,
) -> tuple[str, float]:
    """Return an answer citing hits as [n] (1-based positions) and its relevance (best sentence cosine).

    An answer that would only repeat `avoid` (the previous answer) is composed again from the sentences
    it did not say: a different question never gets the last answer word for word.
    """
    candidates = find_candidates(hits)
    text, relevance, best = _compose(question, hits, candidates, embed_query, embed_documents, max_sentences, max_chars, idf)
    said = " ".join(avoid.split())
    if said and text and all(c.text in said for c in candidates if f"{c.text} [" in text):
        fresh = [c for c in candidates if c.text not in said]
        if fresh:
            other, _, other_best = _compose(question, hits, fresh, embed_query, embed_documents, max_sentences, max_chars, idf)
            # Only passages about as relevant are news; anything weaker is padding, and the repeat stands.
            if other_best >= best - RELATIVE_CUTOFF:
                text = other
    return text, relevance


def _compose(question, hits, candidates, embed_query, embed_documents, max_sentences, max_chars, idf):
    if not candidates:
        return "", 0.0, 0.0
    query = np.asarray(embed_query(question), dtype=np.float32)
    # A sentence is read both alone and in its context: "The agreement runs to 2028" is about the
    # contract its document's title names, and answers "when does the Skarvik deal end?" as well as a
    # sentence that names Skarvik but says something else; alone, it keeps what sets it apart.
    alone, placed_texts = embedding_texts(hits, candidates)
    both = np.asarray(embed_documents(alone + placed_texts), dtype=np.float32)
    plain, placed = both[:len(candidates)], both[len(candidates):]
    antecedents = pointing_back(candidates)
    semantic = _semantic(plain, placed, query)
    # A condensed follow-up carries its subject for the search; the passages found are about it, so
    # their sentences are ranked by the follow-up's own words as much as by that subject.
    own = own_words(question)
    if own != question and question_terms(own):
        own_query = np.asarray(embed_query(own), dtype=np.float32)
        semantic = (1 - OWN_WORDS_WEIGHT) * semantic + OWN_WORDS_WEIGHT * _semantic(plain, placed, own_query)
    vectors = plain
    scores = inherit(_scores(question, semantic, hits, candidates, idf), antecedents)
    for candidate, score in zip(candidates, scores):
        candidate.score = float(score)
    # Each question of a message ("where are their offices and what languages do they speak?") gets
    # the sentence that answers it best, even when the other one's sentences score higher overall.
    answers_parts = []
    for part in question_parts(question, carried_subject=False) if max_sentences > 1 else []:
        part_semantic = _semantic(plain, placed, np.asarray(embed_query(part), dtype=np.float32))
        part_scores = inherit(_scores(part, part_semantic, hits, candidates, idf), antecedents)
        answers_parts.append(int(np.argmax(part_scores)))
    # Quoting a list's introduction quotes the list: it answers as well as its best item does.
    lists = {i: items for i in range(len(candidates)) if (items := list_of(i, candidates))}
    for i, items in lists.items():
        candidates[i].score = max(candidates[i].score, max(candidates[j].score for j in items))
    relevance = float(semantic.max())
    ranked = sorted(range(len(candidates)), key=lambda i: -candidates[i].score)
    best = candidates[ranked[0]].score
    # Anchor on the passage holding the best sentence: a short section is quoted whole, since its
    # sentences lean on each other ("This is perhaps the most well-known benefit..." needs the next one).
    anchor = candidates[ranked[0]].hit_index
    anchor_sentences = [i for i, c in enumerate(candidates) if c.hit_index == anchor]
    anchor_chars = sum(len(candidates[i].text) for i in anchor_sentences)
    # Vendor profile sentences each name their vendor and stand alone; quote only the relevant ones.
    whole = anchor_chars <= WHOLE_PASSAGE_CHARS and hits[anchor].metadata.get("kind") != "vendor" and max_sentences > 1
    chosen: list[int] = anchor_sentences[:WHOLE_PASSAGE_SENTENCES] if whole else [ranked[0]]
    chosen.extend(i for i in dict.fromkeys(answers_parts) if i not in chosen)
    length = sum(len(candidates[i].text) for i in chosen)
    limit = max_sentences + (min(WHOLE_PASSAGE_EXTRA, len(chosen) - 1) if whole else 0)
    for i in ranked:
        candidate = candidates[i]
        if len(chosen) >= limit or candidate.score < best - RELATIVE_CUTOFF:
            break
        if i in chosen or any(_cosine(vectors[i], vectors[j]) > NEAR_DUPLICATE for j in chosen):
            continue
        if length + len(candidate.text) > max_chars:
            continue
        chosen.append(i)
        length += len(candidate.text)
    chosen = whole_items(with_antecedents(with_list(chosen, lists), antecedents), candidates)
    chosen = whole_lists(chosen, candidates, max_chars)
    chosen = with_next(chosen, candidates, hits) if max_sentences > 1 else chosen
    # Group by passage (the anchor first, then retrieval order), keeping each passage's sentence order.
    groups: dict[int, list[Candidate]] = {}
    for i in sorted(chosen, key=lambda i: (candidates[i].hit_index != anchor, candidates[i].hit_index, candidates[i].position)):
        groups.setdefault(candidates[i].hit_index, []).append(candidates[i])
    # The sentence that answers leads; the rest of its passage follows in reading order.
    lead = candidates[ranked[0]]
    # "This can be done for various reasons..." leads behind the sentence saying what "this" is.
    chain = []
    j = ranked[0]
    while j in antecedents:
        j = antecedents[j]
        chain.insert(0, candidates[j])
    # (Table rows do not lean on each other: the row looked up leads even a passage quoted whole.)
    if (not whole or LABELLED_ROW.match(lead.text)) and not (lead.item or lead.in_item):
        groups[anchor] = chain + [lead] + [c for c in groups[anchor] if c is not lead and c not in chain]
    if len(groups) == 1:
        (index, sentences), = groups.items()
        return _render(sentences, index + 1), relevance, best
    # Passages under one label (two chunks of a vendor's profile, of a section) share one bullet.
    bodies: dict[str, str] = {}
    for index, sentences in groups.items():
        label = hits[index].metadata.get("vendor_name") or _label(hits[index])
        body = _render(sentences, index + 1, indent="  ")
        bodies[label] = f"{bodies[label]}{'' if body.startswith(chr(10)) else ' '}{body}" if label in bodies else body
    if len(bodies) == 1:
        return next(iter(bodies.values())), relevance, best
    lines = [f"- **{label}**{'' if label.endswith('?') else ':'} {body}" for label, body in bodies.items()]
    return "\n".join(lines), relevance, best
