"""Whether the retrieved passages contain what a question asks for, beyond being similar to it.

Two general signals, calibrated on the dev splits of every corpus (`evals/calibrate.py`):
- term coverage: the share of the question's distinctive terms (weighted by how rare each is in
  the knowledge base) that the best passage contains, with its title and heading path;
- answer type: a question asking for a figure, a duration or a date needs a passage that holds one.
"""

import re
from typing import Container

from assistant.answering.places import places_in
from assistant.knowledge.lexical import tokenize
from assistant.knowledge.retrieval import Hit
from assistant.sentences import split_sentences

# Words that frame a question rather than name its subject; they carry no evidence either way.
_FRAMING = frozenset(tokenize(
    "tell explain describe know need want like thing things way ways actually just really usually ok okay "
    "please exactly kind kinds sort type types happen happens supposed allowed mean means lot bit "
    "good best better right whole one anything something someone anyone sentence sentences summary summarise "
    "summarize briefly brief short shortly simple simply plain terms words overview quick quickly "
    # "Is printing included?" asks about printing: "excluded from the Services" answers it.
    "include included includes including covered"
))
# "one" and "single" are left out: far more often a pronoun or an adjective than an answer to "how many".
_NUMBER_WORDS = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                 r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                 r"hundred|thousand|million|billion|half|quarter|dozens?|double|triple|twice")
_HAS_NUMBER = re.compile(rf"(?<![A-Za-z])\d|\b({_NUMBER_WORDS})\b", re.IGNORECASE)
_TIME_UNITS = r"(minutes?|hours?|days?|weeks?|months?|years?)"
_HAS_DATE = re.compile(
    r"\b(1[89]\d\d|20\d\d)\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\bq[1-4]\b"
    r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekly|monthly|annually|yearly|daily|quarterly)\b"
    rf"|\b({_NUMBER_WORDS}|\d+)\s+{_TIME_UNITS}\b",
    re.IGNORECASE,
)
# Up to two modifiers between "what" and the noun that names the figure ("what uptime percentage",
# "what monthly fee"), but not a verb or a determiner ("what does the price include" asks no figure).
_MODIFIERS = (r"(?:(?!(?:do|does|did|is|are|was|were|be|can|could|should|would|will|must|may|the|a|an|our|your|"
              r"their|its|this|that|these|those|of|in|on|for|to|and|or|we|you|they|i|it|kind|sort|type)\b)[a-z][\w-]*\s+){0,3}")
# "what", "what is the", "what's our": the figure noun may follow a copula and a determiner too.
_WHAT_IS = r"(?:what|which)(?:'s|’s|\s+(?:is|are|was|were))?\s+(?:(?:the|our|their|its|your)\s+)?"
_ASKS_FIGURE = re.compile(
    rf"\bhow\s+(much|big|large|long|often|soon|fast|quickly)\b|\bwhat\s+share\b|\b{_WHAT_IS}{_MODIFIERS}(percentage|percent|"
    r"proportion|amount|number|size|price|cost|fee|rate|threshold|limit)\b|\b(dollar|euro|pound)\s+amount\b",
    re.IGNORECASE,
)
_ASKS_DATE = re.compile(r"\b(what|which)\s+(date|year|day|month)\b|\bdeadline\b|\bwhen\s+(is|was|were|did)\b.*\b(due|held|published|signed|start\w*|end\w*|expir\w*)\b",
                        re.IGNORECASE)


def holds_figure(text: str) -> bool:
    """Return whether a text states a figure: digits, or a number written in words."""
    return bool(_HAS_NUMBER.search(text))


def mostly_named(terms: list[str], text: str) -> bool:
    """Return whether a text holds most (more than half) of the given terms."""
    return bool(terms) and 2 * len(set(terms) & set(tokenize(text))) > len(set(terms))


def question_terms(question: str) -> list[str]:
    """Return the content terms of a question, without the words that only frame it."""
    return [t for t in dict.fromkeys(tokenize(question)) if t not in _FRAMING]


def term_coverage(question: str, hits: list[Hit], idf: dict[str, float]) -> float:
    """Return the idf-weighted share of the question's terms found in its best-covering passage (0..1)."""
    terms = question_terms(question)
    if not terms or not hits:
        return 0.0
    # A term the knowledge base never uses may be a paraphrase as much as an unknown subject: it
    # counts as a term of middling rarity, not as the rarest.
    values = sorted(idf.values())
    middle = values[len(values) // 2] if values else 1.0
    weights = {t: idf.get(t, middle) for t in terms}
    total = sum(weights.values())
    best = 0.0
    for hit in hits:
        found = set(tokenize(f"{hit.title} {hit.section} {hit.text}"))
        best = max(best, sum(w for t, w in weights.items() if t in found) / total)
    return best


SHORT_QUESTION_TERMS = 2


def short_question_uncovered(question: str, hits: list[Hit]) -> bool:
    """Return whether a question of one or two terms has no passage holding all of them.

    With so few words there is no paraphrase to forgive: "the capital of Australia" is not answered
    by a passage that names Australia only.
    """
    terms = question_terms(question)
    if not terms or len(terms) > SHORT_QUESTION_TERMS:
        return False
    return not any(set(terms) <= set(tokenize(f"{h.title} {h.section} {h.text}")) for h in hits)


_ASKED_NAME = re.compile(r"(?<![\w'’])([A-Za-z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Z][a-z][A-Za-z0-9]*)")


def asked_names(question: str, names: set[str], proper_only: bool = False) -> list[str]:
    """Return the terms of the names a question asks about: words the knowledge base writes capitalised.

    proper_only: only names written as proper names ("Baltiq", "Gulf"), not acronyms ("SaaS", "CRM"),
    which name kinds of things that many documents mention in passing.
    """
    asked = []
    for match in _ASKED_NAME.finditer(question):
        word = match.group(1)
        if proper_only and not (word[0].isupper() and word[1:].islower()):
            continue
        before = question[:match.start()].rstrip()
        # The question's first word, or a sentence's, is capitalised for grammar, not as a name.
        if word[1:].islower() and (not before or before[-1] in ".?!:;,\"'“("):
            continue
        asked.extend(t for t in tokenize(word) if t in names)
    return list(dict.fromkeys(asked))


def names_uncovered(question: str, hits: list[Hit], names: set[str]) -> list[str]:
    """Return the names the question asks about (ones the knowledge base writes capitalised) that no passage holds.

    "What did the CRM vendor commit to?" is not answered by passages about another vendor, however
    similar their wording.
    """
    asked = asked_names(question, names)
    if not asked:
        return []
    found = set()
    for hit in hits:
        found |= set(tokenize(f"{hit.title} {hit.section} {hit.text}"))
    return [t for t in dict.fromkeys(asked) if t not in found]


_CAPITAL_WORD = r"[A-Z][\w'’-]*"
# Capitalised words in a row: "Veltrix Cloud Partners".
CAPITALISED_WORDS = rf"(?:{_CAPITAL_WORD}\s+)*{_CAPITAL_WORD}"
# Two or more capitalised words in a row, not opening the question: a name ("Prompt Payment Act").
_MULTIWORD_NAME = re.compile(rf"(?<=[\w,;:()'’\"“]\s)((?:{_CAPITAL_WORD}\s+)+{_CAPITAL_WORD})")


def multiword_names(question: str) -> list[str]:
    """Return the names of several capitalised words a question uses ("Kestrel Hosting", "Prompt Payment Act")."""
    return [m.group(1) for m in _MULTIWORD_NAME.finditer(question) if len(tokenize(m.group(1))) > 1]


def phrase_names_uncovered(question: str, hits: list[Hit]) -> list[str]:
    """Return the names of several capitalised words that no passage holds as a phrase.

    Passages naming payments and acts answer nothing about the "Prompt Payment Act", and a vendor
    called "Veltrix Cloud Partners" is not one whose words occur in other profiles.
    """
    passages = [f" {' '.join(tokenize(f'{h.title} {h.section} {h.text}'))} " for h in hits]
    out = []
    for match in _MULTIWORD_NAME.finditer(question):
        phrase = " ".join(tokenize(match.group(1)))
        if phrase.count(" ") and not any(f" {phrase} " in p for p in passages):
            out.append(match.group(1))
    return out


_CURRENCY = (r"usd|eur|gbp|nok|sek|dkk|chf|pln|jpy|cny|inr|cad|aud|nzd|zar|brl|dollars?|euros?|pounds?|kroner|krona|"
             r"kronor|zloty|rupees?|yen")
_HAS_MONEY = re.compile(rf"[$€£¥₹]\s?\d|\b({_CURRENCY})\s?\d|\d[\d,.]*\s?(k|m|bn|million|billion|thousand)?\s?({_CURRENCY})\b",
                        re.IGNORECASE)
_HAS_PERCENT = re.compile(r"\d\s?%|\bper\s?cent\b|\bpercent\b", re.IGNORECASE)
_ASKS_PERCENT = re.compile(rf"\b{_WHAT_IS}{_MODIFIERS}(percentage|percent|proportion)\b|\bhow\s+many\s+percent\b",
                           re.IGNORECASE)
_MONEY_WORDS = r"cost|costs|pay|paying|paid|charge|charges|charging|spend|spending|budget|price|fee|fees"
_ASKS_MONEY = re.compile(rf"\b(dollar|euro|pound)\s+(amount|value|figure)\b|\bhow\s+much\b(?!\s+(?:time|effort|work|notice)\b)[^?]{{0,60}}\b({_MONEY_WORDS})\b"
                         rf"|\b{_WHAT_IS}{_MODIFIERS}(price|cost|fee|fees|budget)\b|\bwhat\s+(rate|rates)\b|\b(hourly|daily|day)\s+rates?\b"
                         r"|\bhow\s+much\s+(money|cash)\b"
                         # "What's the threshold in dollars?" asks for a sum; "can we pay in euros?" does not.
                         rf"|\b(?:what|which|how\s+much)\b[^?]*\bin\s+({_CURRENCY})\b", re.IGNORECASE)
_WANTS_DATE = re.compile(r"\bwhen\b|\b(what|which)\s+(date|day|year|month)\b|\b(last|latest|first)\s+(day|date)\b"
                         r"|\bdeadline\b|\bhow\s+soon\b|\brun\s+out\b|\bexpir\w*\b", re.IGNORECASE)
_WANTS_MONEY = re.compile(rf"\b({_MONEY_WORDS})\b", re.IGNORECASE)


_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# "13 July 2026", "July 13, 2026", "2026": the figures of a date.
_DATE_FIGURE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}(?:\s+\d{{4}})?\b|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
                          r"|\b(?:19|20)\d\d\b", re.IGNORECASE)
_PERCENT_FIGURE = re.compile(r"\d[\d.,]*\s?(%|per\s?cent\b|percent\b)", re.IGNORECASE)


def _holds_money(text: str) -> bool:
    """Return whether a text holds a sum of money: with a currency, or a figure beside a word such as "fee"."""
    # "5% of the monthly charge" is a share of a sum, not a sum: its figures are no amount; nor are
    # "8 hours" and "13 July 2026" beside "the lowest price".
    amounts = _DATE_FIGURE.sub(" ", _HAS_DURATION.sub(" ", _PERCENT_FIGURE.sub(" ", text)))
    return bool(_HAS_MONEY.search(text) or (_HAS_NUMBER.search(amounts) and _WANTS_MONEY.search(text)))


# "Why ...?" is answered by a sentence giving a reason; no question requires one (an explanation may
# not say "because").
_WANTS_REASON = re.compile(r"^\W*(?:so\s+)?why\b|\bwhy\s+(?:do|does|did|is|are|was|were|should|would|might|can|could|not)\b"
                           r"|\b(?:what|which)\s+(?:is|are|were)\s+the\s+(?:main\s+)?reasons?\b", re.IGNORECASE)
_HAS_REASON = re.compile(r"\b(because|reasons?|so\s+that|in\s+order\s+to|due\s+to|as\s+a\s+result|this\s+means|which\s+means|"
                         r"otherwise)\b", re.IGNORECASE)
_NEVER = re.compile(r"(?!)")
# "How many providers should we talk to?" is answered by "talk to several outsourcing companies": a
# count may be given in words that name no number.
_ASKS_COUNT = re.compile(r"\bhow\s+many\b", re.IGNORECASE)
_VAGUE_COUNT = re.compile(r"\b(several|a\s+few|a\s+couple|multiple|numerous|a\s+handful|a\s+number\s+of|"
                          r"one\s+or\s+more)\b", re.IGNORECASE)


# "How long can we keep packing?" is answered by "for up to 8 hours", not by "two label printers":
# a duration is preferred where any figure would pass.
# ("How long are proposals allowed to be?" asks for a length.)
_ASKS_DURATION = re.compile(r"\bhow\s+long\b(?![^?]*\bbe\b)|\bhow\s+(soon|quickly|fast)\b|\bhow\s+many\s+(?:\w+\s+)?(minutes|hours|days|weeks|months|years)\b"
                            r"|\bwithin\s+what\s+time\b", re.IGNORECASE)
_HAS_DURATION = re.compile(rf"\b({_NUMBER_WORDS}|\d+(?:[.,]\d+)?)[\s-]+(?:[a-z]+[\s-]+)?{_TIME_UNITS}\b",
                           re.IGNORECASE)


def _holds_count(text: str) -> bool:
    return bool(_HAS_NUMBER.search(text) or _VAGUE_COUNT.search(text))


# "What's the duty manager's phone number?", "their email address?": contact details have shapes of
# their own; a date or a count is no phone number.
_ASKS_PHONE = re.compile(r"\b(?:phone|mobile|telephone|cell|contact|fax)\s+(?:number|no\b)", re.IGNORECASE)
_WANTS_PHONE = re.compile(rf"{_ASKS_PHONE.pattern}|\b(?:phone|telephone|ring|call)\b", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w.,])\+?\(?\d[\d\s().-]{5,}\d(?![\w,])")
_ASKS_EMAIL = re.compile(r"\be-?mail\s+address\b|\bwhat(?:'s|’s|\s+is)\s+(?:[\w'’]+\s+){0,3}e-?mail\b", re.IGNORECASE)
_HAS_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _holds_phone(text: str) -> bool:
    """Return whether a text holds something shaped like a phone number: seven digits or more in groups."""
    return any(sum(c.isdigit() for c in m.group(0)) >= 7 for m in _PHONE.finditer(text))


# Kinds of answer, most specific first: (kind, a question that must have one, a question that
# prefers one, whether a text holds one).
_KINDS = (
    ("phone", _ASKS_PHONE, _WANTS_PHONE, _holds_phone),
    ("email", _ASKS_EMAIL, _ASKS_EMAIL, _HAS_EMAIL.search),
    ("percent", _ASKS_PERCENT, _ASKS_PERCENT, _HAS_PERCENT.search),
    ("money", _ASKS_MONEY, _WANTS_MONEY, _holds_money),
    ("date", _ASKS_DATE, _WANTS_DATE, _HAS_DATE.search),
    ("duration", _NEVER, _ASKS_DURATION, _HAS_DURATION.search),
    ("count", _ASKS_COUNT, _ASKS_COUNT, _holds_count),
    ("figure", _ASKS_FIGURE, _ASKS_FIGURE, _HAS_NUMBER.search),
    ("reason", _NEVER, _WANTS_REASON, _HAS_REASON.search),
)


FIGURE_KINDS = frozenset({"phone", "email", "percent", "money", "date", "duration", "count", "figure"})


def missing_answer_type(question: str, texts: list[str]) -> str | None:
    """Return the kind of answer ("percent", "money", "date", "count", "figure", "name") a question needs that none of the texts holds.

    Given the sentences an answer would quote (chosen with a preference for the kind asked for), a
    figure that none of them holds is a figure the knowledge base does not state.
    """
    for kind, needs, _, holds in _KINDS:
        if needs.search(question) and not any(holds(t) for t in texts):
            return kind
    if _ASKS_NAME.search(question) and not any(names_answer(sentence, question) for t in texts for sentence in split_sentences(t)):
        return "name"
    return None


# "What's the name of their service manager?", "who is it? need their name": a name is the answer.
_ASKS_NAME = re.compile(r"\bname\s+of\b|\b(?:their|his|her|its)\s+name\b|\bwhat\s+(?:is|'s|’s)\s+\w+\s+called\b", re.IGNORECASE)
_CAPITALISED_RUN = re.compile(rf"(?<![.?!:]\s)(?<!^)\b{CAPITALISED_WORDS}")


# "the name of the service delivery manager at Baltiq", "who's the Plant IT Coordinator in Ålesund?":
# the role asked about runs up to a preposition; capitalised words after it qualify the role.
_ROLE_START = re.compile(r"\b(?:name\s+of|who(?:'s|’s|\s+is|\s+are|\s+was))\s+(?:(?:the|our|their|your|its|a|an)\s+)?",
                         re.IGNORECASE)
_ROLE_ENDS = frozenset("at in for of from on with who that".split())
MAX_ROLE_WORDS = 5


def asked_role(question: str) -> tuple[str, list[str]]:
    """Return the role a name question asks about and the names qualifying it ("service delivery manager", ["Baltiq"])."""
    match = _ROLE_START.search(question)
    if not match:
        return "", []
    clause = re.split(r"[?.!;]", question[match.end():], maxsplit=1)[0]
    words = clause.split()
    end = next((i for i, w in enumerate(words) if w.lower().strip(",") in _ROLE_ENDS), len(words))
    role = " ".join(words[:min(end, MAX_ROLE_WORDS)]).strip(",")
    # ("Ålesund": a capital beyond A-Z is a capital too.)
    return role, [w.strip(",'’\"()") for w in words[end:] if w[:1].isupper()]


def role_named_unknown(question: str, vocabulary: Container[str]) -> str | None:
    """Return the word of the role a who-is question asks about that the knowledge base never uses (else None).

    "Who is the chief nursing officer?" asks about a role documents that never say "nursing" do not
    hold; their chief financial officer shares two of its three words and is someone else.
    """
    # Only "who is the/our X": "who's supposed to be told?" and "who's doing it?" ask about no role.
    match = _ROLE_START.search(question)
    if not match or not re.search(r"\b(?:the|our|their|your|its|a|an)\s+$", match.group(0), re.IGNORECASE):
        return None
    role, _ = asked_role(question)
    for word in role.split():
        terms = [t for t in tokenize(word) if t not in _FRAMING]
        if terms and not any(t in vocabulary for t in terms):
            return word
    return None


def names_answer(sentence: str, question: str) -> bool:
    """Return whether a sentence names someone for a name question: a name beyond the question's, with its role and qualifiers.

    "Agnieszka Wiśniewska, Plant IT Coordinator, Gdynia" names nobody for "who's the Plant IT Coordinator
    in Ålesund? need their name"; the agreement's opening sentence, naming both companies, names no
    service delivery manager.
    """
    if not [run for run in names_beyond(sentence, question) if not places_in(run)]:
        return False
    role, qualifiers = asked_role(question)
    terms = question_terms(role)
    if terms and not mostly_named(terms, sentence):
        return False
    found = set(tokenize(sentence))
    return all(set(tokenize(name)) <= found for name in qualifiers)


def names_beyond(text: str, question: str) -> list[str]:
    """Return the names a text holds beyond those the question names: runs of capitalised words sharing no word with it.

    "Supplier contact: Service Delivery Manager, Baltiq Support" names the role asked about and its
    company, but nobody: no answer to "what's the name of the service delivery manager at Baltiq?".
    """
    asked = set(tokenize(question))
    return [run for run in _CAPITALISED_RUN.findall(text) if tokenize(run) and not set(tokenize(run)) & asked]


# "how much notice", "how many named key people": the words after "how much/many", up to the verb,
# name what the figure counts; a figure about something else is no answer.
_MEASURED = re.compile(r"\bhow\s+(?:much|many)\s+((?:[a-z][\w'-]*\s*){1,7})", re.IGNORECASE)
_PHRASE_ENDS = frozenset(
    "do does did is are was were be been being should shall can could would will must may might have has had "
    "i we you they he she it there this that these those our your their my his her its us them "
    "of in for per on at to from with by about a an the if when than so and or".split()
)
# Nouns naming the kind of quantity, not its subject: "how much money did we get back" is answered by
# "NOK 20,500", which never says "money". The answer-type check covers these.
_QUANTITY_KINDS = frozenset("money cash time".split())
# "How much cheaper was Nordwave?" asks for a difference: the comparative names no thing counted.
_COMPARATIVES = frozenset("more less fewer cheaper dearer costlier longer shorter faster slower quicker bigger smaller "
                          "larger higher lower later earlier sooner better worse".split())


_IN_GENERAL = frozenset("total all general practice theory short brief".split())


def measured_terms(question: str) -> list[str]:
    """Return the terms naming what a "how much/many" question counts ("notice" in "how much notice does ...")."""
    return tokenize(measured_phrase(question))


def measured_phrase(question: str) -> str:
    """Return the words naming what a "how much/many" question counts, as written ("" if none)."""
    match = _MEASURED.search(question)
    if not match:
        return ""
    # "how many hours of overlap": the unit comes first, what is counted after "of".
    words: list[str] = []
    counted: list[str] | None = None
    for word in match.group(1).split():
        if word.lower() == "of" and words and counted is None:
            counted = []
            continue
        # "how much more", "how much in liquidated damages": what is counted comes after ("in total" names nothing).
        if (word.lower() in _COMPARATIVES or word.lower() == "in") and not words and counted is None:
            continue
        if word.lower() in _IN_GENERAL and not words:
            break
        if word.lower() in _PHRASE_ENDS or word.lower() in _QUANTITY_KINDS:
            break
        (words if counted is None else counted).append(word)
    return " ".join(counted or words)


def measured_elsewhere(question: str, texts: list[str]) -> list[str]:
    """Return what a "how much/many" question counts when none of the texts mentions it (else [])."""
    terms = measured_terms(question)
    if not terms:
        return []
    found = set()
    for text in texts:
        found |= set(tokenize(text))
    return [] if found & set(terms) else terms


# "how much does Skarvik charge for an extra public IP address?": what comes after "charge for" is
# what is priced; passages that never name it hold no price for it.
_PRICED = re.compile(r"\b(?:charge|charges|charged|cost|costs|pay|paid|price|fee|fees)\s+(?:us\s+|you\s+|them\s+)?(?:for|of)\s+"
                     r"((?:[\w'’-]+\s*){1,6})", re.IGNORECASE)


def priced_elsewhere(question: str, texts: list[str]) -> list[str]:
    """Return the terms of what a price question prices when no text holds most of them (else [])."""
    match = _PRICED.search(question)
    words = []
    for word in (match.group(1).split() if match else []):
        if word.lower() in _PHRASE_ENDS - {"a", "an", "the", "our", "your", "their", "its"}:
            break
        words.append(word)
    terms = [t for t in tokenize(" ".join(words)) if t not in _FRAMING]
    if not terms:
        return []
    needed = (len(terms) + 1) // 2
    if any(len(set(terms) & set(tokenize(text))) >= needed for text in texts):
        return []
    return terms


def wanted_type(question: str) -> str | None:
    """Return the kind of fact a question wants, for preferring sentences that hold one."""
    kind = next((kind for kind, needs, wants, _ in _KINDS if needs.search(question) or wants.search(question)), None)
    # "Can we host it in Ireland?" prefers the sentence saying where things may be.
    return kind or ("place" if places_in(question) else None)


def holds_type(sentence: str, kind: str | None) -> bool:
    """Return whether a sentence holds the kind of fact wanted."""
    if kind == "place":
        return bool(places_in(sentence))
    return any(bool(holds(sentence)) for name, _, _, holds in _KINDS if name == kind)


# A sentence that allows, requires or forbids: "must not leave", "may only be stored", "is not permitted".
_RULE = re.compile(r"\b(must|may|shall|only|not|never|cannot|allowed|permitted|required|prohibited|forbidden|restricted)\b",
                   re.IGNORECASE)


def located_elsewhere(question: str, hits: list[Hit]) -> set[str]:
    """Return the places a question names that a passage's rule about another place answers (else empty).

    "Can suppliers keep patient records in Ireland?" is answered by "Patient data must not leave the
    United Kingdom": a sentence naming a place and sharing a term of the question. A passage that
    only lists places ("offices in Osaka, Japan") shares no term with "the capital of France".
    """
    asked = places_in(question)
    if not asked:
        return set()
    place_tokens = {t for place in asked for t in tokenize(place)}
    terms = set(question_terms(question)) - place_tokens
    for hit in hits:
        if hit.metadata.get("kind") == "vendor":
            continue  # a profile says where a vendor is, not where things may be
        for sentence in split_sentences(hit.text):
            if _RULE.search(sentence) and places_in(sentence) and terms & set(tokenize(sentence)):
                return set(asked)
    return set()


# "What does the policy require on carbon emissions and sustainability reporting?": the words after
# "about"/"on" name the topic; passages holding fewer than half of them are about something else.
# The closing topic is one clause: "... rang me about yesterday's outage - can I talk to them?" asks
# whether to talk, not about "outage can talk" (a hyphen joins words; a dash between them ends a clause).
_TOPIC = re.compile(r"\b(?:about|on|regarding|concerning)\s+((?:[\w'’/]+(?:-[\w'’/]+)*\s*){1,8})\??\s*$", re.IGNORECASE)
MIN_TOPIC_TERMS = 2
_WHEN = re.compile(rf"{_HAS_DATE.pattern}|\b(weekends?|mornings?|afternoons?|evenings?|nights?|holidays?|today|tomorrow|yesterday)\b",
                   re.IGNORECASE)
TOPIC_SHARE = 0.5


def topic_uncovered(question: str, hits: list[Hit], vocabulary: Container[str]) -> list[str]:
    """Return the terms of a question's closing topic ("... about X?") that no passage holds, when most are missing.

    At least one missing term must be one the knowledge base never uses: a topic whose words all occur
    somewhere ("... on our shortlist") may only have been missed by the search, and is answered.
    """
    match = _TOPIC.search(question)
    # "... help me on a Sunday morning?" says when, not what about.
    terms = question_terms(match.group(1)) if match and not _WHEN.search(match.group(1)) else []
    if len(terms) < MIN_TOPIC_TERMS:
        return []
    found: set[str] = set()
    for hit in hits:
        found |= set(tokenize(f"{hit.title} {hit.section} {hit.text}"))
    missing = [t for t in terms if t not in found]
    if len(missing) <= (1 - TOPIC_SHARE) * len(terms) or all(t in vocabulary for t in missing):
        return []
    return missing


_AUXILIARY_WORDS = ("do", "does", "did", "is", "are", "was", "were", "be", "can", "could", "should", "would", "will", "must",
                    "may", "might", "have", "has", "had")
_AUXILIARIES = rf"(?:{'|'.join(_AUXILIARY_WORDS)})"
# The noun a "what/which" question asks for ("what penalty does the FAR set ..."), after up to two
# modifiers and before the auxiliary or preposition that follows it. A word followed by an article or
# a pronoun is most often a verb ("which vendor promises the ...", "which supplier offers our ..."),
# so that is no noun.
_ASKED_NOUN = re.compile(
    rf"\b{_WHAT_IS}(?P<phrase>{_MODIFIERS}?(?P<noun>(?!{_AUXILIARIES}\b)[a-z][\w-]*))\s+(?:do|does|did|is|are|was|were|can|could|should|would|will|must|"
    r"may|might|have|has|had|of|in|on|at|for|to|from|with)\b",
    re.IGNORECASE,
)


# A noun that only says a figure is asked for ("the dollar amount of X", "the number of Y"): what it
# is a figure of names what is asked.
_MEASURE_NOUNS = frozenset("amount value figure number total sum size level quantity".split())
_PHRASE_STOPS = frozenset("a an currently last next now nowadays right the this today".split())
_OF_PHRASE = re.compile(r"\s+of\s+(?:(?:the|our|their|its|your|a|an)\s+)?(?P<words>(?:[a-z][\w-]*\s*){1,5})", re.IGNORECASE)


def asked_noun_phrase(question: str) -> str:
    """Return the noun a what/which question asks for with its modifiers ("hourly rate"), or "".

    "What's the dollar amount of the simplified acquisition threshold?" asks for the threshold.
    """
    match = _ASKED_NOUN.search(question)
    if not match:
        return ""
    following = _OF_PHRASE.match(question, match.end("noun")) if match.group("noun").lower() in _MEASURE_NOUNS else None
    if following:
        words = []
        for word in following.group("words").split():
            if word.lower() in _CLAUSE_GOES_ON or word.lower() in _AUXILIARY_WORDS or word.lower() in _PHRASE_STOPS:
                break
            words.append(word)
        if words:
            return " ".join(words)
    return match.group("phrase")


# "Is there a penalty if ...?", "are there any discounts for ...?": the question asks whether something exists.
# The noun is the last word before the clause goes on ("a legit reason to keep ..." asks for a reason).
_EXISTENCE = re.compile(r"\b(?:is|are)\s+there\s+(?:(?:ever|really|actually|still|also|usually)\s+)?"
                        r"(?:(?:a|an|any|some)\s+)?(?P<words>(?:[a-z][\w-]*\s*){1,3})", re.IGNORECASE)
_CLAUSE_GOES_ON = frozenset("if to for in on of that when with about under after before between from at by we i you "
                            "they it our their this these those or and".split())


# "Can you give me a good banana bread recipe for ...?", "recommend us some tools for ...": a request
# names what it wants as the noun ending the words after the verb.
_REQUEST = re.compile(r"\b(?:give|send|show|find|recommend|suggest|share)\s+(?:me|us)\s+(?:(?:a|an|some|any|the)\s+)?"
                      r"(?P<words>(?:[a-z][\w-]*\s*){1,4})", re.IGNORECASE)


def requested_phrase(question: str) -> str:
    """Return what a request asks to be given, its noun last ("good banana bread recipe"), or ""."""
    match = _REQUEST.search(question)
    if not match:
        return ""
    words: list[str] = []
    for word in match.group("words").split():
        if word.lower() in _CLAUSE_GOES_ON:
            break
        words.append(word)
    return " ".join(words)


def asked_noun_unknown(question: str, vocabulary: Container[str]) -> str | None:
    """Return the noun a what/which or is-there question, or a request, asks for when the knowledge base never uses it (else None).

    Passages that never name a penalty hold no penalty, however close their other words come.
    """
    match = _ASKED_NOUN.search(question)
    phrase = "" if match else _existence_phrase(question) or requested_phrase(question)
    noun = match.group("noun") if match else phrase.split()[-1] if phrase else ""
    if not noun:
        return None
    terms = [t for t in tokenize(noun) if t not in _FRAMING]
    # (An is-there question is compared whole: "a minimum contract length" resembles "minimum term: 12 months".)
    return (phrase or noun) if terms and not any(t in vocabulary for t in terms) else None


def figure_named_unknown(question: str, vocabulary: Container[str]) -> str | None:
    """Return the word naming the figure a question asks for when the knowledge base never uses it (else None).

    "What's the typical staff attrition rate?" asks for an attrition rate: documents that never say
    "attrition" state none, whatever other rates they give. (The noun and the word before it name the
    figure; earlier modifiers such as "typical" only qualify it.)
    """
    if not any(needs.search(question) for kind, needs, _, _ in _KINDS if kind in FIGURE_KINDS):
        return None
    words = asked_noun_phrase(question).split()[-2:]
    for word in words:
        terms = [t for t in tokenize(word) if t not in _FRAMING]
        if terms and not any(t in vocabulary for t in terms):
            return word
    return None


# Nouns that say only that a figure is asked ("rate", "percentage"): a passage states one without the word.
_FIGURE_NOUNS = frozenset(tokenize("amount budget cost fee figure level limit number percent percentage price proportion "
                                   "rate share size threshold value total"))


def figure_named_elsewhere(question: str, hits: list[Hit]) -> str | None:
    """Return the word naming the figure a question asks for when no passage uses it (else None).

    "What's the typical staff attrition rate at offshore delivery centres?" over vendor profiles that
    give team sizes and hourly rates: the guide may say "attrition" somewhere, but not these passages.
    """
    found = {t for h in hits for t in tokenize(f"{h.title} {h.section} {h.text}")} | _FIGURE_NOUNS
    return figure_named_unknown(question, found)


def _existence_phrase(question: str) -> str:
    """Return what an is-there question asks about, its noun last ("is there a minimum contract length if ...?"), or ""."""
    match = _EXISTENCE.search(question)
    if not match:
        return ""
    following = match.group("words").split()
    if following[0].lower() in {"no", "not"}:
        return ""
    words: list[str] = []
    for word in following:
        if word.lower() in _CLAUSE_GOES_ON:
            break
        words.append(word)
    return " ".join(words)


# A company's financial figures: documents about working with a supplier seldom hold them, and a
# passage about its prices or its size is no answer to "what is their share price?".
_FINANCIALS = re.compile(r"\b(share\s+price|stock\s+price|market\s+cap\w*|market\s+value|revenue|turnover|profits?|valuation|"
                         r"earnings)\b", re.IGNORECASE)


def financials_uncovered(question: str, hits: list[Hit]) -> list[str]:
    """Return the financial figures a question asks about ("share price", "revenue") that no passage names."""
    asked = [m.group(1) for m in _FINANCIALS.finditer(question)]
    if not asked:
        return []
    passages = [" ".join(tokenize(f"{h.title} {h.section} {h.text}")) for h in hits]
    return [phrase for phrase in asked if not any(f" {' '.join(tokenize(phrase))} " in f" {p} " for p in passages)]
